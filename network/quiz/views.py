"""The quiz's display text and tables in a language: results with their intervals, the content
versions, item reviews (plain data in, strings and DataFrames out)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from network.core import disclosure, i18n, privacy
from network.quiz import attempts, results, scoring, sources
from network.quiz.content import Item
from network.quiz.reviews import Review


def signed(value: float, lang: str) -> str:
    """A perception gap with its sign: +3, -1,5, 0."""
    return ("+" if value > 0 else "") + i18n.format_number(value, lang, scoring.decimals(value))


def interval(value: float | None, low: float | None, high: float | None, lang: str, scale: float = 1.0,
             decimals: int = 0, sign: bool = False) -> str:
    """An estimate and its 95% interval: '62 (55 – 69)'; '–' without an estimate."""
    if value is None:
        return "–"
    head = ("+" if sign and value > 0 else "") + i18n.format_number(value * scale, lang, decimals)
    if low is None:
        return head
    return (f"{head} ({i18n.format_number(low * scale, lang, decimals)} – "
            f"{i18n.format_number(high * scale, lang, decimals)})")


def n_text(n: int, suppressed: bool, lang: str, hidden: str = "") -> str:
    """A count, or the disclosure marker where the group is too small to show."""
    if not suppressed:
        return i18n.format_number(n, lang)
    return disclosure.marker(hidden or disclosure.PRIMARY, privacy.PUBLIC_MIN_COUNT, lang)


def group_labels(districts: Sequence[Any], lang: str) -> dict[str, dict]:
    """The labels of each results dimension's groups (months are shown as they are)."""
    return {
        "district": {d.id: d.label(lang) for d in districts},
        "age_band": {b: i18n.translate(f"quiz.age.{b}", lang) for b in attempts.AGE_BANDS},
        "lang": dict(i18n.LANGUAGE_NAMES),
        "month": {},
        "attribution": {g: i18n.translate(f"quiz.results.group.{g}", lang)
                        for g in results.ATTRIBUTION_GROUPS},
    }


def cell_table(cells: Sequence[results.Cell], first: str, label: Callable[[results.Cell], str],
               lang: str) -> pd.DataFrame:
    """Items or groups of one item: answers, share right and mean gap with their intervals."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    return pd.DataFrame({
        first: [label(c) for c in cells],
        t("quiz.column.answers"): [n_text(c.n, c.suppressed, lang, c.hidden) for c in cells],
        t("quiz.column.share_right"): [interval(c.share, c.share_low, c.share_high, lang, 100)
                                       for c in cells],
        t("quiz.column.mean_gap"): [interval(c.gap_mean, c.gap_low, c.gap_high, lang, 1, 1, True)
                                    for c in cells],
    })


def sources_table(items: Mapping[str, Item], titles: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Each item's fact, its full reference and whether it states a past rule or figure."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    return pd.DataFrame({
        t("quiz.column.item"): [titles[code] for code in items],
        t("report.quiz.fact"): [item.text(lang, "recap") for item in items.values()],
        t("field.source"): [sources.reference_text(item, lang) for item in items.values()],
        t("field.quiz_historical"): ["✓" if item.historical else "" for item in items.values()],
    })


def attribution_table(groups: Sequence[results.GroupScore], labels: Mapping[str, str],
                      lang: str) -> pd.DataFrame:
    """Attempts by how people came to the quiz: mean score and mean absolute gap."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    return pd.DataFrame({
        t("quiz.results.dim.attribution"): [labels[g.group] for g in groups],
        t("quiz.column.attempts"): [n_text(g.n, g.suppressed, lang, g.hidden) for g in groups],
        t("quiz.column.mean_score"): [interval(g.score, g.score_low, g.score_high, lang, 100)
                                      for g in groups],
        t("quiz.column.mean_abs_gap"): [interval(g.gap, g.gap_low, g.gap_high, lang, 1, 1)
                                        for g in groups],
    })


def versions_table(versions: Sequence[Mapping[str, Any]], lang: str) -> pd.DataFrame:
    """The content versions, newest first: when, by whom, why, how many items and attempts."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    return pd.DataFrame({
        t("quiz.editor.version"): [v["number"] for v in versions],
        t("quiz.editor.published_at"): [v["created_at"].replace("T", " ") for v in versions],
        t("quiz.editor.by"): [v["created_by"] or "—" for v in versions],
        t("quiz.editor.note"): [t("quiz.editor.shipped") if v["note"] == "shipped" else v["note"]
                                for v in versions],
        t("quiz.editor.items"): [v["items"] for v in versions],
        t("quiz.column.attempts"): [v["attempts"] for v in versions],
    })


def checked_by(review: Review, lang: str) -> str:
    """Who checked an item (a demo check says so)."""
    return review.reviewer + (" " + i18n.translate("quiz.review.demo", lang) if review.demo else "")


def review_table(items: Sequence[Item], last: Mapping[str, Review], due: Iterable[str],
                 lang: str) -> pd.DataFrame:
    """Each item's last check against its source, whether a check is due, and its reference."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    due = set(due)
    return pd.DataFrame({
        t("quiz.column.item"): [f"{i.position}. {i.text(lang, 'title')}" for i in items],
        t("quiz.review.checked_on"): [last[i.code].checked_on if i.code in last else "—" for i in items],
        t("quiz.review.checked_by"): [checked_by(last[i.code], lang) if i.code in last else "—"
                                      for i in items],
        t("quiz.review.status"): [t("quiz.review.status_due" if i.code in due else "quiz.review.status_ok")
                                  for i in items],
        t("quiz.review.reference"): [sources.reference_text(i, lang) for i in items],
    })


def history_table(history: Sequence[Review], lang: str) -> pd.DataFrame:
    """Every check of one item, newest first."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    return pd.DataFrame({
        t("quiz.review.checked_on"): [r.checked_on for r in history],
        t("quiz.review.checked_by"): [checked_by(r, lang) for r in history],
        t("quiz.editor.version"): [r.version for r in history],
        t("quiz.editor.note"): [r.note for r in history],
    })


def item_labels(items: Sequence[Item], due: Iterable[str], lang: str) -> dict[str, str]:
    """The editor's choice of item: 'position. title', marked where a check is due."""
    due = set(due)
    return {i.code: f"{i.position}. {i.text(lang, 'title')}"
            + (f" ({i18n.translate('quiz.review.status_due', lang)})" if i.code in due else "")
            for i in items}


def unsourced_text(unsourced: Iterable[tuple[str, str, str]], lang: str) -> str:
    """Figures an item states that its source does not: 'English Title: 40 %; ...'."""
    return "; ".join(f"{i18n.LANGUAGE_NAMES.get(la, '')} {i18n.translate(f'field.quiz_{name}', lang)}: "
                     f"{fig}".strip() for la, name, fig in unsourced)
