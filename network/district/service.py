"""The dashboard assembled for a user (permission-checked) and the foreign-born share write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from network import reference
from network.core import permissions, textcheck
from network.core.errors import Problem, ValidationFailed
from network.core.permissions import User
from network.core.storage import write
from network.district.rules import (
    MAX_SOURCE_LENGTH,
    Share,
    actions_over_time,
    agents_by_sector,
    agents_to_reengage,
    migrant_background_share,
    months_before,
    training_distribution,
)
from network.district.store import (
    city_foreign_born_share,
    district_actions,
    district_agents,
    first_action_date,
    foreign_born_share,
)


def set_foreign_born_share(db: Database, user: User | None, district_id: int | None, year: int,
                           share_pct: float, source: str, today: date | None = None) -> None:
    """Store a published foreign-born share (staff/admin), with its year and source."""
    permissions.require(user, "reference.edit")
    today = today or date.today()
    source = (source or "").strip()
    problems = []
    if isinstance(share_pct, bool) or not isinstance(share_pct, int | float) \
            or not 0 <= share_pct <= 100:
        problems.append(Problem("district_share", "district.error.share_range"))
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= today.year:
        problems.append(Problem("district_year", "district.error.year_range", {"max": today.year}))
    if not source:
        problems.append(Problem("source", "error.source_required"))
    elif len(source) > MAX_SOURCE_LENGTH:
        problems.append(Problem("district_source", "district.error.source_too_long",
                                {"max": MAX_SOURCE_LENGTH}))
    elif textcheck.has_control(source):
        problems.append(Problem("source", "input.error.control"))
    if problems:
        raise ValidationFailed(problems)
    if district_id is not None:
        reference.district_by_id(db, district_id)

    def upsert(db: Database) -> None:
        db.execute("DELETE FROM foreign_born_shares WHERE coalesce(district_id, 0) = ? AND year = ?",
                   [district_id or 0, year])
        db["foreign_born_shares"].insert(
            {"district_id": district_id, "year": year, "share_pct": float(share_pct),
             "source": source, "updated_by": user.id})  # type: ignore[union-attr]
        permissions.audit(db, user, "update", "foreign_born_shares", district_id)

    write(db, upsert)


@dataclass(frozen=True)
class Dashboard:
    """Everything the district page shows, already filtered by what the user may see."""

    district_id: int
    start: date
    end: date
    over_time: list[dict[str, Any]]
    actions: int
    reached: int
    active_agents: int
    inactive_agents: int
    by_sector: list[dict[str, Any]]
    training: list[dict[str, int]]
    reengage: list[dict[str, Any]]
    names_visible: bool
    migrant: Share
    foreign_born: dict[str, Any] | None
    city_foreign_born: dict[str, Any] | None


def district_dashboard(db: Database, user: User | None, district_id: int, period: str,
                       start: date | None, today: date | None = None) -> Dashboard:
    """The dashboard of one district from `start` (None: its first action) to today.

    Names of agents to re-engage are given only to the district's coordinators and admins.
    """
    permissions.require(user, "district.dashboard", district_id)
    reference.district_by_id(db, district_id)
    today = today or date.today()
    start = start or first_action_date(db, district_id) or months_before(today, 11)
    actions = [a for a in district_actions(db, district_id)
               if start.isoformat() <= a["date"][:10] <= today.isoformat()]
    agents = district_agents(db, district_id)
    names_visible = permissions.allowed(user, "agent.contacts", district_id)
    reengage = agents_to_reengage(agents, today)
    if not names_visible:
        reengage = [{**r, "name": None, "id": None} for r in reengage]
    return Dashboard(
        district_id=district_id, start=start, end=today,
        over_time=actions_over_time(actions, period, start, today),
        actions=len(actions), reached=sum(a["people_reached"] or 0 for a in actions),
        active_agents=sum(1 for a in agents if a["active"]),
        inactive_agents=sum(1 for a in agents if not a["active"]),
        by_sector=agents_by_sector(agents), training=training_distribution(agents),
        reengage=reengage, names_visible=names_visible,
        migrant=migrant_background_share(agents),
        foreign_born=foreign_born_share(db, district_id),
        city_foreign_born=city_foreign_born_share(db),
    )
