"""Map building (network/maps.py) and Leaflet's local files (network/vendor.py)."""

import json
import re

import pytest

from network.actions import maps, vendor
from network.actions.maps import DistrictFigure, MapAction
from network.core import i18n
from network.core.safe_html import escape_html
from network.reference import District

HOSTILE = ["<img src=x onerror=alert(1)>", "${alert(1)}", "`whoami`", "\"quoted\" and 'single'",
           "</script><script>alert(2)</script>"]
SQUARES = {
    1: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
    2: [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]],
}


def geojson(names: dict[int, str] | None = None) -> dict:
    names = names or {1: "Norte", 2: "Sur"}
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": ring},
         "properties": {"id": i, "number": i, "name_es": names[i], "name_eu": names[i]}}
        for i, ring in SQUARES.items()]}


def districts(names: dict[int, str] | None = None) -> list[District]:
    names = names or {1: "Norte", 2: "Sur"}
    return [District(i, i, names[i], names[i], 0.5, i - 0.5) for i in SQUARES]


def figures(values=(10.0, None)) -> list[DistrictFigure]:
    return [DistrictFigure(i, i, f"D{i}", 0.5, i - 0.5, v, "t") for i, v in zip(SQUARES, values,
                                                                               strict=True)]


def render(m) -> str:
    return m.get_root().render()


