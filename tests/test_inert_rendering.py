"""What a person sees of text someone typed equals what was typed, in every renderer.

Each hostile string (tests/hostile.py, template syntax included) is stored through the real write
path, then read back the way a reader meets it: the map's popups as the browser callback builds
them (from the data the page receives, after folium's and branca's second Jinja pass), district
tooltips and labels, Markdown as Streamlit shows it, chart text as Vega draws it (SVG), report
text as a browser shows it. "The raw input is absent" is never the check: `{{7*7}}` turning into
`49` passed that. tests/test_inert_browser.py repeats the key checks in Chromium.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
from branca.element import Element
from streamlit_folium import generate_leaflet_string

from network import actions, agents, database, reference
from network.actions import maps
from network.barometer import charts as barometer_charts
from network.barometer import views, waves
from network.core import safe_html
from network.core.errors import NetworkError
from network.report import build_report
from network.setup import initialize
from tests import hostile
from tests.barometer_data import csv_bytes, fieldwork_rows
from tests.conftest import app_test, district_id, shown


def _actions_csv(rows: list[dict]) -> bytes:
    head = list(rows[0])
    lines = [",".join(head)] + [",".join(str(r[h]) for h in head) for r in rows]
    return ("\n".join(lines) + "\n").encode()

TYPED = hostile.SHOWN_AS_TYPED
TODAY = date(2025, 6, 1)
JINJA = re.compile(r"\{[{%#]")


def ids(values):
    return [f"{i}:{repr(v)[:28]}" for i, v in enumerate(values)]


@pytest.fixture(scope="module")
def typed_db(tmp_path_factory):
    """Every storable hostile string stored through create_action as an action's title, place
    and description, and as an agent's name."""
    path = tmp_path_factory.mktemp("inert") / "inert.db"
    with database.open_db(path) as db:
        initialize(db)
    db = database.connect(path)
    from network.accounts import auth
    from tests.conftest import PASSWORD
    admin = auth.create_user(db, None, "i-admin", PASSWORD, "admin", system=True)
    d1 = district_id(db, 1)
    home = next(d for d in reference.districts(db) if d.id == d1)
    for i, value in enumerate(TYPED):
        actions.create_action(db, admin, {
            "district_id": d1, "date": "2024-05-01", "type": "workshop", "title": value,
            "place": value, "description": value, "people_reached": 20 + i,
            "lat": home.label_lat + i / 1e7, "lon": home.label_lon}, today=TODAY)
        agents.create_agent(db, admin, {"kind": "individual", "name": value[:120],
                                        "sector": "social", "district_id": d1,
                                        "joined_on": "2020-01-01"}, today=TODAY)
    yield db, admin
    db.close()


# ---------------------------------------------------------------- the boundary helpers

@pytest.mark.parametrize("value", hostile.ALL_TEXT, ids=ids(hostile.ALL_TEXT))
def test_escaped_html_reads_back_as_typed_and_holds_no_template_delimiter(value):
    out = safe_html.escape_html(value)
    assert html.unescape(out) == value
    assert not JINJA.search(out) and "<" not in out and "${" not in out and "`" not in out


@pytest.mark.parametrize("value", hostile.ALL_TEXT, ids=ids(hostile.ALL_TEXT))
def test_script_data_reads_back_as_typed_and_holds_no_template_delimiter(value):
    out = safe_html.js_data({"title": value, "rows": [[1.5, value]]})
    assert json.loads(out) == {"title": value, "rows": [[1.5, value]]}
    assert not JINJA.search(out)
    assert "<" not in out and "'" not in out


@pytest.mark.parametrize("value", hostile.ALL_TEXT, ids=ids(hostile.ALL_TEXT))
def test_escaped_markdown_reads_back_as_typed(value):
    assert shown(safe_html.escape_markdown(value)) == value.replace("\r\n", "\n")


# ---------------------------------------------------------------- maps (folium and branca)

def _public_map(db, lang="es", hostile_district=None, cluster=True):
    """The public map exactly as pages/map.py builds it."""
    districts = reference.districts(db)
    if hostile_district is not None:
        districts = [dataclasses.replace(d, name_es=hostile_district, name_eu=hostile_district)
                     if i == 0 else d
                     for i, d in enumerate(districts)]
    rows = actions.list_actions(db, None, None, None, ())
    totals = actions.district_totals(db, None, None, ())
    figures = maps.district_figures(districts, totals, {}, "actions", False, lang, True)
    dots = [maps.MapAction(r["lat"], r["lon"], r["title"], r["date"], r["type"], r["people_reached"])
            for r in rows if r["lat"] is not None]
    return maps.build_map(reference.districts_geojson(db), figures, dots, metric="actions",
                          per_1000=False, lang=lang, public=True, tiles=False, cluster=cluster)


