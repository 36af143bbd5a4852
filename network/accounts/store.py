"""The accounts feature's SQL: sessions, lifecycle flags, consents, access log reads.

`db` first, values bound. Write helpers run inside the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

# --- sessions ---------------------------------------------------------------------------


def insert_session(db: Database, user_id: int, token_hash: str, now: float,
                   lifetime_s: float) -> int:
    return db.execute(
        """INSERT INTO account_sessions (user_id, token_hash, created_at, last_seen_at,
                                         expires_at) VALUES (?, ?, ?, ?, ?)""",
        [user_id, token_hash, now, now, now + lifetime_s],
    ).lastrowid


def session_by_hash(db: Database, token_hash: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM account_sessions WHERE token_hash = ?", [token_hash]))
    return rows[0] if rows else None


def session_by_id(db: Database, session_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM account_sessions WHERE id = ?", [session_id]))
    return rows[0] if rows else None


def touch_session(db: Database, session_id: int, now: float) -> None:
    db.execute("UPDATE account_sessions SET last_seen_at = ? WHERE id = ? AND revoked_at IS NULL",
               [now, session_id])


def revoke_session(db: Database, session_id: int, now: float, reason: str) -> int:
    return db.execute(
        """UPDATE account_sessions SET revoked_at = ?, revoked_reason = ?
           WHERE id = ? AND revoked_at IS NULL""", [now, reason, session_id]).rowcount


def revoke_user_sessions(db: Database, user_id: int, now: float, reason: str) -> int:
    """End every open session of an account (inside the caller's transaction)."""
    return db.execute(
        """UPDATE account_sessions SET revoked_at = ?, revoked_reason = ?
           WHERE user_id = ? AND revoked_at IS NULL""", [now, reason, user_id]).rowcount


def open_sessions(db: Database, now: float, idle_s: float,
                  user_id: int | None = None) -> list[dict[str, Any]]:
    """Sessions neither revoked nor expired nor idle (no token hashes), newest use first."""
    where = "" if user_id is None else "AND s.user_id = ?"
    params: list[Any] = [now, now - idle_s] + ([] if user_id is None else [user_id])
    return [dict(r) for r in db.query(
        f"""SELECT s.id, s.user_id, u.username, u.role, s.created_at, s.last_seen_at,
                   s.expires_at
            FROM account_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.revoked_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ? {where}
            ORDER BY s.last_seen_at DESC""", params)]  # noqa: S608 (fixed fragments)


def delete_old_sessions(db: Database, before: float) -> int:
    """Forget sessions that ended (or expired) before `before`."""
    return db.execute(
        "DELETE FROM account_sessions WHERE coalesce(revoked_at, expires_at) < ?",
        [before]).rowcount


# --- accounts ---------------------------------------------------------------------------


def user_row(db: Database, user_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


def set_password(db: Database, user_id: int, password_hash: str, must_change: bool) -> None:
    db.execute(
        """UPDATE users SET password_hash = ?, must_change_password = ?,
                  password_changed_at = strftime('%Y-%m-%dT%H:%M:%S', 'now') WHERE id = ?""",
        [password_hash, int(must_change), user_id])


def set_role(db: Database, user_id: int, role: str, district_ids: list[int]) -> None:
    db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user_id])
    db.execute("DELETE FROM user_districts WHERE user_id = ?", [user_id])
    for d in district_ids:
        db.execute("INSERT INTO user_districts (user_id, district_id) VALUES (?, ?)",
                   [user_id, d])


def users_of_agent(db: Database, agent_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query("SELECT * FROM users WHERE agent_id = ?", [agent_id])]


# --- agents and consent -----------------------------------------------------------------


