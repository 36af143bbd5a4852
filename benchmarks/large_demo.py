"""A large demo database for the page-speed benchmarks: 10 years, about 5,000 actions,
100,000 quiz attempts and 50,000 survey responses.

It runs the ordinary demo generator (network.demo) with bigger parameters, so the data has
the same shape as the demo everyone sees, only more of it. The file is cached under
benchmarks/.cache/ (git-ignored), keyed on the demo modules' source, and rebuilt when they
change.

    python benchmarks/large_demo.py [--force]     # build (or find) it and print its counts
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from network import database, demo  # noqa: E402
from network.demo import barometer as barometer_demo  # noqa: E402
from network.demo import core as core_demo  # noqa: E402
from network.demo import quiz as quiz_demo  # noqa: E402
from network.setup import initialize  # noqa: E402

CACHE_DIR = ROOT / "benchmarks" / ".cache"
YEARS = 10
ACTIONS = 5000
QUIZ_ATTEMPTS = 100_000
SURVEY_RESPONSES = 50_000


def activity_scale(today: date) -> float:
    """The core demo's ACTIVITY_SCALE that gives about ACTIONS actions: it draws, per district
    and year, 14 + 2 x (years since the first) + 3 x (district number mod 3) on average
    (27/8 over the 8 districts), the current year in proportion to the days gone; each of
    its two int() truncations loses half an action on average."""
    elapsed = (today - date(today.year, 1, 1)).days / 365
    per_year = [14 + 2 * i + 27 / 8 - 0.5 for i in range(YEARS)]
    return (ACTIONS + 0.5 * 8 * YEARS) / (8 * (sum(per_year[:-1]) + per_year[-1] * elapsed))


def parameters(today: date) -> list[tuple[object, str, object]]:
    """(module, attribute, value): the demo's knobs for the large database."""
    first_year = today.year - YEARS + 1
    closed_waves = YEARS - 1  # the current year's wave is open, with a few answers so far
    in_progress = sum(barometer_demo.IN_PROGRESS.values())
    per_district = -(-(SURVEY_RESPONSES - in_progress) // (closed_waves * 8))
    return [
        (core_demo, "FIRST_YEAR", first_year),
        (core_demo, "ACTIVITY_SCALE", activity_scale(today)),
        (quiz_demo, "FIRST_DAY", date(first_year, 1, 1)),
        (quiz_demo, "ATTEMPTS", QUIZ_ATTEMPTS - quiz_demo.DEMO_AGENT_ATTEMPTS),
        (barometer_demo, "FIRST_YEAR", first_year),
        (barometer_demo, "PER_DISTRICT", per_district),
    ]


def build(path: Path, today: date | None = None) -> None:
    """Create the large demo database at `path` (replacing any file there)."""
    today = today or date.today()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with ExitStack() as stack:
        for module, attribute, value in parameters(today):
            stack.enter_context(mock.patch.object(module, attribute, value))
        with database.open_db(path) as db:
            initialize(db, with_demo=False)
            demo.generate(db, today=today)
            db.execute("ANALYZE")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _key() -> str:
    sources = sorted((ROOT / "network" / "demo").glob("*.py")) + [Path(__file__)]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    return digest[:12]


def cached(force: bool = False) -> Path:
    """The cached large demo database, built first when missing or out of date."""
    path = CACHE_DIR / f"large-demo-{_key()}.db"
    if force or not path.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        for old in CACHE_DIR.glob("large-demo-*.db*"):
            old.unlink()
        partial = path.with_suffix(".partial")
        build(partial)
        partial.rename(path)
    with database.open_db(path) as db:  # migrations added since it was built apply once, here
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def counts(path: Path) -> dict[str, object]:
    """What the database holds, to print next to the benchmark."""
    with database.open_db(path) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "years of actions": one("SELECT count(DISTINCT substr(date, 1, 4)) FROM actions"),
            "actions": one("SELECT count(*) FROM actions"),
            "agents": one("SELECT count(*) FROM agents"),
            "quiz attempts": one("SELECT count(*) FROM quiz_attempts"),
            "quiz answers": one("SELECT count(*) FROM quiz_answers"),
            "survey responses": one("SELECT count(*) FROM barometer_responses"),
            "barometer waves": one("SELECT count(*) FROM barometer_waves"),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = parser.parse_args()
    start = time.perf_counter()
    path = cached(args.force)
    print(f"{path} ({time.perf_counter() - start:.1f} s)")
    for what, n in counts(path).items():
        print(f"  {what}: {n:,}")


if __name__ == "__main__":
    main()