def _cluster_rows(page_source: str) -> list[list]:
    """The marker rows the browser receives (`var data = [...]` in ActionCluster's script)."""
    found = re.findall(r"var data = (\[.*?\]);\s*\n", page_source, re.S)
    assert len(found) == 1, "one clustered layer expected"
    return json.loads(found[0])


def test_every_action_title_shows_in_its_popup_exactly_as_typed(typed_db):
    db, _ = typed_db
    m = _public_map(db)
    page = m.get_root().render()  # what st_folium renders first (branca's second pass included)
    component = generate_leaflet_string(m)  # what streamlit-folium's component runs
    for source in (page, component):
        rows = _cluster_rows(source)
        seen = [maps.popup_text(r, "es")[0] for r in rows]
        assert sorted(seen) == sorted(v.strip() for v in TYPED)
    assert "49" not in {maps.popup_text(r, "es")[0] for r in _cluster_rows(page)}


@pytest.mark.parametrize("value", ["{{7*7}}", "{{", "{% raw %}", "{{ lipsum.__globals__ }}",
                                   "{{ 1/0 }}", "{# x", "}}{{"])
def test_template_syntax_in_a_title_is_neither_evaluated_nor_an_error(db, admin, value):
    home = next(d for d in reference.districts(db) if d.id == district_id(db, 1))
    actions.create_action(db, admin, {"district_id": home.id, "date": "2024-05-01",
                                      "type": "workshop", "title": value, "lat": home.label_lat,
                                      "lon": home.label_lon}, today=TODAY)
    page = _public_map(db).get_root().render()
    assert [maps.popup_text(r, "es")[0] for r in _cluster_rows(page)] == [value]


def _first_pass_outputs(m) -> list[str]:
    """The text every element of a rendered map hands to branca, which parses it again as Jinja."""
    fig = m.get_root()
    fig.render()
    out = []
    for part in (fig.header, fig.html, fig.script):
        out += [child._template_str for child in part._children.values()
                if type(child) is Element and child._template_str]
    return out


