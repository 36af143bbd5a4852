"""The migrations runner: apply, list pending and applied migrations of the sets it is given.

Which sets exist is the feature registry's business (network/features.py), not core's.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


def apply(db: Database, sets: Sequence[Migrations]) -> None:
    """Apply every pending migration of every set, in order."""
    for migrations in sets:
        migrations.apply(db)


def pending(db: Database, sets: Sequence[Migrations]) -> list[str]:
    """Names (set:name) of migrations not yet applied."""
    return [f"{m.name}:{p.name}" for m in sets for p in m.pending(db)]


def applied(db: Database, sets: Sequence[Migrations]) -> list[str]:
    """Names (set:name) of migrations already applied."""
    return [f"{m.name}:{a.name}" for m in sets for a in m.applied(db)]
