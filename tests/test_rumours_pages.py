"""AppTest runs of the rumour pages: empty database, reference-only and demo database, each
role; the heard form, the personal-data warning and the close-out driven like a user."""

import sqlite3

import pytest

from network import database
from network.accounts import auth
from network.core import i18n
from tests.conftest import app_test, district_id, shown

PAGES = {"pages/rumours.py": None, "pages/rumours_heard.py": "agent",
         "pages/action_closeout.py": "coordinator", "pages/rumour_board.py": "coordinator",
         "pages/rumours_edit.py": "coordinator", "pages/action_feedback.py": "agent"}


def demo_user(path, username):
    with database.open_db(path) as db:
        user_id = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]
        return auth.get_user(db, user_id)


def texts(at) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "warning", "success",
                                  "subheader", "error") for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_works_on_a_database_without_reference_data(empty_db_path, page):
    with database.open_db(empty_db_path) as db:
        user = auth.create_user(db, None, "s1", "correct horse battery", "staff", system=True)
    at = app_test(page, user=user).run()
    assert not at.exception


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_works_on_the_demo_for_its_least_privileged_role(demo_db_path, page, lang):
    role = PAGES[page]
    user = demo_user(demo_db_path, f"demo-{role}") if role else None
    at = app_test(page, lang=lang, user=user).run()
    assert not at.exception
    assert at.title[0].value
    assert not at.warning or page == "pages/rumours_heard.py" or all(
        w.value != i18n.translate("error.permission_denied", lang) for w in at.warning)


@pytest.mark.parametrize("page, role", [("pages/rumours_heard.py", None),
                                        ("pages/rumour_board.py", "agent"),
                                        ("pages/rumours_edit.py", "agent"),
                                        ("pages/action_closeout.py", "agent")])
def test_pages_refuse_who_may_not_see_them(demo_db_path, page, role):
    user = demo_user(demo_db_path, f"demo-{role}") if role else None
    at = app_test(page, user=user).run()
    assert [w.value for w in at.warning] == [i18n.translate("error.permission_denied", "en")]


def test_the_public_catalogue_shows_facts_with_sources_and_no_district(demo_db_path):
    at = app_test("pages/rumours.py").run()
    text = shown(texts(at))
    assert "Bilbao is full of foreigners" in text and "bilbaohiria.com" in text
    assert "Ibaiondo" not in text and "Deusto" not in text


def test_an_agent_logs_a_rumour_heard_on_the_form(db_path, agent_user):
    at = app_test("pages/rumours_heard.py", user=agent_user).run()
    at.selectbox(key="heard_district").set_value(district_id(sqlite3.connect(db_path), 5)).run()
    at.radio(key="heard_channel").set_value("social_media").run()
    at.button(key="heard_send").click().run()
    assert not at.exception
    assert at.success[0].value == i18n.translate("rumours.heard.thanks", "en")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT channel, reported_by FROM rumour_heard").fetchall() == [
            ("social_media", agent_user.id)]


def test_free_text_with_personal_data_is_flagged_before_sending(db_path, coordinator):
    at = app_test("pages/rumours_heard.py", user=coordinator).run()
    at.selectbox(key="heard_rumour").set_value(0).run()
    at.text_area(key="heard_new_text").input("Lo dijo Juan Pérez, 600 123 456").run()
    assert "a phone number, a full name" in shown(at.warning[0].value)
    assert at.button(key="heard_send").disabled
    at.checkbox(key="heard_confirm").check().run()
    assert not at.button(key="heard_send").disabled


def test_a_new_rumour_reported_is_waiting_for_the_coordinator(demo_db_path):
    user = demo_user(demo_db_path, "demo-coordinator")
    at = app_test("pages/rumours_heard.py", user=user).run()
    assert at.subheader[0].value == i18n.translate("rumours.triage.title", "en")
    assert any("WhatsApp" in m.value for m in at.markdown)


def test_a_coordinator_closes_out_an_action(demo_db_path):
    user = demo_user(demo_db_path, "demo-coordinator")
    at = app_test("pages/action_closeout.py", user=user).run()
    at.number_input(key="closeout_attendance").set_value(33).run()
    at.text_area(key="closeout_worked").input("<b>El dato</b> primero").run()
    at.button(key="closeout_save").click().run()
    assert not at.exception and at.success
    action_id = at.selectbox(key="closeout_action").value
    with sqlite3.connect(demo_db_path) as conn:
        assert conn.execute("SELECT attendance, what_worked FROM action_closeouts "
                            "WHERE action_id = ?", [action_id]).fetchone() == (33, "<b>El dato</b> primero")


def test_the_board_shows_the_matrix_and_staff_build_the_diagnosis(demo_db_path):
    at = app_test("pages/rumour_board.py", user=demo_user(demo_db_path, "demo-staff")).run()
    assert not at.exception and len(at.dataframe) == 2
    matrix = at.dataframe[1].value
    assert matrix.apply(lambda c: c.astype(str).str.contains("NOT ANSWERED")).any().any()
    at.button(key="board_diagnosis").click().run()
    assert not at.exception and at.session_state["board_diagnosis_html"].startswith("<!DOCTYPE")


