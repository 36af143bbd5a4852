"""Waves: creation with validation, one open at a time, permissions."""

from datetime import date

import pytest

from network.barometer import waves
from network.core.errors import NetworkError, PermissionDenied, ValidationFailed
from tests.barometer_data import WAVE, make_wave


def test_staff_create_a_wave_as_a_draft(db, staff):
    wave = make_wave(db, staff, fieldwork_start=date(2025, 10, 1))
    assert (wave.label, wave.status, wave.mode, wave.fieldwork_start) == (
        "Test 2025", "draft", "face_to_face", "2025-10-01")
    assert db.execute("SELECT verb FROM audit_log WHERE entity = 'barometer_waves'").fetchone()[0] \
        == "create"


@pytest.mark.parametrize("fields,problem_fields", [
    ({"label": ""}, ["label"]),
    ({"label": "x" * 61}, ["label"]),
    ({"year": 1999}, ["year"]),
    ({"fieldwork_start": "2025-12-01", "fieldwork_end": "2025-11-01"}, ["fieldwork"]),
    ({"fieldwork_start": "soon"}, ["fieldwork"]),
    ({"mode": "carrier pigeon"}, ["mode"]),
    ({"target_per_district": 0}, ["target"]),
    ({"label": "", "year": "2025", "mode": None, "target_per_district": -5},
     ["label", "year", "mode", "target"]),
])
def test_a_bad_wave_is_refused_listing_every_problem(db, staff, fields, problem_fields):
    with pytest.raises(ValidationFailed) as err:
        waves.create_wave(db, staff, {**WAVE, **fields})
    assert [p.field for p in err.value.problems] == problem_fields
    assert db["barometer_waves"].count == 0


def test_labels_are_unique_whatever_their_case(db, staff):
    make_wave(db, staff)
    with pytest.raises(ValidationFailed) as err:
        waves.create_wave(db, staff, {**WAVE, "label": "TEST 2025"})
    assert err.value.problems[0].key == "barometer.error.label_taken"


def test_one_wave_is_open_at_a_time(db, staff):
    first, second = make_wave(db, staff), make_wave(db, staff, label="Second")
    waves.set_status(db, staff, first.id, "open")
    assert waves.open_wave(db).id == first.id
    with pytest.raises(NetworkError) as err:
        waves.set_status(db, staff, second.id, "open")
    assert err.value.key == "barometer.error.another_open"
    waves.set_status(db, staff, first.id, "closed")
    waves.set_status(db, staff, second.id, "open")
    assert waves.open_wave(db).id == second.id


@pytest.mark.parametrize("who", ["coordinator", "agent_user"])
def test_only_staff_manage_waves(db, request, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        waves.create_wave(db, user, WAVE)


def test_a_wave_is_found_by_label_or_a_clear_error(db, staff):
    make_wave(db, staff)
    assert waves.wave_by_label(db, " test 2025 ").label == "Test 2025"
    with pytest.raises(NetworkError) as err:
        waves.wave_by_label(db, "2031")
    assert err.value.key == "barometer.error.unknown_wave"
