"""Altair chart builders for the barometer: pure functions of estimate rows, in a language.

Every chart draws the 95% interval (band or error bar), titles its axes with units, and
carries n and n_eff in the tooltip. Figures in tooltips are pre-formatted strings in the
chosen language (decimal comma in Spanish and Basque).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from network.barometer.instrument import BANDS, Instrument, instrument
from network.barometer.published import PublishedValue, series_label
from network.core import geo, i18n

APP_COLOUR = "#1f5fa8"
PUBLISHED_COLOURS = ("#b05a00", "#6b6b6b", "#7a3f9d")
# At least 3:1 against white for chart marks (WCAG 1.4.11); grey was #9a9a9a (2.8:1).
BAND_COLOURS = {"tolerant": "#2a8a57", "ambivalent": "#767676", "reluctant": "#c2571a"}
BAND_SHAPES = ("circle", "square", "triangle-up")  # tolerant, ambivalent, reluctant
SUPPRESSED_COLOUR = "#d9d9d9"
INDEX_DOMAIN = (0, 100)
PANEL_WIDTH = 165  # small multiples: four across the wide layout


def _t(lang: str):
    return lambda key, **kw: i18n.translate(key, lang, **kw)


def fmt(value: float | None, lang: str, decimals: int = 1) -> str:
    """A figure as text in the language ('–' when missing)."""
    return i18n.format_number(value, lang, decimals)


def estimate_text(row: dict[str, Any], lang: str, unit: str = "") -> str:
    """'56,3 (54,1–58,5)' or 'not enough responses', for tooltips and tables."""
    t = _t(lang)
    if row.get("hidden") == "complementary":
        return t("barometer.hidden")
    if row.get("suppressed"):
        return t("barometer.not_enough")
    text = fmt(row["mean"], lang) + unit
    if row.get("low") is not None:
        text += f" ({fmt(row['low'], lang)}–{fmt(row['high'], lang)}{unit})"
    return text


def _tooltip_frame(rows: Sequence[dict[str, Any]], lang: str, unit: str = "") -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    if frame.empty:
        return frame
    frame["estimate_text"] = [estimate_text(r, lang, unit) for r in rows]
    frame["n_text"] = [fmt(r["n"], lang, 0) for r in rows]
    frame["neff_text"] = ["–" if r.get("n_eff") is None else fmt(r["n_eff"], lang, 1) for r in rows]
    frame["flag_text"] = [_flag(r, lang) for r in rows]
    return frame


def _flag(row: dict[str, Any], lang: str) -> str:
    t = _t(lang)
    if row.get("suppressed"):
        return t("barometer.status.not_enough")
    return t("barometer.status.unreliable") if row.get("unreliable") else t("barometer.status.ok")


def _tooltips(lang: str, extra: Sequence[alt.Tooltip] = ()) -> list[alt.Tooltip]:
    t = _t(lang)
    return [*extra,
            alt.Tooltip("estimate_text:N", title=t("barometer.chart.estimate_ci")),
            alt.Tooltip("n_text:N", title=t("barometer.chart.n")),
            alt.Tooltip("neff_text:N", title=t("barometer.chart.neff")),
            alt.Tooltip("flag_text:N", title=t("barometer.chart.status"))]


def _date_axis(lang: str) -> alt.X:
    return alt.X("date:T", title=_t(lang)("barometer.chart.fieldwork_year"),
                 axis=alt.Axis(format="%Y", tickCount="year"))


def index_trend_chart(city_rows: Sequence[dict[str, Any]], published: Sequence[PublishedValue],
                      lang: str, series_name: str) -> alt.LayerChart:
    """The city's index by wave (line, points, 95% band) beside the published series.

    city_rows: dicts with date (ISO), wave, mean, low, high, n, n_eff, suppressed, unreliable.
    """
    t = _t(lang)
    shown = [r for r in city_rows if not r["suppressed"]]
    frame = _tooltip_frame(shown, lang)
    names = [series_name] + [series_label(s, lang) for s in dict.fromkeys(p.series for p in published)]
    colour = alt.Color("series:N", title=t("barometer.chart.series"),
                       scale=alt.Scale(domain=names,
                                       range=[APP_COLOUR, *PUBLISHED_COLOURS][:len(names)]),
                       legend=alt.Legend(orient="top", direction="horizontal", title=None,
                                         labelLimit=400, symbolOpacity=1))
    y = alt.Y("mean:Q", title=t("barometer.chart.index_axis"), scale=alt.Scale(zero=False))
    layers = []
    if not frame.empty:
        frame["series"] = series_name
        base = alt.Chart(frame).encode(x=_date_axis(lang))
        layers += [
            base.mark_area(opacity=0.2, color=APP_COLOUR).encode(y="low:Q", y2="high:Q"),
            base.mark_line(strokeWidth=2.5).encode(y=y, color=colour),
            base.mark_point(filled=True, size=70).encode(
                y=y, color=colour,
                tooltip=_tooltips(lang, [alt.Tooltip("wave:N", title=t("barometer.chart.wave"))])),
        ]
    if published:
        pub = pd.DataFrame([{"date": f"{p.year}-07-01", "year": str(p.year), "mean": p.value,
                             "series": series_label(p.series, lang), "source": p.source,
                             "value_text": fmt(p.value, lang, 2)} for p in published])
        base = alt.Chart(pub).encode(x=_date_axis(lang), y=y, color=colour)
        tips = [alt.Tooltip("series:N", title=t("barometer.chart.series")),
                alt.Tooltip("year:N", title=t("field.year")),
                alt.Tooltip("value_text:N", title=t("barometer.chart.published_value")),
                alt.Tooltip("source:N", title=t("field.source"))]
        layers += [base.mark_line(strokeDash=[5, 4], strokeWidth=1.5),
                   base.mark_point(shape="diamond", size=70, filled=True).encode(tooltip=tips)]
    return alt.layer(*layers).properties(height=440, width="container")


def district_trend_chart(rows: Sequence[dict[str, Any]], lang: str, y_floor: float) -> alt.FacetChart:
    """The index by wave in each district (small multiples), with 95% bands; cells with too
    few responses are marked at the bottom of the panel instead of plotted.

    rows: dicts with district (name), number, date, wave, mean, low, high, n, n_eff, flags.
    """
    t = _t(lang)
    frame = _tooltip_frame(rows, lang)
    frame["floor"] = y_floor
    y = alt.Y("mean:Q", title=t("barometer.chart.index_axis"), scale=alt.Scale(zero=False))
    tips = _tooltips(lang, [alt.Tooltip("district:N", title=t("field.district")),
                            alt.Tooltip("wave:N", title=t("barometer.chart.wave"))])
    shown = alt.datum.suppressed == False  # noqa: E712 (a Vega expression, not Python)
    base = alt.Chart().encode(x=_date_axis(lang))
    layer = alt.layer(
        base.mark_area(opacity=0.2, color=APP_COLOUR).encode(y="low:Q", y2="high:Q")
        .transform_filter(shown),
        base.mark_line(color=APP_COLOUR).encode(y=y).transform_filter(shown),
        base.mark_point(filled=True, color=APP_COLOUR, size=40).encode(
            y=y, tooltip=tips, shape=alt.Shape(
                "flag_text:N", title=t("barometer.chart.status"),
                legend=alt.Legend(orient="bottom"))).transform_filter(shown),
        # Out of the accessibility tree: an empty layer would be an unnamed graphic (WCAG 1.1.1);
        # the caption and the table say which cells have too few responses.
        base.mark_point(shape="cross", color="#888", size=60, aria=False).encode(
            y="floor:Q", tooltip=tips).transform_filter(alt.datum.suppressed == True),  # noqa: E712
        data=frame,
    )
    order = list(dict.fromkeys(frame.sort_values("number")["district"]))
    return layer.properties(width=PANEL_WIDTH, height=150).facet(
        facet=alt.Facet("district:N", title=None, sort=order), columns=4)


def band_share_chart(rows: Sequence[dict[str, Any]], lang: str) -> alt.LayerChart:
    """Shares of tolerant / ambivalent / reluctant respondents by wave, with 95% bands."""
    t = _t(lang)
    shown = [r for r in rows if not r["suppressed"]]
    frame = _tooltip_frame(shown, lang, unit=" %")
    if frame.empty:
        return alt.layer(alt.Chart(pd.DataFrame({"x": []})).mark_point())
    labels = {b: t(f"barometer.band.{b}") for b in BANDS}
    frame["band_label"] = [labels[b] for b in frame["band"]]
    colour = alt.Color("band_label:N", title=t("barometer.chart.band"),
                       scale=alt.Scale(domain=list(labels.values()),
                                       range=[BAND_COLOURS[b] for b in BANDS]),
                       legend=alt.Legend(orient="bottom", symbolOpacity=1))
    # Colour is never the only cue (WCAG 1.4.1): each band has its own point shape (in the
    # legend too) and its name written beside its latest point.
    shape = alt.Shape("band_label:N", title=t("barometer.chart.band"),
                      scale=alt.Scale(domain=list(labels.values()), range=list(BAND_SHAPES)),
                      legend=alt.Legend(orient="bottom", symbolOpacity=1))
    base = alt.Chart(frame).encode(x=_date_axis(lang), color=colour)
    y = alt.Y("mean:Q", title=t("barometer.chart.share_axis"), scale=alt.Scale(domain=[0, 100]))
    tips = _tooltips(lang, [alt.Tooltip("band_label:N", title=t("barometer.chart.band")),
                            alt.Tooltip("wave:N", title=t("barometer.chart.wave"))])
    latest = frame[frame["date"] == frame["date"].max()]
    return alt.layer(
        base.mark_area(opacity=0.18).encode(y="low:Q", y2="high:Q"),
        base.mark_line().encode(y=y),
        base.mark_point(filled=True, size=60, opacity=1).encode(y=y, shape=shape, tooltip=tips),
        alt.Chart(latest).mark_text(align="right", dx=-8, dy=-12, fontSize=12,
                                    color="#333333").encode(x=_date_axis(lang), y=y,
                                                            text="band_label:N"),
    ).properties(height=380, width="container")


def item_trend_chart(rows: Sequence[dict[str, Any]], lang: str,
                     inst: Instrument | None = None) -> alt.FacetChart:
    """Each item's mean score (0-100, higher = more tolerant) by wave, with 95% bands."""
    inst = inst or instrument()
    t = _t(lang)
    shown = [r for r in rows if not r["suppressed"]]
    frame = _tooltip_frame(shown, lang)
    frame["item_label"] = [f"{r['item']} · {inst.item(r['item']).short[lang]}" for r in shown]
    frame["item_text"] = [inst.item(r["item"]).text[lang] for r in shown]
    frame["direction"] = [t("barometer.chart.reverse_coded") if inst.item(r["item"]).reverse
                          else t("barometer.chart.direct_coded") for r in shown]
    y = alt.Y("mean:Q", title=t("barometer.chart.item_axis_short"), scale=alt.Scale(domain=[0, 100]))
    tips = _tooltips(lang, [alt.Tooltip("item_text:N", title=t("barometer.chart.item")),
                            alt.Tooltip("direction:N", title=t("barometer.chart.coding")),
                            alt.Tooltip("wave:N", title=t("barometer.chart.wave"))])
    base = alt.Chart().encode(x=_date_axis(lang))
    layer = alt.layer(
        base.mark_area(opacity=0.2, color=APP_COLOUR).encode(y="low:Q", y2="high:Q"),
        base.mark_line(color=APP_COLOUR).encode(y=y),
        base.mark_point(filled=True, color=APP_COLOUR, size=30).encode(y=y, tooltip=tips),
        data=frame,
    )
    return layer.properties(width=PANEL_WIDTH, height=120).facet(
        facet=alt.Facet("item_label:N", title=None, sort=list(dict.fromkeys(frame["item_label"])),
                        header=alt.Header(labelLimit=PANEL_WIDTH + 20)), columns=4)


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))


