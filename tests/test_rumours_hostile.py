"""Hostile text in every new field of the rumour catalogue is stored verbatim and shown as
typed: in the board, the public catalogue, the CSV export and the diagnosis HTML."""

import csv
import io
from datetime import date
from html.parser import HTMLParser

import pytest

from network import actions, database, rumours
from network.core import csvio
from network.rumours import board as rumour_board
from network.rumours import diagnosis, export, views
from network.setup import initialize
from tests import hostile
from tests.conftest import app_test, district_id, shown

TODAY = date.today()
TYPED = hostile.SHOWN_AS_TYPED


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.parts.append(data)


def parsed(page: str) -> _Text:
    parser = _Text()
    parser.feed(page)
    parser.close()
    return parser


OWN_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
            "div", "section", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong"}


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    """A database where every hostile string is a rumour's statement, argument, fact and
    source, a new rumour heard, and a close-out's texts."""
    from network.accounts import auth
    from tests.conftest import PASSWORD

    path = tmp_path_factory.mktemp("typed") / "typed.db"
    with database.open_db(path) as db:
        initialize(db)
        staff = auth.create_user(db, None, "staffx", PASSWORD, "staff", system=True)
        ids = {}
        for i, value in enumerate(TYPED):
            ids[value] = rumours.save_rumour(db, staff, None, {
                "code": f"H{i:03d}", "theme": "coexistence", "statement_es": value,
                "statement_en": value, "argument_en": value, "status": "active"})
            rumours.add_fact(db, staff, ids[value], {"text_en": value, "source": value})
            rumours.report_heard(db, staff, {"rumour_id": ids[value], "district_id": district_id(db, 1),
                                             "channel": "street", "heard_on": TODAY,
                                             "frequency": "once"}, TODAY)
            rumours.report_heard(db, staff, {"rumour_id": None, "new_text": value,
                                             "district_id": district_id(db, 1),
                                             "channel": "street", "heard_on": TODAY,
                                             "frequency": "once"}, TODAY)
        action_id = actions.create_action(db, staff, {
            "district_id": district_id(db, 1), "date": TODAY, "type": "workshop", "title": "x",
            "rumour_ids": list(ids.values())[:5]})
        rumours.close_out(db, staff, action_id, {"attendance": 3, "organisations": TYPED[0],
                                                 "what_worked": TYPED[1], "note": TYPED[2]})
    return path, ids


def test_every_value_is_stored_verbatim(typed):
    path, ids = typed
    with database.open_db(path) as db:
        for value, rumour_id in ids.items():
            r = rumours.get_rumour(db, rumour_id)
            assert r["statement_en"] == value.strip() and r["argument_en"] == value.strip()
            assert r["facts"][0]["text_en"] == value.strip()
            assert r["facts"][0]["source"] == value.strip()
        texts = {row[0] for row in db.execute("SELECT new_text FROM rumour_heard")}
        assert {v.strip() for v in TYPED} <= texts


def test_the_board_and_the_catalogue_show_each_value_as_typed(typed):
    path, ids = typed
    with database.open_db(path) as db:
        board = rumour_board.build(db, today=TODAY)
        _, rows = views.detail_rows(board, district_id(db, 1), "en")
        entries = {e["code"]: e for e in views.public_catalogue(db, "en", TODAY)}
    statements = {r[0]: r[1] for r in rows}
    for i, value in enumerate(TYPED):
        assert statements[f"H{i:03d}"] == value.strip()
        assert entries[f"H{i:03d}"]["statement"] == value.strip()
        assert entries[f"H{i:03d}"]["argument"] == value.strip()


def test_the_export_shows_each_value_as_typed_with_formulas_defused(typed):
    path, _ = typed
    with database.open_db(path) as db:
        data = export.export_csv(db, None, "en", system=True).decode("utf-8-sig")
    rows = {r["Code"]: r for r in csv.DictReader(io.StringIO(data))}
    for i, value in enumerate(TYPED):
        assert rows[f"H{i:03d}"]["Rumour"] == csvio.defuse(value.strip())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_diagnosis_shows_each_value_as_text_and_runs_nothing(typed, lang):
    path, _ = typed
    with database.open_db(path) as db:
        page = diagnosis.build_diagnosis(db, None, lang, TODAY)
    result = parsed(page)
    text = "".join(result.parts)
    for value in TYPED:
        assert value.strip() in text
    assert result.tags <= OWN_TAGS  # no element came from what someone typed
    for marker in ("<script", "<img", "<svg", "<iframe", "${", "`"):
        assert marker not in page
    assert "{{" not in page and "{%" not in page


def test_the_public_catalogue_page_shows_each_value_as_typed(typed, monkeypatch):
    path, _ = typed
    monkeypatch.setenv("ANTIRUMOUR_DB", str(path))
    at = app_test("pages/rumours.py").run(timeout=60)
    assert not at.exception
    labels = [shown(e.label) for e in at.expander]
    for i, value in enumerate(TYPED):
        assert f"H{i:03d} · {value.strip()}" in labels


def test_new_rumours_waiting_for_triage_show_as_typed(typed, monkeypatch):
    path, _ = typed
    monkeypatch.setenv("ANTIRUMOUR_DB", str(path))
    with database.open_db(path) as db:
        from network.accounts import auth

        staff = auth.get_user(db, db.execute("SELECT id FROM users WHERE username = 'staffx'")
                              .fetchone()[0])
    at = app_test("pages/rumours_heard.py", user=staff).run(timeout=60)
    assert not at.exception
    shown_texts = {shown(m.value) for m in at.markdown}
    newest = [v.strip() for v in TYPED][::-1][:20]  # the page lists the 20 newest
    for value in newest:
        assert value in shown_texts
