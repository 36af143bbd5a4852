"""Hostile text in the contest reads as typed and stays inert everywhere a reader meets it:
the public winners page, the jury's page, the booklet's HTML and the EPUB's XHTML. Every
storable string of tests/hostile.py is a winning story's title, its author's pseudonym and a
line of its text."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from html.parser import HTMLParser

import pytest

from network import contest, database
from network.contest import booklet, rules
from network.setup import initialize
from tests import hostile
from tests.conftest import app_test, shown
from tests.contest_data import call, fields, juror

TYPED = [rules.clean_line(v) for v in hostile.SHOWN_AS_TYPED if rules.clean_line(v)]
TYPED = list(dict.fromkeys(v[:rules.MAX_PSEUDONYM] for v in TYPED))
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    """One published winner per hostile string (title, pseudonym and a line of its text)."""
    path = tmp_path_factory.mktemp("contest-hostile") / "h.db"
    with database.open_db(path) as db:
        initialize(db)
    db = database.connect(path)
    from network.accounts import auth
    from tests.conftest import PASSWORD
    staff = auth.create_user(db, None, "h-staff", PASSWORD, "staff", system=True)
    year = date.today().year
    contest_id = contest.save_call(db, staff, call(year=year, opens_on=date(year, 1, 1),
                                                   closes_on=date(year, 1, 2), winners=100,
                                                   max_words=2000))
    for i, value in enumerate(TYPED):
        base = fields(i)
        contest.submit(db, contest_id, {**base, "title": value, "pseudonym": value,
                                        "body": base["body"] + "\n\n" + value},
                       f"client{i}", 0.0, today=date(year, 1, 1), now=1000.0 + i)
    j = juror(db, "h-jury")
    contest.set_jury(db, staff, contest_id, [j.id])
    yield db, staff, j, contest_id, path, year
    db.close()


def test_every_string_was_stored_as_typed(typed):
    db = typed[0]
    titles = [r[0] for r in db.execute("SELECT title FROM contest_works ORDER BY id")]
    assert titles == TYPED


def test_the_jury_page_lists_every_title_as_typed(typed, monkeypatch):
    """(Before publication, which closes judging: the module's tests run in order.)"""
    db, staff, j, contest_id, path, year = typed
    monkeypatch.setenv("ANTIRUMOUR_DB", str(path))
    at = app_test("pages/contest_jury.py", user=j).run()
    options = at.selectbox(key="contest_jury_work").options  # plain text, not Markdown
    assert sorted(o.split(". ", 1)[1].rsplit(" (", 1)[0] for o in options) == sorted(TYPED)
    assert shown(at.subheader[0].value).split(". ", 1)[1] in TYPED


class _Text(HTMLParser):
    """The text of each <article>'s h2 and byline, and every tag met."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.stack, self.found = [], [], {"h2": [], "byline": [], "p": []}

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        cls = dict(attrs).get("class") or ""
        self.stack.append("byline" if cls == "byline" else tag)
        if self.stack[-1] in ("h2", "byline", "p"):
            self.found[self.stack[-1]].append("")

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] in self.found:
            self.found[self.stack[-1]][-1] += data


def _winners(typed):
    db, staff, _, contest_id, _, year = typed
    if contest.published_years(db):
        return contest.published_winners(db, year)
    ids = [r["work_id"] for r in contest.ranking(db, staff, contest_id)[0]]
    contest.confirm_winners(db, staff, contest_id, "adult", ids)
    contest.publish(db, staff, contest_id)
    return contest.published_winners(db, year)


def test_the_booklet_html_shows_every_string_as_typed_and_runs_nothing(typed):
    stories = _winners(typed)
    html = booklet.booklet_html(typed[5], stories, "es", "A4")
    parser = _Text()
    parser.feed(html)
    assert sorted(parser.found["h2"]) == sorted(TYPED)
    assert sorted(parser.found["byline"]) == sorted(TYPED)
    assert set(parser.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "p",
                                "article", "h2", "br"}
    assert "@page { size: A4" in html and html.count("<article lang=\"es\">") == len(TYPED)
    for value in TYPED:
        assert any(value in p for p in parser.found["p"])


def test_the_epub_holds_every_string_as_typed_in_well_formed_xhtml(typed):
    stories = _winners(typed)
    book = zipfile.ZipFile(io.BytesIO(booklet.booklet_epub(typed[5], stories, "eu")))
    chapters = sorted(n for n in book.namelist() if "story_" in n)
    assert len(chapters) == len(TYPED)
    titles, bylines = [], []
    for name in chapters:
        root = ET.fromstring(book.read(name))  # well-formed XML or this raises
        assert root.get("lang") == "es" or root.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
        titles.append("".join(root.find(f".//{XHTML}h2").itertext()))
        bylines.append("".join(root.find(f".//{XHTML}em").itertext()))
        assert root.find(f".//{XHTML}script") is None and root.find(f".//{XHTML}img") is None
    assert sorted(titles) == sorted(TYPED) and sorted(bylines) == sorted(TYPED)
    nav = book.read(next(n for n in book.namelist() if n.endswith("nav.xhtml"))).decode()
    ET.fromstring(nav)  # the table of contents, with every title, is well-formed too


def test_the_pages_show_every_string_as_typed(typed, monkeypatch):
    monkeypatch.setenv("ANTIRUMOUR_DB", str(typed[4]))
    _winners(typed)
    at = app_test("pages/contest_winners.py").run()
    assert not at.exception
    labels = sorted(shown(e.label) for e in at.expander)
    assert labels == sorted(f"{v} — {v}" for v in TYPED)
    for h in at.get("html"):
        parser = _Text()
        parser.feed(h.proto.body)
        assert "script" not in parser.tags and "img" not in parser.tags
