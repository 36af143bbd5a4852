"""The annual report: builds in every language from demo data and from an empty database,
opens offline (no scripts, no external addresses), names only consenting agents, carries no
contacts, escapes hostile text, and is stamped as demo where demo data is present."""

import re
from datetime import date

import pytest
from click.testing import CliRunner

from network import database
from network.cli import cli
from network.core import i18n
from network.report import build_report
from network.report.svg import unique_ids
from tests.conftest import district_id, make_agent
from tests.hostile import SCRIPT_AND_HTML

LANGS = list(i18n.LANGUAGES)
TODAY = date(2026, 11, 24)


def offline(html: str) -> bool:
    """No script, no external resource (http(s) addresses only in visible text are fine)."""
    return ("<script" not in html.lower() and not re.search(r'(src|href)="https?:', html)
            and "@import" not in html)


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory):
    """The 2025 report in each language, built once from a demo database."""
    from network.setup import initialize

    path = tmp_path_factory.mktemp("report") / "demo.db"
    with database.open_db(path) as db:
        initialize(db, with_demo=True)
        reports = {lang: build_report(db, 2025, lang, TODAY) for lang in LANGS}
        agents = [dict(r) for r in db.query(
            "SELECT name, contact_email, contact_phone, consent_named FROM agents")]
        contributors = {r[0] for r in db.execute(
            """SELECT DISTINCT l.agent_id FROM action_agents l JOIN actions a ON a.id = l.action_id
               WHERE a.date LIKE '2025-%'
               UNION SELECT agent_id FROM quiz_attempts
               WHERE agent_id IS NOT NULL AND flags = '' AND finished_on LIKE '2025-%'""")}
        consent = {r[0]: r[1] for r in db.execute("SELECT id, consent_named FROM agents")}
    return reports, agents, contributors, consent


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_builds_from_the_demo_data_in_each_language(demo_reports, lang):
    html = demo_reports[0][lang]
    assert html.startswith("<!DOCTYPE html>") and f"<html lang='{lang}'>" in html
    assert i18n.translate("report.title", lang, year=2025, city="Bilbao") in html
    for key in ("report.numbers.title", "report.map.title", "report.types.title",
                "report.quiz.title", "report.barometer.title", "report.attitudes.title",
                "report.method.title"):
        assert i18n.translate(key, lang) in html
    assert html.count("<svg") >= 5  # map, types, barometer, panels, scatter
    assert offline(html)
    # the last wave's technical sheet and the tests of change, in the language
    assert i18n.translate("barometer.sheet.moe_after", lang) in html
    assert i18n.translate("barometer.sheet.universe", lang) in html
    assert html_escaped(i18n.translate("trends.chart.p", lang)) in html  # the tests of change


@pytest.mark.parametrize("lang", LANGS)
def test_demo_data_is_stamped_on_every_printed_page(demo_reports, lang):
    html = demo_reports[0][lang]
    assert "class='demo-stamp'" in html and "position: fixed" in html
    assert html_escaped(i18n.translate("report.demo.stamp", lang)) in html
    assert html_escaped(i18n.translate("report.demo.note", lang)) in html


def test_only_consenting_agents_are_named_and_no_contacts_appear(demo_reports):
    reports, agents, contributors, consent = demo_reports
    named = {a["name"] for a in agents if a["consent_named"]}
    for html in reports.values():
        text = html
        for a in agents:
            for contact in (a["contact_email"], a["contact_phone"]):
                if contact:
                    assert contact not in text
            if not a["consent_named"] and a["name"] not in named:
                assert a["name"] not in text, a["name"]
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)  # no e-mail addresses at all
        assert not re.search(r"\+?\d[\d ]{8,}\d", re.sub(r"<svg.*?</svg>", "", text, flags=re.S))
    hidden = sum(1 for a in contributors if not consent[a])
    assert hidden > 0
    assert i18n.translate("recognition.unnamed", "en", n=i18n.format_number(hidden, "en")) in \
        reports["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_builds_from_an_empty_database(empty_db_path, lang):
    with database.open_db(empty_db_path) as db:
        html = build_report(db, 2025, lang, TODAY)
    assert i18n.translate("report.barometer.empty", lang) in html
    assert i18n.translate("report.types.empty", lang, year=2025) in html
    assert "class='demo-stamp'" not in html and offline(html)


def test_the_report_builds_with_reference_data_but_no_activity(db):
    html = build_report(db, 2024, "en", TODAY)
    assert "No actions recorded in 2024." in html and "No quiz completions in 2024." in html
    assert "<svg" in html  # the map still draws the districts


@pytest.mark.parametrize("hostile", SCRIPT_AND_HTML[:8])
def test_hostile_action_titles_and_agent_names_are_escaped(db, hostile):
    agent = make_agent(db, 1, name=hostile)
    with db.atomic():
        db["agents"].update(agent, {"consent_named": 1})
        action = db["actions"].insert({"district_id": district_id(db, 1), "date": "2025-03-01",
                                       "type": "workshop", "title": hostile,
                                       "people_reached": 30}).last_pk
        db["action_agents"].insert({"action_id": action, "agent_id": agent})
    html = build_report(db, 2025, "en", TODAY)
    assert hostile not in html
    assert html.count(html_escaped(hostile)) >= 2  # the title and the agent's name
    assert "<script" not in html.lower()


def html_escaped(text: str) -> str:
    import html as std

    return std.escape(text, quote=True).replace("$", "&#36;").replace("`", "&#96;")


def test_svg_ids_are_made_unique_per_chart():
    svg = '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"></g>' \
          '<use href="#clip1"/></svg>'
    out = unique_ids(svg, "c7-")
    assert 'id="c7-clip1"' in out and "url(#c7-clip1)" in out and 'href="#c7-clip1"' in out
    assert 'id="clip1"' not in out


def test_the_cli_writes_the_report(demo_db_path, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--year", "2025", "--lang", "eu", "-o", str(out),
                                      "--db", str(demo_db_path)])
    assert result.exit_code == 0, result.output
    assert "<html lang='eu'>" in out.read_text(encoding="utf-8")


def test_the_cli_refuses_a_year_out_of_range(demo_db_path, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--year", "99", "-o", str(tmp_path / "r.html"),
                                      "--db", str(demo_db_path)])
    assert result.exit_code != 0 and "out of range" in result.output


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_lists_each_quiz_fact_with_its_full_reference(demo_reports, lang):
    from network.core.safe_html import escape_html
    from network.quiz import content, sources

    html = demo_reports[0][lang]
    _, shipped = content.read_shipped()
    section = html[html.index(escape_html(i18n.translate("report.quiz.sources_title", lang))):]
    for item in shipped:
        assert escape_html(item.text(lang, "recap")) in section
        assert escape_html(sources.reference_text(item, lang)) in section
    assert escape_html(i18n.translate("report.quiz.historical", lang)) in section
