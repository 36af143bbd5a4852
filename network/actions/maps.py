"""Map building, as pure functions of plain data: the district choropleth with its legend and
labels, clustered action markers with escaped popups, and the small point picker.

Every user-written string reaches the map through `network.safe_html`: as brace-free JSON data
shown through text nodes (action popups), or escaped HTML (labels, tooltips, legend). folium
escapes nothing in popups, tooltips or DivIcons, and branca parses rendered output again as a
Jinja template, so nothing a person typed may reach a template unescaped.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template

from network.core import geo, i18n, privacy
from network.core.safe_html import escape_html, js_data
from network.core.vocab import ACTION_TYPES, label_key
from network.reference import District

METRICS = ("actions", "reached", "agents")
PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues
NO_DATA_COLOR = "#bdbdbd"
MARKER_COLOR = "#c2185b"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
                   "contributors")
MAP_BACKGROUND = "#eef1f4"
LABEL_PANE = "districtLabels"  # what shows where tiles cannot be fetched
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Assets:
    """Where the browser fetches Leaflet's and Leaflet.markercluster's files from."""

    leaflet_js: str
    leaflet_css: str
    cluster_js: str
    cluster_css: tuple[str, ...]


# folium's own CDN addresses, used where the app does not serve local copies.
CDN_ASSETS = Assets(
    leaflet_js="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
    leaflet_css="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
    cluster_js="https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
               "leaflet.markercluster.js",
    cluster_css=("https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
                 "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
                 "MarkerCluster.Default.css"),
)


def local_assets(base_url: str, leaflet_dir: str, cluster_dir: str) -> Assets:
    """Assets served by the app itself under `base_url` (e.g. /app/static/vendor)."""
    base = base_url.rstrip("/")
    return Assets(
        leaflet_js=f"{base}/{leaflet_dir}/leaflet.js",
        leaflet_css=f"{base}/{leaflet_dir}/leaflet.css",
        cluster_js=f"{base}/{cluster_dir}/leaflet.markercluster.js",
        cluster_css=(f"{base}/{cluster_dir}/MarkerCluster.css",
                     f"{base}/{cluster_dir}/MarkerCluster.Default.css"),
    )


@dataclass(frozen=True)
class DistrictFigure:
    """One district on the choropleth: its value (None: no data) and the text shown for it."""

    id: int
    number: int
    name: str
    label_lat: float
    label_lon: float
    value: float | None
    text: str


@dataclass(frozen=True)
class MapAction:
    """What the map shows of one action (no personal data)."""

    lat: float
    lon: float
    title: str
    date: str
    type: str
    people_reached: int


def metric_label(metric: str, per_1000: bool, lang: str) -> str:
    """The legend title of a metric, e.g. 'People reached per 1,000 residents'."""
    label = i18n.translate(f"map.metric.{metric}", lang)
    return i18n.translate("map.per_1000_of", lang, metric=label) if per_1000 else label


def count_text(count: int, lang: str, public: bool) -> str:
    """A count of people for display; small ones read 'fewer than 5' on public views."""
    if public and privacy.is_small(count):
        return i18n.translate("common.fewer_than", lang, n=privacy.PUBLIC_MIN_COUNT)
    return i18n.format_number(count, lang)


def district_figures(districts: Sequence[District], totals: Mapping[int, Mapping[str, int]],
                     populations: Mapping[Any, Mapping[str, Any]], metric: str, per_1000: bool,
                     lang: str, public: bool) -> list[DistrictFigure]:
    """The metric per district, absolute or per 1,000 residents (None where population is unknown)."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    people = metric in ("agents", "reached")
    figures = []
    for d in districts:
        count = int(totals.get(d.id, {}).get(metric, 0))
        population = (populations.get(d.id) or {}).get("value")
        if per_1000 and not population:
            value, text = None, i18n.translate("map.no_data", lang)
        elif per_1000:
            value = count * 1000 / population
            text = i18n.format_number(value, lang, 2)
            if people and public and privacy.is_small(count):
                text = i18n.translate("common.fewer_than", lang, n=privacy.PUBLIC_MIN_COUNT)
        else:
            value = float(count)
            text = count_text(count, lang, public) if people else i18n.format_number(count, lang)
        figures.append(DistrictFigure(d.id, d.number, d.name(lang), d.label_lat, d.label_lon,
                                      value, text))
    return figures


