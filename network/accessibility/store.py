"""The accessibility feature's SQL."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def insert_feedback(db: Database, row: dict[str, Any]) -> int:
    """Store one report; returns its id."""
    return db["a11y_feedback"].insert(row).last_pk


def feedback_rows(db: Database, limit: int) -> list[dict[str, Any]]:
    """The latest reports, newest first."""
    return [dict(r) for r in db.query(
        "SELECT id, created_at, kind, page, message, contact, lang, flags, demo"
        " FROM a11y_feedback ORDER BY created_at DESC, id DESC LIMIT :limit", {"limit": limit})]
