"""Permission-checked, validated writes and reads of agents, each write one transaction."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from network import reference
from network.agents.rules import CONTACT_FIELDS, hide_contacts, validate_agent
from network.agents.store import (
    agent_row,
    barrios_by_district,
    history_count,
    query_agents,
    unused_share_code,
)
from network.core import csvio, i18n, permissions
from network.core.errors import NetworkError
from network.core.permissions import User
from network.core.storage import write
from network.core.vocab import label_key


class AgentHasHistory(NetworkError):
    """The agent appears in actions (or other records): deactivate instead of deleting."""

    key = "agents.error.has_history"


def create_agent(db: Database, user: User | None, data: dict[str, Any],
                 today: date | None = None) -> int:
    """Record a new agent or entity (admin, or coordinator of its district); returns its id."""
    permissions.require(user, "agent.write")
    record = validate_agent(data, barrios_by_district(db), today or date.today())
    permissions.require(user, "agent.write", record["district_id"])

    def insert(db: Database) -> int:
        agent_id = db["agents"].insert({**record, "share_code": unused_share_code(db)}).last_pk
        permissions.audit(db, user, "create", "agents", agent_id)
        return agent_id

    return write(db, insert)


def update_agent(db: Database, user: User | None, agent_id: int, data: dict[str, Any],
                 today: date | None = None) -> None:
    """Change an agent's record; moving it needs write access to both districts."""
    permissions.require(user, "agent.write")
    permissions.require(user, "agent.write", agent_row(db, agent_id)["district_id"])
    record = validate_agent(data, barrios_by_district(db), today or date.today())
    permissions.require(user, "agent.write", record["district_id"])

    def update(db: Database) -> None:
        db["agents"].update(agent_id, {**record, "updated_at": _now()})
        permissions.audit(db, user, "update", "agents", agent_id)

    write(db, update)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def set_agent_active(db: Database, user: User | None, agent_id: int, active: bool) -> None:
    """Deactivate or reactivate an agent (their history stays)."""
    permissions.require(user, "agent.write", agent_row(db, agent_id)["district_id"])

    def update(db: Database) -> None:
        db["agents"].update(agent_id, {"active": int(active), "updated_at": _now()})
        permissions.audit(db, user, "activate" if active else "deactivate", "agents", agent_id)

    write(db, update)


def delete_agent(db: Database, user: User | None, agent_id: int) -> None:
    """Delete an agent with no history; one with history raises AgentHasHistory."""
    permissions.require(user, "agent.write", agent_row(db, agent_id)["district_id"])

    def delete(db: Database) -> None:
        count = history_count(db, agent_id)
        if count:
            raise AgentHasHistory(count=count)
        db.execute("DELETE FROM agents WHERE id = ?", [agent_id])
        permissions.audit(db, user, "delete", "agents", agent_id)

    write(db, delete)


def regenerate_share_code(db: Database, user: User | None, agent_id: int) -> str:
    """Give the agent a new share code (the old link stops counting); returns the code."""
    permissions.require(user, "agent.write", agent_row(db, agent_id)["district_id"])

    def update(db: Database) -> str:
        code = unused_share_code(db)
        db["agents"].update(agent_id, {"share_code": code, "updated_at": _now()})
        permissions.audit(db, user, "regenerate_share_code", "agents", agent_id)
        return code

    return write(db, update)


def agent_for_edit(db: Database, user: User | None, agent_id: int) -> dict[str, Any]:
    """The full record of one agent, for those who may edit it (contacts included)."""
    row = agent_row(db, agent_id)
    permissions.require(user, "agent.write", row["district_id"])
    return {**row, "languages": json.loads(row["languages"] or "[]"),
            "history": history_count(db, agent_id)}


def _readable_districts(db: Database, user: User | None, capability: str,
                        district_id: int | None) -> list[int]:
    all_ids = [d.id for d in reference.districts(db)]
    if district_id is not None:
        permissions.require(user, capability, district_id)
        return [district_id] if district_id in all_ids else []
    permissions.require(user, capability)
    return permissions.visible_districts(user, capability, all_ids)


def list_agents(db: Database, user: User | None, district_id: int | None = None, *,
                active: bool | None = None, search: str = "") -> list[dict[str, Any]]:
    """Agents the user may see (coordinators: their districts), with contact fields blanked
    where the user may not see them. Migrant background never leaves network/ per agent."""
    rows = query_agents(db, _readable_districts(db, user, "agent.view", district_id), active)
    folded = reference.fold_name(search or "")
    if folded:
        rows = [r for r in rows if folded in reference.fold_name(r["name"])]
    return hide_contacts(rows, user)


EXPORT_COLUMNS = (
    "id", "kind", "name", "contact_email", "contact_phone", "sector", "district_number",
    "district", "barrio", "joined_on", "training_modules", "active", "languages",
    "consent_named", "actions", "last_action", "share_code", "notes", "demo",
)


def export_table(db: Database, user: User | None, lang: str, *, district_id: int | None = None,
                 include_contacts: bool = True, system: bool = False
                 ) -> tuple[list[str], list[list[Any]]]:
    """Translated headers and rows of the agents export (contacts only for those allowed).

    `system=True` is the server operator at the command line (every district, contacts
    unless `include_contacts` is False).
    """
    if system:
        ids = [d.id for d in reference.districts(db)]
        ids = [d for d in ids if district_id in (None, d)]
    else:
        ids = _readable_districts(db, user, "agent.export", district_id)
    rows = query_agents(db, ids, None)
    codes = {r[0]: r[1] for r in db.execute("SELECT id, share_code FROM agents")}
    contact_cols = set(CONTACT_FIELDS)
    show_contacts = include_contacts and (system or any(
        permissions.allowed(user, "agent.contacts", d) for d in ids))
    columns = [c for c in EXPORT_COLUMNS if show_contacts or c not in contact_cols]
    yes, no = i18n.translate("common.yes", lang), i18n.translate("common.no", lang)

    def cell(r: dict[str, Any], col: str) -> Any:
        if col in contact_cols and not (system or permissions.allowed(
                user, "agent.contacts", r["district_id"])):
            return None
        if col in ("contact_email", "contact_phone") and r.get("consent_contact") == 0:
            return None  # consent to be contacted withdrawn
        if col == "kind":
            return i18n.translate(label_key("agent_kind", r["kind"]), lang)
        if col == "sector":
            return i18n.translate(label_key("sector", r["sector"]), lang)
        if col == "district":
            return r["district_name_eu"] if lang == "eu" else r["district_name_es"]
        if col == "languages":
            return "; ".join(i18n.translate(label_key("language", x), lang)
                             for x in r["languages"])
        if col in ("active", "consent_named", "demo"):
            return yes if r[col] else no
        if col == "share_code":
            return codes[r["id"]]
        return r[col]

    headers = [i18n.translate(f"agents.column.{c}", lang) for c in columns]
    return headers, [[cell(r, c) for c in columns] for r in rows]


def export_csv(db: Database, user: User | None, lang: str, **options: Any) -> bytes:
    """The agents export as CSV bytes (UTF-8 with BOM, translated headers)."""
    headers, rows = export_table(db, user, lang, **options)
    return csvio.to_csv_bytes(headers, rows)
