"""What the quiz shows: share correct and perception gap per item and group, with 95% intervals.

Query functions read counted (unflagged) attempts; `summarize` and friends are pure.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from network.core import disclosure, privacy, stats

DIMENSIONS = ("district", "age_band", "lang", "month", "attribution")
ATTRIBUTION_GROUPS = ("action", "agent_link", "unattributed")
MIN_CELL = privacy.PUBLIC_MIN_COUNT  # cells with fewer attempts are suppressed
ALL = "all"

_ATTRIBUTION_SQL = """CASE WHEN a.action_id IS NOT NULL THEN 'action'
     WHEN a.agent_id IS NOT NULL THEN 'agent_link' ELSE 'unattributed' END"""


@dataclass(frozen=True)
class Cell:
    """One item in one group: n answers, share correct and mean gap with 95% intervals."""

    code: str
    group: Any
    n: int
    correct: int
    share: float | None
    share_low: float | None
    share_high: float | None
    gap_mean: float | None
    gap_low: float | None
    gap_high: float | None
    suppressed: bool
    hidden: str = ""  # disclosure.PRIMARY or COMPLEMENTARY when suppressed


@dataclass(frozen=True)
class GroupScore:
    """Attempts in one group: how many, mean share of answers right, mean absolute gap."""

    group: Any
    n: int
    score: float | None
    score_low: float | None
    score_high: float | None
    gap: float | None
    gap_low: float | None
    gap_high: float | None
    suppressed: bool
    hidden: str = ""  # disclosure.PRIMARY or COMPLEMENTARY when suppressed


def _period(year: int | None) -> tuple[str, list[Any]]:
    if year is None:
        return "", []
    return " AND a.finished_on >= ? AND a.finished_on < ?", [f"{year}-01-01", f"{year + 1}-01-01"]


def answer_rows(db: Database, year: int | None = None) -> list[dict[str, Any]]:
    """One row per answer of a counted attempt, with the attempt's groups."""
    where, params = _period(year)
    return [dict(r) for r in db.query(
        f"""SELECT i.code, i.kind, x.correct, x.gap, a.district_id AS district, a.age_band,
                   a.lang, substr(a.finished_on, 1, 7) AS month, {_ATTRIBUTION_SQL} AS attribution
            FROM quiz_answers x JOIN quiz_attempts a ON a.id = x.attempt_id
            JOIN quiz_items i ON i.id = x.item_id
            WHERE a.flags = ''{where}""", params)]  # noqa: S608


def attempt_rows(db: Database, year: int | None = None) -> list[dict[str, Any]]:
    """One row per counted attempt: share of answers right, mean absolute gap, groups."""
    where, params = _period(year)
    return [dict(r) for r in db.query(
        f"""SELECT a.id, 1.0 * a.score / a.max_score AS score, a.mean_abs_gap AS gap,
                   a.district_id AS district, a.age_band, a.lang,
                   substr(a.finished_on, 1, 7) AS month, {_ATTRIBUTION_SQL} AS attribution
            FROM quiz_attempts a WHERE a.flags = ''{where}""", params)]  # noqa: S608


def years(db: Database) -> list[int]:
    """Years with attempts, newest first."""
    return [int(r[0]) for r in db.execute(
        "SELECT DISTINCT substr(finished_on, 1, 4) FROM quiz_attempts ORDER BY 1 DESC")]


def flag_counts(db: Database, year: int | None = None) -> dict[str, int]:
    """Attempts counted, and those kept out per guard flag (for the audit note)."""
    where, params = _period(year)
    out = {"counted": 0, "flagged": 0, "honeypot": 0, "too_fast": 0, "throttled": 0}
    for flags, n in db.execute(
            f"SELECT flags, count(*) FROM quiz_attempts a WHERE 1 = 1{where} GROUP BY flags",  # noqa: S608
            params):
        if not flags:
            out["counted"] += n
            continue
        out["flagged"] += n
        for f in flags.split(","):
            out[f] = out.get(f, 0) + n
    return out


def protect_cells(cells: list[Cell]) -> list[Cell]:
    """Disclosure control per item over its groups (the item's total is shown): hidden cells
    keep no figures; their n is only for the caller's marker, never shown."""
    out = []
    for code in {c.code for c in cells}:
        part = [c for c in cells if c.code == code]
        hidden = disclosure.hide({c.group: c.n for c in part}, MIN_CELL, total_shown=len(part) > 1)
        out += [c if c.group not in hidden else
                replace(c, correct=0, share=None, share_low=None, share_high=None, gap_mean=None,
                        gap_low=None, gap_high=None, suppressed=True, hidden=hidden[c.group])
                for c in part]
    return out


def protect_groups(groups: list[GroupScore]) -> list[GroupScore]:
    """Disclosure control over the groups of one breakdown (their total is shown)."""
    hidden = disclosure.hide({g.group: g.n for g in groups}, MIN_CELL, total_shown=len(groups) > 1)
    return [g if g.group not in hidden else
            replace(g, score=None, score_low=None, score_high=None, gap=None, gap_low=None,
                    gap_high=None, suppressed=True, hidden=hidden[g.group]) for g in groups]


