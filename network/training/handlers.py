"""Derived data of the calendar: an agent's modules completed, re-derived whenever attendance
(or a session's module) changes (registered in network/features.py)."""

from __future__ import annotations

from sqlite_utils import Database

from network.training import rules, store


def recount_modules(db: Database, agent_ids: list[int]) -> None:
    """agents.training_modules := distinct modules from prior records and attended sessions."""
    history = store.training_history(db, agent_ids)
    for agent_id in set(agent_ids):
        rows = history.get(agent_id, [])
        modules = rules.modules_completed(
            [r["module"] for r in rows if r["source"] == "prior"],
            [r["module"] for r in rows if r["source"] == "session"])
        store.set_module_count(db, agent_id, len(modules))
