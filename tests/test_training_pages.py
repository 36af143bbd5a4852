"""The calendar's pages through AppTest: empty and demo databases, an agent's sign-up, a
coordinator's attendance checklist and the journey to the certificate."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from network import training
from network.accounts import auth
from network.core import i18n
from tests.conftest import app_test
from tests.test_training_service import agent_account, event_data

PAGE, MANAGE = "pages/training.py", "pages/training_manage.py"


def user_named(db, username):
    return auth.get_user(db, db.execute("SELECT id FROM users WHERE username = ?",
                                        [username]).fetchone()[0])


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_empty_database_pages_have_empty_states(db, agent_user, coordinator, lang):
    at = app_test(PAGE, lang=lang, user=agent_user).run()
    assert not at.exception
    assert i18n.translate("training.no_upcoming", lang) in [i.value for i in at.info]
    assert i18n.translate("training.modules_done", lang, n=0, total=4) in [
        m.value for m in at.markdown]
    at = app_test(MANAGE, lang=lang, user=coordinator).run()
    assert not at.exception
    assert [i.value for i in at.info] == [i18n.translate("training.no_events", lang)]


def test_pages_refuse_the_public_and_agents_cannot_manage(db, agent_user):
    for page, user in ((PAGE, None), (MANAGE, None), (MANAGE, agent_user)):
        at = app_test(page, lang="en", user=user).run()
        assert not at.exception
        assert at.warning[0].value == i18n.translate("error.permission_denied", "en")


def test_pages_on_a_database_without_districts(empty_db_path):
    import sqlite3

    conn = sqlite3.connect(empty_db_path)
    with conn:
        conn.execute("INSERT INTO users (username, password_hash, role) VALUES ('s', 'x', 'staff')")
    for page in (PAGE, MANAGE):
        at = app_test(page, user=auth.User(1, "s", "staff")).run()
        assert not at.exception


def test_demo_agent_signs_up_on_the_demo_database(demo_db):
    agent = user_named(demo_db, "demo-agent")
    at = app_test(PAGE, lang="en", user=agent).run()
    assert not at.exception and at.dataframe
    free = next(e["id"] for e in training.agent_calendar(demo_db, agent)
                if not e["mine"] and e["status"] == "scheduled")
    at.selectbox(key="training_event").set_value(free).run()
    at.button(key="training_sign_up").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value in (i18n.translate("training.signed.confirmed", "en"),
                                   i18n.translate("training.signed.waiting", "en"))


def test_demo_coordinator_and_staff_pages_are_populated(demo_db):
    for name in ("demo-coordinator", "demo-staff"):
        at = app_test(MANAGE, lang="es", user=user_named(demo_db, name)).run()
        assert not at.exception and at.dataframe
        at = app_test(PAGE, lang="eu", user=user_named(demo_db, name)).run()
        assert not at.exception and at.dataframe
    at = app_test("pages/district.py", lang="en", user=user_named(demo_db, "demo-coordinator"))
    at.run()
    assert not at.exception
    assert i18n.translate("training.cov.title", "en") in [h.value for h in at.subheader]


def test_from_sign_up_to_certificate(db, coordinator, monkeypatch):
    user = agent_account(db, "Maite")
    for m in (1, 2, 3):
        db["training_prior"].insert({"agent_id": user.agent_id, "module": m,
                                     "recorded_on": "2020-01-01"})
    db.conn.commit()
    start = (datetime.now() + timedelta(days=3)).replace(hour=18, minute=0, second=0,
                                                         microsecond=0)
    event = training.create_event(db, coordinator, event_data(
        db, 1, module=4, starts_at=start, ends_at=start + timedelta(hours=2)))
    at = app_test(PAGE, lang="en", user=user).run()
    at.button(key="training_sign_up").click().run()
    assert at.success[0].value == i18n.translate("training.signed.confirmed", "en")
    # The session takes place: the coordinator ticks her present on the checklist.
    later = training.rules.now_local() + timedelta(days=4)
    monkeypatch.setattr(training.rules, "now_local", lambda: later)
    monkeypatch.setattr(training, "now_local", lambda: later)
    at = app_test(MANAGE, lang="en", user=coordinator).run()
    at.selectbox(key="tm_event").set_value(event).run()
    box = at.checkbox(key=f"tm_present_{event}_{user.agent_id}")
    assert box.label.startswith("Maite") and not box.value  # nobody is ticked in advance
    box.check()
    at.button(key="tm_save_att").click().run()
    assert not at.exception
    assert at.success[0].value == i18n.translate("training.attendance_saved", "en", n=1)
    assert db.execute("SELECT training_modules FROM agents WHERE id = ?",
                      [user.agent_id]).fetchone()[0] == 4
    at = app_test(PAGE, lang="en", user=user).run()
    assert i18n.translate("training.modules_done", "en", n=4, total=4) in [
        m.value for m in at.markdown]
    assert "training_certificate" in [b.key for b in at.get("download_button")]


def test_a_bad_event_shows_translated_errors_and_keeps_the_form(db, coordinator):
    at = app_test(MANAGE, lang="eu", user=coordinator).run()
    at.text_input(key="tm_trainer").input("Miren")
    at.text_input(key="tm_url").input("javascript:alert(1)")
    at.button(key="tm_create").click().run()
    assert not at.exception
    text = at.error[0].value
    assert i18n.translate("training.error.title_required", "eu") in text
    assert i18n.translate("training.error.url", "eu") in text
    assert at.text_input(key="tm_trainer").value == "Miren" and db["events"].count == 0
    at.text_input(key="tm_title").input("Modulua 1").run()
    at.text_input(key="tm_url").input("https://meet.example.org/x").run()
    at.button(key="tm_create").click().run()
    assert at.success[0].value == i18n.translate("training.created", "eu")
    assert db["events"].count == 1


def test_a_coordinator_edits_an_upcoming_event_and_a_refusal_keeps_what_was_typed(db,
                                                                                   coordinator):
    soon = datetime.now().replace(second=0, microsecond=0) + timedelta(days=10)
    event = training.create_event(db, coordinator, event_data(
        db, 1, starts_at=soon, ends_at=soon + timedelta(hours=2)))
    at = app_test(MANAGE, lang="es", user=coordinator).run()
    prefix = f"tm_edit_{event}"
    assert at.text_input(key=f"{prefix}_title").value == "Módulo 1"
    at.text_input(key=f"{prefix}_title").input("   ")
    at.text_input(key=f"{prefix}_place").input("Biblioteca <b>{{ 7*7 }}</b>")
    at.button(key=f"tm_save_{event}").click().run()
    assert not at.exception
    assert i18n.translate("training.error.title_required", "es") in at.error[0].value
    assert at.text_input(key=f"{prefix}_place").value == "Biblioteca <b>{{ 7*7 }}</b>"
    assert training.event_row(db, event)["place"] == "Centro cívico"  # nothing changed
    at.text_input(key=f"{prefix}_title").input("Módulo 1 · «nuevo»")
    at.number_input(key=f"{prefix}_capacity").set_value(12)
    at.button(key=f"tm_save_{event}").click().run()
    assert at.success[0].value == i18n.translate("common.saved", "es")
    row = training.event_row(db, event)
    assert (row["title"], row["place"], row["capacity"]) == (
        "Módulo 1 · «nuevo»", "Biblioteca <b>{{ 7*7 }}</b>", 12)
    assert row["starts_at"] == soon.isoformat(timespec="minutes") or row["starts_at"].startswith(
        soon.isoformat()[:16])
