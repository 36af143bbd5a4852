"""Training coverage of a district (or the city) in a year: agents trained per module, the
share of active agents with the full course, hours of training and the attendance rate,
with small groups hidden (network/core/privacy.py, disclosure.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from network.core import disclosure, permissions, privacy
from network.core.permissions import User
from network.training import rules, store


@dataclass(frozen=True)
class Coverage:
    """Counts of people are None where they are hidden (fewer than privacy.PUBLIC_MIN_COUNT,
    or recoverable by subtraction from the active agents)."""

    active: int
    per_module: dict[int, int | None]
    full: int | None
    share_full: float | None
    hours: float
    attended: int
    recorded: int
    attendance_rate: float | None


def shown(count: int, total: int) -> int | None:
    """The count unless it, or the rest of the total, is a small group."""
    return None if privacy.is_small(count) or privacy.is_small(total - count) else count


def compute(agents: list[dict[str, Any]], history: dict[int, list[dict[str, Any]]],
            attendance: list[dict[str, Any]]) -> Coverage:
    """Coverage from plain rows: agents (id, active), each agent's training history, and the
    confirmed sign-ups of the period's held events (attended, kind, hours)."""
    active = [a["id"] for a in agents if a["active"]]
    modules = {a: set(rules.modules_completed([h["module"] for h in history.get(a, [])], []))
               for a in active}
    per_module = {m: shown(sum(m in mods for mods in modules.values()), len(active))
                  for m in rules.MODULES}
    full_count = sum(rules.course_complete(sorted(mods)) for mods in modules.values())
    full = shown(full_count, len(active))
    recorded = [r for r in attendance if r["attended"] is not None]
    attended = [r for r in recorded if r["attended"] == 1]
    hours = sum((r["hours"] or 0) for r in attended if r["kind"] == "training")
    return Coverage(
        active=len(active), per_module=per_module, full=full,
        share_full=full / len(active) if full is not None and active else None,
        hours=hours, attended=len(attended), recorded=len(recorded),
        attendance_rate=len(attended) / len(recorded) if recorded else None)


def district_coverage(db: Database, district_id: int, year: int | None = None) -> Coverage:
    """A district's coverage now, with hours and attendance of `year` (None: every year)."""
    agents = store.district_agents(db, district_id)
    history = store.training_history(db, [a["id"] for a in agents])
    start, end = (f"{year}-01-01", f"{year + 1}-01-01") if year else ("0000", "9999")
    return compute(agents, history, store.attendance_rows(db, district_id, start, end))


def city_table(db: Database, district_ids: list[int], year: int
               ) -> tuple[dict[int | None, Coverage], dict[int, str]]:
    """Each district's coverage and the city's (key None), and the district full-course
    counts to hide so that none is recovered from the city total (disclosure.hide)."""
    per = {d: district_coverage(db, d, year) for d in district_ids}
    agents = [a for d in district_ids for a in store.district_agents(db, d)]
    history = store.training_history(db, [a["id"] for a in agents])
    per[None] = compute(agents, history, store.attendance_rows(db, None, f"{year}-01-01",
                                                               f"{year + 1}-01-01"))
    raw = {}
    for d in district_ids:
        ids = [a["id"] for a in store.district_agents(db, d) if a["active"]]
        raw[d] = sum(rules.course_complete(rules.modules_completed(
            [h["module"] for h in history.get(i, [])], [])) for i in ids)
    hidden = disclosure.hide(raw, privacy.PUBLIC_MIN_COUNT)
    for d in district_ids:  # nearly everyone trained: the few untrained are a small group
        if d not in hidden and per[d].full is None:
            hidden[d] = disclosure.COMPLEMENTARY
    if len(hidden) == 1:  # a lone hidden cell is the city total minus the shown ones
        rest = sorted((d for d in district_ids if d not in hidden and raw[d] > 0),
                      key=lambda d: (raw[d], d))
        if rest:
            hidden[rest[0]] = disclosure.COMPLEMENTARY
    return per, hidden


def dashboard_coverage(db: Database, user: User | None, district_id: int, year: int
                       ) -> Coverage:
    """A district's coverage for its dashboard (coordinators: their districts)."""
    permissions.require(user, "district.dashboard", district_id)
    return district_coverage(db, district_id, year)
