"""The app's database: a core connection with every registered feature's migrations applied.

This is where core's storage meets the feature registry (network/features.py); core itself
never knows which features exist.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network import features
from network.core import migrations as runner
from network.core import storage


def migration_sets() -> list[Migrations]:
    """Every migration set, in the order they apply (core first, then each feature)."""
    return features.migration_sets()


def connect(path: str | os.PathLike | None = None, *, migrate: bool = True) -> Database:
    """A connection with pending migrations applied (none with migrate=False)."""
    return storage.connect(path, migrations=migration_sets() if migrate else ())


@contextmanager
def open_db(path: str | os.PathLike | None = None) -> Iterator[Database]:
    """A connection for one operation, closed afterwards (safe under Streamlit's threads)."""
    db = connect(path)
    try:
        yield db
    finally:
        db.close()


def apply_migrations(db: Database) -> None:
    """Apply every pending migration of every set."""
    runner.apply(db, migration_sets())


def pending_migrations(db: Database) -> list[str]:
    """Names (set:name) of migrations not yet applied."""
    return runner.pending(db, migration_sets())


def applied_migrations(db: Database) -> list[str]:
    """Names (set:name) of migrations already applied."""
    return runner.applied(db, migration_sets())
