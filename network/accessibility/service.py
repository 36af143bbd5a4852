"""Accessibility feedback: anyone may send a report; admins read them."""

from __future__ import annotations

import time
from typing import Any

from sqlite_utils import Database

from network.accessibility import rules, store
from network.core import guard, i18n, permissions, storage
from network.core.errors import ValidationFailed
from network.core.permissions import User

GUARD_KIND = "a11y_feedback"
MIN_SECONDS = 3.0


def submit_feedback(db: Database, kind: str, page: str, message: str, contact: str, lang: str,
                    client_hash: str, started_at: float, honeypot: str = "",
                    now: float | None = None) -> int:
    """Validate and store a report from the statement's form; returns its id. Reports caught
    by the abuse guards are stored with their flags (kept for audit, shown as such)."""
    report = rules.clean_feedback(kind, page, message, contact)
    problems = rules.feedback_problems(report)
    if problems:
        raise ValidationFailed(problems)
    now = time.time() if now is None else now

    def write(d: Database) -> int:
        flags = guard.submission_flags(d, GUARD_KIND, client_hash, started_at, honeypot,
                                       MIN_SECONDS, now)
        return store.insert_feedback(d, {**report, "lang": i18n.normalize_language(lang),
                                         "flags": ",".join(flags)})

    return storage.write(db, write)


def list_feedback(db: Database, user: User | None, limit: int = 500) -> list[dict[str, Any]]:
    """The latest reports, for those who may read them."""
    permissions.require(user, "a11y.feedback")
    return store.feedback_rows(db, limit)
