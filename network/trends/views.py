"""The trends page's tables as DataFrames with translated headers (figures as text in the
language, suppressed cells spelled out)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from network.barometer.charts import estimate_text
from network.core import disclosure, i18n
from network.core.privacy import PUBLIC_MIN_COUNT, SURVEY_MIN_CELL
from network.trends.charts import measure_label


def _t(lang: str):
    return lambda key, **kw: i18n.translate(key, lang, **kw)


def signed(value: float | None, lang: str, decimals: int = 1) -> str:
    """'+1,2' / '-0,4' in the language ('–' when missing)."""
    if value is None:
        return "–"
    text = i18n.format_number(abs(value), lang, decimals)
    return ("+" if value >= 0 else "−") + text


def index_text(row: dict[str, Any], lang: str) -> str:
    """The index with its interval, '⚠' when unreliable, or 'not enough responses'."""
    flag = " ⚠" if row.get("unreliable") and not row.get("suppressed") else ""
    return estimate_text(row, lang) + flag


def change_status(row: dict[str, Any], lang: str) -> str:
    """How to read one area's change: suppressed, larger than sampling error (p < 0.05) or
    within sampling error."""
    t = _t(lang)
    if row["suppressed"]:
        return t("trends.status.suppressed", min=SURVEY_MIN_CELL)
    if row["significant"] is None:
        return "–"
    return t("trends.status.larger") if row["significant"] else t("trends.status.within")


def tests_text(rows: Sequence[dict[str, Any]], lang: str) -> str:
    """How many changes are tested on screen, how many are larger than sampling error, and
    how many chance alone would flag (the multiple-comparisons caveat)."""
    from network.trends import tested

    counts = tested(rows)
    larger = [r["area"] for r in rows if r["significant"]]
    return _t(lang)("trends.change.tests", comparisons=counts["comparisons"],
                    flagged=counts["flagged"],
                    by_chance=i18n.format_number(counts["by_chance"], lang, 1),
                    areas=", ".join(larger) or "–")


def p_text(p: float | None, lang: str) -> str:
    """A p-value to 3 decimals in the language ('< 0,001' below that, '–' when missing)."""
    if p is None or p != p:
        return "–"
    if p < 0.001:
        return "< " + i18n.format_number(0.001, lang, 3)
    return i18n.format_number(p, lang, 3)


def change_frame(rows: Sequence[dict[str, Any]], lang: str, intensity: str) -> pd.DataFrame:
    """Per area: both waves' index with intervals, the change, the activity, the reading."""
    t = _t(lang)

    def est(r: dict[str, Any], which: str) -> str:
        if r["suppressed"]:
            return "–"
        return estimate_text({"mean": r[which], "low": r[f"{which}_low"],
                              "high": r[f"{which}_high"]}, lang) + (" ⚠" if r["unreliable"] else "")

    per = intensity.endswith("_per_1000")
    return pd.DataFrame({
        t("field.district"): [r["area"] for r in rows],
        t("trends.change.first"): [est(r, "first") for r in rows],
        t("trends.change.second"): [est(r, "second") for r in rows],
        t("trends.chart.change"): [signed(r["change"], lang) for r in rows],
        t("trends.chart.p"): [p_text(r["p"], lang) for r in rows],
        measure_label(intensity, lang): [i18n.format_number(r.get(intensity), lang, 2 if per else 0)
                                         for r in rows],
        t("trends.chart.status"): [change_status(r, lang) for r in rows],
    })


def panel_frame(rows: Sequence[dict[str, Any]], lang: str) -> pd.DataFrame:
    """Long table behind the small multiples: area, wave, period, index, activity."""
    t = _t(lang)
    out = {
        t("field.district"): [r["area"] for r in rows],
        t("trends.chart.wave"): [r["wave"] for r in rows],
        t("trends.chart.period"): [f"{r['period_start']} – {r['period_end']}" for r in rows],
        t("trends.chart.index_ci"): [index_text(r, lang) for r in rows],
    }
    for m in ("actions", "reached", "agents", "quiz"):
        out[measure_label(m, lang)] = [i18n.format_number(r[m], lang, 0) for r in rows]
        out[measure_label(f"{m}_per_1000", lang)] = [
            i18n.format_number(r[f"{m}_per_1000"], lang, 2) for r in rows]
    return pd.DataFrame(out)


def quiz_frame(rows: Sequence[dict[str, Any]], lang: str) -> pd.DataFrame:
    """Per area for one wave: the barometer index and the quiz's perception gap."""
    t = _t(lang)

    def gap(r: dict[str, Any]) -> str:
        if r["quiz_suppressed"]:
            return (disclosure.marker(r["quiz_hidden"] or disclosure.PRIMARY, PUBLIC_MIN_COUNT, lang)
                    if r["quiz_n"] else "–")
        return estimate_text({"mean": r["gap"], "low": r["gap_low"], "high": r["gap_high"]}, lang)

    return pd.DataFrame({
        t("field.district"): [r["area"] for r in rows],
        t("trends.chart.index_ci"): [index_text(r, lang) for r in rows],
        t("trends.chart.n"): [i18n.format_number(r["n"], lang, 0) if not r["suppressed"]
                              else disclosure.marker(r["hidden"] or disclosure.PRIMARY,
                                                     SURVEY_MIN_CELL, lang) for r in rows],
        t("trends.quiz.gap"): [gap(r) for r in rows],
        t("trends.quiz.completions"): [
            i18n.format_number(r["quiz_n"], lang, 0) if not r["quiz_suppressed"] or not r["quiz_n"]
            else disclosure.marker(r["quiz_hidden"] or disclosure.PRIMARY, PUBLIC_MIN_COUNT, lang)
            for r in rows],
    })
