"""Altair charts of the district dashboard: pure functions of the dashboard's rows and the
translated labels they carry (every axis titled, counts in the tooltips)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

from network.core import i18n
from network.core.vocab import TRAINING_MODULES
from network.district import Share

Translate = Callable[..., str]
MONTH_FORMAT = "%Y-%m"
LABEL_LIMIT = 240  # pixels: long Spanish and Basque labels stay whole, phones keep a plot


def percent(fraction: float, lang: str) -> str:
    """A share as a percentage with one decimal: '12.5 %' ('12,5 %' in Spanish and Basque)."""
    return f"{i18n.format_number(100 * fraction, lang, 1)} %"


def period_label(iso_start: str, period: str, quarter_prefix: str) -> str:
    """'2024-03' for a month, '2024 T1' (prefix translated) for a quarter."""
    if period == "month":
        return iso_start[:7]
    return f"{iso_start[:4]} {quarter_prefix}{(int(iso_start[5:7]) - 1) // 3 + 1}"


def over_time_chart(rows: list[dict[str, Any]], period: str, measure: str, t: Translate
                    ) -> alt.Chart:
    """Bars of actions (or people reached) per month or quarter, dated in UTC."""
    prefix = t("district.quarter_prefix")
    frame = pd.DataFrame(rows, columns=["period_start", "actions", "reached"])
    frame["label"] = [period_label(p, period, prefix) for p in frame["period_start"]]
    unit = "utcyearmonth" if period == "month" else "utcyearquarter"
    if period == "month":
        label_expr = f"utcFormat(datum.value, '{MONTH_FORMAT}')"
    else:
        label_expr = (f"utcyear(datum.value) + ' ' + {json.dumps(prefix)} + "
                      "(floor(utcmonth(datum.value) / 3) + 1)")
    y_title = t("district.axis_actions" if measure == "actions" else "district.axis_reached")
    return alt.Chart(frame).mark_bar(color="#1f77b4" if measure == "actions" else "#2ca02c").encode(
        x=alt.X(f"{unit}(period_start):T",
                title=t("district.axis_month" if period == "month" else "district.axis_quarter"),
                axis=alt.Axis(labelExpr=label_expr, labelAngle=0)),
        y=alt.Y(f"{measure}:Q", title=y_title),
        tooltip=[alt.Tooltip("label:N", title=t("district.axis_period")),
                 alt.Tooltip("actions:Q", title=t("district.axis_actions")),
                 alt.Tooltip("reached:Q", title=t("district.axis_reached"))],
    ).properties(height=260)


def sector_chart(by_sector: list[dict[str, Any]], t: Translate) -> alt.Chart:
    """Horizontal stacked bars: active and inactive agents per sector."""
    active, inactive = t("district.status_active"), t("district.status_inactive")
    frame = pd.DataFrame(
        [{"sector": t(f"vocab.sector.{r['sector']}"), "status": status, "agents": r[key],
          "order": i}
         for r in by_sector for i, (status, key) in enumerate(
             ((active, "active"), (inactive, "inactive")))],
        columns=["sector", "status", "agents", "order"],
    )
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("sector:N", title=t("district.axis_sector"), sort="-x",
                axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        x=alt.X("agents:Q", title=t("district.axis_agents"), stack="zero"),
        color=alt.Color("status:N", title=t("district.axis_status"),
                        scale=alt.Scale(domain=[active, inactive], range=["#1f77b4", "#c7c7c7"]),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("sector:N", title=t("district.axis_sector")),
                 alt.Tooltip("status:N", title=t("district.axis_status")),
                 alt.Tooltip("agents:Q", title=t("district.axis_agents"))],
    ).properties(height=130 + 30 * len(by_sector))  # Streamlit fits axes and legend inside


def training_chart(training: list[dict[str, int]], t: Translate) -> alt.Chart:
    """Bars: active agents by number of training modules completed."""
    frame = pd.DataFrame(training, columns=["modules", "agents"])
    modules = t("district.axis_modules", max=TRAINING_MODULES)
    return alt.Chart(frame).mark_bar(color="#9467bd").encode(
        x=alt.X("modules:O", title=modules, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("agents:Q", title=t("district.axis_active_agents")),
        tooltip=[alt.Tooltip("modules:O", title=modules),
                 alt.Tooltip("agents:Q", title=t("district.axis_active_agents"))],
    ).properties(height=260)


def share_chart(migrant: Share, foreign_born: dict[str, Any] | None,
                city: dict[str, Any] | None, t: Translate,
                num: Callable[[float, int], str]) -> alt.Chart | None:
    """Points (with the agents' 95% interval) comparing the agents' migrant-background share
    with the district's and the city's foreign-born shares; None when nothing is known.
    `num(value, decimals)` formats numbers in the reader's language."""
    rows = []
    if migrant.share is not None:
        rows.append({"what": t("district.share_agents"), "pct": 100 * migrant.share,
                     "low": 100 * migrant.low, "high": 100 * migrant.high,  # type: ignore[operator]
                     "detail": t("district.share_agents_detail", yes=migrant.yes,
                                 n=migrant.declared)})
    if foreign_born:
        rows.append({"what": t("district.share_district"), "pct": foreign_born["share_pct"],
                     "low": None, "high": None,
                     "detail": f"{foreign_born['year']}; {foreign_born['source']}"})
    if city:
        rows.append({"what": t("district.share_city"), "pct": city["share_pct"],
                     "low": None, "high": None, "detail": f"{city['year']}; {city['source']}",
                     "prefix": "≥ " if city.get("at_least") else ""})
    if not rows:
        return None
    for r in rows:
        r["text"] = f"{r.get('prefix', '')}{num(r['pct'], 1)} %"
        r["interval"] = (f"{num(r['low'], 1)} % – {num(r['high'], 1)} %"
                         if r["low"] is not None else "—")
    frame = pd.DataFrame(rows)
    order = list(frame["what"])
    top = min(100.0, max(float(frame[["pct", "high"]].max(numeric_only=True).max()) * 1.25, 10))
    x_scale = alt.Scale(domain=[0, top])
    base = alt.Chart(frame).encode(y=alt.Y("what:N", title=None, sort=order,
                                           axis=alt.Axis(labelLimit=LABEL_LIMIT)))
    tooltip = [alt.Tooltip("what:N", title=" "),
               alt.Tooltip("text:N", title=t("district.axis_share")),
               alt.Tooltip("interval:N", title=t("district.axis_interval")),
               alt.Tooltip("detail:N", title=t("district.axis_detail"))]
    bars = base.mark_rule(strokeWidth=2, color="#1f77b4").encode(
        x=alt.X("low:Q", scale=x_scale, title=t("district.axis_share")), x2="high:Q",
        tooltip=tooltip)
    points = base.mark_point(filled=True, size=120, color="#1f77b4").encode(
        x=alt.X("pct:Q", scale=x_scale, title=t("district.axis_share")), tooltip=tooltip)
    text = base.mark_text(dy=-14, color="#333333").encode(x=alt.X("pct:Q", scale=x_scale),
                                                         text="text:N")
    return (bars + points + text).properties(height=50 + 55 * len(rows))


def reengage_table(rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """The agents to re-engage, with why (for those who may see names)."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    reasons = {"inactive": t("district.reason_inactive"),
               "no_recent_action": t("district.reason_no_recent_action")}
    return pd.DataFrame({
        t("agents.column.name"): [r["name"] for r in rows],
        t("district.reason"): [reasons[r["reason"]] for r in rows],
        t("agents.column.joined_on"): [r["joined_on"] for r in rows],
        t("agents.column.last_action"): [r["last_action"] or "—" for r in rows],
    })


def chart_tables(over_time: list[dict[str, Any]], period: str, by_sector: list[dict[str, Any]],
                 training: list[dict[str, int]], t: Translate) -> dict[str, pd.DataFrame]:
    """The figures of the activity and agents charts as tables with translated headers (the
    text alternative of each chart, WCAG 1.1.1): 'activity', 'sector' and 'training'."""
    prefix = t("district.quarter_prefix")
    return {
        "activity": pd.DataFrame({
            t("district.axis_period"): [period_label(r["period_start"], period, prefix)
                                        for r in over_time],
            t("district.axis_actions"): [r["actions"] for r in over_time],
            t("district.axis_reached"): [r["reached"] for r in over_time]}),
        "sector": pd.DataFrame({
            t("district.axis_sector"): [t(f"vocab.sector.{r['sector']}") for r in by_sector],
            t("district.status_active"): [r["active"] for r in by_sector],
            t("district.status_inactive"): [r["inactive"] for r in by_sector]}),
        "training": pd.DataFrame({
            t("district.axis_modules", max=TRAINING_MODULES): [r["modules"] for r in training],
            t("district.axis_active_agents"): [r["agents"] for r in training]}),
    }