@pytest.mark.parametrize("cluster", [True, False])
def test_no_map_element_hands_template_syntax_to_the_second_jinja_pass(typed_db, cluster):
    """Fails as soon as any element, today's or a new one, lets user text reach branca raw."""
    db, _ = typed_db
    hostile_name = "{{7*7}} {% raw %} {# <b>x</b> ${1} `y`"
    outputs = _first_pass_outputs(_public_map(db, hostile_district=hostile_name, cluster=cluster))
    assert outputs
    for text in outputs:
        assert not JINJA.search(text), text[:300]
    geometry = reference.districts_geojson(db)["features"][0]["geometry"]
    for text in _first_pass_outputs(maps.point_picker_map(geometry, (43.26, -2.93), tiles=False)):
        assert not JINJA.search(text), text[:300]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible_text(fragment: str) -> str:
    """The text a browser shows of an HTML fragment (innerHTML), entities decoded."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


@pytest.mark.parametrize("value", TYPED, ids=ids(TYPED))
def test_a_district_name_shows_as_typed_in_its_tooltip_label_and_plain_popups(typed_db, value):
    db, _ = typed_db
    m = _public_map(db, hostile_district=value, cluster=False)
    page = m.get_root().render()
    geo = next(c for c in m._children.values() if c.__class__.__name__ == "GeoJson")
    tooltips = {visible_text(f["properties"]["label"]) for f in geo.data["features"]}
    number = reference.districts(db)[0].number
    assert f"{number}. {value}" in tooltips
    labels = [visible_text(c.icon.options["html"]) for c in m._children.values()
              if c.__class__.__name__ == "Marker" and getattr(c, "icon", None) is not None]
    assert value in labels
    assert "Template" not in page[:0]  # the page rendered (no exception above)


@pytest.mark.parametrize("value", TYPED, ids=ids(TYPED))
def test_the_plain_marker_popup_shows_the_title_as_typed(value):
    action = maps.MapAction(43.26, -2.93, value, "2024-05-01", "workshop", 3)
    popup = maps.popup_html(action, "eu", True)
    assert visible_text(popup).startswith(value)
    assert not JINJA.search(popup)


def test_an_action_that_cannot_be_drawn_is_left_out_and_the_rest_are_shown(caplog):
    good = maps.MapAction(43.26, -2.93, "kept", "2024-05-01", "workshop", 3)
    bad = maps.MapAction(float("nan"), -2.93, "broken", "2024-05-01", "workshop", 3)
    rows = maps.marker_rows([good, bad], "en", True)
    assert [r[2] for r in rows] == ["kept"]
    assert "left off the map" in caplog.text


def test_the_map_page_keeps_its_table_when_the_map_cannot_be_drawn(demo_db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(maps, "build_map", broken)
    at = app_test("pages/map.py", lang="en").run()
    assert not at.exception
    assert any("cannot be shown" in w.value for w in at.warning)
    assert len(at.dataframe) == 2  # the districts' figures (the map's text alternative), the actions


# ---------------------------------------------------------------- pages (Markdown sinks)

BRACES = ["{{7*7}}", "[x](javascript:alert(1))", "![x](http://example.invalid/p.png)",
          ":red[x] **b** $y$", "{% raw %}"]


@pytest.mark.parametrize("value", BRACES)
def test_the_map_and_action_pages_run_with_template_syntax_stored_everywhere(demo_db, value):
    with demo_db.conn:
        demo_db.execute("UPDATE actions SET title = ?, place = ?, description = ?",
                        [value, value, value])
        demo_db.execute("UPDATE agents SET name = ?", [value])
    admin = demo_db.execute("SELECT id FROM users WHERE username = 'demo-admin'").fetchone()[0]
    from network.core.permissions import User
    for page, user in [("pages/map.py", None), ("pages/actions.py", User(admin, "demo-admin", "admin")),
                       ("pages/agents.py", User(admin, "demo-admin", "admin")),
                       ("pages/district.py", User(admin, "demo-admin", "admin"))]:
        at = app_test(page, lang="es", user=user).run()
        assert not at.exception, (page, at.exception)


def test_a_saved_title_is_confirmed_in_markdown_that_shows_it_as_typed(db_path, admin):
    value = "![x](http://example.invalid/p.png) {{7*7}} [y](javascript:alert(1))"
    at = app_test("pages/actions.py", lang="en", user=admin).run()
    at.text_input(key="actions_title").input(value)
    at.selectbox(key="actions_type").set_value("workshop")
    at.button(key="actions_save").click().run()
    assert not at.exception
    messages = [m.value for m in at.success]
    assert messages, [e.value for e in at.error]
    assert any(value in shown(m) for m in messages)
    assert not any("](" in m.replace("\\]\\(", "") for m in messages)


def test_an_import_error_echoing_typed_text_shows_it_as_typed(db_path, admin):
    """An import row with a bad date quotes the typed value; the alert shows it as typed."""
    value = "[x](javascript:alert(1)){{7*7}}"
    rows = [{"district": "1", "date": value, "type": "workshop", "title": "T"}]
    from network.actions import io as action_io
    with database.open_db(db_path) as db, pytest.raises(NetworkError) as caught:
        action_io.import_actions(db, admin, _actions_csv(rows), today=TODAY)
    from streamlit.testing.v1 import AppTest

    def page(err):
        import ui
        ui.show_error(err)

    at = AppTest.from_function(page, args=(caught.value,)).run()
    assert not at.exception
    assert len(at.error) == 1
    assert value in shown(at.error[0].value)
    assert "](" not in at.error[0].value.replace("\\]\\(", "")


# ---------------------------------------------------------------- charts and the report

def _svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter() if el.tag.endswith("text")]


@pytest.mark.parametrize("value", ["{{7*7}}", "<b>x</b>", "datum.value + ' ' + toString(event)",
                                   "[x](javascript:alert(1))", "｛｛7*7｝｝", "${alert(1)}"])
def test_chart_text_is_drawn_as_typed_by_vega_and_labels_stay_data(db, staff, value):
    import vl_convert as vlc
    wave_id = waves.create_wave(db, staff, {"label": value, "year": 2025,
                                            "fieldwork_start": "2025-01-01",
                                            "fieldwork_end": "2025-02-01", "mode": "online",
                                            "target_per_district": 20})
    from network.barometer import io as barometer_io
    barometer_io.import_csv(db, staff, waves.get_wave(db, wave_id), csv_bytes(fieldwork_rows(160)),
                            "f.csv")
    dash = views.load_dashboard(db)
    # A name drawn as text (the series legend) is drawn exactly as typed by Vega's renderer.
    chart = barometer_charts.index_trend_chart(views.city_rows(dash), [], "en", value)
    spec = chart.to_dict()
    assert value in _svg_texts(vlc.vegalite_to_svg(spec))
    # The wave label travels as data only: never inside an expression, a title or a format.
    assert value in {str(v) for rows in spec["datasets"].values() for r in rows for v in r.values()}
    assert not [e for e in _expressions(spec) if value in e]


EXPRESSION_KEYS = {"expr", "test", "filter", "calculate", "labelExpr", "signal", "update", "on"}


def _expressions(node) -> list[str]:
    """Every string of a Vega-Lite spec that Vega evaluates as an expression."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in EXPRESSION_KEYS:
                found.append(json.dumps(value, ensure_ascii=False))
            elif key != "datasets":
                found += _expressions(value)
    elif isinstance(node, list):
        for item in node:
            found += _expressions(item)
    return found


