"""Attitudes next to activity, pure: which activity counts before which barometer wave.

A wave's period runs from the start of the previous wave's fieldwork (inclusive) to the start
of its own fieldwork (exclusive): activity during a wave's fieldwork counts for the next wave,
since it could not have shaped answers already given. The first wave looks back 12 months."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from network.core import stats

FIRST_WAVE_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Period:
    wave: str
    start: date  # inclusive
    end: date  # exclusive: the first day of the wave's fieldwork


def wave_periods(waves: Iterable[tuple[str, date]]) -> list[Period]:
    """One period per wave (label, fieldwork start), in fieldwork order."""
    ordered = sorted(waves, key=lambda w: w[1])
    periods = []
    for i, (label, start) in enumerate(ordered):
        begin = ordered[i - 1][1] if i else start - timedelta(days=FIRST_WAVE_LOOKBACK_DAYS)
        periods.append(Period(label, begin, start))
    return periods


def period_of(periods: Sequence[Period], day: date) -> str | None:
    """The wave whose period contains `day`, or None (after the last wave's fieldwork start,
    or before the first period)."""
    for p in periods:
        if p.start <= day < p.end:
            return p.wave
    return None


def per_thousand(value: float | int | None, population: int | None) -> float | None:
    """Value per 1,000 residents, or None where the population is not known."""
    if value is None or not population:
        return None
    return 1000.0 * value / population


def activity_by_period(
    periods: Sequence[Period], events: Iterable[dict[str, Any]], measures: Sequence[str]
) -> dict[tuple[str, int], dict[str, float]]:
    """Sum each measure of dated events (keys: 'date' (ISO), 'district_id', measures...) per
    (wave, district). An event counts in the period that contains its date."""
    out: dict[tuple[str, int], dict[str, float]] = {}
    for e in events:
        wave = period_of(periods, date.fromisoformat(e["date"][:10]))
        if wave is None:
            continue
        cell = out.setdefault((wave, e["district_id"]), dict.fromkeys(measures, 0.0))
        for m in measures:
            cell[m] += e.get(m, 0) or 0
    return out


MEASURES = ("actions", "reached", "agents", "quiz")


CITY = None  # the area key of the whole city


@dataclass
class Trends:
    """Everything the trends page and the report draw: waves with barometer data, their
    periods, the index table, activity per (wave, area) and the quiz per (wave, area)."""

    waves: list[Any]
    periods: list[Period]
    index: dict[tuple[str, int | None], dict[str, Any]]
    activity: dict[tuple[str, int | None], dict[str, float]]
    quiz: dict[tuple[str, int | None], Any]
    districts: list[Any]
    populations: dict[int | None, dict[str, Any]]
    city: str


def with_city(cells: dict[tuple[str, int], dict[str, float]],
              measures: Sequence[str]) -> dict[tuple[str, int | None], dict[str, float]]:
    """The per-district sums plus a city total per wave (key (wave, None))."""
    out: dict[tuple[str, int | None], dict[str, float]] = dict(cells)
    for (wave, _), values in cells.items():
        total = out.setdefault((wave, CITY), dict.fromkeys(measures, 0.0))
        for m in measures:
            total[m] += values.get(m, 0)
    return out


def active_agents(periods: Sequence[Period], rows: Iterable[dict[str, Any]]
                  ) -> dict[tuple[str, int | None], int]:
    """Distinct agents involved in at least one action in each period, per district and city
    (an agent active in two districts counts once for the city)."""
    seen: dict[tuple[str, int | None], set[int]] = {}
    for r in rows:
        wave = period_of(periods, date.fromisoformat(r["date"][:10]))
        if wave is None:
            continue
        for area in (r["district_id"], CITY):
            seen.setdefault((wave, area), set()).add(r["agent_id"])
    return {k: len(v) for k, v in seen.items()}


def activity_table(periods: Sequence[Period], actions: Iterable[dict[str, Any]],
                   quiz: Iterable[dict[str, Any]], agent_rows: Iterable[dict[str, Any]]
                   ) -> dict[tuple[str, int | None], dict[str, float]]:
    """Actions, people reached, active agents and quiz completions per (wave, area)."""
    cells = with_city(activity_by_period(periods, actions, ["actions", "reached"]),
                      ["actions", "reached"])
    quiz = [q for q in quiz if q["district_id"] is not None]
    for key, values in with_city(activity_by_period(periods, quiz, ["quiz"]), ["quiz"]).items():
        cells.setdefault(key, {}).update(values)
    for key, n in active_agents(periods, agent_rows).items():
        cells.setdefault(key, {})["agents"] = n
    return {k: {m: v.get(m, 0) for m in MEASURES} for k, v in cells.items()}


def quiz_by_period(periods: Sequence[Period], events: Iterable[dict[str, Any]]
                   ) -> dict[tuple[str, int | None], Any]:
    """The quiz's mean perception gap and score per (wave, area), completions in the wave's
    period (the quiz's own rule: fewer than 5 completions are suppressed)."""
    from network.quiz.results import score_by_group

    grouped: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        wave = period_of(periods, date.fromisoformat(e["date"][:10]))
        if wave is not None:
            grouped.setdefault(wave, []).append(e)
    out: dict[tuple[str, int | None], Any] = {}
    for wave, rows in grouped.items():
        for g in score_by_group([r for r in rows if r["district_id"] is not None], "district_id"):
            out[(wave, g.group)] = g
        (city,) = score_by_group(rows)
        out[(wave, CITY)] = city
    return out


def areas(data: Trends, lang: str, city_name: str) -> list[tuple[int | None, str]]:
    """(area key, display name): the city first, then the districts by number."""
    return [(CITY, data.city or city_name)] + [
        (d.id, d.label(lang)) for d in sorted(data.districts, key=lambda d: d.number)]


def population(data: Trends, area: int | None) -> int | None:
    """The latest known population of a district (None: the city) or None."""
    row = data.populations.get(area)
    return row["value"] if row else None


def panel_rows(data: Trends, lang: str, city_name: str) -> list[dict[str, Any]]:
    """One row per (area, wave): the index with its interval (suppressed cells carry no
    figures), the period before the wave, and its activity absolute and per 1,000."""
    rows = []
    for area, name in areas(data, lang, city_name):
        pop = population(data, area)
        for w, p in zip(data.waves, data.periods, strict=True):
            est = data.index.get((w.label, area)) or {"n": 0, "suppressed": True}
            act = data.activity.get((w.label, area), dict.fromkeys(MEASURES, 0))
            row = {"area": name, "area_id": area, "wave": w.label, "wave_date": p.end.isoformat(),
                   "period_start": p.start.isoformat(), "period_end": p.end.isoformat(),
                   "n": est.get("n", 0), "n_eff": est.get("n_eff"),
                   "suppressed": bool(est.get("suppressed")), "hidden": est.get("hidden", ""),
                   "unreliable": bool(est.get("unreliable")),
                   "mean": None if est.get("suppressed") else est.get("mean"),
                   "low": None if est.get("suppressed") else est.get("low"),
                   "high": None if est.get("suppressed") else est.get("high"),
                   "population": pop}
            for m in MEASURES:
                row[m] = int(act.get(m, 0))
                row[f"{m}_per_1000"] = per_thousand(act.get(m, 0), pop)
            rows.append(row)
    return rows


def default_pair(waves: Sequence[Any]) -> tuple[int, int]:
    """Indexes of the two waves to compare first: the last two closed ones, else the last two."""
    closed = [i for i, w in enumerate(waves) if w.status == "closed"]
    pool = closed if len(closed) >= 2 else list(range(len(waves)))
    return pool[-2], pool[-1]


def waves_between(periods: Sequence[Period], first: str, second: str) -> list[str]:
    """The waves whose periods lie between two waves' fieldwork starts: those after `first`
    up to and including `second`."""
    labels = [p.wave for p in periods]
    i, j = labels.index(first), labels.index(second)
    if j <= i:
        raise ValueError("the second wave must come after the first")
    return labels[i + 1:j + 1]


def change_rows(data: Trends, first: str, second: str, lang: str, city_name: str
                ) -> list[dict[str, Any]]:
    """Per area: index at both waves, the change with its test (independent waves: z = change /
    sqrt(se1^2 + se2^2), two-sided p; all None when either cell is suppressed), whether it is
    larger than sampling error (p < 0.05), and the activity between the two waves (absolute
    and per 1,000 residents)."""
    between = waves_between(data.periods, first, second)
    out = []
    for area, name in areas(data, lang, city_name):
        a = data.index.get((first, area)) or {"suppressed": True}
        b = data.index.get((second, area)) or {"suppressed": True}
        shown = not a.get("suppressed") and not b.get("suppressed")
        pop = population(data, area)
        totals = {m: sum(data.activity.get((w, area), {}).get(m, 0) for w in between)
                  for m in ("actions", "reached", "quiz")}
        test = {"change": None, "se": None, "z": None, "p": None}
        if shown and a.get("se") is not None and b.get("se") is not None:
            test = stats.change_test(a["mean"], a["se"], b["mean"], b["se"])
        elif shown:
            test["change"] = b["mean"] - a["mean"]
        p = test["p"]
        out.append({
            "area": name, "area_id": area,
            "first": a.get("mean") if shown else None, "second": b.get("mean") if shown else None,
            "first_low": a.get("low") if shown else None,
            "first_high": a.get("high") if shown else None,
            "second_low": b.get("low") if shown else None,
            "second_high": b.get("high") if shown else None,
            **test, "significant": None if p is None or p != p else bool(p < stats.SIGNIFICANCE),
            "suppressed": not shown,
            "unreliable": bool(a.get("unreliable") or b.get("unreliable")),
            **totals, **{f"{m}_per_1000": per_thousand(v, pop) for m, v in totals.items()},
        })
    return out


def tested(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    """How many changes were tested, how many are larger than sampling error, and how many
    of them chance alone would flag at p < 0.05 if nothing had changed."""
    done = [r for r in rows if r["significant"] is not None]
    return {"comparisons": len(done), "flagged": sum(r["significant"] for r in done),
            "by_chance": len(done) * stats.SIGNIFICANCE}


def quiz_beside_index(data: Trends, wave: str, lang: str, city_name: str) -> list[dict[str, Any]]:
    """Per area for one wave: the barometer index and the quiz's mean perception gap and
    score of completions in the period before the wave (suppressed cells carry no figures)."""
    out = []
    for area, name in areas(data, lang, city_name):
        est = data.index.get((wave, area)) or {"n": 0, "suppressed": True}
        quiz = data.quiz.get((wave, area))
        q_ok = quiz is not None and not quiz.suppressed
        out.append({
            "area": name, "area_id": area, "n": est.get("n", 0),
            "suppressed": bool(est.get("suppressed")), "hidden": est.get("hidden", ""),
            "unreliable": bool(est.get("unreliable")),
            "mean": None if est.get("suppressed") else est.get("mean"),
            "low": None if est.get("suppressed") else est.get("low"),
            "high": None if est.get("suppressed") else est.get("high"),
            "quiz_n": quiz.n if quiz else 0, "quiz_suppressed": not q_ok,
            "quiz_hidden": quiz.hidden if quiz else "",
            "gap": quiz.gap if q_ok else None, "gap_low": quiz.gap_low if q_ok else None,
            "gap_high": quiz.gap_high if q_ok else None,
            "score": quiz.score if q_ok else None,
        })
    return out