def rewind_for_d3(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with outer rings clockwise and holes counter-clockwise, as d3-geo (Vega's
    projection) expects; GeoJSON files usually wind the other way (RFC 7946), which d3 reads
    as "the whole globe except this district"."""
    polys = geo.polygons(geometry)
    fixed = [[ring[::-1] if (_signed_area(ring) > 0) == (k == 0) else ring
              for k, ring in enumerate(poly)] for poly in polys]
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": fixed[0]}
    return {"type": "MultiPolygon", "coordinates": fixed}


def district_map(geojson: dict[str, Any], rows: Sequence[dict[str, Any]], lang: str,
                 labels: Sequence[dict[str, Any]]) -> alt.LayerChart:
    """A choropleth of one wave's index by district (geoshape); suppressed districts grey.

    rows: dicts with district_id, mean, low, high, n, n_eff, suppressed, unreliable.
    labels: dicts with district_id, name, lat, lon (where to write the name).
    """
    t = _t(lang)
    by_id = {r["district_id"]: r for r in rows}
    names = {lab["district_id"]: lab["name"] for lab in labels}
    features = []
    for f in geojson["features"]:
        did = f["properties"]["id"]
        r = by_id.get(did, {"n": 0, "mean": None, "suppressed": True, "n_eff": None})
        props = {"name": names.get(did, ""), "index": None if r["suppressed"] else r["mean"],
                 "estimate_text": estimate_text(r, lang), "n_text": fmt(r["n"], lang, 0),
                 "neff_text": "–" if r.get("n_eff") is None else fmt(r["n_eff"], lang, 1),
                 "flag_text": _flag(r, lang)}
        features.append({"type": "Feature", "geometry": rewind_for_d3(f["geometry"]),
                         "properties": props})
    data = alt.Data(values=features, format=alt.DataFormat(type="json"))
    tips = [alt.Tooltip("properties.name:N", title=t("field.district")),
            alt.Tooltip("properties.estimate_text:N", title=t("barometer.chart.estimate_ci")),
            alt.Tooltip("properties.n_text:N", title=t("barometer.chart.n")),
            alt.Tooltip("properties.neff_text:N", title=t("barometer.chart.neff")),
            alt.Tooltip("properties.flag_text:N", title=t("barometer.chart.status"))]
    base = alt.Chart(data).mark_geoshape(stroke="white", strokeWidth=1.5, fill=SUPPRESSED_COLOUR)
    coloured = alt.Chart(data).mark_geoshape(stroke="white", strokeWidth=1.5).encode(
        color=alt.Color("properties.index:Q", title=t("barometer.chart.index_axis"),
                        scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(orient="bottom", gradientLength=260)),
        tooltip=tips).transform_filter("isValid(datum.properties.index)")
    base = base.encode(tooltip=tips)
    text = pd.DataFrame([{"lat": lab["lat"], "lon": lab["lon"], "name": lab["name"],
                          "value": _map_value(by_id.get(lab["district_id"]), lang)}
                         for lab in labels])
    text_layers = []
    for field, dy, weight in (("name", -7, "bold"), ("value", 7, "normal")):
        encoding = {"longitude": "lon:Q", "latitude": "lat:Q", "text": f"{field}:N"}
        # A white halo under the text keeps it readable on the darkest fills.
        text_layers += [
            alt.Chart(text).mark_text(dy=dy, fontSize=11, fontWeight=weight, stroke="white",
                                      strokeWidth=3, strokeOpacity=0.85).encode(**encoding),
            alt.Chart(text).mark_text(dy=dy, fontSize=11, fontWeight=weight).encode(**encoding),
        ]
    return alt.layer(base, coloured, *text_layers).project(type="mercator").properties(
        height=560, width="container")


def _map_value(row: dict[str, Any] | None, lang: str) -> str:
    if row is None or row["suppressed"]:
        return _t(lang)("barometer.not_enough")
    return fmt(row["mean"], lang) + (" ⚠" if row.get("unreliable") else "")


def breakdown_domain(rows: Sequence[dict[str, Any]], margin: float = 5) -> tuple[float, float]:
    """A shared index axis for the breakdown charts: the intervals' span, rounded out to tens."""
    lows = [r["low"] for r in rows if r.get("low") is not None]
    highs = [r["high"] for r in rows if r.get("high") is not None]
    if not lows:
        return INDEX_DOMAIN
    return (max(0, (min(lows) - margin) // 10 * 10), min(100, -(-(max(highs) + margin) // 10) * 10))


def breakdown_chart(rows: Sequence[dict[str, Any]], lang: str, dimension: str,
                    domain: tuple[float, float] = INDEX_DOMAIN,
                    inst: Instrument | None = None) -> alt.LayerChart:
    """One wave's index by sex, age band or born abroad: points with 95% error bars; groups
    with too few responses say so instead of showing a number."""
    inst = inst or instrument()
    t = _t(lang)
    order = [inst.label(dimension, c, lang) for c in inst.categories(dimension)]
    frame = _tooltip_frame(rows, lang)
    frame["category_label"] = [inst.label(dimension, r["category"], lang) for r in rows]
    frame["x0"] = domain[0]
    scale = alt.Scale(domain=list(domain))
    y = alt.Y("category_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=200))
    x = alt.X("mean:Q", title=t("barometer.chart.index_axis"), scale=scale)
    base = alt.Chart(frame).encode(y=y)
    tips = _tooltips(lang, [alt.Tooltip("category_label:N", title=inst.question(dimension, lang))])
    shown = alt.datum.suppressed == False  # noqa: E712
    return alt.layer(
        base.mark_rule(color=APP_COLOUR, strokeWidth=2).encode(
            x=alt.X("low:Q", title=None, scale=scale), x2="high:Q").transform_filter(shown),
        base.mark_point(filled=True, color=APP_COLOUR, size=80).encode(x=x, tooltip=tips)
        .transform_filter(shown),
        base.mark_text(align="left", dx=4, color="#666", fontStyle="italic").encode(
            x=alt.X("x0:Q", scale=scale), text=alt.value(t("barometer.not_enough")), tooltip=tips)
        .transform_filter(alt.datum.suppressed == True),  # noqa: E712
    ).properties(height=44 * len(order) + 80, width="container",
                 title=alt.TitleParams(t(f"barometer.dimension.{dimension}"), anchor="start",
                                       fontSize=13))