def _nan_to_none(x: float) -> float | None:
    return None if x is None or math.isnan(x) else x


def summarize(rows: Iterable[dict[str, Any]], dimension: str | None = None) -> list[Cell]:
    """Per item (and per group of `dimension`): n, share correct (Wilson), mean gap (normal)."""
    groups: dict[tuple[str, Any], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["code"], r[dimension] if dimension else ALL)].append(r)
    cells = []
    for (code, group), members in groups.items():
        n = len(members)
        correct = sum(int(m["correct"]) for m in members)
        if n < MIN_CELL:
            cells.append(Cell(code, group, n, correct, *([None] * 6), suppressed=True))
            continue
        low, high = stats.wilson_interval(correct, n)
        gaps = [m["gap"] for m in members if m["gap"] is not None]
        mean, g_low, g_high, _ = (stats.mean_interval(gaps, z=stats.critical(len(gaps))) if gaps
                                  else (None, None, None, 0))
        cells.append(Cell(code, group, n, correct, correct / n, low, high, _nan_to_none(mean),
                          _nan_to_none(g_low), _nan_to_none(g_high), False))
    return sorted(protect_cells(cells), key=lambda c: (c.code, _sort_key(c.group)))


def score_by_group(rows: Iterable[dict[str, Any]], dimension: str | None = None) -> list[GroupScore]:
    """Attempts per group with the mean share right and mean absolute gap, 95% intervals."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r[dimension] if dimension else ALL].append(r)
    out = []
    for group, members in groups.items():
        n = len(members)
        if n < MIN_CELL:
            out.append(GroupScore(group, n, *([None] * 6), suppressed=True))
            continue
        s, s_low, s_high, _ = stats.mean_interval([m["score"] for m in members],
                                                  z=stats.critical(n))
        gaps = [m["gap"] for m in members if m["gap"] is not None]
        g, g_low, g_high, _ = (stats.mean_interval(gaps, z=stats.critical(len(gaps))) if gaps
                               else (None, None, None, 0))
        out.append(GroupScore(group, n, s, _nan_to_none(s_low), _nan_to_none(s_high),
                              _nan_to_none(g), _nan_to_none(g_low), _nan_to_none(g_high), False))
    return sorted(protect_groups(out), key=lambda g: _sort_key(g.group))


_GROUP_SQL = {"district": "a.district_id", "age_band": "a.age_band", "lang": "a.lang",
              "month": "substr(a.finished_on, 1, 7)", "attribution": _ATTRIBUTION_SQL}


def answer_sums(db: Database, dimension: str | None = None, year: int | None = None,
                code: str | None = None) -> list[dict[str, Any]]:
    """What summarize() needs, added up in SQL: per item code (and group of `dimension`) the
    answers, right answers, and count, sum and sum of squares of the gaps; `code` keeps one
    item. A few hundred rows instead of one per answer.

    Grouped by item id (the quiz_answers_item index gives that order), then merged per code:
    a join to quiz_items for every answer would cost a fifth more. Without a dimension the
    answers are not joined to their attempts at all: only the few flagged attempts are left
    out by id.
    """
    where, params = _period(year)
    codes = dict(db.execute("SELECT id, code FROM quiz_items").fetchall())
    items = [i for i, c in codes.items() if code is None or c == code]
    if not items:
        return []
    in_items = f"x.item_id IN ({', '.join('?' * len(items))})"
    if dimension is None:
        counted = (f"x.attempt_id IN (SELECT a.id FROM quiz_attempts a WHERE a.flags = ''{where})"  # noqa: S608, E501
                   if year is not None else
                   "x.attempt_id NOT IN (SELECT id FROM quiz_attempts WHERE flags != '')")
        sql = f"""SELECT x.item_id, '{ALL}', count(*), sum(x.correct), count(x.gap), total(x.gap),
                         total(x.gap * x.gap)
                  FROM quiz_answers x WHERE {in_items} AND {counted} GROUP BY 1"""  # noqa: S608
    else:
        sql = f"""SELECT x.item_id, {_GROUP_SQL[dimension]}, count(*), sum(x.correct),
                         count(x.gap), total(x.gap), total(x.gap * x.gap)
                  FROM quiz_answers x JOIN quiz_attempts a ON a.id = x.attempt_id
                  WHERE {in_items} AND a.flags = ''{where} GROUP BY 1, 2"""  # noqa: S608
    merged: dict[tuple[str, Any], dict[str, Any]] = {}
    for item_id, grp, n, correct, gap_n, gap_sum, gap_sq in db.execute(sql, [*items, *params]):
        key = (codes[item_id], grp)
        m = merged.setdefault(key, {"code": key[0], "grp": grp, "n": 0, "correct": 0,
                                    "gap_n": 0, "gap_sum": 0.0, "gap_sq": 0.0})
        m["n"] += n
        m["correct"] += correct
        m["gap_n"] += gap_n
        m["gap_sum"] += gap_sum
        m["gap_sq"] += gap_sq
    return list(merged.values())


def cells_from_sums(sums: Iterable[dict[str, Any]]) -> list[Cell]:
    """summarize()'s cells from answer_sums() rows: the same estimators, from sums."""
    cells = []
    for r in sums:
        code, group, n, correct = r["code"], r["grp"], r["n"], r["correct"]
        if n < MIN_CELL:
            cells.append(Cell(code, group, n, correct, *([None] * 6), suppressed=True))
            continue
        low, high = stats.wilson_interval(correct, n)
        mean = g_low = g_high = None
        if r["gap_n"]:
            mean, g_low, g_high, _ = stats.mean_interval_from_sums(
                r["gap_n"], r["gap_n"], r["gap_sum"], r["gap_sq"], z=stats.critical(r["gap_n"]))
        cells.append(Cell(code, group, n, correct, correct / n, low, high, _nan_to_none(mean),
                          _nan_to_none(g_low), _nan_to_none(g_high), False))
    return sorted(protect_cells(cells), key=lambda c: (c.code, _sort_key(c.group)))


