"""Seeded demo data, clearly marked (`demo = 1` rows) so it can be told apart and removed.

Each feature names its generator in its registry row (network/features.py): a module with
`TABLES` (child tables first) and `generate(db, rng, today)`; they run in the registry's order,
and removal runs in reverse.
"""

from __future__ import annotations

import random
from datetime import date

from sqlite_utils import Database

from network import features
from network.demo import core

DEMO_SEED = 2013
DEMO_PASSWORD = core.DEMO_PASSWORD


def modules() -> list:
    """The demo generators, in the registry's order."""
    return features.demo_modules()


def has_demo(db: Database) -> bool:
    """True while any demo row exists."""
    for module in modules():
        for table in module.TABLES:
            if db.execute(f"SELECT 1 FROM [{table}] WHERE demo = 1 LIMIT 1").fetchone():  # noqa: S608
                return True
    return False


def generate(db: Database, seed: int = DEMO_SEED, today: date | None = None) -> bool:
    """Fill the database with demo data; False (and nothing done) when demo data is present."""
    if has_demo(db):
        return False
    today = today or date.today()
    with db.atomic():
        for module in modules():
            # Each generator draws from its own sequence: a change to one feature's demo (a new
            # quiz item, say) leaves every other feature's demo exactly as it was.
            module.generate(db, random.Random(f"{seed}:{module.__name__}"), today)
    return True


def remove(db: Database) -> int:
    """Delete every demo row; returns how many rows went."""
    removed = 0
    with db.atomic():
        for module in reversed(modules()):
            for table in module.TABLES:
                removed += db.execute(f"DELETE FROM [{table}] WHERE demo = 1").rowcount  # noqa: S608
    return removed
