"""Abuse guards for anonymous submissions (quiz attempts, survey responses).

A honeypot field, a minimum completion time and a throttle per client. The client is
identified only by a salted hash: the raw address or browser id is never stored.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from sqlite_utils import Database

THROTTLE_WINDOW_S = 3600
THROTTLE_MAX = 10  # submissions of one kind per client per hour before flagging


def _salt(db: Database) -> str:
    row = db.execute("SELECT value FROM settings WHERE key = 'guard.salt'").fetchone()
    if row:
        return row[0]
    salt = secrets.token_hex(16)
    with db.atomic():
        db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('guard.salt', ?)", [salt])
    return db.execute("SELECT value FROM settings WHERE key = 'guard.salt'").fetchone()[0]


def client_hash(db: Database, raw_client: str) -> str:
    """A salted SHA-256 of the client identifier (the salt is per installation)."""
    return hashlib.sha256((_salt(db) + "|" + (raw_client or "")).encode()).hexdigest()[:32]


def submission_flags(
    db: Database,
    kind: str,
    client: str,
    started_at: float,
    honeypot: str = "",
    min_seconds: float = 20.0,
    now: float | None = None,
    max_per_window: int = THROTTLE_MAX,
) -> list[str]:
    """Reasons to keep a submission out of results: 'honeypot', 'too_fast', 'throttled'.

    Call inside the write transaction that stores the submission; it logs this one.
    `max_per_window` raises the throttle where many people share one network (a class).
    """
    now = time.time() if now is None else now
    flags = []
    if honeypot and honeypot.strip():
        flags.append("honeypot")
    if now - started_at < min_seconds:
        flags.append("too_fast")
    recent = db.execute(
        "SELECT count(*) FROM submission_log WHERE kind = ? AND client_hash = ? AND at > ?",
        [kind, client, now - THROTTLE_WINDOW_S],
    ).fetchone()[0]
    if recent >= max_per_window:
        flags.append("throttled")
    db.execute("INSERT INTO submission_log (kind, client_hash, at) VALUES (?, ?, ?)",
               [kind, client, now])
    return flags
