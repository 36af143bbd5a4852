"""The contest's display tables, in a language (translated headers, plain-text cells)."""

from __future__ import annotations

from typing import Any

from network.core import disclosure, i18n
from network.core.privacy import PUBLIC_MIN_COUNT


def _t(lang: str):
    return lambda key, **kw: i18n.translate(key, lang, **kw)


def progress_frame(rows: list[dict[str, Any]], lang: str) -> Any:
    import pandas as pd

    t = _t(lang)
    return pd.DataFrame({t("contest.col.juror"): [r["juror"] for r in rows],
                         t("contest.col.to_read"): [r["to_read"] for r in rows],
                         t("contest.col.scored"): [r["scored"] for r in rows],
                         t("contest.col.conflicts"): [r["conflicts"] for r in rows]})


def ranking_frame(rows: list[dict[str, Any]], lang: str) -> Any:
    import pandas as pd

    t = _t(lang)

    def place(r: dict[str, Any]) -> str:
        if r["rank"] is None:
            return t("contest.unranked")
        return f"={r['rank']}" if r["tied"] else str(r["rank"])

    return pd.DataFrame({
        t("contest.col.rank"): [place(r) for r in rows],
        t("contest.col.work"): [f"#{r['work_id']}" for r in rows],
        t("contest.col.title"): [r["title"] for r in rows],
        t("contest.col.language"): [t("contest.language." + r["language"]) for r in rows],
        t("contest.col.value"): [i18n.format_number(r["value"], lang, 2) for r in rows],
        t("contest.col.raw_mean"): [i18n.format_number(r["raw_mean"], lang, 1) for r in rows],
        t("contest.col.scores"): [r["scores"] for r in rows],
        t("contest.col.tied"): [t("common.yes") if r["tied"] else "" for r in rows],
        t("contest.col.winner"): [t("common.yes") if r["winner"] else "" for r in rows],
    })


def authors_frame(rows: list[dict[str, Any]], districts: dict[int, str], lang: str) -> Any:
    import pandas as pd

    t = _t(lang)
    return pd.DataFrame({
        t("contest.col.title"): [r["title"] for r in rows],
        t("contest.col.category"): [t("contest.age_group." + r["age_group"]) for r in rows],
        t("contest.field.name"): [r["name"] for r in rows],
        t("contest.field.pseudonym"): [r["pseudonym"] for r in rows],
        t("contest.col.publish_as"): [t("contest.publish_as." + r["publish_as"]) for r in rows],
        t("contest.field.contact"): [r["contact"] for r in rows],
        t("contest.field.age_band"): [t("contest.age_band." + r["age_band"]) for r in rows],
        t("field.district"): [districts.get(r["district_id"], "") for r in rows],
        t("contest.col.receipt"): [r["receipt"] for r in rows],
    })


def value_label(dimension: str, value: Any, districts: dict[int, str], lang: str) -> str:
    t = _t(lang)
    if value is None:
        return t("contest.not_given")
    if dimension == "district_id":
        return districts.get(value, str(value))
    return t(f"contest.{dimension}.{value}")


def figures_frame(rows: list[dict[str, Any]], dimension: str, districts: dict[int, str],
                  lang: str) -> Any:
    """One breakdown across years: a row per value, a column per year; hidden cells read
    'fewer than 5' or 'hidden'."""
    import pandas as pd

    years = sorted({r["year"] for r in rows if r["dimension"] == dimension}, reverse=True)
    values: dict[str, dict[int, str]] = {}
    for r in rows:
        if r["dimension"] != dimension:
            continue
        cell = (i18n.format_number(r["n"], lang) if r["n"] is not None
                else disclosure.marker(r["why"], PUBLIC_MIN_COUNT, lang))
        values.setdefault(value_label(dimension, r["value"], districts, lang), {})[r["year"]] = cell
    t = _t(lang)
    head = t(f"contest.dimension.{dimension}")
    return pd.DataFrame([{head: label, **{str(y): cells.get(y, "0") for y in years}}
                         for label, cells in values.items()])


def totals(rows: list[dict[str, Any]], lang: str) -> dict[int, str]:
    """Submissions per year as shown (or 'fewer than 5')."""
    return {r["year"]: (i18n.format_number(r["n"], lang) if r["n"] is not None
                        else disclosure.marker(r["why"], PUBLIC_MIN_COUNT, lang))
            for r in rows if r["dimension"] == "total"}
