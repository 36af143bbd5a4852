"""The rumours feature's display tables, in a language (plain text cells: the page renders
them with st.dataframe, the diagnosis escapes them, the export defuses them)."""

from __future__ import annotations

from typing import Any

from network.core import disclosure, i18n
from network.rumours import rules
from network.rumours.board import CITY, Board


def text(row: dict[str, Any], name: str, lang: str) -> str:
    """A rumour's or fact's text in a language, else Spanish, else English, else Basque."""
    for code in (lang, "es", "en", "eu"):
        if row.get(f"{name}_{code}"):
            return row[f"{name}_{code}"]
    return ""


def theme_label(code: str, themes: list[dict[str, Any]], lang: str) -> str:
    """A theme's label: built-in ones translated, staff-defined ones as stored."""
    if code in rules.THEMES:
        return i18n.translate(f"rumours.theme.{code}", lang)
    found = next((t for t in themes if t["code"] == code), None)
    return text(found, "label", lang) if found else code


def rumour_label(row: dict[str, Any], lang: str) -> str:
    """A rumour in the editor's choices: 'R01 · statement (status)'."""
    return (f"{row['code']} · {text(row, 'statement', lang)} "
            f"({i18n.translate('rumours.status.' + row['status'], lang)})")


def fact_line(fact: dict[str, Any], lang: str) -> str:
    """A fact with its source and year."""
    year = fact["year"] if fact["year"] is not None else i18n.translate("rumours.no_year", lang)
    return i18n.translate("rumours.fact_line", lang, text=text(fact, "text", lang),
                          source=fact["source"], year=year)


def _num(value: float | int | None, lang: str, decimals: int = 0) -> str:
    return i18n.format_number(value, lang, decimals)


def heard_text(cell: rules.BoardCell, lang: str) -> str:
    """A cell's heard count as shown: the count, or the disclosure marker."""
    if cell.heard_hidden:
        return disclosure.marker(cell.heard_hidden, rules.MIN_COUNT, lang)
    return _num(cell.heard, lang)


def reached_text(cell: rules.BoardCell, lang: str) -> str:
    if cell.reached_hidden:
        return disclosure.marker(cell.reached_hidden, rules.MIN_COUNT, lang)
    return _num(cell.reached, lang)


def total_text(count: int, lang: str) -> str:
    """A city total as shown: the count, or 'fewer than 5' (a small total is hidden too)."""
    if rules.public_count(count) is None:
        return disclosure.marker(disclosure.PRIMARY, rules.MIN_COUNT, lang)
    return _num(count, lang)


def matrix_text(cell: rules.BoardCell, lang: str) -> str:
    """One matrix cell in words (never colour only): heard, actions, and 'NOT ANSWERED'."""
    if not cell.heard and not cell.actions:
        return "·"
    parts = [i18n.translate("rumours.matrix.heard", lang, n=heard_text(cell, lang)),
             i18n.translate("rumours.matrix.actions", lang, n=_num(cell.actions, lang))]
    if cell.unanswered:
        parts.append(i18n.translate("rumours.matrix.unanswered", lang))
    return " · ".join(parts)


def matrix_frame(board: Board, district_names: dict[int, str], lang: str) -> Any:
    """The rumour x district matrix as a DataFrame (a rumour per row)."""
    import pandas as pd

    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    rows = []
    for r in board.rumours:
        row = {t("rumours.column.code"): r["code"],
               t("rumours.column.statement"): text(r, "statement", lang)}
        for d in board.district_ids:
            row[district_names.get(d, str(d))] = matrix_text(board.cells[(r["id"], d)], lang)
        rows.append(row)
    return pd.DataFrame(rows)


def unanswered(board: Board) -> list[tuple[dict[str, Any], int]]:
    """(rumour, district id) pairs heard but not answered in the period."""
    return [(r, d) for r in board.rumours for d in board.district_ids
            if board.cells[(r["id"], d)].unanswered]


def _estimate(est: dict[str, Any] | None, lang: str, threshold: int) -> str:
    if est is None:
        return ""
    if est.get("suppressed") or est.get("mean") is None:
        return disclosure.marker(est.get("hidden") or disclosure.PRIMARY, threshold, lang)
    return i18n.translate("rumours.estimate", lang, value=_num(est["mean"], lang, 1),
                          low=_num(est["low"], lang, 1), high=_num(est["high"], lang, 1))


