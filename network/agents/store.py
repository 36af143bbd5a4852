"""The agents registry's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from network import reference
from network.agents.rules import new_share_code, normalize_share_code
from network.core.errors import NotFound


def barrios_by_district(db: Database) -> dict[int, list[str]]:
    """Every district id with its barrio names (the reference data validation needs)."""
    out: dict[int, list[str]] = {d.id: [] for d in reference.districts(db)}
    for b in reference.barrios(db):
        out.setdefault(b["district_id"], []).append(b["name"])
    return out


def agent_row(db: Database, agent_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM agents WHERE id = ?", [agent_id]))
    if not rows:
        raise NotFound()
    return rows[0]


def unused_share_code(db: Database) -> str:
    while True:
        code = new_share_code()
        if not db.execute("SELECT 1 FROM agents WHERE share_code = ?", [code]).fetchone():
            return code


def history_count(db: Database, agent_id: int) -> int:
    """How many rows of other tables point at this agent (actions, accounts, quiz data...)."""
    total = 0
    for table in db.table_names():
        if table == "agent_consents":  # the record's own consents go with it (network/accounts)
            continue
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            if fk[2] == "agents":
                total += db.execute(
                    f"SELECT count(*) FROM [{table}] WHERE [{fk[3]}] = ?", [agent_id]  # noqa: S608
                ).fetchone()[0]
    return total


def agent_id_for_share_code(db: Database, code: str) -> int | None:
    """The agent a share code belongs to, or None (codes are typed case-insensitively)."""
    row = db.execute("SELECT id FROM agents WHERE share_code = ?",
                     [normalize_share_code(code)]).fetchone()
    return row[0] if row else None


def agent_names(db: Database) -> list[dict[str, Any]]:
    """Every agent's id and name, by name (for an admin binding an account to an agent)."""
    return [dict(r) for r in db.query("SELECT id, name FROM agents ORDER BY name")]


_LIST_SQL = """
SELECT a.id, a.kind, a.name, a.contact_email, a.contact_phone, a.sector, a.district_id,
       d.number AS district_number, d.name_es AS district_name_es,
       d.name_eu AS district_name_eu, a.barrio, a.joined_on, a.training_modules, a.active,
       a.languages, a.consent_named, a.consent_contact, a.notes, a.demo,
       (SELECT count(*) FROM action_agents x WHERE x.agent_id = a.id) AS actions,
       (SELECT max(c.date) FROM action_agents x JOIN actions c ON c.id = x.action_id
         WHERE x.agent_id = a.id) AS last_action
FROM agents a JOIN districts d ON d.id = a.district_id
"""


def query_agents(db: Database, district_ids: list[int], active: bool | None) -> list[dict[str, Any]]:
    if not district_ids:
        return []
    marks = ", ".join("?" for _ in district_ids)
    sql = _LIST_SQL + f" WHERE a.district_id IN ({marks})"
    params: list[Any] = list(district_ids)
    if active is not None:
        sql += " AND a.active = ?"
        params.append(int(active))
    rows = [dict(r) for r in db.query(sql + " ORDER BY d.number, a.name COLLATE NOCASE", params)]
    for r in rows:
        r["languages"] = json.loads(r["languages"] or "[]")
    return rows
