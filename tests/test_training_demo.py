"""The demo calendar agrees with the demo agents' training: every module counted has a dated
record (before the calendar or an attended session), seats are never exceeded, and the
demo agent's account can finish the course."""

from __future__ import annotations

from network import training
from network.accounts import auth
from network.training import rules, store


def test_demo_modules_are_derived_from_records_in_course_order(demo_db):
    history = store.training_history(demo_db)
    for agent_id, count, joined in demo_db.execute(
            "SELECT id, training_modules, joined_on FROM agents WHERE demo = 1"):
        rows = history.get(agent_id, [])
        modules = rules.modules_completed([r["module"] for r in rows], [])
        assert modules == list(range(1, count + 1)), agent_id
        assert all(r["day"] > joined for r in rows if r["source"] == "session")
        days = [r["day"] for r in sorted(rows, key=lambda r: r["module"])]
        assert days == sorted(days), agent_id  # the course in order, before the calendar first


def test_demo_seats_are_never_exceeded_and_the_future_has_no_attendance(demo_db):
    over = demo_db.execute(
        """SELECT e.id FROM events e JOIN event_signups s ON s.event_id = e.id
           WHERE s.status = 'confirmed' GROUP BY e.id HAVING count(*) > e.capacity""").fetchall()
    assert over == []
    now = rules.stored(rules.now_local())
    assert demo_db.execute(
        "SELECT count(*) FROM event_signups s JOIN events e ON e.id = s.event_id "
        "WHERE e.starts_at > ? AND s.attended IS NOT NULL", [now]).fetchone()[0] == 0
    kinds = {r[0] for r in demo_db.execute("SELECT DISTINCT kind FROM events")}
    assert kinds == set(training.KINDS)
    first, last = demo_db.execute("SELECT min(starts_at), max(starts_at) FROM events").fetchone()
    assert first < now < last and int(now[:4]) - int(first[:4]) >= 2
    assert demo_db.execute("SELECT count(*) FROM event_signups WHERE status = 'waiting'"
                           ).fetchone()[0] > 0
    assert demo_db.execute("SELECT count(*) FROM event_outbox").fetchone()[0] > 0


def test_the_demo_agent_has_three_modules_and_a_module_four_session_ahead(demo_db):
    user = auth.get_user(demo_db, demo_db.execute(
        "SELECT id FROM users WHERE username = 'demo-agent'").fetchone()[0])
    assert training.agent_training(demo_db, user)["modules"] == [1, 2, 3]
    ahead = training.agent_calendar(demo_db, user)
    assert any(e["kind"] == "training" and e["module"] == 4 and e["status"] == "scheduled"
               for e in ahead)
