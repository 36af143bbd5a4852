"""The personal-data access log: who saw agents' contacts, who exported, changed or erased an
agent (entries of the audit log about personal data); admins read and export it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from network.accounts import store
from network.core import csvio, i18n, permissions
from network.core.permissions import User
from network.core.storage import write

VIEW_DEDUPE = timedelta(minutes=10)  # one "viewed" entry per person and list per 10 minutes


def record(db: Database, actor: User | None, verb: str, entity: str = "agents",
           entity_id: int | None = None, *, dedupe: bool = False) -> None:
    """Write an access entry (a view is written once per VIEW_DEDUPE per person)."""
    if dedupe:
        since = (datetime.now(UTC) - VIEW_DEDUPE).strftime("%Y-%m-%dT%H:%M:%S")
        if store.recent_access(db, getattr(actor, "id", None), verb, entity, since):
            return
    write(db, lambda d: permissions.audit(d, actor, verb, entity, entity_id))


def log(db: Database, actor: User | None, limit: int | None = 500) -> list[dict[str, Any]]:
    permissions.require(actor, "privacy.audit")
    return store.access_log(db, limit)


COLUMNS = ("at", "username", "verb", "entity", "entity_id")


def log_csv(db: Database, actor: User | None, lang: str) -> bytes:
    """The whole log as CSV (the export itself is logged)."""
    rows = log(db, actor, None)
    record(db, actor, "export", "privacy")
    headers = [i18n.translate(f"accounts.log.{c}", lang) for c in COLUMNS]
    def cell(r: dict[str, Any], c: str) -> Any:
        if c == "verb":
            return verb_label(r[c], lang)
        if c == "entity":
            return i18n.translate(f"accounts.entity.{r[c]}", lang)
        return r[c]

    return csvio.to_csv_bytes(headers, [[cell(r, c) for c in COLUMNS] for r in rows])


def verb_label(verb: str, lang: str) -> str:
    key = f"accounts.verb.{verb}"
    return i18n.translate(key, lang) if key in i18n.catalog() else verb
