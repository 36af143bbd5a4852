"""Consent by purpose: named in recognition, contacted by e-mail or phone, a recorded migrant
background. Giving and withdrawing are one call each, for the agent themself or a coordinator
of their district; a withdrawal applies at once (the agent record's columns are what
recognition, exports and counts read, and a withdrawn background is cleared by the schema)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from network.accounts import rules, store
from network.core import permissions
from network.core.errors import NotFound, Problem, ValidationFailed
from network.core.permissions import User
from network.core.storage import write


def agent_for(db: Database, actor: User | None, agent_id: int) -> dict[str, Any]:
    """The agent record, for the agent themself or those who manage their district's data."""
    row = store.agent_row(db, agent_id)
    if row is None:
        raise NotFound()
    if actor is None or actor.role != "agent" or actor.agent_id != agent_id:
        permissions.require(actor, "privacy.manage", row["district_id"])
    return row


def state(row: dict[str, Any], purpose: str) -> str:
    """'given', 'withdrawn' or 'not_asked' for one purpose of an agent record."""
    value = row[store.CONSENT_COLUMN[purpose]]
    if purpose == "named" and not value:  # core's column has no "never asked"
        return "not_asked"
    return {1: "given", 0: "withdrawn"}.get(value, "not_asked")


def consents(db: Database, actor: User | None, agent_id: int) -> list[dict[str, Any]]:
    """Each purpose with its state and the date and way of its latest answer."""
    row = agent_for(db, actor, agent_id)
    latest = store.latest_consents(db, agent_id)
    return [{"purpose": p, "state": state(row, p), "at": (latest.get(p) or {}).get("at"),
             "how": (latest.get(p) or {}).get("how")} for p in rules.PURPOSES]


def history(db: Database, actor: User | None, agent_id: int) -> list[dict[str, Any]]:
    agent_for(db, actor, agent_id)
    return store.consent_history(db, agent_id)


def set_consent(db: Database, actor: User | None, agent_id: int, purpose: str, given: bool,
                how: str) -> None:
    """Record consent given (or withdrawn) for one purpose, with how it was given."""
    row = agent_for(db, actor, agent_id)
    if actor is not None and actor.role == "agent":
        how = "self_service"
    problems = []
    if purpose not in rules.PURPOSES:
        problems.append(Problem("purpose", "accounts.error.purpose", {"value": purpose}))
    if how not in rules.CONSENT_HOW:
        problems.append(Problem("how", "accounts.error.how", {"value": how}))
    if row["erased_at"]:
        problems.append(Problem("agent", "accounts.error.erased"))
    if problems:
        raise ValidationFailed(problems)
    by = getattr(actor, "id", None)

    def update(db: Database) -> None:
        before = store.last_consent_id(db, agent_id, purpose)
        store.set_consent_column(db, agent_id, purpose, given)
        after = store.last_consent_id(db, agent_id, purpose)
        if after != before:  # the schema's trigger wrote the history row: say how and who
            store.describe_consent(db, after, how, by)
        else:
            store.insert_consent(db, agent_id, purpose, given, how, by)
        permissions.audit(db, actor, "consent_given" if given else "consent_withdrawn",
                          "agent_consents", agent_id)

    write(db, update)
