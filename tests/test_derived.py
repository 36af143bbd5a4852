"""Derived data by one mechanism: a write that changes an input of derived data says so
(network/core/events.py), and the registered handler re-derives inside the same transaction."""

from __future__ import annotations

import json

import pytest

from network import reference
from network.core import events
from tests.barometer_data import csv_bytes, fieldwork_rows, make_wave


def _weighting(db, wave_id):
    return json.loads(db.execute("SELECT weighting FROM barometer_waves WHERE id = ?",
                                 [wave_id]).fetchone()[0])


def test_entering_every_district_population_reweights_a_wave_that_was_unweighted(db, staff):
    from network.barometer import io as barometer_io
    wave = make_wave(db, staff, label="W", year=2025)
    barometer_io.import_csv(db, staff, wave, csv_bytes(fieldwork_rows(160)), "f.csv")
    assert _weighting(db, wave.id)["method"] == "unweighted"  # 3 of 8 district populations
    for d in reference.districts(db):
        reference.set_population(db, staff, d.id, 2025, 40_000 + d.number, "Padrón 2025 (test)")
    after = _weighting(db, wave.id)
    assert after["method"] == "raked"
    assert "district" in after["margins"]


def test_a_handler_runs_inside_the_writer_s_transaction_and_a_failure_rolls_back(db, staff,
                                                                               monkeypatch):
    seen = []

    def failing(db, **details):
        seen.append((db.conn.in_transaction, details))
        raise RuntimeError("handler failed")

    monkeypatch.setitem(events.HANDLERS, "populations_changed", [failing])
    district = reference.districts(db)[0]
    before = db.execute("SELECT count(*) FROM populations").fetchone()[0]
    with pytest.raises(RuntimeError):
        reference.set_population(db, staff, district.id, 2030, 12345, "Test")
    assert seen == [(True, {"district_id": district.id, "year": 2030})]
    assert db.execute("SELECT count(*) FROM populations").fetchone()[0] == before


def test_changed_outside_a_transaction_is_a_programming_error(db):
    with pytest.raises(RuntimeError):
        events.changed(db, "populations_changed")


def test_every_event_a_write_announces_has_a_registered_handler():
    from network import features
    announced = set()
    import re

    from tests.conftest import ROOT
    for path in (ROOT / "network").rglob("*.py"):
        announced |= set(re.findall(r'events\.changed\(\s*db,\s*"([a-z_]+)"', path.read_text()))
    assert announced
    registered = {event for f in features.FEATURES for event in f.handlers}
    assert announced <= registered, announced - registered
