"""Helpers that build barometer waves and fieldwork files for the tests."""

from __future__ import annotations

import random

from network.barometer import io, waves
from network.barometer.instrument import instrument

WAVE = {"label": "Test 2025", "year": 2025, "fieldwork_start": "2025-10-01",
        "fieldwork_end": "2025-11-15", "mode": "face_to_face", "target_per_district": 100}
SEXES = ["woman", "man", "other"]
AGES = ["18-29", "30-44", "45-64", "65+"]


def make_wave(db, user, **fields):
    """Create a wave (defaults from WAVE) and return it."""
    wave_id = waves.create_wave(db, user, {**WAVE, **fields})
    return waves.get_wave(db, wave_id)


def fieldwork_rows(n: int, seed: int = 1, districts: int = 8) -> list[dict[str, object]]:
    """n plausible respondents as CSV rows (dicts keyed by the documented columns)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        row = {"respondent_id": f"R{i + 1:05d}", "district": str(i % districts + 1),
               "sex": rng.choice(SEXES[:2]), "age_band": rng.choice(AGES),
               "born_abroad": "yes" if rng.random() < 0.15 else "no"}
        row.update({code: rng.randint(1, 5) for code in instrument().codes})
        rows.append(row)
    return rows


def csv_bytes(rows: list[dict[str, object]], sep: str = ",") -> bytes:
    """The rows as an import file (header from the first row's keys)."""
    header = list(rows[0])
    lines = [sep.join(header)] + [sep.join("" if r.get(c) is None else str(r[c]) for c in header)
                                  for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def import_rows(db, user, wave, n: int, weights: list[float] | None = None, seed: int = 1):
    """Import n generated respondents into `wave` (with a weight column when given)."""
    rows = fieldwork_rows(n, seed)
    if weights is not None:
        for row, w in zip(rows, weights, strict=True):
            row["weight"] = w
    return io.import_csv(db, user, wave, csv_bytes(rows), "fieldwork.csv")


