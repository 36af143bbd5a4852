"""Opening the database: one helper, WAL, foreign keys and a busy timeout; `write` transactions."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network import DATA_DIR, IN_CHECKOUT
from network.core import migrations as runner

DB_ENV = "ANTIRUMOUR_DB"
# In a checkout: data/antirumour.db (git-ignored); installed: antirumour.db in the working folder.
DEFAULT_DB = DATA_DIR / "antirumour.db" if IN_CHECKOUT else Path("antirumour.db")
BUSY_TIMEOUT_MS = 5000

T = TypeVar("T")


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $ANTIRUMOUR_DB, else DEFAULT_DB."""
    return Path(path or os.environ.get(DB_ENV) or DEFAULT_DB)


def connect(path: str | os.PathLike | None = None, *,
            migrations: Sequence[Migrations] = ()) -> Database:
    """Open a connection with WAL, foreign keys and a busy timeout; apply the pending migrations
    of `migrations` (network.database passes every feature's)."""
    target = db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = Database(conn)
    if migrations and runner.pending(db, migrations):
        _retry_locked(lambda: runner.apply(db, migrations))
    return db


def period_clauses(column: str, start: str | None, end: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions for `column` (a fixed column name, never user input) in [start, end), an
    open side where it is None, and the values they bind."""
    clauses, params = [], []
    if start:
        clauses.append(f"{column} >= ?")
        params.append(start)
    if end:
        clauses.append(f"{column} < ?")
        params.append(end)
    return clauses, params


def is_locked_error(exc: BaseException) -> bool:
    """True for SQLite's transient lock errors, which a retry resolves."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and (
        "database is locked" in text or "database is busy" in text or "database table is locked" in text
    )


def _retry_locked(fn: Callable[[], T], attempts: int = 50) -> T:
    for attempt in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not is_locked_error(exc) or attempt == attempts - 1:
                raise
            time.sleep(min(0.5, 0.005 * 2**min(attempt, 7)) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def write(db: Database, fn: Callable[[Database], T], attempts: int = 50) -> T:
    """Run `fn(db)` in one IMMEDIATE transaction, retrying on 'database is locked'.

    WAL plus busy_timeout does not prevent SQLITE_BUSY when a deferred transaction tries
    to upgrade to a write lock; taking the write lock up front and retrying does.
    """

    def attempt() -> T:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(db)
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
        return result

    return _retry_locked(attempt, attempts)


def run_script(db: Database, script: str) -> None:
    """Execute a multi-statement script inside the current transaction.

    sqlite3's executescript() commits first, which would break a migration's transaction.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement.strip()[:80]}")


def backup(db: Database, dest: str | os.PathLike) -> Path:
    """Copy the live database to `dest` with SQLite's online backup API (consistent under writers)."""
    dest_path = Path(dest)
    if dest_path.exists():
        dest_path.unlink()
    dest_path.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(str(dest_path))
    try:
        with target:
            db.conn.backup(target, pages=256, sleep=0.01)
    finally:
        target.close()
    return dest_path


def integrity_check(db: Database) -> list[str]:
    """SQLite's integrity check plus foreign-key check; ['ok'] when all is well."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        rows = [r for r in rows if r != "ok"] + [f"foreign key violation: {tuple(r)}" for r in fk]
    return rows
