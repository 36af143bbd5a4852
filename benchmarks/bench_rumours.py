"""Benchmark: the rumour board (50 rumours x 8 districts, 100,000 heard reports over 10 years,
5,000 actions naming rumours), ours (per-cell sums in SQL over the board's index, then the
disclosure rules in Python) against a naive baseline (read every heard report and every
action link into pandas, then groupby), measured side by side in the same run; cold (a new
connection, first build) and warm (the same connection again, median of the repeats).

    python benchmarks/bench_rumours.py [--reports 100000] [--rumours 50] [--repeat 3]

Both sides' counts (heard, last seen, recent, before, actions, reached per cell) are checked
to be equal before the times are printed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from network import database  # noqa: E402
from network.rumours import board, rules  # noqa: E402
from network.setup import initialize  # noqa: E402

TODAY = date(2025, 6, 15)
YEARS = 10


def build(path: Path, reports: int, rumours: int, actions: int = 5000, seed: int = 2013) -> None:
    """A database with the shipped catalogue topped up to `rumours`, `actions` actions naming
    one or two rumours, and `reports` heard reports over ten years."""
    rng = random.Random(seed)
    db = database.connect(path)
    initialize(db)
    districts = [r[0] for r in db.execute("SELECT id FROM districts ORDER BY number")]
    with db.conn:
        have = db["rumours"].count
        db["rumours"].insert_all({"code": f"B{i:03d}", "theme": "coexistence", "status": "active",
                                  "statement_es": f"Rumor de prueba {i}"}
                                 for i in range(rumours - have))
        ids = [r[0] for r in db.execute("SELECT id FROM rumours")]
        first = TODAY - timedelta(days=365 * YEARS)
        days = (TODAY - first).days
        db["actions"].insert_all({
            "district_id": rng.choice(districts),
            "date": (first + timedelta(rng.randrange(days))).isoformat(),
            "type": "workshop", "title": f"Acción {i}", "people_reached": rng.randint(5, 200)}
            for i in range(actions))
        action_ids = [r[0] for r in db.execute("SELECT id FROM actions")]
        db["action_rumours"].insert_all(
            ({"action_id": a, "rumour_id": r} for a in action_ids
             for r in rng.sample(ids, rng.randint(1, 2))), batch_size=5000)
        db["rumour_heard"].insert_all(({
            "rumour_id": rng.choice(ids), "new_text": "", "district_id": rng.choice(districts),
            "channel": rng.choice(rules.CHANNELS), "frequency": rng.choice(rules.FREQUENCIES),
            "heard_on": (first + timedelta(rng.randrange(days))).isoformat()}
            for _ in range(reports)), batch_size=5000)
    db.execute("ANALYZE")
    db.close()


def ours(db) -> dict:
    """The board as the page builds it (measures included)."""
    result = board.build(db, None, None, TODAY)
    return {k: (c.heard, c.last_seen, c.recent, c.before, c.actions, c.reached)
            for k, c in result.cells.items()}


def baseline(db) -> dict:
    """Every row into pandas, then groupby; the same counts (no disclosure, no measures)."""
    heard = pd.read_sql_query("SELECT rumour_id, district_id, heard_on FROM rumour_heard "
                              "WHERE rumour_id IS NOT NULL", db.conn)
    links = pd.read_sql_query("SELECT l.rumour_id, a.district_id, a.people_reached FROM "
                              "action_rumours l JOIN actions a ON a.id = l.action_id", db.conn)
    recent, before = rules.trend_bounds(TODAY)
    heard["recent"] = heard["heard_on"] >= recent
    heard["before"] = (heard["heard_on"] >= before) & (heard["heard_on"] < recent)
    h = heard.groupby(["rumour_id", "district_id"]).agg(
        heard=("heard_on", "size"), last_seen=("heard_on", "max"), recent=("recent", "sum"),
        before=("before", "sum"))
    a = links.groupby(["rumour_id", "district_id"]).agg(
        actions=("people_reached", "size"), reached=("people_reached", "sum"))
    rumours = [r[0] for r in db.execute("SELECT id FROM rumours WHERE status != 'proposed'")]
    districts = [r[0] for r in db.execute("SELECT id FROM districts")]
    out = {}
    for r in rumours:
        for d in districts:
            hr = h.loc[(r, d)] if (r, d) in h.index else None
            ar = a.loc[(r, d)] if (r, d) in a.index else None
            out[(r, d)] = (int(hr["heard"]) if hr is not None else 0,
                           hr["last_seen"] if hr is not None else None,
                           int(hr["recent"]) if hr is not None else 0,
                           int(hr["before"]) if hr is not None else 0,
                           int(ar["actions"]) if ar is not None else 0,
                           int(ar["reached"]) if ar is not None else 0)
    return out


def same(a: dict, b: dict) -> bool:
    """Equal counts wherever a cell is shown (the board hides last seen of small cells)."""
    if a.keys() != b.keys():
        return False
    return all(x[0] == y[0] and x[2:] == y[2:] and (x[1] is None or x[1] == y[1])
               for k in a for x, y in [(a[k], b[k])])


def timed(fn, path: Path, repeat: int) -> tuple[float, float, dict]:
    """(cold seconds, warm median seconds, result): cold on a new connection."""
    db = database.connect(path)
    start = time.perf_counter()
    result = fn(db)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(db)
        warm.append(time.perf_counter() - start)
    db.close()
    return cold, statistics.median(warm), result


def run(reports: int, rumours: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-rumours-") as tmp:
        path = Path(tmp) / "bench.db"
        build(path, reports, rumours)
        ours_cold, ours_warm, r_ours = timed(ours, path, repeat)
        base_cold, base_warm, r_base = timed(baseline, path, repeat)
    return {"ours_cold": ours_cold, "ours_warm": ours_warm, "base_cold": base_cold,
            "base_warm": base_warm, "same": same(r_ours, r_base), "cells": len(r_ours)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--rumours", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    r = run(args.reports, args.rumours, args.repeat)
    print(f"cells: {r['cells']}, same results: {r['same']}")
    print(f"{'':6} {'ours (s)':>9} {'baseline (s)':>13} {'ratio':>7}")
    for kind in ("cold", "warm"):
        o, b = r[f"ours_{kind}"], r[f"base_{kind}"]
        print(f"{kind:6} {o:9.3f} {b:13.3f} {b / o:6.1f}x")


if __name__ == "__main__":
    main()
