"""The accessibility statement: its feedback form (stored, anyone may send, admins read) and
the page in every language."""

from __future__ import annotations

import pytest

from network import demo
from network.accessibility import rules, service
from network.core import i18n
from network.core.errors import PermissionDenied, ValidationFailed
from tests.conftest import app_test

LONG_AGO = 0.0  # started long before now: the minimum time is met


def send(db, **fields):
    values = {"kind": "barrier", "page": "", "message": "The map needs a mouse.", "contact": "",
              "lang": "eu", "client_hash": "c1", "started_at": LONG_AGO, "now": 1000.0} | fields
    return service.submit_feedback(db, **values)


def test_a_report_is_stored_as_typed_and_admins_read_it(db, admin):
    text = "<b>Tab</b> skips {{the}} $survey & `quiz`"
    send(db, message=f"  {text}  ", page="Mapa", contact="ana@example.org")
    rows = service.list_feedback(db, admin)
    assert [(r["kind"], r["page"], r["message"], r["contact"], r["lang"], r["flags"], r["demo"])
            for r in rows] == [("barrier", "Mapa", text, "ana@example.org", "eu", "", 0)]


@pytest.mark.parametrize("fields,problem", [
    ({"message": "   "}, ("a11y_message", "a11y.error.message_required")),
    ({"kind": "praise"}, ("a11y_kind", "a11y.error.kind")),
    ({"message": "x" * (rules.MAX_MESSAGE + 1)}, ("a11y_message", "input.error.too_long")),
    ({"contact": "x" * (rules.MAX_CONTACT + 1)}, ("a11y_contact", "input.error.too_long")),
    ({"page": "x" * (rules.MAX_PAGE + 1)}, ("a11y_page", "input.error.too_long")),
])
def test_a_report_that_breaks_a_rule_is_refused_and_nothing_is_stored(db, admin, fields, problem):
    with pytest.raises(ValidationFailed) as caught:
        send(db, **fields)
    assert [(p.field, p.key) for p in caught.value.problems] == [problem]
    assert service.list_feedback(db, admin) == []


def test_a_filled_honeypot_and_a_fast_sender_are_stored_with_their_flags(db, admin):
    send(db, honeypot="http://spam", started_at=999.0)
    assert service.list_feedback(db, admin)[0]["flags"] == "honeypot,too_fast"


@pytest.mark.parametrize("who", [None, "staff", "coordinator", "agent_user"])
def test_only_admins_read_the_reports(db, request, who):
    user = request.getfixturevalue(who) if who else None
    send(db)
    with pytest.raises(PermissionDenied):
        service.list_feedback(db, user)


def test_the_demo_has_one_report_marked_demo_and_removing_the_demo_removes_it(demo_db):
    rows = [dict(r) for r in demo_db.query("SELECT demo FROM a11y_feedback")]
    assert rows == [{"demo": 1}]
    demo.remove(demo_db)
    assert demo_db.execute("SELECT count(*) FROM a11y_feedback").fetchone()[0] == 0


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_statement_has_every_section_of_the_eu_model_in_each_language(db_path, lang):
    at = app_test("pages/accessibility.py", lang=lang).run()
    assert not at.exception
    headers = [h.value for h in at.header]
    assert headers == [i18n.translate(k, lang) for k in (
        "a11y.status_title", "a11y.nonaccessible_title", "a11y.preparation_title",
        "a11y.feedback_title", "a11y.enforcement_title")]
    assert i18n.translate("a11y.received_title", lang) not in headers  # visitors see no reports
    assert at.selectbox(key="a11y_kind").options == [i18n.translate(f"a11y.kinds.{k}", lang)
                                                     for k in rules.KINDS]
    assert not any(o.startswith("a11y.") for o in at.selectbox(key="a11y_kind").options)


def test_a_visitor_sends_a_report_from_the_statement_and_an_admin_sees_it(db_path, db, admin):
    at = app_test("pages/accessibility.py", lang="es").run()
    at.session_state["a11y_started_at"] = LONG_AGO
    at.selectbox(key="a11y_kind").set_value("alternative")
    at.text_area(key="a11y_message").input("Necesito la encuesta en lectura fácil")
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [i18n.translate("a11y.sent", "es")]
    admin_view = app_test("pages/accessibility.py", lang="es", user=admin).run()
    assert not admin_view.exception
    assert i18n.translate("a11y.received_title", "es") in [h.value for h in admin_view.header]
    shown = admin_view.dataframe[0].value
    assert shown[i18n.translate("field.a11y_message", "es")].tolist() == [
        "Necesito la encuesta en lectura fácil"]


def test_an_empty_report_shows_the_error_naming_the_field(db_path):
    at = app_test("pages/accessibility.py", lang="en").run()
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        i18n.translate("field.a11y_message", "en") + ": "
        + i18n.translate("a11y.error.message_required", "en")]
