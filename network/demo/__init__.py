"""Seeded demo data, clearly marked (`demo = 1` rows) so it can be told apart and removed.

Each feature adds a module to MODULES with `TABLES` (child tables first) and
`generate(db, rng, today)`; they run in order, and removal runs in reverse.
"""

from __future__ import annotations

import random
from datetime import date

from sqlite_utils import Database

from network.demo import core
from network.demo import quiz as quiz_demo

DEMO_SEED = 2013
MODULES = [core]
MODULES.append(quiz_demo)
DEMO_PASSWORD = core.DEMO_PASSWORD


def has_demo(db: Database) -> bool:
    """True while any demo row exists."""
    for module in MODULES:
        for table in module.TABLES:
            if db.execute(f"SELECT 1 FROM [{table}] WHERE demo = 1 LIMIT 1").fetchone():  # noqa: S608
                return True
    return False


def generate(db: Database, seed: int = DEMO_SEED, today: date | None = None) -> bool:
    """Fill the database with demo data; False (and nothing done) when demo data is present."""
    if has_demo(db):
        return False
    today = today or date.today()
    rng = random.Random(seed)
    with db.atomic():
        for module in MODULES:
            module.generate(db, rng, today)
    return True


def remove(db: Database) -> int:
    """Delete every demo row; returns how many rows went."""
    removed = 0
    with db.atomic():
        for module in reversed(MODULES):
            for table in module.TABLES:
                removed += db.execute(f"DELETE FROM [{table}] WHERE demo = 1").rowcount  # noqa: S608
    return removed


from network.demo import barometer as _barometer  # noqa: E402

MODULES.append(_barometer)

from network.demo import accessibility as _accessibility  # noqa: E402

MODULES.append(_accessibility)