def class_breaks(values: Iterable[float | None], classes: int = len(PALETTE),
                 whole: bool = False) -> list[float]:
    """Upper bounds of equal-width classes from 0 to the largest known value (whole numbers
    rounded up, for counts)."""
    known = [v for v in values if v is not None]
    top = max(known, default=0.0)
    if top <= 0:
        return [0.0]
    bounds = [top * (i + 1) / classes for i in range(classes)]
    return sorted({float(math.ceil(b)) for b in bounds}) if whole else bounds


def color_for(value: float | None, breaks: Sequence[float]) -> str:
    """The fill colour of a value: its class's colour, grey where there is no data."""
    if value is None:
        return NO_DATA_COLOR
    for i, upper in enumerate(breaks):
        if value <= upper:
            return PALETTE[min(i, len(PALETTE) - 1)] if len(breaks) > 1 else PALETTE[0]
    return PALETTE[-1]


class HtmlControl(MacroElement):
    """A Leaflet control holding fixed, already-escaped HTML (the legend)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create('div', 'antirumour-legend');
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str, position: str = "topright"):
        super().__init__()
        self._name = "HtmlControl"
        self.html = html
        self.position = position


class TouchFriendly(MacroElement):
    """On touch screens one finger scrolls the page, not the map (two fingers pan and zoom)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (L.Browser.mobile) { {{ this._parent.get_name() }}.dragging.disable(); }
        {% endmacro %}
    """)


def legend_html(figures: Sequence[DistrictFigure], breaks: Sequence[float], metric: str,
                per_1000: bool, lang: str, with_markers: bool) -> str:
    """The legend: colour classes with their ranges, 'no data' where needed, the marker."""
    decimals = 2 if per_1000 else 0
    box = ("display:inline-block;width:14px;height:14px;margin-right:6px;"
           "vertical-align:middle;border:1px solid #555;background:")
    rows, lower = [], 0.0
    for upper in breaks:
        rng = (f"{i18n.format_number(lower, lang, decimals)} – "
               f"{i18n.format_number(upper, lang, decimals)}")
        rows.append(f'<div><span style="{box}{color_for(upper, breaks)}"></span>{escape_html(rng)}</div>')
        lower = upper
    if any(f.value is None for f in figures):
        rows.append(f'<div><span style="{box}{NO_DATA_COLOR}"></span>'
                    f'{escape_html(i18n.translate("map.no_data", lang))}</div>')
    if with_markers:
        dot = (f"display:inline-block;width:12px;height:12px;margin:0 7px 0 1px;border-radius:50%;"
               f"vertical-align:middle;background:{MARKER_COLOR}")
        rows.append(f'<div style="margin-top:4px"><span style="{dot}"></span>'
                    f'{escape_html(i18n.translate("map.legend_action", lang))}</div>')
    title = escape_html(metric_label(metric, per_1000, lang))
    return ('<div style="background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;'
            'font:12px/1.5 sans-serif;color:#222;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:210px">'
            f'<b>{title}</b>{"".join(rows)}</div>')


def popup_parts(action: MapAction, lang: str, public: bool) -> list[Any]:
    """One marker's data row: position, then the popup's texts as plain text (never HTML).

    The row reaches the page as JSON through `safe_html.js_data` and the browser puts each text
    into a text node, so what a person typed is shown exactly as typed."""
    lat, lon = float(action.lat), float(action.lon)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError(f"action position is not a number: {action.lat!r}, {action.lon!r}")
    return [lat, lon, str(action.title), str(action.date),
            ACTION_TYPES.index(action.type) if action.type in ACTION_TYPES else -1,
            count_text(action.people_reached, lang, public)]


def popup_html(action: MapAction, lang: str, public: bool) -> str:
    """The popup of one action as escaped HTML (the plain-marker baseline; same text as the
    cluster's popups)."""
    _, _, title, day, type_index, reach = popup_parts(action, lang, public)
    labels = _type_labels(lang)
    kind = escape_html(labels[type_index]) if type_index >= 0 else ""
    reach_label = escape_html(i18n.translate("map.popup_reach", lang))
    return (f"<b>{escape_html(title)}</b><br>{escape_html(day)} · {kind}<br>"
            f"{reach_label}: {escape_html(reach)}")


def popup_text(row: Sequence[Any], lang: str) -> list[str]:
    """The lines a person reads in one cluster popup, built from a data row exactly as the
    browser callback builds them (used by tests to compare what is shown with what was typed)."""
    labels = _type_labels(lang)
    kind = labels[row[4]] if 0 <= row[4] < len(labels) else ""
    return [row[2], f"{row[3]} · {kind}", f"{i18n.translate('map.popup_reach', lang)}: {row[5]}"]


def _type_labels(lang: str) -> list[str]:
    return [i18n.translate(label_key("action_type", c), lang) for c in ACTION_TYPES]


# The popup is built from text nodes, so no text in a row is ever parsed as HTML. This source is
# itself emitted into a template that branca parses again: it must hold no Jinja delimiter
# (tests/test_inert_rendering.py checks every map element for that).
_MARKER_CALLBACK = """(function () {
    var types = TYPES;
    var reachLabel = REACH;
    function add(box, text, bold) {
        var node = document.createElement(bold ? 'b' : 'span');
        node.textContent = text;
        box.appendChild(node);
    }
    return function (row) {
        var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
            radius: 7, color: '#ffffff', weight: 1.5, fillColor: 'COLOUR', fillOpacity: 0.9
        });
        marker.bindPopup(function () {
            var box = document.createElement('div');
            add(box, row[2], true);
            box.appendChild(document.createElement('br'));
            add(box, row[3] + ' \u00b7 ' + (types[row[4]] || ''), false);
            box.appendChild(document.createElement('br'));
            add(box, reachLabel + ': ' + row[5], false);
            return box;
        });
        return marker;
    };
})()"""


def _marker_callback(lang: str) -> str:
    return (_MARKER_CALLBACK.replace("TYPES", js_data(_type_labels(lang)))
            .replace("REACH", js_data(i18n.translate("map.popup_reach", lang)))
            .replace("COLOUR", MARKER_COLOR))


class ActionCluster(FastMarkerCluster):
    """Clustered action markers whose rows reach the page as data: brace-free JSON from
    `safe_html.js_data`, not Jinja's `tojson` (whose output branca would parse again)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                var callback = {{ this.callback_js }};
                var data = {{ this.data_js }};
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                for (var i = 0; i < data.length; i++) {
                    callback(data[i]).addTo(cluster);
                }
                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}""")

    def __init__(self, rows: list[list[Any]], callback: str, **kwargs: Any):
        super().__init__(rows, callback=callback, **kwargs)
        self._name = "ActionCluster"
        self.data_js = js_data(rows)
        self.callback_js = callback


