"""The calendar's service: permissions, seats under concurrency, the waiting list, past
events, date changes, cancellation, attendance deriving modules, and the one-time migration
of typed modules."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from network import database, training
from network.accounts import auth
from network.core.errors import PermissionDenied, ValidationFailed
from network.training import rules, schema
from tests.conftest import PASSWORD, district_id, make_agent

NOW = datetime(2026, 3, 2, 12, 0)


def event_data(db, number: int | None = 1, **changes):
    data = {"kind": "training", "module": 1, "title": "Módulo 1", "trainer": "Ane",
            "hours": 2, "district_id": district_id(db, number) if number else None,
            "starts_at": NOW + timedelta(days=10), "ends_at": NOW + timedelta(days=10, hours=2),
            "place": "Centro cívico", "online_url": "", "capacity": 2,
            "languages": ["es", "eu"], "audience": ["agents"], "description": ""}
    return {**data, **changes}


def agent_account(db, name: str, number: int = 1):
    return auth.create_user(db, None, name, PASSWORD, "agent",
                            agent_id=make_agent(db, number, name), system=True)


def test_coordinators_schedule_for_their_district_and_staff_for_the_city(db, coordinator,
                                                                         staff, agent_user):
    own = training.create_event(db, coordinator, event_data(db, 1), now=NOW)
    assert training.event_row(db, own)["district_id"] == district_id(db, 1)
    with pytest.raises(PermissionDenied):
        training.create_event(db, coordinator, event_data(db, 2), now=NOW)
    with pytest.raises(PermissionDenied):
        training.create_event(db, coordinator, event_data(db, None, kind="annual_meeting"),
                              now=NOW)
    with pytest.raises(PermissionDenied):
        training.create_event(db, agent_user, event_data(db, 1), now=NOW)
    city = training.create_event(db, staff, event_data(db, None, kind="annual_meeting"), now=NOW)
    assert training.event_row(db, city)["district_id"] is None
    assert training.event_row(db, city)["module"] is None
    with pytest.raises(PermissionDenied):
        training.cancel_event(db, coordinator, city)


def test_bad_event_lists_every_problem_and_changes_nothing(db, staff):
    bad = event_data(db, 1, module=7, trainer="", hours="x", capacity=0, place="",
                     online_url="javascript:alert(1)", starts_at=NOW - timedelta(days=1),
                     ends_at=NOW - timedelta(days=2), audience=[])
    with pytest.raises(ValidationFailed) as err:
        training.create_event(db, staff, bad, now=NOW)
    fields = {p.field for p in err.value.problems}
    assert fields >= {"event_module", "event_trainer", "event_hours", "event_capacity",
                      "event_online_url", "event_starts_at", "event_ends_at", "event_audience"}
    assert db["events"].count == 0


def test_a_time_skipped_by_summer_time_is_refused(db, staff):
    start = datetime(2027, 3, 28, 2, 30)  # clocks go from 02:00 to 03:00 in Madrid
    with pytest.raises(ValidationFailed) as err:
        training.create_event(db, staff, event_data(db, 1, starts_at=start,
                                                    ends_at=start + timedelta(hours=2)), now=NOW)
    assert [p.key for p in err.value.problems] == ["training.error.time_skipped"]


def test_waiting_list_fills_after_the_seats_and_promotes_in_order(db, staff):
    event = training.create_event(db, staff, event_data(db, 1, capacity=2), now=NOW)
    users = [agent_account(db, f"agent{i}") for i in range(4)]
    assert [training.sign_up(db, u, event, now=NOW) for u in users] == [
        "confirmed", "confirmed", "waiting", "waiting"]
    training.withdraw(db, users[0], event, now=NOW)
    statuses = {s["agent_id"]: s["status"] for s in training.attendance_sheet(db, staff, event)}
    assert [statuses[u.agent_id] for u in users] == ["withdrawn", "confirmed", "confirmed",
                                                     "waiting"]
    # Signing up again joins the end of the queue.
    assert training.sign_up(db, users[0], event, now=NOW) == "waiting"
    training.withdraw(db, users[1], event, now=NOW)
    statuses = {s["agent_id"]: s["status"] for s in training.attendance_sheet(db, staff, event)}
    assert statuses[users[3].agent_id] == "confirmed" and statuses[users[0].agent_id] == "waiting"
    with pytest.raises(training.AlreadySignedUp):
        training.sign_up(db, users[2], event, now=NOW)


def test_raising_the_capacity_promotes_the_waiting_list(db, staff):
    event = training.create_event(db, staff, event_data(db, 1, capacity=1), now=NOW)
    users = [agent_account(db, f"agent{i}") for i in range(3)]
    for u in users:
        training.sign_up(db, u, event, now=NOW)
    data = {**training.event_row(db, event), "capacity": 2}
    assert training.update_event(db, staff, event, data, now=NOW) == {"moved": False, "kept": 3}
    row = training.event_row(db, event)
    assert (row["confirmed"], row["waiting"]) == (2, 1)
    with pytest.raises(ValidationFailed):
        training.update_event(db, staff, event, {**data, "capacity": 1}, now=NOW)


def test_concurrent_sign_ups_never_exceed_the_capacity(db_path, db, staff):
    event = training.create_event(db, staff, event_data(db, 1, capacity=3), now=NOW)
    users = [agent_account(db, f"agent{i}") for i in range(12)]
    results, errors = [], []
    barrier = threading.Barrier(len(users))

    def run(user):
        conn = database.connect(db_path)  # each thread its own connection
        try:
            barrier.wait()
            results.append(training.sign_up(conn, user, event, now=NOW))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == ["confirmed"] * 3 + ["waiting"] * 9
    row = training.event_row(db, event)
    assert (row["confirmed"], row["waiting"]) == (3, 9)


def test_past_cancelled_and_other_district_events_cannot_be_signed_up_to(db, staff):
    user = agent_account(db, "agentA", 1)
    event = training.create_event(db, staff, event_data(db, 1), now=NOW)
    with pytest.raises(training.EventClosed):
        training.sign_up(db, user, event, now=NOW + timedelta(days=11))
    other = training.create_event(db, staff, event_data(db, 2), now=NOW)
    with pytest.raises(PermissionDenied):
        training.sign_up(db, user, other, now=NOW)
    training.cancel_event(db, staff, event)
    with pytest.raises(training.EventCancelled):
        training.sign_up(db, user, event, now=NOW)
    unlinked = auth.create_user(db, None, "nolink", PASSWORD, "coordinator",
                                [district_id(db, 1)], system=True)
    with pytest.raises(PermissionDenied):
        training.sign_up(db, unlinked, other, now=NOW)


def test_a_date_change_keeps_sign_ups_says_so_and_notifies(db, staff):
    event = training.create_event(db, staff, event_data(db, 1, capacity=1), now=NOW)
    users = [agent_account(db, f"agent{i}") for i in range(2)]
    for u in users:
        training.sign_up(db, u, event, now=NOW)
    old = training.event_row(db, event)
    later = NOW + timedelta(days=20)
    result = training.update_event(db, staff, event, {**old, "starts_at": later,
                                                      "ends_at": later + timedelta(hours=2)},
                                   now=NOW)
    assert result == {"moved": True, "kept": 2}
    row = training.event_row(db, event)
    assert row["moved_from"] == old["starts_at"] and (row["confirmed"], row["waiting"]) == (1, 1)
    notices = list(db.query("SELECT * FROM event_outbox WHERE kind = 'moved'"))
    assert len(notices) == 2 and all(old["starts_at"].replace("T", " ") in n["body"]
                                     for n in notices)


def test_cancel_keeps_history_and_writes_a_notice_to_each_signed_up_agent(db, staff):
    event = training.create_event(db, staff, event_data(db, 1, capacity=5), now=NOW)
    users = [agent_account(db, f"agent{i}") for i in range(3)]
    for u in users:
        training.sign_up(db, u, event, now=NOW)
    training.withdraw(db, users[2], event, now=NOW)
    assert training.cancel_event(db, staff, event) == 2
    assert training.event_row(db, event)["status"] == "cancelled"
    assert len(training.attendance_sheet(db, staff, event)) == 3
    outbox = list(db.query("SELECT agent_id, lang, subject FROM event_outbox"))
    assert {o["agent_id"] for o in outbox} == {users[0].agent_id, users[1].agent_id}
    assert all(o["subject"].startswith("Cancelada") for o in outbox)  # agents' language: es
    with pytest.raises(training.EventCancelled):
        training.cancel_event(db, staff, event)


def test_attendance_moves_the_agent_to_the_next_module_and_the_certificate_opens(db, staff,
                                                                                 coordinator):
    user = agent_account(db, "agentA", 1)
    for module in range(1, 5):
        start = NOW + timedelta(days=module)
        event = training.create_event(db, coordinator, event_data(
            db, 1, module=module, starts_at=start, ends_at=start + timedelta(hours=2)), now=NOW)
        training.sign_up(db, user, event, now=NOW)
        with pytest.raises(training.NotYetHeld):
            training.record_attendance(db, coordinator, event, [user.agent_id], now=NOW)
        if module < 4:
            with pytest.raises(training.CourseIncomplete):
                training.my_certificate(db, user, "en")
        assert training.record_attendance(db, coordinator, event, [user.agent_id],
                                          now=start + timedelta(hours=1)) == 1
        count = db.execute("SELECT training_modules FROM agents WHERE id = ?",
                           [user.agent_id]).fetchone()[0]
        assert count == module
    name, html = training.my_certificate(db, user, "eu")
    assert name.endswith(".html") and "lang='eu'" in html and "agentA" in html
    # Marking her absent afterwards takes the module away again.
    training.record_attendance(db, coordinator, event, [], now=start + timedelta(hours=1))
    assert training.agent_training(db, user)["modules"] == [1, 2, 3]


def test_bulk_certificates_hold_the_attendees_who_completed_the_course(db, staff):
    import io
    import zipfile

    done, partial = agent_account(db, "done"), agent_account(db, "partial")
    for m in (1, 2, 3):
        db["training_prior"].insert({"agent_id": done.agent_id, "module": m,
                                     "recorded_on": "2020-01-01"})
    event = training.create_event(db, staff, event_data(db, 1, module=4, capacity=5), now=NOW)
    for u in (done, partial):
        training.sign_up(db, u, event, now=NOW)
    training.record_attendance(db, staff, event, [done.agent_id, partial.agent_id],
                               now=NOW + timedelta(days=10, minutes=5))
    data, count = training.session_certificates(db, staff, event)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert count == 1 and names == [f"certificate-{done.agent_id}-done.html"]


def test_typed_modules_are_migrated_once_into_records_before_the_calendar(db):
    agent = make_agent(db, 1, "Typed")
    db.execute("UPDATE agents SET training_modules = 3 WHERE id = ?", [agent])
    db.conn.commit()
    with db.conn:
        schema.m002_typed_modules(db)
    rows = list(db.query("SELECT module FROM training_prior WHERE agent_id = ? ORDER BY 1",
                         [agent]))
    assert [r["module"] for r in rows] == [1, 2, 3]
    record = training.agent_training(db, auth.create_user(
        db, None, "a2", PASSWORD, "admin", system=True), agent)
    assert record["modules"] == [1, 2, 3]
    assert all(h["source"] == "prior" for h in record["history"])


def test_the_migration_runs_when_an_old_database_opens(tmp_path):
    from network.core import storage
    from network.features import migration_sets

    path = tmp_path / "old.db"
    sets = [m for m in migration_sets() if m.name != "training"]
    db = storage.connect(path, migrations=sets)
    db["districts"].insert({"id": 1, "number": 1, "name_es": "D", "name_eu": "D",
                            "boundary_name": "D", "geometry": "{}", "label_lat": 0,
                            "label_lon": 0})
    db["agents"].insert({"kind": "individual", "name": "Old", "sector": "social",
                         "district_id": 1, "joined_on": "2019-01-01", "training_modules": 2,
                         "share_code": "ABCDEFGH"})
    db.conn.commit()
    db.close()
    db = database.connect(path)
    assert [r[0] for r in db.execute("SELECT module FROM training_prior")] == [1, 2]
    assert db.execute("SELECT training_modules FROM agents").fetchone()[0] == 2
    db.close()


def test_the_agent_form_no_longer_sets_modules(db, admin):
    from network import agents

    agent_id = agents.create_agent(db, admin, {
        "kind": "individual", "name": "New", "sector": "social",
        "district_id": district_id(db, 1), "joined_on": "2020-01-01", "training_modules": 4})
    assert db.execute("SELECT training_modules FROM agents WHERE id = ?",
                      [agent_id]).fetchone()[0] == 0


def test_agent_calendar_shows_the_district_and_the_city_with_my_status(db, staff):
    user = agent_account(db, "agentA", 1)
    own = training.create_event(db, staff, event_data(db, 1), now=NOW)
    training.create_event(db, staff, event_data(db, 2), now=NOW)
    city = training.create_event(db, staff, event_data(db, None, kind="annual_meeting"), now=NOW)
    training.sign_up(db, user, own, now=NOW)
    rows = training.agent_calendar(db, user, now=NOW)
    assert [(r["id"], r["mine"]) for r in rows] == [(own, "confirmed"), (city, "")]
    assert rules.is_past(rows[0], NOW + timedelta(days=11))
