"""Retention: contacts and notes of agents inactive for longer than the retention period, and
client fingerprints older than the throttles that need them, are deleted (a dry run by default).
Run daily (README: cron)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from network.accounts import rules, store
from network.core import guard, permissions
from network.core.storage import write

SESSION_KEEP_S = 30 * 24 * 3600  # ended sessions are forgotten after 30 days

_DUE_SQL = """
    SELECT a.id FROM agents a
    WHERE (a.contact_email IS NOT NULL OR a.contact_phone IS NOT NULL OR a.notes IS NOT NULL)
      AND max(a.joined_on, coalesce(substr(a.updated_at, 1, 10), ''),
              coalesce((SELECT max(x.date) FROM actions x JOIN action_agents aa
                        ON aa.action_id = x.id WHERE aa.agent_id = a.id), '')) < ?
    ORDER BY a.id"""


@dataclass(frozen=True)
class Purge:
    """What a purge removes (or would remove, in a dry run)."""

    cutoff: str
    agents: list[int]
    quiz_fingerprints: int
    submission_log: int
    sessions: int
    applied: bool


def purge(db: Database, today: date | None = None, years: int = rules.RETENTION_YEARS_DEFAULT,
          *, apply: bool = False, now: float | None = None) -> Purge:
    """Find (and with apply=True delete, in one transaction) what is past its retention."""
    today = today or date.today()
    now = time.time() if now is None else now
    cutoff = rules.retention_cutoff(today, years).isoformat()
    fingerprint_before = now - guard.THROTTLE_WINDOW_S

    def run(db: Database) -> Purge:
        agents = [r[0] for r in db.execute(_DUE_SQL, [cutoff])]
        counts = [db.execute(sql, params).fetchone()[0] for sql, params in (
            ("SELECT count(*) FROM quiz_attempts WHERE client_hash IS NOT NULL "
             "AND finished_at < ?", [fingerprint_before]),
            ("SELECT count(*) FROM submission_log WHERE at < ?", [fingerprint_before]),
            ("SELECT count(*) FROM account_sessions WHERE coalesce(revoked_at, expires_at) < ?",
             [now - SESSION_KEEP_S]))]
        if apply:
            for agent_id in agents:
                db.execute("""UPDATE agents SET contact_email = NULL, contact_phone = NULL,
                              notes = NULL WHERE id = ?""", [agent_id])
                permissions.audit(db, None, "retention_purge", "agents", agent_id)
            db.execute("UPDATE quiz_attempts SET client_hash = NULL WHERE client_hash IS NOT NULL "
                       "AND finished_at < ?", [fingerprint_before])
            db.execute("DELETE FROM submission_log WHERE at < ?", [fingerprint_before])
            store.delete_old_sessions(db, now - SESSION_KEEP_S)
        return Purge(cutoff, agents, *counts, applied=apply)

    return write(db, run)
