"""The district dashboard's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from network import reference
from network.district.rules import CITY_BORN_ABROAD


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
