"""The migrations runner: apply, list pending and applied migrations of the sets it is given.

Which sets exist is the feature registry's business (network/features.py), not core's.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Sequence

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


def apply(db: Database, sets: Sequence[Migrations]) -> None:
    """Apply every pending migration of every set, in order."""
    for migrations in sets:
        migrations.apply(db)


# sqlite-utils keeps applied migrations in _sqlite_migrations (Migrations.migrations_table).
# Each set's migrations in order, as sqlite-utils lists them for a database with none applied.
_DECLARED: weakref.WeakKeyDictionary[Migrations, list[str]] = weakref.WeakKeyDictionary()


def _declared(migrations: Migrations) -> list[str]:
    names = _DECLARED.get(migrations)
    if names is None:
        names = [p.name for p in migrations.pending(Database(memory=True))]
        _DECLARED[migrations] = names
    return names


def pending(db: Database, sets: Sequence[Migrations]) -> list[str]:
    """Names (set:name) of migrations not yet applied: one query for every set (every page
    opens a connection and asks; sqlite-utils' per-set look-ups were a tenth of the survey's
    server time under a crowd)."""
    try:
        done = set(db.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall())
    except sqlite3.OperationalError as exc:  # no migration applied yet: no table
        if "no such table" not in str(exc):
            raise
        done = set()
    return [f"{m.name}:{name}" for m in sets for name in _declared(m)
            if (m.name, name) not in done]


def applied(db: Database, sets: Sequence[Migrations]) -> list[str]:
    """Names (set:name) of migrations already applied."""
    return [f"{m.name}:{a.name}" for m in sets for a in m.applied(db)]