def agent_row(db: Database, agent_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM agents WHERE id = ?", [agent_id]))
    return rows[0] if rows else None


CONSENT_COLUMN = {"named": "consent_named", "contact": "consent_contact",
                  "background": "consent_background"}


def set_consent_column(db: Database, agent_id: int, purpose: str, given: bool) -> None:
    column = CONSENT_COLUMN[purpose]  # one of three fixed names
    db.execute(f"UPDATE agents SET {column} = ? WHERE id = ?",  # noqa: S608
               [int(given), agent_id])


def last_consent_id(db: Database, agent_id: int, purpose: str) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM agent_consents "
                      "WHERE agent_id = ? AND purpose = ?", [agent_id, purpose]).fetchone()[0]


def insert_consent(db: Database, agent_id: int, purpose: str, given: bool, how: str,
                   recorded_by: int | None) -> None:
    db.execute("""INSERT INTO agent_consents (agent_id, purpose, given, how, recorded_by)
                  VALUES (?, ?, ?, ?, ?)""", [agent_id, purpose, int(given), how, recorded_by])


def describe_consent(db: Database, consent_id: int, how: str, recorded_by: int | None) -> None:
    db.execute("UPDATE agent_consents SET how = ?, recorded_by = ? WHERE id = ?",
               [how, recorded_by, consent_id])


def consent_history(db: Database, agent_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        """SELECT c.id, c.purpose, c.given, c.at, c.how, u.username AS recorded_by
           FROM agent_consents c LEFT JOIN users u ON u.id = c.recorded_by
           WHERE c.agent_id = ? ORDER BY c.id DESC""", [agent_id])]


def latest_consents(db: Database, agent_id: int) -> dict[str, dict[str, Any]]:
    """purpose -> its latest history row."""
    out: dict[str, dict[str, Any]] = {}
    for row in consent_history(db, agent_id):
        out.setdefault(row["purpose"], row)
    return out


# --- tables that point at a row ----------------------------------------------------------


def table_names(db: Database) -> list[str]:
    """Every table (not views), whichever feature added it."""
    return [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def columns_of(db: Database, table: str) -> list[tuple[str, str]]:
    """(name, declared type) of a table's columns."""
    return [(c[1], c[2]) for c in db.execute(f"PRAGMA table_info([{table}])")]  # noqa: S608


def referencing_columns(db: Database, parent: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to `parent`, whichever feature added it."""
    out = []
    for (table,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"):
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])"):  # noqa: S608
            if fk[2] == parent:
                out.append((table, fk[3]))
    return out


def rows_where(db: Database, table: str, column: str, value: Any) -> list[dict[str, Any]]:
    # table and column come from sqlite_master / PRAGMA, never from a user
    return [dict(r) for r in db.query(
        f"SELECT * FROM [{table}] WHERE [{column}] = ? ORDER BY rowid", [value])]  # noqa: S608


def text_columns(db: Database) -> dict[str, list[str]]:
    """Every table's columns that can hold text (for the erasure check and the export)."""
    out: dict[str, list[str]] = {}
    for (table,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        cols = [c[1] for c in db.execute(f"PRAGMA table_info([{table}])")  # noqa: S608
                if "INT" not in (c[2] or "").upper() and "REAL" not in (c[2] or "").upper()]
        if cols:
            out[table] = cols
    return out


# --- the access log (audit_log entries about personal data) -----------------------------

PERSONAL_ENTITIES = ("agents", "users", "agent_consents", "privacy")


def recent_access(db: Database, user_id: int | None, verb: str, entity: str,
                  since: str) -> bool:
    return db.execute(
        """SELECT 1 FROM audit_log WHERE user_id IS ? AND verb = ? AND entity = ? AND at >= ?
           LIMIT 1""", [user_id, verb, entity, since]).fetchone() is not None


def access_log(db: Database, limit: int | None = None) -> list[dict[str, Any]]:
    marks = ", ".join("?" for _ in PERSONAL_ENTITIES)
    sql = f"""SELECT a.id, a.at, u.username, a.user_id, a.verb, a.entity, a.entity_id
              FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
              WHERE a.entity IN ({marks}) ORDER BY a.id DESC"""  # noqa: S608
    params: list[Any] = list(PERSONAL_ENTITIES)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in db.query(sql, params)]
