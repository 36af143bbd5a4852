"""What the barometer re-derives when its inputs change (registered in network/features.py):
respondents' weights, when margins or populations change or a wave's responses do."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from network.barometer import weighting


def reweight_every_wave(db: Database, **_: Any) -> None:
    """Margins or populations changed: every wave may rake to different totals."""
    for (wave_id,) in db.execute("SELECT id FROM barometer_waves").fetchall():
        weighting.reweight_wave(db, wave_id)


def reweight_the_wave(db: Database, wave_id: int, **_: Any) -> None:
    """One wave's responses changed (an import, its undo, a survey answer)."""
    weighting.reweight_wave(db, wave_id)
