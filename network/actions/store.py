"""The action log's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from network import reference
from network.actions.rules import DistrictContext
from network.core.errors import NotFound
from network.core.storage import period_clauses
from network.rumours.store import action_rumour_ids


def district_context(db: Database, district_id: int) -> DistrictContext:
    """Barrios, boundary, agents and default point of a district (UnknownDistrict if none)."""
    district = reference.district_by_id(db, district_id)
    barrios = reference.barrios(db, district_id)
    agent_ids = frozenset(r[0] for r in db.execute(
        "SELECT id FROM agents WHERE district_id = ?", [district_id]))
    return DistrictContext(
        district_id=district_id,
        barrios=tuple(b["name"] for b in barrios),
        geometry=reference.district_geometry(db, district_id),
        agent_ids=agent_ids,
        default_point=(district.label_lat, district.label_lon),
        barrio_points={b["name"]: (b["lat"], b["lon"]) for b in barrios
                       if b["lat"] is not None and b["lon"] is not None},
    )


def save_links(db: Database, action_id: int, agent_ids: Iterable[int]) -> None:
    db.execute("DELETE FROM action_agents WHERE action_id = ?", [action_id])
    db["action_agents"].insert_all({"action_id": action_id, "agent_id": a} for a in agent_ids)


def get_action(db: Database, action_id: int) -> dict[str, Any]:
    """One action with its languages (list), agent ids and rumour ids; NotFound if missing."""
    rows = [dict(r) for r in db.query("SELECT * FROM actions WHERE id = ?", [action_id])]
    if not rows:
        raise NotFound(value=action_id)
    action = rows[0]
    action["languages"] = json.loads(action["languages"] or "[]")
    action["agent_ids"] = [r[0] for r in db.execute(
        "SELECT agent_id FROM action_agents WHERE action_id = ? ORDER BY agent_id", [action_id])]
    action["rumour_ids"] = action_rumour_ids(db, action_id)
    return action


def _filters(district_ids: Iterable[int] | None, start: str | None, end: str | None,
             types: Iterable[str] | None, alias: str = "a") -> tuple[str, list[Any]]:
    clauses, params = ["1 = 1"], []
    if district_ids is not None:
        ids = list(district_ids)
        clauses.append(f"{alias}.district_id IN ({', '.join('?' * len(ids)) or 'NULL'})")
        params += ids
    dated, values = period_clauses(f"{alias}.date", start, end)
    clauses += dated
    params += values
    if types:
        kinds = list(types)
        clauses.append(f"{alias}.type IN ({', '.join('?' * len(kinds))})")
        params += kinds
    return " AND ".join(clauses), params


def list_actions(db: Database, district_ids: Iterable[int] | None = None, start: str | None = None,
                 end: str | None = None, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Actions matching the filters, newest first, with how many agents took part."""
    where, params = _filters(district_ids, start, end, types)
    sql = f"""SELECT a.id, a.district_id, d.number AS district_number, d.name_es, d.name_eu,
                     a.barrio, a.date, a.type, a.title, a.description, a.place, a.lat, a.lon,
                     a.people_reached, a.languages, a.demo,
                     (SELECT count(*) FROM action_agents x WHERE x.action_id = a.id) AS agents
              FROM actions a JOIN districts d ON d.id = a.district_id
              WHERE {where} ORDER BY a.date DESC, a.id DESC"""  # noqa: S608 (clauses are fixed text)
    rows = [dict(r) for r in db.query(sql, params)]
    for r in rows:
        r["languages"] = json.loads(r["languages"] or "[]")
    return rows


def district_totals(db: Database, start: str | None = None, end: str | None = None,
                    types: Iterable[str] | None = None) -> dict[int, dict[str, int]]:
    """Per district: actions and people reached in the period, and active agents at its end."""
    where, params = _filters(None, start, end, types)
    out = {d.id: {"actions": 0, "reached": 0, "agents": 0} for d in reference.districts(db)}
    sql = f"""SELECT a.district_id, count(*), coalesce(sum(a.people_reached), 0)
              FROM actions a WHERE {where} GROUP BY a.district_id"""  # noqa: S608
    for district_id, count, reached in db.execute(sql, params):
        out.setdefault(district_id, {"actions": 0, "reached": 0, "agents": 0})
        out[district_id].update(actions=count, reached=reached)
    agent_sql = "SELECT district_id, count(*) FROM agents WHERE active = 1"
    agent_params: list[Any] = []
    if end:
        agent_sql += " AND joined_on < ?"
        agent_params.append(end)
    for district_id, count in db.execute(agent_sql + " GROUP BY district_id", agent_params):
        out.setdefault(district_id, {"actions": 0, "reached": 0, "agents": 0})
        out[district_id]["agents"] = count
    return out


def action_years(db: Database) -> list[int]:
    """Years that have actions, newest first."""
    return [int(r[0]) for r in db.execute(
        "SELECT DISTINCT substr(date, 1, 4) FROM actions ORDER BY 1 DESC")]
