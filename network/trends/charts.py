"""Altair charts for attitudes next to activity: pure functions of rows, in a language.

The index is drawn at each wave's fieldwork start with its 95% interval; the activity that
counts for that wave is drawn as a bar spanning the period before it, on the same time axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt
import pandas as pd

from network.barometer.charts import APP_COLOUR, SUPPRESSED_COLOUR, estimate_text, fmt, rewind_for_d3
from network.core import i18n

ACTIVITY_COLOUR = "#b05a00"
NOISE_COLOUR = "#8a8a8a"
PANEL_WIDTH = 200
INTENSITY = ("actions_per_1000", "reached_per_1000", "actions", "reached", "quiz")


def _t(lang: str):
    return lambda key, **kw: i18n.translate(key, lang, **kw)


def measure_label(measure: str, lang: str) -> str:
    """'Actions per 1,000 residents', 'People reached', ..."""
    t = _t(lang)
    base = measure.removesuffix("_per_1000")
    label = t(f"trends.measure.{base}")
    return t("trends.per_1000", measure=label) if measure.endswith("_per_1000") else label


def _value_text(value: float | None, lang: str, per: bool) -> str:
    return fmt(value, lang, 2 if per else 0)


def small_multiples(rows: Sequence[dict[str, Any]], lang: str, measure: str,
                    columns: int = 3, width: int = PANEL_WIDTH) -> alt.VConcatChart:
    """Per area, the index by wave (points, 95% error bars) above the activity of the period
    before each wave (bars spanning the period), all on one shared time axis.

    rows: trends.panel_rows(); measure: one of MEASURES, optionally with '_per_1000'.
    """
    t = _t(lang)
    frame = pd.DataFrame(list(rows))
    per = measure.endswith("_per_1000")
    frame["estimate_text"] = [estimate_text(r, lang) for r in rows]
    frame["value"] = frame[measure]
    frame["value_text"] = [_value_text(r[measure], lang, per) for r in rows]
    frame["n_text"] = [fmt(r["n"], lang, 0) for r in rows]
    frame["period_text"] = [f"{r['period_start']} – {r['period_end']}" for r in rows]
    # A little room after the last wave so its point and error bar are not cut.
    last = date.fromisoformat(frame["wave_date"].max()) + timedelta(days=75)
    domain = [frame["period_start"].min(), last.isoformat()]
    x = alt.X("wave_date:T", title=None, scale=alt.Scale(domain=domain),
              axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0))
    shown = [r for r in rows if r["mean"] is not None]
    lows = [r["low"] for r in shown if r["low"] is not None]
    highs = [r["high"] for r in shown if r["high"] is not None]
    y_dom = [min(lows, default=40) - 2, max(highs, default=80) + 2]
    def top(values: Any) -> float:
        return max((v for v in values if v is not None and v == v), default=0) or 1

    # Districts share one activity scale (so they compare); the city, far larger, has its own.
    district_max = top(frame.loc[frame["area_id"].notna(), "value"])
    city_max = top(frame.loc[frame["area_id"].isna(), "value"])
    tips = [alt.Tooltip("area:N", title=t("field.district")),
            alt.Tooltip("wave:N", title=t("trends.chart.wave")),
            alt.Tooltip("estimate_text:N", title=t("trends.chart.index_ci")),
            alt.Tooltip("n_text:N", title=t("trends.chart.n")),
            alt.Tooltip("period_text:N", title=t("trends.chart.period")),
            alt.Tooltip("value_text:N", title=measure_label(measure, lang))]
    panels = []
    for area in dict.fromkeys(frame["area"]):
        sub = frame[frame["area"] == area]
        vmax = city_max if sub["area_id"].isna().all() else district_max
        base = alt.Chart(sub).encode(x=x)
        y = alt.Y("mean:Q", title=t("trends.chart.index_axis"), scale=alt.Scale(domain=y_dom))
        ok = alt.datum.suppressed == False  # noqa: E712 (a Vega expression)
        index = alt.layer(
            base.mark_rule(color=APP_COLOUR).encode(y=y, y2="high:Q").transform_filter(ok),
            base.mark_rule(color=APP_COLOUR).encode(y="low:Q", y2="mean:Q").transform_filter(ok),
            base.mark_line(color=APP_COLOUR, strokeWidth=1).encode(y=y).transform_filter(ok),
            base.mark_point(filled=True, color=APP_COLOUR, size=30).encode(y=y, tooltip=tips)
            .transform_filter(ok),
            base.mark_point(shape="cross", color="#888", size=40).encode(
                y=alt.datum(y_dom[0] + 1), tooltip=tips).transform_filter("datum.suppressed"),
        ).properties(width=width, height=110, title=alt.TitleParams(area, anchor="start",
                                                                     fontSize=12))
        bars = base.mark_rect(color=ACTIVITY_COLOUR, opacity=0.75, stroke="white").encode(
            x=alt.X("period_start:T", title=None, scale=alt.Scale(domain=domain),
                    axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0)),
            x2="period_end:T", y=alt.Y("value:Q", title=measure_label(measure, lang),
                                       scale=alt.Scale(domain=[0, vmax]),
                                       axis=alt.Axis(titleFontSize=9, tickCount=3)),
            y2=alt.datum(0), tooltip=tips).transform_filter("isValid(datum.value)")
        panels.append(alt.vconcat(index, bars.properties(width=width, height=55), spacing=2))
    grid = [alt.hconcat(*panels[i:i + columns], spacing=18) for i in range(0, len(panels), columns)]
    return alt.vconcat(*grid, spacing=22).resolve_scale(x="shared")


def change_scatter(rows: Sequence[dict[str, Any]], lang: str, intensity: str,
                   width: int | str = "container", height: int = 380) -> alt.LayerChart:
    """Change in index between two waves (y) against activity between them (x), one labelled
    point per district; grey where the change is within sampling error (test of change,
    p >= 0.05). rows: trends.change_rows() without the city."""
    t = _t(lang)
    per = intensity.endswith("_per_1000")
    data = [r for r in rows if r["change"] is not None and r.get(intensity) is not None]
    frame = pd.DataFrame(data, columns=list(rows[0]) if rows else ["area"])
    noise, clear = t("trends.status.within"), t("trends.status.larger")
    frame["status"] = [clear if r["significant"] else noise for r in data]
    frame["x"] = [r[intensity] for r in data]
    frame["change_text"] = [fmt(r["change"], lang, 1) for r in data]
    frame["p_text"] = ["–" if r["p"] is None else fmt(r["p"], lang, 3) for r in data]
    frame["x_text"] = [_value_text(r[intensity], lang, per) for r in data]
    frame["label"] = [r["area"] for r in data]
    tips = [alt.Tooltip("area:N", title=t("field.district")),
            alt.Tooltip("change_text:N", title=t("trends.chart.change")),
            alt.Tooltip("p_text:N", title=t("trends.chart.p")),
            alt.Tooltip("x_text:N", title=measure_label(intensity, lang)),
            alt.Tooltip("status:N", title=t("trends.chart.status"))]
    # Room on the right for the last point's label.
    x_max = max((r[intensity] for r in data), default=1) * 1.2 or 1
    x = alt.X("x:Q", title=measure_label(intensity, lang),
              scale=alt.Scale(domain=[0, x_max], nice=True))
    y = alt.Y("change:Q", title=t("trends.chart.change_axis"))
    colour = alt.Color("status:N", title=None,
                       scale=alt.Scale(domain=[clear, noise], range=[APP_COLOUR, NOISE_COLOUR]),
                       legend=alt.Legend(orient="top", labelLimit=400))
    base = alt.Chart(frame)
    layers = [
        alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="#444", strokeDash=[4, 3])
        .encode(y="zero:Q"),
        base.mark_point(filled=True, size=90).encode(x=x, y=y, color=colour, tooltip=tips),
        base.mark_text(align="left", dx=7, dy=-6, fontSize=11).encode(x=x, y=y, text="label:N"),
    ]
    return alt.layer(*layers).properties(width=width, height=height)


def activity_map(geojson: dict[str, Any], figures: dict[int, float | None],
                 labels: Sequence[dict[str, Any]], lang: str, measure: str,
                 width: int = 620, height: int = 480) -> alt.LayerChart:
    """Districts shaded by an activity measure (grey where unknown), names and values written
    on each; geometries rewound for d3 with the barometer's helper."""
    t = _t(lang)
    per = measure.endswith("_per_1000")
    features = []
    for f in geojson["features"]:
        did = f["properties"]["id"]
        value = figures.get(did)
        features.append({"type": "Feature", "geometry": rewind_for_d3(f["geometry"]),
                         "properties": {"value": value}})
    data = alt.Data(values=features, format=alt.DataFormat(type="json"))
    base = alt.Chart(data).mark_geoshape(stroke="white", strokeWidth=1.5, fill=SUPPRESSED_COLOUR)
    coloured = alt.Chart(data).mark_geoshape(stroke="white", strokeWidth=1.5).encode(
        color=alt.Color("properties.value:Q", title=measure_label(measure, lang),
                        scale=alt.Scale(scheme="oranges"),
                        legend=alt.Legend(orient="bottom", gradientLength=260, titleLimit=400))
    ).transform_filter("isValid(datum.properties.value)")
    text = pd.DataFrame([{"lat": lab["lat"], "lon": lab["lon"], "name": lab["name"],
                          "value": _value_text(figures.get(lab["district_id"]), lang, per)
                          if figures.get(lab["district_id"]) is not None else t("trends.unknown")}
                         for lab in labels])
    layers = []
    for field, dy, weight in (("name", -7, "bold"), ("value", 7, "normal")):
        enc = {"longitude": "lon:Q", "latitude": "lat:Q", "text": f"{field}:N"}
        layers += [alt.Chart(text).mark_text(dy=dy, fontSize=11, fontWeight=weight, stroke="white",
                                             strokeWidth=3, strokeOpacity=0.85).encode(**enc),
                   alt.Chart(text).mark_text(dy=dy, fontSize=11, fontWeight=weight).encode(**enc)]
    return alt.layer(base, coloured, *layers).project(type="mercator").properties(
        width=width, height=height)


def bar_chart(rows: Sequence[dict[str, Any]], lang: str, title: str,
              width: int | str = "container") -> alt.Chart:
    """Horizontal bars of rows with 'label' and 'value' (sorted as given)."""
    frame = pd.DataFrame(list(rows), columns=["label", "value"])
    frame["value_text"] = [fmt(v, lang, 0) for v in frame["value"]]
    order = list(frame["label"])
    bars = alt.Chart(frame).encode(
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=title))
    return alt.layer(bars.mark_bar(color=ACTIVITY_COLOUR),
                     bars.mark_text(align="left", dx=3).encode(text="value_text:N")).properties(
        width=width, height=max(60, 22 * len(frame)))
