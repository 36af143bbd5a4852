"""Pure rules of the dashboard: periods, series, distributions, the people to re-engage, shares."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from network.core import privacy
from network.core.stats import wilson_interval
from network.core.vocab import SECTORS, TRAINING_MODULES

# Published city-wide figures, by city slug (DOMAIN.md): used when staff have not stored one.
CITY_BORN_ABROAD = {
    "bilbao": {"born_abroad": 51_400, "population": 350_410, "year": 2024, "at_least": True,
               "source": "Bilbao city register, 1 Jan 2024 (bilbaohiria.com)"},
}


REENGAGE_MONTHS = 12


PERIODS = ("month", "quarter")


MAX_SOURCE_LENGTH = 300


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period_start(iso_day: str, period: str) -> date:
    """The first day of the month or quarter an ISO date falls in."""
    day = date.fromisoformat(iso_day[:10])
    month = day.month if period == "month" else 3 * ((day.month - 1) // 3) + 1
    return date(day.year, month, 1)


def window_start(window: str, period: str, today: date) -> date | None:
    """The first day the dashboard shows: the month or quarter `window` months back ("12",
    "36") counting this one, None for "all"."""
    if window == "all":
        return None
    return period_start(months_before(today, int(window) - 1).isoformat(), period)


def _next_period(start: date, period: str) -> date:
    step = 1 if period == "month" else 3
    year, month = divmod(start.year * 12 + start.month - 1 + step, 12)
    return date(year, month + 1, 1)


def actions_over_time(actions: list[dict[str, Any]], period: str, start: date,
                      end: date) -> list[dict[str, Any]]:
    """Actions and people reached per month or quarter from `start` to `end`, zeros included."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    counts: Counter[date] = Counter()
    reached: Counter[date] = Counter()
    for a in actions:
        if start.isoformat() <= a["date"][:10] <= end.isoformat():
            key = period_start(a["date"], period)
            counts[key] += 1
            reached[key] += a["people_reached"] or 0
    rows = []
    current, last = period_start(start.isoformat(), period), period_start(end.isoformat(), period)
    while current <= last:
        rows.append({"period_start": current.isoformat(), "actions": counts[current],
                     "reached": reached[current]})
        current = _next_period(current, period)
    return rows


def agents_by_sector(agents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Agents per sector (vocabulary order) split into active and inactive; empty sectors left out."""
    counts = Counter((a["sector"], bool(a["active"])) for a in agents)
    return [{"sector": s, "active": counts[(s, True)], "inactive": counts[(s, False)]}
            for s in SECTORS if counts[(s, True)] + counts[(s, False)]]


def training_distribution(agents: list[dict[str, Any]]) -> list[dict[str, int]]:
    """Active agents by training modules completed, 0 to TRAINING_MODULES (every value listed)."""
    counts = Counter(a["training_modules"] for a in agents if a["active"])
    return [{"modules": m, "agents": counts[m]} for m in range(TRAINING_MODULES + 1)]


def agents_to_reengage(agents: list[dict[str, Any]], today: date,
                       months: int = REENGAGE_MONTHS) -> list[dict[str, Any]]:
    """Inactive agents, and active ones with no action in the last `months` months.

    Each row: id, name, reason ('inactive' or 'no_recent_action'), joined_on, last_action.
    Inactive ones come first, then the longest silent.
    """
    cutoff = months_before(today, months).isoformat()
    out = []
    for a in agents:
        last = a.get("last_action")
        if not a["active"]:
            reason = "inactive"
        elif last is None or last < cutoff:
            reason = "no_recent_action"
        else:
            continue
        out.append({"id": a["id"], "name": a["name"], "reason": reason,
                    "joined_on": a["joined_on"], "last_action": last})
    return sorted(out, key=lambda r: (r["reason"] != "inactive", r["last_action"] or "",
                                      r["name"]))


@dataclass(frozen=True)
class Share:
    """A proportion with its 95% Wilson interval; `declared` is the denominator."""

    yes: int
    declared: int
    not_declared: int
    share: float | None
    low: float | None
    high: float | None
    suppressed: bool


def migrant_background_share(agents: list[dict[str, Any]]) -> Share:
    """Share of active agents who declare a migrant background, among those who declared.

    Suppressed (no share shown) when fewer than privacy.PUBLIC_MIN_COUNT agents declared,
    so that no individual answer can be read back from the figure.
    """
    active = [a for a in agents if a["active"]]
    yes = sum(a["migrant_background"] == "yes" for a in active)
    declared = sum(a["migrant_background"] in ("yes", "no") for a in active)
    not_declared = len(active) - declared
    if declared == 0 or privacy.is_small(declared):
        return Share(yes, declared, not_declared, None, None, None, declared > 0)
    low, high = wilson_interval(yes, declared)
    return Share(yes, declared, not_declared, yes / declared, low, high, False)
