"""Recording quiz attempts: the app's record_attempt vs raw sqlite3 inserts of the same rows.

    python benchmarks/bench_quiz_record.py [--attempts 10000] [--threads 16] [--rounds 1]

Both sides write the same attempts (12 answers each) from the same number of threads, each
thread with its own connection, one transaction per attempt, into a fresh database with the
same schema and durability settings (WAL, synchronous=NORMAL, busy_timeout 5 s). The app's
side also validates, resolves attribution, runs the abuse guards (which log one row per
attempt) and retries on "database is locked"; the baseline retries the same way, so neither
surfaces lock errors. Prints attempts/s for both, their ratio (target >= 0.5), rows lost
(must be 0) and errors surfaced (must be 0).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from network import database
from network.core import storage  # noqa: E402
from network.quiz import attempts, content, scoring  # noqa: E402
from network.setup import initialize  # noqa: E402

ATTEMPT_SQL = """INSERT INTO quiz_attempts (token, version_id, lang, district_id, age_band,
    agent_id, action_id, started_at, finished_at, finished_on, score, max_score, mean_abs_gap,
    flags, client_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
ANSWER_SQL = """INSERT INTO quiz_answers (attempt_id, item_id, choice, estimate, correct, gap)
    VALUES (?, ?, ?, ?, ?, ?)"""


@dataclass
class Work:
    sub: attempts.Submission
    client: str
    attempt_row: list
    answer_rows: list


def fresh_database(directory: Path, name: str) -> Path:
    path = directory / name
    with database.open_db(path) as db:
        initialize(db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def prepare(path: Path, count: int, seed: int = 4) -> list[Work]:
    """The same attempts for both sides: submissions for the app, rows for the baseline."""
    rng = random.Random(seed)
    with database.open_db(path) as db:
        version_id = content.current_version(db)
        items = attempts.scoring_items(db, version_id)
        districts = [r[0] for r in db.execute("SELECT id FROM districts")]
    now = time.time()
    work = []
    for _ in range(count):
        answers = {i.id: (rng.choice(scoring.CHOICES) if i.kind == "myth"
                          else float(rng.randint(0, 60))) for i in items}
        sub = attempts.Submission(
            token=f"{rng.getrandbits(128):032x}", version_id=version_id,
            lang=rng.choice(["es", "eu", "en"]), answers=answers, started_at=now - 200,
            district_id=rng.choice(districts), age_band=rng.choice(attempts.AGE_BANDS))
        score = scoring.score_attempt(items, answers)
        client = f"{rng.getrandbits(128):032x}"
        row = [sub.token, version_id, sub.lang, sub.district_id, sub.age_band, None, None,
               sub.started_at, now, time.strftime("%Y-%m-%d"), score.correct, score.total,
               score.mean_abs_gap, "", client]
        answer_rows = [(r.item_id, r.choice, r.estimate, int(r.correct), r.gap)
                       for r in score.results]
        work.append(Work(sub, client, row, answer_rows))
    return work


def run_threads(target, chunks: list[list[Work]]) -> tuple[float, list[BaseException]]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(chunks) + 1)

    def worker(chunk: list[Work]) -> None:
        try:
            target(chunk, barrier)
        except BaseException as exc:  # reported, never swallowed
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for th in threads:
        th.start()
    barrier.wait()
    start = time.perf_counter()
    for th in threads:
        th.join()
    return time.perf_counter() - start, errors


def app_side(path: Path):
    def run(chunk: list[Work], barrier: threading.Barrier) -> None:
        db = database.connect(path)
        barrier.wait()
        try:
            for w in chunk:
                attempts.record_attempt(db, w.sub, w.client, min_seconds=0)
        finally:
            db.close()
    return run


def baseline_side(path: Path):
    def run(chunk: list[Work], barrier: threading.Barrier) -> None:
        conn = sqlite3.connect(str(path), timeout=storage.BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {storage.BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        barrier.wait()
        try:
            for w in chunk:
                def insert(w: Work = w) -> None:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        attempt_id = conn.execute(ATTEMPT_SQL, w.attempt_row).lastrowid
                        conn.executemany(ANSWER_SQL, [(attempt_id, *a) for a in w.answer_rows])
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    conn.execute("COMMIT")
                storage._retry_locked(insert)
        finally:
            conn.close()
    return run


def lost_rows(path: Path, work: list[Work]) -> int:
    with database.open_db(path) as db:
        attempts_found = db.execute("SELECT count(DISTINCT token) FROM quiz_attempts").fetchone()[0]
        answers_found = db.execute("SELECT count(*) FROM quiz_answers").fetchone()[0]
        assert storage.integrity_check(db) == ["ok"]
    expected_answers = sum(len(w.answer_rows) for w in work)
    return (len(work) - attempts_found) + (expected_answers - answers_found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate baseline and app this many times; best of each is reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-quiz-") as tmp:
        directory = Path(tmp)
        work = prepare(fresh_database(directory, "prep.db"), args.attempts)
        chunks = [work[i::args.threads] for i in range(args.threads)]
        best = {"baseline": 0.0, "app": 0.0}
        lost = {"baseline": 0, "app": 0}
        errors = {"baseline": 0, "app": 0}
        for r in range(args.rounds):
            for side, make in (("baseline", baseline_side), ("app", app_side)):
                path = fresh_database(directory, f"{side}-{r}.db")
                seconds, errs = run_threads(make(path), chunks)
                rate = len(work) / seconds
                best[side] = max(best[side], rate)
                lost[side] += lost_rows(path, work)
                errors[side] += len(errs)
                for e in errs[:3]:
                    print(f"  {side} error: {e!r}")
                print(f"round {r + 1} {side:8}: {len(work):,} attempts in {seconds:.2f} s "
                      f"= {rate:,.0f} attempts/s")
    ratio = best["app"] / best["baseline"]
    print(f"\n{args.attempts:,} attempts x 12 answers, {args.threads} threads, "
          f"WAL + synchronous=NORMAL")
    print(f"baseline (raw sqlite3):   {best['baseline']:,.0f} attempts/s")
    print(f"app (record_attempt):     {best['app']:,.0f} attempts/s")
    print(f"ratio app/baseline:       {ratio:.2f}  (target >= 0.5)")
    print(f"rows lost:                app {lost['app']}, baseline {lost['baseline']}  (must be 0)")
    print(f"errors surfaced:          app {errors['app']}, baseline {errors['baseline']}  "
          f"(must be 0)")
    ok = ratio >= 0.5 and not lost["app"] and not errors["app"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