def quiz_text(board: Board, codes: list[str], district_id: int | None, lang: str) -> str:
    """The linked quiz items: share correct (interval) and mean gap, per item."""
    from network.quiz.results import MIN_CELL

    parts = []
    for code in codes:
        c = board.quiz.get((code, district_id))
        if c is None:
            continue
        if c.suppressed:
            value = disclosure.marker(c.hidden or disclosure.PRIMARY, MIN_CELL, lang)
        else:
            value = i18n.translate("rumours.quiz_cell", lang,
                                   share=_num(100 * c.share, lang),
                                   low=_num(100 * c.share_low, lang),
                                   high=_num(100 * c.share_high, lang))
            if c.gap_mean is not None:
                value += " · " + i18n.translate("rumours.gap_cell", lang,
                                                gap=_num(c.gap_mean, lang, 1))
        parts.append(f"{code}: {value}")
    return "; ".join(parts)


def barometer_text(board: Board, codes: list[str], district_id: int | None, lang: str) -> str:
    """The linked barometer statements: share agreeing (95 % interval), latest wave."""
    from network.core.privacy import SURVEY_MIN_CELL

    parts = []
    for code in codes:
        est = board.barometer.get((code, district_id))
        if est is not None:
            parts.append(f"{code}: {_estimate(est, lang, SURVEY_MIN_CELL)}")
    return "; ".join(parts)


def detail_rows(board: Board, district_id: int | None, lang: str) -> tuple[list[str], list[list[str]]]:
    """Per rumour, in one district (or the city, None): heard, last seen, trend, actions,
    people reached, quiz and barometer measures."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    headers = [t("rumours.column.code"), t("rumours.column.statement"),
               t("rumours.column.status"), t("rumours.column.heard"),
               t("rumours.column.last_seen"), t("rumours.column.trend"),
               t("rumours.column.actions"), t("rumours.column.reached"),
               t("rumours.column.quiz"), t("rumours.column.barometer")]
    rows = []
    for r in board.rumours:
        status = t(f"rumours.status.{r['status']}")
        if r.get("merged_code"):
            status = t("rumours.merged_into", code=r["merged_code"])
        if district_id is CITY:
            totals = board.totals(r["id"])
            cells = [board.cells[(r["id"], d)] for d in board.district_ids]
            seen = [c.last_seen for c in cells if c.last_seen]
            heard, last = total_text(totals["heard"], lang), max(seen) if seen else ""
            trend_code = rules.trend(sum(c.recent for c in cells), sum(c.before for c in cells))
            actions, reached = _num(totals["actions"], lang), total_text(totals["reached"], lang)
        else:
            c = board.cells[(r["id"], district_id)]
            heard, last, trend_code = heard_text(c, lang), c.last_seen or "", c.trend
            actions, reached = _num(c.actions, lang), reached_text(c, lang)
        rows.append([r["code"], text(r, "statement", lang), status, heard, last,
                     t(f"rumours.trend.{trend_code}") if trend_code else "", actions, reached,
                     quiz_text(board, r["quiz"], district_id, lang),
                     barometer_text(board, r["barometer"], district_id, lang)])
    return headers, rows


def detail_frame(board: Board, district_id: int | None, lang: str) -> Any:
    import pandas as pd

    headers, rows = detail_rows(board, district_id, lang)
    return pd.DataFrame(rows, columns=headers)


def public_catalogue(db: Any, lang: str, today: Any = None) -> list[dict[str, Any]]:
    """The public catalogue (active rumours): statement, theme, facts with sources, the
    values-based argument, and how often it was heard city-wide in the last 12 months (None
    below the disclosure threshold). No district counts, nobody's name."""
    from datetime import date, timedelta

    from network.rumours import store
    from network.rumours.board import build

    today = today or date.today()
    board = build(db, (today - timedelta(days=365)).isoformat(),
                  (today + timedelta(days=1)).isoformat(), today, statuses=("active",),
                  measures=False)
    themes = store.themes(db)
    facts = store.facts(db, [r["id"] for r in board.rumours])
    out = []
    for r in board.rumours:
        out.append({
            "code": r["code"], "theme": theme_label(r["theme"], themes, lang),
            "statement": text(r, "statement", lang), "argument": text(r, "argument", lang),
            "facts": [fact_line(f, lang) for f in facts.get(r["id"], [])],
            "heard": rules.public_count(board.totals(r["id"])["heard"]),
            "actions": board.totals(r["id"])["actions"]})
    return out
