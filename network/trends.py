"""Attitudes next to activity: which activity counts before which barometer wave. Pure functions.

A wave's period runs from the start of the previous wave's fieldwork (inclusive) to the start
of its own fieldwork (exclusive): activity during a wave's fieldwork counts for the next wave,
since it could not have shaped answers already given. The first wave looks back 12 months.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two (low, high) intervals share any value."""
    return a[0] <= b[1] and b[0] <= a[1]