def test_the_report_shows_hostile_titles_as_typed(typed_db):
    db, _ = typed_db
    report = build_report(db, 2024, "en", TODAY)
    text = visible_text(report)
    top = sorted(actions.list_actions(db, None, "2024-01-01", "2024-12-31", ()),
                 key=lambda r: -r["people_reached"])[:5]
    assert len(top) == 5
    for row in top:
        assert row["title"] in text
    assert not re.search(r"<(script|img|svg |iframe)", report.split("<body>", 1)[1].replace(
        "<svg xmlns", ""))


# ---------------------------------------------------------------- every page, every sink

PAGE_VALUES = ["{{7*7}} [x](javascript:alert(1)) :streamlit: -- www.example.invalid",
               "![i](http://example.invalid/p.png) **b** $y$ {% raw %} <b>x</b>"]
MARKDOWN_SINKS = ("markdown", "caption", "success", "info", "warning", "error", "title", "header",
                  "subheader")


def _poison(db, value: str) -> None:
    """Every user-written column the pages read, set to `value`."""
    with db.conn:
        db.execute("UPDATE actions SET title = ?, place = ?, description = ?", [value] * 3)
        db.execute("UPDATE agents SET name = ?, notes = ?", [value[:120], value])
        db.execute("UPDATE barometer_waves SET label = id || ' ' || substr(?, 1, 55)", [value])
        for table in ("populations", "foreign_born_shares", "barometer_margins"):
            db.execute(f"UPDATE {table} SET source = ?", [value])
        db.execute("UPDATE settings SET value = ? WHERE key LIKE 'city.%' AND key NOT LIKE '%geo%'"
                   " AND key NOT LIKE '%population%'", [value])
        for item_id, texts in list(db.execute("SELECT id, texts FROM quiz_items")):
            data = json.loads(texts)
            db.execute("UPDATE quiz_items SET texts = ? WHERE id = ?", [json.dumps(
                {lang: {k: value for k in fields} for lang, fields in data.items()}), item_id])


@pytest.mark.parametrize("value", PAGE_VALUES)
def test_every_page_runs_and_shows_stored_text_only_escaped_in_markdown(demo_db, value):
    from navigation import PAGES
    from network.core.permissions import User
    _poison(demo_db, value)
    admin_id = demo_db.execute("SELECT id FROM users WHERE username = 'demo-admin'").fetchone()[0]
    admin = User(admin_id, "demo-admin", "admin")
    runs = [(spec.path, admin) for spec in PAGES] + [
        (spec.path, None) for spec in PAGES if spec.capability is None]
    for path, user in runs:
        at = app_test(path, lang="es", user=user).run()
        assert not at.exception, (path, at.exception)
        for sink in MARKDOWN_SINKS:
            for element in at.get(sink):
                source = getattr(element, "value", "") or ""
                assert value not in source, (path, sink, source[:200])  # never raw Markdown
                # and where it is shown, it reads as typed
                if safe_html.escape_markdown(value) in source:
                    assert value in shown(source)