def score_sums(db: Database, dimension: str | None = None,
               year: int | None = None) -> list[GroupScore]:
    """score_by_group() computed from sums in SQL (one row per group, not per attempt)."""
    group = _GROUP_SQL[dimension] if dimension else f"'{ALL}'"
    where, params = _period(year)
    out = []
    for g, n, s_sum, s_sq, gap_n, gap_sum, gap_sq in db.execute(
            f"""SELECT {group}, count(*), total(1.0 * a.score / a.max_score),
                       total((1.0 * a.score / a.max_score) * (1.0 * a.score / a.max_score)),
                       count(a.mean_abs_gap), total(a.mean_abs_gap),
                       total(a.mean_abs_gap * a.mean_abs_gap)
                FROM quiz_attempts a WHERE a.flags = ''{where} GROUP BY 1""",  # noqa: S608
            params):
        if n < MIN_CELL:
            out.append(GroupScore(g, n, *([None] * 6), suppressed=True))
            continue
        s, s_low, s_high, _ = stats.mean_interval_from_sums(n, n, s_sum, s_sq, z=stats.critical(n))
        gap = gap_low = gap_high = None
        if gap_n:
            gap, gap_low, gap_high, _ = stats.mean_interval_from_sums(
                gap_n, gap_n, gap_sum, gap_sq, z=stats.critical(gap_n))
        out.append(GroupScore(g, n, s, _nan_to_none(s_low), _nan_to_none(s_high),
                              _nan_to_none(gap), _nan_to_none(gap_low), _nan_to_none(gap_high),
                              False))
    return sorted(protect_groups(out), key=lambda g: _sort_key(g.group))


def _sort_key(group: Any) -> tuple[int, Any]:
    if group is None:
        return (2, "")
    if group in ATTRIBUTION_GROUPS:
        return (0, ATTRIBUTION_GROUPS.index(group))
    return (1, group) if isinstance(group, str) else (0, group)


def reach_by_month(db: Database, agent_id: int | None = None,
                   action_id: int | None = None) -> list[dict[str, Any]]:
    """Counted completions per month through an agent's link or at an action, counts masked."""
    rows = _months(db, agent_id, action_id)
    total = sum(n for _, n in rows)  # shown beside the months unless it is small itself
    hidden = disclosure.hide(dict(rows), MIN_CELL, total_shown=not privacy.is_small(total))
    return [{"month": m, "count": None if m in hidden else n, "hidden": hidden.get(m, "")}
            for m, n in rows]


def _months(db: Database, agent_id: int | None = None,
            action_id: int | None = None) -> list[tuple[str, int]]:
    column, value = ("agent_id", agent_id) if agent_id is not None else ("action_id", action_id)
    return db.execute(
        f"SELECT substr(finished_on, 1, 7), count(*) FROM quiz_attempts"  # noqa: S608
        f" WHERE {column} = ? AND flags = '' GROUP BY 1 ORDER BY 1 DESC", [value]).fetchall()


def reach_summary(db: Database, agent_id: int | None = None) -> dict[str, Any]:
    """Completions, mean share right and mean absolute gap: of one agent's link, or the city.

    For fewer than 5 completions the count is masked and the averages are not given.
    """
    sql = "SELECT score * 1.0 / max_score, mean_abs_gap FROM quiz_attempts WHERE flags = ''"
    params: list[Any] = []
    if agent_id is not None:
        sql += " AND agent_id = ?"
        params.append(agent_id)
    rows = db.execute(sql, params).fetchall()
    n = len(rows)
    if n == 0 or privacy.is_small(n):
        return {"n": privacy.masked_count(n), "score": None, "gap": None}
    if agent_id is not None:
        months = dict(_months(db, agent_id))
        if disclosure.exposed(months, disclosure.hide(months, MIN_CELL), MIN_CELL):
            return {"n": None, "score": None, "gap": None, "hidden": disclosure.COMPLEMENTARY}
    gaps = [g for _, g in rows if g is not None]
    return {"n": n, "score": sum(s for s, _ in rows) / n,
            "gap": sum(gaps) / len(gaps) if gaps else None}
