"""Benchmark: activity per (wave period, district), ours (trends.activity_by_period, a pure
Python pass over dated events) against a pandas baseline (pd.cut of the dates on the period
edges, then groupby), measured side by side in the same run; then the whole report build.

    python benchmarks/bench_trends.py [--events 200000] [--waves 12] [--repeat 3]

Both results are checked to be equal before the times are printed.
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

from network import database, trends
from network.report import build_report  # noqa: E402
from network.setup import initialize  # noqa: E402


def events(n: int, seed: int = 2013) -> list[dict]:
    rng = random.Random(seed)
    start = date(2012, 1, 1)
    return [{"date": (start + timedelta(days=rng.randrange(365 * 14))).isoformat(),
             "district_id": rng.randint(1, 8), "actions": 1, "reached": rng.randint(0, 300)}
            for _ in range(n)]


def baseline(periods: list[trends.Period], rows: list[dict]) -> dict:
    frame = pd.DataFrame(rows)
    frame["day"] = pd.to_datetime(frame["date"].str[:10])
    edges = [pd.Timestamp(periods[0].start)] + [pd.Timestamp(p.end) for p in periods]
    frame["wave"] = pd.cut(frame["day"], bins=edges, right=False,
                           labels=[p.wave for p in periods])
    grouped = frame.dropna(subset=["wave"]).groupby(["wave", "district_id"], observed=True)[
        ["actions", "reached"]].sum()
    return {(w, d): {"actions": float(r.actions), "reached": float(r.reached)}
            for (w, d), r in grouped.iterrows()}


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--waves", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    periods = trends.wave_periods((f"W{2014 + i}", date(2014 + i, 10, 1))
                                  for i in range(args.waves))
    rows = events(args.events)
    ours = trends.activity_by_period(periods, rows, ["actions", "reached"])
    assert ours == baseline(periods, rows), "ours and the baseline disagree"
    t_ours = timed(lambda: trends.activity_by_period(periods, rows, ["actions", "reached"]),
                   args.repeat)
    t_base = timed(lambda: baseline(periods, rows), args.repeat)
    print(f"activity per period: {args.events:,} events, {args.waves} waves")
    print(f"  ours (pure Python)     {t_ours * 1000:8.1f} ms")
    print(f"  baseline (pandas cut)  {t_base * 1000:8.1f} ms")
    print(f"  ratio ours/baseline    {t_ours / t_base:8.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.db"
        with database.open_db(path) as db:
            initialize(db, with_demo=True)
            t_report = timed(lambda: build_report(db, 2025, "en"), 1)
    print(f"annual report from the demo data (8 SVG charts): {t_report:.2f} s")


if __name__ == "__main__":
    main()
