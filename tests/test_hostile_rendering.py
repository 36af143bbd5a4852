"""Hostile text that was stored verbatim is shown escaped everywhere it appears: map popups,
tooltips and labels, CSV exports (formulas defused), Altair specs and rendered pages."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from network import actions, agents, reference
from network.actions import io as action_io
from network.actions import maps
from network.barometer import charts as barometer_charts
from network.barometer import io as barometer_io
from network.barometer import views, waves
from network.core import csvio
from network.core.permissions import User
from network.core.safe_html import escape_html
from tests import hostile
from tests.barometer_data import csv_bytes, fieldwork_rows
from tests.conftest import app_test, district_id

# Inputs that would do harm if they reached HTML raw.
HARMFUL = [v for v in hostile.ALL_TEXT if any(m in v for m in hostile.DANGEROUS_MARKERS) or "<" in v]
ADMIN = User(1, "t-admin", "admin")


def is_live_formula(cell: str) -> bool:
    """A text cell a spreadsheet would run (numbers like -2.93 are plain values)."""
    try:
        float(cell)
        return False
    except ValueError:
        return cell.startswith(csvio._FORMULA_START)


def parse_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("value", hostile.ALL_TEXT, ids=[repr(v)[:30] for v in hostile.ALL_TEXT])
def test_map_popups_escape_every_hostile_title(value):
    action = maps.MapAction(43.26, -2.93, value, "2024-05-01", "workshop", 3)
    for public in (True, False):
        html = maps.popup_html(action, "eu", public)
        assert escape_html(value) in html
        rest = html.replace(escape_html(value), "")
        for marker in hostile.DANGEROUS_MARKERS:
            assert marker not in rest
        if "<" in value or "&" in value or "`" in value or "$" in value:
            assert value not in html


def test_the_whole_map_page_html_holds_hostile_titles_and_district_names_only_escaped(db):
    districts = reference.districts(db)
    hostile_name = "<img src=x onerror=alert(1)>`${x}`"
    figures = maps.district_figures(
        [dataclasses.replace(d, name_es=hostile_name, name_eu=hostile_name) if i == 0 else d
         for i, d in enumerate(districts)],
        {}, {}, "actions", False, "es", True)
    dots = [maps.MapAction(43.26 + i / 1000, -2.93, v, "2024-05-01", "workshop", 2)
            for i, v in enumerate(HARMFUL)]
    geojson = reference.districts_geojson(db)
    for cluster in (True, False):
        html = maps.build_map(geojson, figures, dots, metric="actions", per_1000=False, lang="es",
                              cluster=cluster, tiles=False).get_root().render()
        for value in [hostile_name, *HARMFUL]:
            assert value not in html, f"raw user text in the map: {value[:60]!r}"


def test_csv_defuse_prefixes_every_formula_start():
    data = csvio.to_csv_bytes(["h"], [[v] for v in hostile.CSV_FORMULAS + ["\tTAB", "\rCR"]])
    cells = [row[0] for row in parse_csv(data)[1:]]
    assert all(c.startswith("'") for c in cells)
    assert [c[1:] for c in cells] == hostile.CSV_FORMULAS + ["\tTAB", "\rCR"]


def test_actions_export_keeps_hostile_titles_verbatim_and_defuses_formulas(db, admin):
    d1 = district_id(db, 1)
    values = [v for v in hostile.ALL_TEXT
              if v.strip() and len(v) <= actions.MAX_TITLE and not any(ord(c) < 32 or ord(c) == 127
                                                                        for c in v)]
    for value in values:
        actions.create_action(db, admin, {"district_id": d1, "date": "2024-05-01",
                                          "type": "workshop", "title": value,
                                          "description": value, "place": value[:200]})
    rows = parse_csv(action_io.export_actions(db, admin, "en"))
    titles = [r[6] for r in rows[1:]]
    for value in values:
        shown = "'" + value if value.startswith(csvio._FORMULA_START) else value
        assert shown in titles
    assert not any(is_live_formula(c) for r in rows[1:] for c in r)


def test_agents_export_keeps_hostile_names_verbatim_and_defuses_formulas(db, admin):
    d1 = district_id(db, 1)
    names = hostile.SCRIPT_AND_HTML + hostile.CSV_FORMULAS + hostile.UNICODE[:8]
    for name in names:
        agents.create_agent(db, admin, {"kind": "individual", "name": name, "sector": "social",
                                        "district_id": d1, "joined_on": "2021-01-01",
                                        "notes": "=1+1\nline two"})
    rows = parse_csv(agents.export_csv(db, admin, "es"))
    cells = {c for r in rows[1:] for c in r}
    for name in names:
        assert ("'" + name if name.startswith(csvio._FORMULA_START) else name) in cells
    assert not any(is_live_formula(c) for r in rows[1:] for c in r)


def test_barometer_exports_and_charts_keep_a_hostile_wave_label_as_text(db, staff):
    label = "<img src=x onerror=alert(1)>=1+1"
    wave_id = waves.create_wave(db, staff, {"label": label, "year": 2025,
                                            "fieldwork_start": "2025-01-01",
                                            "fieldwork_end": "2025-02-01", "mode": "online",
                                            "target_per_district": 20})
    rows = fieldwork_rows(160)
    rows[0]["respondent_id"] = "=HYPERLINK(\"x\")"
    barometer_io.import_csv(db, staff, waves.get_wave(db, wave_id), csv_bytes(rows), "f.csv")
    micro = parse_csv(barometer_io.microdata_csv(db, "en"))
    assert not any(is_live_formula(c) for r in micro[1:] for c in r)
    assert any(c == "'=HYPERLINK(\"x\")" for r in micro[1:] for c in r)
    dash = views.load_dashboard(db)
    chart = barometer_charts.index_trend_chart(views.city_rows(dash), [], "en", "x")
    spec = json.loads(chart.to_json())
    text = json.dumps(spec)
    assert label in {str(v) for ds in spec.get("datasets", {}).values() for r in ds for v in r.values()}
    assert '"html"' not in text  # no field is formatted as HTML; Vega draws labels as text


# ---------------------------------------------------------------- pages

PAGES_SHOWING_USER_TEXT = [
    ("pages/map.py", None), ("pages/actions.py", "admin"), ("pages/agents.py", "admin"),
    ("pages/district.py", "admin"), ("pages/barometer_admin.py", "admin"),
    ("pages/barometer_margins.py", "admin"),
    ("pages/barometer.py", "admin"), ("pages/quiz_results.py", "admin"), ("pages/users.py", "admin"),
    ("pages/reference.py", "admin"),
]


@pytest.fixture
def hostile_demo(demo_db):
    """The demo database with hostile text in every user-written column pages show."""
    bad = "<script>alert(1)</script><img src=x onerror=alert(2)>`${3}`"
    with demo_db.conn:
        demo_db.execute("UPDATE actions SET title = ?, place = ?, description = ?", [bad, bad, bad])
        demo_db.execute("UPDATE agents SET name = ?, notes = ?", [bad, bad])
        demo_db.execute("UPDATE barometer_waves SET label = ? || id", [bad])
        demo_db.execute("UPDATE populations SET source = ?", [bad])
        demo_db.execute("UPDATE users SET username = ? || id WHERE username != 'demo-admin'", [bad])
    admin = demo_db.execute("SELECT id FROM users WHERE username = 'demo-admin'").fetchone()[0]
    return User(admin, "demo-admin", "admin")


def _html_surfaces(at) -> list[str]:
    out = [m.value for m in at.markdown if m.proto.allow_html]
    out += [m.value for m in at.caption if m.proto.allow_html]
    out += [h.proto.body for h in at.get("html")]
    return out


@pytest.mark.parametrize("page,role", PAGES_SHOWING_USER_TEXT)
def test_pages_render_hostile_stored_text_without_raw_html(hostile_demo, page, role):
    at = app_test(page, lang="en", user=hostile_demo if role else None).run()
    assert not at.exception, at.exception
    for body in _html_surfaces(at):
        for marker in ("<script>alert", "<img src=x", "onerror=alert", "${3}"):
            assert marker not in body, (page, body[:200])


QUERY_VALUES = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "x" * 100_000,
                "1 OR 1=1", "-1", "99999999999999999999", "%00", "`${alert(1)}`"]


@pytest.mark.parametrize("page", ["pages/quiz.py", "pages/survey.py", "pages/map.py",
                                  "pages/overview.py"])
def test_public_pages_take_hostile_query_parameters_without_error_or_raw_html(demo_db, page):
    for value in QUERY_VALUES:
        at = app_test(page, lang="eu", query={"ref": value, "action": value, "district": value,
                                              "lang": value}).run()
        assert not at.exception, (page, value[:30], at.exception)
        for body in _html_surfaces(at):
            assert "<script>alert" not in body and "<img src=x" not in body
