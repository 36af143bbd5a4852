"""Altair charts of quiz results: a point per group with its 95% interval as an error bar."""

from __future__ import annotations

import altair as alt
import pandas as pd

from network.core.i18n import format_number
from network.quiz.results import Cell


def interval_chart(cells: list[Cell], group_labels: dict, measure: str, axis_title: str,
                   group_title: str, n_title: str, interval_titles: tuple[str, str],
                   reference: float | None = None, lang: str = "en") -> alt.Chart:
    """Mean gap (measure='gap') or share correct (measure='share') per group, with intervals.

    Suppressed cells are left out; `reference` draws a rule (0 for gaps: no misperception).
    """
    scale = 100.0 if measure == "share" else 1.0
    rows = []
    for i, c in enumerate(cells):
        if c.suppressed or getattr(c, f"{measure}_low") is None:
            continue
        value = getattr(c, measure if measure == "share" else "gap_mean") * scale
        low, high = getattr(c, f"{measure}_low") * scale, getattr(c, f"{measure}_high") * scale
        rows.append({"group": group_labels.get(c.group, str(c.group)), "order": i,
                     "value": value, "low": low, "high": high,
                     "value_text": format_number(value, lang, 1),
                     "low_text": format_number(low, lang, 1),
                     "high_text": format_number(high, lang, 1),
                     "n_text": format_number(c.n, lang)})
    data = pd.DataFrame(rows, columns=["group", "order", "value", "low", "high", "value_text",
                                       "low_text", "high_text", "n_text"])
    y = alt.Y("group:N", title=group_title, sort=alt.EncodingSortField("order"),
              axis=alt.Axis(labelLimit=260))
    # Vega formats numbers in English; write the decimal comma for Spanish and Basque.
    label = "format(datum.value, '.1~f')"
    x_axis = alt.Axis(labelExpr=label if lang == "en" else f"replace({label}, '.', ',')")
    tooltip = [alt.Tooltip("group:N", title=group_title),
               alt.Tooltip("value_text:N", title=axis_title),
               alt.Tooltip("low_text:N", title=interval_titles[0]),
               alt.Tooltip("high_text:N", title=interval_titles[1]),
               alt.Tooltip("n_text:N", title=n_title)]
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        y=y, x=alt.X("low:Q", title=axis_title, axis=x_axis), x2="high:Q", tooltip=tooltip)
    points = base.mark_point(filled=True, size=80).encode(y=y, x="value:Q", tooltip=tooltip)
    layers = [bars, points]
    if reference is not None:
        layers.append(alt.Chart(pd.DataFrame({"x": [reference]})).mark_rule(
            strokeDash=[4, 4], color="gray").encode(x="x:Q"))
    return alt.layer(*layers).properties(height=max(120, 34 * len(rows)))