def marker_rows(actions: Sequence[MapAction], lang: str, public: bool) -> list[list[Any]]:
    """The data rows of the actions that can be drawn; one that cannot is left out and logged,
    so one bad row never takes the map down."""
    rows = []
    for a in actions:
        try:
            rows.append(popup_parts(a, lang, public))
        except (TypeError, ValueError) as err:
            log.warning("action left off the map: %s", err)
    return rows


class ZoomableMap(folium.Map):
    """folium's map, without the viewport tag that forbids pinch zoom inside its frame
    ("maximum-scale=1.0, user-scalable=no": WCAG 1.4.4). folium writes the tag from its own
    header macro on each render; the rendered header is fixed text with no user input."""

    NO_ZOOM = re.compile(r",\s*maximum-scale=1\.0,\s*user-scalable=no")

    def render(self, **kwargs: Any) -> None:
        super().render(**kwargs)
        header = self.get_root().header
        element = header._children.get(self.get_name())
        if element is not None:
            fixed = self.NO_ZOOM.sub("", element.render())
            header.add_child(folium.Element(fixed), name=self.get_name())


def _base_map(assets: Assets, bounds: tuple[float, float, float, float] | None,
              tiles: bool) -> folium.Map:
    centre = [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2] if bounds else [0, 0]
    m = ZoomableMap(location=centre, zoom_start=12, tiles=None, control_scale=True, zoom_snap=0.25)
    # Only Leaflet itself: no jQuery, Bootstrap or icon fonts (nothing here uses them).
    m.default_js = [("leaflet", assets.leaflet_js)]
    m.default_css = [("leaflet_css", assets.leaflet_css)]
    m.get_root().header.add_child(folium.Element(
        f"<style>.folium-map, .leaflet-container {{ background: {MAP_BACKGROUND}; }}"
        "@media (max-width: 480px) {.antirumour-legend > div {font-size: 10px !important;"
        " max-width: 150px !important; padding: 4px 6px !important;}}</style>"))
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap",
                         max_zoom=19).add_to(m)
    if bounds:
        min_lat, min_lon, max_lat, max_lon = bounds
        m.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    return m