def test_a_coordinator_proposes_and_staff_accept(demo_db_path):
    coord = demo_user(demo_db_path, "demo-coordinator")
    at = app_test("pages/rumours_edit.py", user=coord).run()
    at.text_input(key="edit_code").input("R77").run()
    at.text_input(key="edit_statement_es").input("Dicen que <i>todo</i> es culpa suya").run()
    at.button(key="edit_save").click().run()
    assert not at.exception and at.success
    staff = demo_user(demo_db_path, "demo-staff")
    at = app_test("pages/rumours_edit.py", user=staff).run()
    [accept] = [b for b in at.button if b.key.startswith("edit_accept_")]
    accept.click().run()
    with sqlite3.connect(demo_db_path) as conn:
        assert conn.execute("SELECT status FROM rumours WHERE code = 'R77'").fetchone() == ("active",)


def test_the_action_form_offers_the_rumours(demo_db_path):
    at = app_test("pages/actions.py", user=demo_user(demo_db_path, "demo-coordinator")).run()
    assert not at.exception
    assert len(at.multiselect(key="actions_rumours").options) >= 15


def test_the_demo_agent_answers_the_two_questions(demo_db_path):
    user = demo_user(demo_db_path, "demo-agent")
    at = app_test("pages/action_feedback.py", user=user).run()
    assert not at.exception
    action_id = at.selectbox(key="feedback_action").value
    at.radio(key=f"feedback_went_{action_id}").set_value("well").run()
    at.button(key="feedback_send").click().run()
    assert not at.exception and at.success
    with sqlite3.connect(demo_db_path) as conn:
        assert conn.execute("SELECT went FROM action_feedback WHERE action_id = ? AND agent_id = ?",
                            [action_id, user.agent_id]).fetchone() == ("well",)


def test_staff_without_an_agent_record_are_told_feedback_is_for_agents(demo_db_path):
    at = app_test("pages/action_feedback.py", user=demo_user(demo_db_path, "demo-staff")).run()
    assert at.info[0].value == i18n.translate("rumours.feedback.agents_only", "en")


def test_a_resident_tells_the_network_about_a_rumour_through_an_agents_link(db_path):
    import time

    with sqlite3.connect(db_path) as conn:
        agent = conn.execute(
            "INSERT INTO agents (kind, name, sector, district_id, joined_on, share_code) "
            "VALUES ('individual', 'Ane', 'social', ?, '2020-01-01', 'ANE-LINK')",
            [district_id(conn, 1)]).lastrowid
    at = app_test("pages/rumour_report.py", lang="eu", query={"ref": "ANE-LINK"}).run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("rumours.report.title", "eu")
    at.session_state["report_started_at"] = time.time() - 60  # a person took a minute
    at.radio(key="heard_channel").set_value("school").run()
    at.button(key="report_send").click().run()
    assert not at.exception
    assert at.success[0].value == i18n.translate("rumours.report.thanks", "eu")
    assert "report_again" in [b.key for b in at.button]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT channel, source, ref_agent_id, reported_by FROM rumour_heard"
                            ).fetchall() == [("school", "public", agent, None)]


def test_a_public_report_sent_too_fast_is_thanked_but_not_stored(db_path):
    at = app_test("pages/rumour_report.py").run()
    at.button(key="report_send").click().run()
    assert at.success[0].value == i18n.translate("rumours.report.thanks", "en")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM rumour_heard").fetchone()[0] == 0


def test_a_refused_public_report_keeps_what_was_typed(db_path):
    import time

    at = app_test("pages/rumour_report.py").run()
    at.session_state["report_started_at"] = time.time() - 60
    at.selectbox(key="heard_rumour").set_value(0).run()  # another rumour, but no text
    at.radio(key="heard_channel").set_value("shop").run()
    at.button(key="report_send").click().run()
    assert not at.exception
    assert i18n.translate("rumours.error.rumour_or_text", "en") in at.error[0].value
    assert at.radio(key="heard_channel").value == "shop"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM rumour_heard").fetchone()[0] == 0


def test_the_public_report_page_on_an_empty_database(empty_db_path):
    at = app_test("pages/rumour_report.py").run()
    assert not at.exception
    assert at.info[0].value == i18n.translate("rumours.report.unavailable", "en")


def test_an_agent_finds_their_report_link_beside_their_quiz_link(demo_db_path):
    at = app_test("pages/quiz_share.py", user=demo_user(demo_db_path, "demo-agent")).run()
    assert not at.exception
    links = [c.value for c in at.code]
    assert any("/rumour_report?ref=" in link for link in links)
    assert any("/quiz?ref=" in link for link in links)
    metric = next(m for m in at.metric if m.label == i18n.translate("rumours.share.told", "en"))
    with sqlite3.connect(demo_db_path) as conn:
        told = conn.execute(
            "SELECT count(*) FROM rumour_heard h JOIN users u ON u.agent_id = h.ref_agent_id "
            "WHERE u.username = 'demo-agent' AND h.source = 'public'").fetchone()[0]
    assert metric.value == (f"{told:,}" if told >= 5 or not told else "fewer than 5")
