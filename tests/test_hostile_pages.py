"""A representative subset of hostile inputs typed into the pages' forms (AppTest): each is
saved verbatim and shown escaped, or refused with a translated error, nothing saved and the
form still holding what was typed. The full corpus goes through the domain functions in
tests/test_hostile_inputs.py; this checks the pages pass values through unchanged."""

from __future__ import annotations

import pytest

from network import actions, agents
from network.core.permissions import User
from tests import hostile
from tests.conftest import app_test
from tests.integrity import checksum

SUBSET = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "`${alert(1)}`",
    "=HYPERLINK(\"http://example.org\",\"x\")", "'; DROP TABLE actions; --",
    "\u202eevil\u202c reversed", "👨‍👩‍👧‍👦 family", "nul\x00byte", "line1\nline2", "x" * 100_000,
]
MARKERS = ("<script>alert", "<img src=x", "onerror=alert", "${alert")


def _admin(db) -> User:
    uid = db.execute("SELECT id FROM users WHERE username = 'demo-admin'").fetchone()[0]
    return User(uid, "demo-admin", "admin")


def _no_raw_html(at) -> None:
    bodies = [m.value for m in list(at.markdown) + list(at.caption) if m.proto.allow_html]
    bodies += [h.proto.body for h in at.get("html")]
    for body in bodies:
        assert not any(m in body for m in MARKERS), body[:200]


@pytest.mark.parametrize("value", SUBSET, ids=[repr(v)[:20] for v in SUBSET])
def test_the_action_form_saves_hostile_text_verbatim_or_refuses_it_keeping_the_form(demo_db,
                                                                                     value):
    at = app_test("pages/actions.py", lang="eu", user=_admin(demo_db)).run()
    before_count = demo_db["actions"].count
    at.text_input(key="actions_title").set_value(value)
    at.text_area(key="actions_description").set_value(value)
    # the widgets cap what can be typed (max_chars), as a browser does
    sent = (at.text_input(key="actions_title").value, at.text_area(key="actions_description").value)
    before = checksum(demo_db)
    at.button(key="actions_save").click().run()
    assert not at.exception, at.exception
    _no_raw_html(at)
    if at.error:
        assert checksum(demo_db) == before
        assert at.text_input(key="actions_title").value == sent[0]  # the form keeps it
        assert all(len(e.value) < 2000 for e in at.error)
    else:
        assert demo_db["actions"].count == before_count + 1
        stored = demo_db.execute("SELECT title, description FROM actions ORDER BY id DESC"
                                 " LIMIT 1").fetchone()
        # Streamlit clips a value longer than the widget's max_chars, as the browser does
        assert stored == (sent[0][:actions.MAX_TITLE].strip(),
                          sent[1][:actions.MAX_DESCRIPTION].strip())
    assert (value in ("nul\x00byte", "line1\nline2")) == bool(at.error)


@pytest.mark.parametrize("value", SUBSET, ids=[repr(v)[:20] for v in SUBSET])
def test_the_agent_form_saves_hostile_names_verbatim_or_refuses_them_keeping_the_form(demo_db,
                                                                                      value):
    at = app_test("pages/agents.py", lang="es", user=_admin(demo_db)).run()
    before_count = demo_db["agents"].count
    at.text_input(key="agents_new_name").set_value(value)
    at.text_area(key="agents_new_notes").set_value(value)
    sent = (at.text_input(key="agents_new_name").value, at.text_area(key="agents_new_notes").value)
    before = checksum(demo_db)
    at.button(key="agents_create").click().run()
    assert not at.exception, at.exception
    _no_raw_html(at)
    if at.error:
        assert checksum(demo_db) == before
        assert at.text_input(key="agents_new_name").value == sent[0]
    else:
        assert demo_db["agents"].count == before_count + 1
        stored = demo_db.execute("SELECT name, notes FROM agents ORDER BY id DESC LIMIT 1").fetchone()
        assert stored == (sent[0].strip(), sent[1][:agents.MAX_LENGTHS["notes"]].strip())


@pytest.mark.parametrize("value", hostile.SCRIPT_AND_HTML[:3] + hostile.SQL_LIKE[:3]
                         + hostile.LONG[:1] + ["%", "_", "\\"])
def test_the_agent_search_box_takes_any_text(demo_db, value):
    at = app_test("pages/agents.py", lang="en", user=_admin(demo_db)).run()
    at.text_input(key="agents_search").set_value(value).run()
    assert not at.exception
    assert at.info or at.dataframe