def geojson_bounds(geojson: Mapping[str, Any]) -> tuple[float, float, float, float] | None:
    """(min_lat, min_lon, max_lat, max_lon) of a FeatureCollection, None when empty."""
    boxes = [geo.bounds(f["geometry"]) for f in geojson.get("features", [])]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def build_map(geojson: Mapping[str, Any], figures: Sequence[DistrictFigure],
              actions: Sequence[MapAction], *, metric: str, per_1000: bool, lang: str,
              public: bool = True, assets: Assets = CDN_ASSETS, cluster: bool = True,
              tiles: bool = True) -> folium.Map:
    """The district choropleth with labels, legend and action markers (clustered, or plain)."""
    m = _base_map(assets, geojson_bounds(geojson), tiles)
    by_id = {f.id: f for f in figures}
    breaks = class_breaks((f.value for f in figures), whole=not per_1000)
    features = []
    for feature in geojson.get("features", []):
        fig = by_id.get(feature["properties"]["id"])
        if fig is None:
            continue
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "district_id": fig.id,
            "label": escape_html(f"{fig.number}. {fig.name}"),
            "value_text": escape_html(fig.text),
            "fill": color_for(fig.value, breaks),
        }})
    if features:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=i18n.translate("map.districts_layer", lang),
            style_function=lambda f: {
                "fillColor": f["properties"]["fill"], "fillOpacity": 0.75,
                "color": "#37474f", "weight": 1.2,
            },
            highlight_function=lambda f: {"weight": 3, "fillOpacity": 0.9},
            tooltip=folium.GeoJsonTooltip(
                fields=["label", "value_text"],
                aliases=[escape_html(i18n.translate("map.district", lang)),
                         escape_html(metric_label(metric, per_1000, lang))],
            ),
        ).add_to(m)
    # Labels sit in their own pane above the markers and let clicks through to the map.
    folium.map.CustomPane(LABEL_PANE, z_index=650, pointer_events=False).add_to(m)
    for fig in figures:
        label = escape_html(fig.name)
        folium.Marker(
            [fig.label_lat, fig.label_lon], interactive=False, pane=LABEL_PANE,
            icon=folium.DivIcon(
                icon_size=(0, 0), class_name="antirumour-label",
                html=('<div style="transform:translate(-50%,-50%);width:max-content;max-width:120px;'
                      'text-align:center;font:600 12px/1.15 sans-serif;color:#102027;'
                      'text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;pointer-events:none">'
                      f'{label}</div>')),
        ).add_to(m)
    _add_markers(m, actions, lang, public, assets, cluster)
    TouchFriendly().add_to(m)
    HtmlControl(legend_html(figures, breaks, metric, per_1000, lang, bool(actions))).add_to(m)
    return m


def _add_markers(m: folium.Map, actions: Sequence[MapAction], lang: str, public: bool,
                 assets: Assets, cluster: bool) -> None:
    if not actions:
        return
    if cluster:
        layer = ActionCluster(
            marker_rows(actions, lang, public), callback=_marker_callback(lang),
            name=i18n.translate("map.actions_layer", lang), control=False,
            showCoverageOnHover=False, maxClusterRadius=50, chunkedLoading=True,
        )
        layer.default_js = [("markerclusterjs", assets.cluster_js)]
        layer.default_css = [(f"markerclustercss{i}", url) for i, url in enumerate(assets.cluster_css)]
        layer.add_to(m)
        return
    for a in actions:  # the baseline: one folium marker and popup per action
        if not marker_rows([a], lang, public):
            continue
        folium.CircleMarker(
            [a.lat, a.lon], radius=7, color="#ffffff", weight=1.5, fill=True,
            fill_color=MARKER_COLOR, fill_opacity=0.9,
            popup=folium.Popup(popup_html(a, lang, public)),
        ).add_to(m)


def point_picker_map(geometry: Mapping[str, Any], point: tuple[float, float] | None,
                     assets: Assets = CDN_ASSETS, tiles: bool = True) -> folium.Map:
    """A small map of one district with the chosen point, for clicking a new point."""
    m = _base_map(assets, geo.bounds(dict(geometry)), tiles)
    folium.GeoJson({"type": "Feature", "geometry": dict(geometry), "properties": {}},
                   style_function=lambda f: {"fillColor": PALETTE[1], "fillOpacity": 0.35,
                                             "color": "#08519c", "weight": 2},
                   interactive=False).add_to(m)
    if point is not None:
        folium.CircleMarker(list(point), radius=8, color="#ffffff", weight=2, fill=True,
                            fill_color=MARKER_COLOR, fill_opacity=1, interactive=False).add_to(m)
    return m
