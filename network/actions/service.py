"""Permission-checked, validated writes of the action log, each one transaction with its audit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from network.actions.rules import WRITE, check_action
from network.actions.store import district_context, get_action, save_links
from network.core import permissions, storage
from network.core.errors import ValidationFailed
from network.core.permissions import User
from network.rumours import service as rumours
from network.rumours import store as rumour_store


def _checked(db: Database, data: Mapping[str, Any], today: date | None) -> dict[str, Any]:
    ctx = district_context(db, int(data["district_id"]))
    record, problems = check_action(data, ctx, today or date.today())
    if problems:
        raise ValidationFailed(problems)
    return record


def create_action(db: Database, user: User | None, data: Mapping[str, Any],
                  today: date | None = None) -> int:
    """Record an action in `data['district_id']` (action.write there); returns its id."""
    permissions.require(user, WRITE, int(data["district_id"]))
    record = _checked(db, data, today)
    agent_ids = record.pop("agent_ids")
    rumour_ids = rumours.check_action_rumours(db, data.get("rumour_ids") or [])

    def insert(db: Database) -> int:
        action_id = db["actions"].insert({**record, "created_by": user.id}).last_pk
        save_links(db, action_id, agent_ids)
        rumour_store.save_action_rumours(db, action_id, rumour_ids)
        permissions.audit(db, user, "create", "actions", action_id)
        return action_id

    return storage.write(db, insert)


def update_action(db: Database, user: User | None, action_id: int, data: Mapping[str, Any],
                  today: date | None = None) -> None:
    """Change an action (action.write on its current district and on the new one)."""
    current = get_action(db, action_id)
    permissions.require(user, WRITE, current["district_id"])
    permissions.require(user, WRITE, int(data["district_id"]))
    record = _checked(db, data, today)
    agent_ids = record.pop("agent_ids")
    rumour_ids = (rumours.check_action_rumours(db, data["rumour_ids"])
                  if data.get("rumour_ids") is not None else None)

    def update(db: Database) -> None:
        db["actions"].update(action_id, {
            **record, "updated_at": datetime.now().isoformat(timespec="seconds")})
        save_links(db, action_id, agent_ids)
        if rumour_ids is not None:  # a caller that does not name rumours leaves them as they are
            rumour_store.save_action_rumours(db, action_id, rumour_ids)
        permissions.audit(db, user, "update", "actions", action_id)

    storage.write(db, update)


def delete_action(db: Database, user: User | None, action_id: int) -> None:
    """Delete an action (action.write on its district)."""
    current = get_action(db, action_id)
    permissions.require(user, WRITE, current["district_id"])

    def delete(db: Database) -> None:
        db.execute("DELETE FROM actions WHERE id = ?", [action_id])
        permissions.audit(db, user, "delete", "actions", action_id)

    storage.write(db, delete)


def district_agents(db: Database, user: User | None, district_id: int) -> list[dict[str, Any]]:
    """The district's agents and entities (names: for those who may write its actions)."""
    permissions.require(user, WRITE, district_id)
    return [dict(r) for r in db.query(
        "SELECT id, name, kind, active FROM agents WHERE district_id = ? "
        "ORDER BY active DESC, name", [district_id])]