def unescape_js(html: str) -> str:
    """Undo the \\uXXXX escapes that JSON inside <script> uses for < > & '."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda x: chr(int(x.group(1), 16)), html)


@pytest.mark.parametrize("cluster", [True, False])
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_appear_only_escaped_in_the_map_html(hostile, cluster):
    names = {1: hostile, 2: "Sur"}
    figs = maps.district_figures(districts(names), {1: {"actions": 3}}, {}, "actions", False,
                                 "en", True)
    action = MapAction(0.5, 0.5, hostile, "2024-05-01", "workshop", 30)
    html = render(maps.build_map(geojson(names), figs, [action], metric="actions",
                                 per_1000=False, lang="en", cluster=cluster))
    assert hostile not in html  # neither raw in the page source ...
    if cluster:  # ... and the popup's title travels as data, drawn as text (textContent)
        row = json.loads(re.search(r"var data = (\[\[.*?\]\]);", html).group(1))[0]
        assert row[2] == hostile
        assert "textContent" in html and "innerHTML" not in html.split("var data")[0][-2000:]
        rest = unescape_js(html).replace(json.dumps(row, ensure_ascii=False), "")
    else:  # the plain-marker baseline escapes the popup's HTML
        assert escape_html(hostile) in unescape_js(html)
        rest = unescape_js(html)
    # the district name (label, tooltip) is escaped HTML; nothing raw is left anywhere else
    for raw in ("<img", "${alert", "`whoami`", "<script>alert(2)"):
        assert raw not in rest


def test_popups_show_title_date_type_and_reach():
    action = MapAction(0.5, 0.5, "Café-tertulia", "2024-05-01", "talk_cafe", 3)
    assert maps.popup_html(action, "es", public=True) == (
        "<b>Café-tertulia</b><br>2024-05-01 · Charla / café-tertulia<br>"
        "Personas alcanzadas: menos de 5")
    assert maps.popup_html(action, "en", public=False).endswith("People reached: 3")
    html = unescape_js(render(maps.build_map(geojson(), figures(), [action], metric="actions",
                                             per_1000=False, lang="es", public=True)))
    row = json.loads(re.search(r"var data = (\[\[.*?\]\]);", html).group(1))[0]
    assert row == [0.5, 0.5, "Café-tertulia", "2024-05-01", 4, "menos de 5"]


def test_the_map_has_legend_labels_attribution_and_one_marker_per_action():
    acts = [MapAction(0.1 * i % 1, 0.5, f"A{i}", "2024-01-01", "other", i) for i in range(40)]
    html = unescape_js(render(maps.build_map(geojson(), figures(), acts, metric="reached",
                                             per_1000=True, lang="en")))
    assert "OpenStreetMap</a> contributors" in html
    assert "People reached per 1,000 residents" in html  # legend title
    assert "no data" in html  # district 2 has no population
    assert ">D1</div>" in html and ">D2</div>" in html
    assert len(json.loads(re.search(r"var data = (\[\[.*?\]\]);", html).group(1))) == 40
    assert "L.markerClusterGroup" in html


def test_plain_markers_are_the_baseline_without_clustering():
    acts = [MapAction(0.5, 0.5, f"A{i}", "2024-01-01", "other", 9) for i in range(5)]
    html = render(maps.build_map(geojson(), figures(), acts, metric="actions", per_1000=False,
                                 lang="en", cluster=False))
    assert "L.markerClusterGroup" not in html
    assert html.count("L.circleMarker(") == 5


def test_districts_without_population_have_no_made_up_value():
    figs = maps.district_figures(
        districts(), {1: {"reached": 500, "agents": 3}, 2: {"reached": 40, "agents": 3}},
        {1: {"value": 62447}}, "reached", True, "en", True)
    assert figs[0].value == pytest.approx(500 * 1000 / 62447)
    assert figs[0].text == "8.01"
    assert (figs[1].value, figs[1].text) == (None, "no data")
    assert maps.color_for(None, [1, 2]) == maps.NO_DATA_COLOR


@pytest.mark.parametrize("metric,count,public,text", [
    ("agents", 3, True, "fewer than 5"), ("agents", 3, False, "3"),
    ("reached", 4, True, "fewer than 5"), ("reached", 5, True, "5"),
    ("reached", 0, True, "0"), ("actions", 2, True, "2"), ("agents", 1234, True, "1,234"),
])
def test_small_counts_of_people_read_fewer_than_5_on_the_public_map(metric, count, public, text):
    fig = maps.district_figures(districts()[:1], {1: {metric: count}}, {}, metric, False, "en",
                                public)[0]
    assert fig.text == text and fig.value == count


@pytest.mark.parametrize("values,expected", [
    ([0, 10, None, 5], [2.0, 4.0, 6.0, 8.0, 10.0]),
    ([None, None], [0.0]),
    ([0, 0], [0.0]),
])
def test_classes_are_equal_width_from_zero_to_the_largest_value(values, expected):
    assert maps.class_breaks(values) == pytest.approx(expected)


@pytest.mark.parametrize("values,expected", [
    ([37, 3], [8.0, 15.0, 23.0, 30.0, 37.0]),
    ([3], [1.0, 2.0, 3.0]),
])
def test_classes_of_counts_have_whole_bounds(values, expected):
    assert maps.class_breaks(values, whole=True) == expected


@pytest.mark.parametrize("value,colour", [(0, 0), (2, 0), (2.1, 1), (7, 3), (10, 4), (11, 4)])
def test_each_value_takes_its_class_colour(value, colour):
    assert maps.color_for(value, maps.class_breaks([10])) == maps.PALETTE[colour]


def _links(m) -> tuple[list[str], list[str]]:
    """The script and stylesheet addresses streamlit-folium collects (its own walk, as in 0.27)."""
    import branca

    js, css = [], []

    def walk(element):
        assert not isinstance(element, branca.colormap.ColorMap)  # would pull d3 from a CDN
        js.extend(url for _, url in getattr(element, "default_js", []))
        css.extend(url for _, url in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return js, css


def test_with_local_assets_no_script_or_stylesheet_comes_from_elsewhere():
    assets = maps.local_assets("/app/static/vendor", "leaflet-1.9.3", "markercluster-1.4.1")
    acts = [MapAction(0.5, 0.5, "A", "2024-01-01", "other", 9)]
    m = maps.build_map(geojson(), figures(), acts, metric="actions", per_1000=False, lang="en",
                       assets=assets)
    js, css = _links(m)
    assert js == ["/app/static/vendor/leaflet-1.9.3/leaflet.js",
                  "/app/static/vendor/markercluster-1.4.1/leaflet.markercluster.js"]
    assert all(url.startswith("/app/static/vendor/") for url in css) and len(css) == 3
    html = render(m)
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)
    picker_js, _ = _links(maps.point_picker_map(SQUARE_GEOMETRY, (0.5, 0.5), assets))
    assert picker_js == ["/app/static/vendor/leaflet-1.9.3/leaflet.js"]


SQUARE_GEOMETRY = {"type": "Polygon", "coordinates": SQUARES[1]}


def test_the_point_picker_shows_the_district_and_the_point():
    html = unescape_js(render(maps.point_picker_map(SQUARE_GEOMETRY, (0.25, 0.75))))
    assert re.search(r"L\.circleMarker\(\s*\[0\.25, 0\.75\]", html)
    assert "OpenStreetMap</a> contributors" in html


def test_leaflets_files_are_copied_from_the_installed_packages(tmp_path):
    folders = vendor.install(tmp_path)
    sources = vendor.sources()
    assert folders == {name: f"{name}-{version}" for name, (_, version) in sources.items()}
    for name, (data_dir, _) in sources.items():
        for rel in vendor.PACKAGES[name][1]:
            copied = tmp_path / "vendor" / folders[name] / rel
            assert copied.read_bytes() == (data_dir / rel).read_bytes()
    assert vendor.install(tmp_path) == folders  # idempotent
    assets = vendor.local_map_assets(tmp_path, "/base/app/static/")
    assert assets.leaflet_js == f"/base/app/static/vendor/{folders['leaflet']}/leaflet.js"


def test_without_the_packages_there_are_no_local_assets(tmp_path, monkeypatch):
    def missing(name):
        raise ImportError(name)

    monkeypatch.setattr(vendor.importlib, "import_module", missing)
    assert vendor.local_map_assets(tmp_path, "/app/static") is None
    assert not (tmp_path / "vendor").exists()


def test_metric_labels_exist_in_every_language():
    for lang in i18n.LANGUAGES:
        for metric in maps.METRICS:
            assert maps.metric_label(metric, True, lang) != f"map.metric.{metric}"
