"""District dashboard: activity over time, agents by sector and training, agents to re-engage,
and the migrant-background share of agents next to the district's foreign-born share.

Pure functions over plain rows, plus named queries taking `db` first. Per-agent migrant
background never leaves this module: only the aggregate does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network import permissions, privacy, reference, textcheck
from network.errors import Problem, ValidationFailed
from network.permissions import User
from network.stats import wilson_interval
from network.storage import run_script, write
from network.vocab import SECTORS, TRAINING_MODULES

migrations = Migrations("district_dashboard")


@migrations()
def m001_foreign_born_shares(db: Database) -> None:
    run_script(
        db,
        """
        -- Share of residents born abroad, per district (district_id NULL: the whole city).
        -- Filled in by staff from a published source; never invented.
        CREATE TABLE foreign_born_shares (
            id INTEGER PRIMARY KEY,
            district_id INTEGER REFERENCES districts(id),
            year INTEGER NOT NULL,
            share_pct REAL NOT NULL CHECK (share_pct >= 0 AND share_pct <= 100),
            source TEXT NOT NULL,
            updated_by INTEGER,
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
        );
        CREATE UNIQUE INDEX foreign_born_shares_district_year
            ON foreign_born_shares (coalesce(district_id, 0), year);
        """,
    )


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


# Named queries.

def district_actions(db: Database, district_id: int) -> list[dict[str, Any]]:
    """Date, type and people reached of every action of a district."""
    return [dict(r) for r in db.query(
        "SELECT date, type, people_reached FROM actions WHERE district_id = ? ORDER BY date",
        [district_id])]


def district_agents(db: Database, district_id: int) -> list[dict[str, Any]]:
    """A district's agents with what the aggregates need, and the date of their last action."""
    return [dict(r) for r in db.query(
        """SELECT a.id, a.name, a.kind, a.sector, a.active, a.training_modules,
                  a.migrant_background, a.joined_on,
                  (SELECT max(c.date) FROM action_agents x JOIN actions c ON c.id = x.action_id
                    WHERE x.agent_id = a.id) AS last_action
           FROM agents a WHERE a.district_id = ? ORDER BY a.name COLLATE NOCASE""",
        [district_id])]


def first_action_date(db: Database, district_id: int) -> date | None:
    """The date of the district's first recorded action."""
    row = db.execute("SELECT min(date) FROM actions WHERE district_id = ?",
                     [district_id]).fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else None


def foreign_born_share(db: Database, district_id: int | None) -> dict[str, Any] | None:
    """The most recent stored foreign-born share of a district (None: the whole city)."""
    rows = list(db.query(
        """SELECT district_id, year, share_pct, source FROM foreign_born_shares
           WHERE coalesce(district_id, 0) = ? ORDER BY year DESC LIMIT 1""",
        [district_id or 0]))
    return rows[0] if rows else None


def city_foreign_born_share(db: Database) -> dict[str, Any] | None:
    """The city-wide foreign-born share: a stored figure, else the city's published one."""
    stored = foreign_born_share(db, None)
    if stored:
        return {**stored, "at_least": False}
    known = CITY_BORN_ABROAD.get(reference.setting(db, "city.slug"))
    if not known:
        return None
    return {"district_id": None, "year": known["year"], "source": known["source"],
            "share_pct": 100 * known["born_abroad"] / known["population"],
            "at_least": known["at_least"], "born_abroad": known["born_abroad"],
            "population": known["population"]}


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
