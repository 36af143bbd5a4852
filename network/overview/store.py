"""The overview's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def network_at_a_glance(db: Database, year: int, until: str | None = None) -> list[dict[str, Any]]:
    """One row per district: active agents and entities, actions and reach in `year` and the year before.

    `until` ("MM-DD", inclusive) cuts both years at the same day, so a year in progress is
    compared with the same period of the year before, not with a whole year.
    """
    cut = until or "12-31"
    rows = db.query(
        """
        SELECT d.id AS district_id, d.number, d.name_es, d.name_eu,
          (SELECT count(*) FROM agents a WHERE a.district_id = d.id AND a.active = 1
             AND a.kind = 'individual') AS agents,
          (SELECT count(*) FROM agents a WHERE a.district_id = d.id AND a.active = 1
             AND a.kind = 'entity') AS entities,
          coalesce(sum(x.date >= :this_start AND x.date <= :this_end), 0) AS actions_this_year,
          coalesce(sum(x.date >= :last_start AND x.date <= :last_end), 0) AS actions_last_year,
          coalesce(sum(CASE WHEN x.date >= :this_start AND x.date <= :this_end
                       THEN x.people_reached END), 0) AS reached_this_year,
          coalesce(sum(CASE WHEN x.date >= :last_start AND x.date <= :last_end
                       THEN x.people_reached END), 0) AS reached_last_year
        FROM districts d
        LEFT JOIN actions x ON x.district_id = d.id
             AND x.date >= :last_start AND x.date <= :this_end
        GROUP BY d.id ORDER BY d.number
        """,
        {"this_start": f"{year}-01-01", "this_end": f"{year}-{cut}",
         "last_start": f"{year - 1}-01-01", "last_end": f"{year - 1}-{cut}"},
    )
    return [dict(r) for r in rows]


def activity_years(db: Database) -> list[int]:
    """Years that have actions, newest first."""
    return [int(r[0]) for r in db.execute(
        "SELECT DISTINCT substr(date, 1, 4) FROM actions ORDER BY 1 DESC"
    )]
