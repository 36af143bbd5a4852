"""Benchmark: the wave x district table (weighted index, 95% interval, n, n_eff) over many
respondents, ours (SQL sums over a covering index) against a naive baseline (read every
respondent into pandas, then groupby), measured side by side in the same run.

    python benchmarks/bench_barometer.py [--respondents 1000000] [--waves 20] [--repeat 3]

The results of both are checked to be equal before the times are printed.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from network import database
from network.barometer import estimates  # noqa: E402
from network.setup import initialize  # noqa: E402


def build(path: Path, respondents: int, waves: int, seed: int = 2013) -> None:
    """A database with `respondents` spread over `waves` waves and the 8 districts."""
    db = database.connect(path)
    initialize(db)
    district_ids = [r[0] for r in db.execute("SELECT id FROM districts ORDER BY number")]
    rng = np.random.default_rng(seed)
    with db.conn:
        for w in range(waves):
            db.execute("INSERT INTO barometer_waves (label, year, fieldwork_start, fieldwork_end, "
                       "mode, target_per_district, status) VALUES (?, ?, ?, ?, 'online', 100, "
                       "'closed')", [f"Bench {w}", 2000 + w, f"{2000 + w}-10-01",
                                     f"{2000 + w}-11-01"])
        wave_ids = [r[0] for r in db.execute("SELECT id FROM barometer_waves ORDER BY id")]
        wave = rng.choice(wave_ids, respondents)
        district = rng.choice(district_ids, respondents)
        idx = np.clip(rng.normal(60, 15, respondents), 0, 100).round(4)
        idx = np.where(rng.random(respondents) < 0.01, np.nan, idx)  # a few without an index
        weight = rng.lognormal(0, 0.4, respondents).round(6)
        valid = (rng.random(respondents) > 0.005).astype(int)
        rows = ((int(wave[i]), f"B{i}", "import", int(district[i]), "woman", "45-64", "no",
                 None if math.isnan(idx[i]) else float(idx[i]), float(weight[i]), int(valid[i]))
                for i in range(respondents))
        db.conn.executemany(
            "INSERT INTO barometer_responses (wave_id, respondent_id, source, district_id, sex, "
            "age_band, born_abroad, idx, weight, valid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def ours(path: Path) -> list[dict]:
    with database.open_db(path) as db:
        return estimates.index_table(db)


def baseline(path: Path) -> list[dict]:
    """The naive way: every respondent into pandas, then groupby."""
    with database.open_db(path) as db:
        frame = pd.read_sql_query("SELECT * FROM barometer_responses", db.conn)
    frame = frame[(frame["valid"] == 1) & frame["idx"].notna() & frame["weight"].notna()]
    frame = frame.assign(w2=frame["weight"] ** 2, wx=frame["weight"] * frame["idx"],
                         wx2=frame["weight"] * frame["idx"] ** 2)
    cells = frame.groupby(["wave_id", "district_id"]).agg(
        n=("idx", "size"), sw=("weight", "sum"), sw2=("w2", "sum"), swx=("wx", "sum"),
        swx2=("wx2", "sum")).reset_index()
    city = cells.groupby("wave_id")[["n", "sw", "sw2", "swx", "swx2"]].sum().reset_index()
    city["district_id"] = None
    out = []
    for r in pd.concat([cells, city]).itertuples():
        mean = r.swx / r.sw
        neff = r.sw ** 2 / r.sw2
        var = (r.swx2 / r.sw - mean ** 2) * neff / (neff - 1)
        half = estimates.stats.Z95 * math.sqrt(var / neff)
        out.append({"wave_id": r.wave_id, "district_id": r.district_id, "n": int(r.n),
                    "n_eff": neff, "mean": mean, "low": mean - half, "high": mean + half})
    return out


def same(a: list[dict], b: list[dict]) -> bool:
    key = lambda r: (r["wave_id"], r["district_id"] or 0)  # noqa: E731
    a, b = sorted(a, key=key), sorted(b, key=key)
    return len(a) == len(b) and all(
        key(x) == key(y) and x["n"] == y["n"]
        and all(math.isclose(x[k], y[k], rel_tol=1e-9) for k in ("n_eff", "mean"))
        for x, y in zip(a, b, strict=True))


def timed(fn, path: Path, repeat: int) -> tuple[float, list[dict]]:
    times, result = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--waves", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        build(path, args.respondents, args.waves)
        print(f"built {args.respondents:,} respondents in {args.waves} waves x 8 districts "
              f"in {time.perf_counter() - start:.1f} s")
        t_ours, r_ours = timed(ours, path, args.repeat)
        t_base, r_base = timed(baseline, path, args.repeat)
        if not same(r_ours, r_base):
            sys.exit("results differ between ours and the baseline")
        print(f"wave x district table, {len(r_ours)} rows (median of {args.repeat}); "
              "n, n_eff and means equal to 1e-9 (ours also computes the linearised se)")
        print(f"  ours (SQL sums over a covering index): {t_ours * 1000:8.1f} ms")
        print(f"  baseline (read all into pandas, groupby): {t_base * 1000:8.1f} ms")
        print(f"  ratio: {t_base / t_ours:.1f}x faster")


if __name__ == "__main__":
    main()
