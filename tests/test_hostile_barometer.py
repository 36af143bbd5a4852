"""Hostile input through the barometer: survey answers, waves and margins (see
tests/test_hostile_inputs.py for what refused and stored mean)."""

from __future__ import annotations

from datetime import date

import pytest

from network.barometer import margins, responses, waves
from tests import hostile
from tests.conftest import PASSWORD, district_id  # noqa: F401
from tests.hostile_world import DATES, NUMBERS, TEXT, TODAY, ids, refused_text, stored_or_refused  # noqa: F401
from tests.integrity import assert_translated, attempt, checksum  # noqa: F401

# ---------------------------------------------------------------- barometer

PROFILE_VALUES = (hostile.SCRIPT_AND_HTML[:4] + hostile.SQL_LIKE[:4] + hostile.CONTROL_AND_WHITESPACE[:4]
                  + hostile.UNICODE[:3] + hostile.LONG[:1] + NUMBERS[:6] + [[], {}, True, -1, 10**9])


def _profile(w, **fields):
    return {"district_id": w.d1, "sex": "woman", "age_band": "30-44", "born_abroad": "no", **fields}


def _scale(value=3):
    from network.barometer.instrument import instrument
    return {code: value for code in instrument().codes}


@pytest.mark.parametrize("field", ["barrio", "sex", "age_band", "born_abroad", "years_in_bilbao",
                                   "district_id"])
@pytest.mark.parametrize("value", PROFILE_VALUES, ids=ids(PROFILE_VALUES))
def test_survey_answers_with_hostile_profile_values_are_refused(world, field, value):
    w = world
    if field == "barrio" and not (value and str(value).strip()):
        pytest.skip("a blank barrio is allowed (the question is optional)")
    _, err = attempt(w.db, lambda: responses.submit_survey(
        w.db, w.wave_id, _profile(w, **{field: value}), _scale(), "client", 0.0, now=1e9))
    assert err is not None


@pytest.mark.parametrize("value", NUMBERS + TEXT[:10])
def test_survey_item_answers_outside_the_scale_are_refused(world, value):
    w = world
    answers = {**_scale(), "q01": value}
    result, err = attempt(w.db, lambda: responses.submit_survey(
        w.db, w.wave_id, _profile(w), answers, "client", 0.0, now=1e9))
    if err is None:
        stored = w.db.execute("SELECT value FROM barometer_answers WHERE response_id = ? "
                              "AND item = 'q01'", [result.response_id]).fetchone()[0]
        assert stored in range(1, 6)


def test_a_survey_honeypot_of_100000_characters_is_flagged_not_stored(world):
    w = world
    result, err = attempt(w.db, lambda: responses.submit_survey(
        w.db, w.wave_id, _profile(w), _scale(), "hp-client", 0.0, honeypot="x" * 100_000, now=1e9))
    assert err is None and "honeypot" in result.flags
    assert "x" * 100 not in "".join(str(r) for r in w.db.execute(
        "SELECT * FROM barometer_responses WHERE id = ?", [result.response_id]).fetchall())


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_wave_labels_are_stored_verbatim_or_refused(world, value):
    w = world
    taken = w.db.execute("SELECT 1 FROM barometer_waves WHERE label = ? COLLATE NOCASE",
                         [value.strip()]).fetchone()  # labels are unique, whatever the case
    stored_or_refused(w.db, lambda: waves.create_wave(w.db, w.staff, {
        "label": value, "year": 2026, "fieldwork_start": "2026-01-01",
        "fieldwork_end": "2026-02-01", "mode": "online", "target_per_district": 10}),
        lambda i: waves.get_wave(w.db, i).label, value,
        refused=bool(taken) or refused_text(value, waves.MAX_LABEL))


WAVE_CASES = ([("year", v) for v in NUMBERS] + [("target_per_district", v) for v in NUMBERS]
              + [("fieldwork_start", v) for v in DATES] + [("fieldwork_end", v) for v in DATES]
              + [("mode", v) for v in hostile.SCRIPT_AND_HTML[:3] + hostile.SQL_LIKE[:3] + [None, 1]])


@pytest.mark.parametrize("field,value", WAVE_CASES, ids=ids(WAVE_CASES))
def test_wave_numbers_and_dates_out_of_range_are_refused(world, field, value):
    w = world
    fields = {"label": f"W {field} {value!r}"[:60], "year": 2026, "fieldwork_start": "2026-01-01",
              "fieldwork_end": "2026-02-01", "mode": "online", "target_per_district": 10}
    result, err = attempt(w.db, lambda: waves.create_wave(w.db, w.staff, {**fields, field: value}))
    if err is None:
        wave = waves.get_wave(w.db, result)
        assert 2000 <= wave.year <= 2100 and 1 <= wave.target_per_district <= 100000
        assert date.fromisoformat(wave.fieldwork_start) <= date.fromisoformat(wave.fieldwork_end)
    if field == "fieldwork_start" and value in ("2025-02-30", "2025-13-01", "2025-04-31"):
        assert err is not None


def _sex_margins(**values):
    return {"woman": 1000, "man": 900, **values}


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_margin_sources_are_stored_verbatim_or_refused(world, value):
    w = world
    stored_or_refused(w.db, lambda: margins.set_margins(w.db, w.staff, "sex", 2024, _sex_margins(),
                                                        value),
                      lambda _: w.db.execute("SELECT DISTINCT source FROM barometer_margins WHERE "
                                             "dimension = 'sex' AND year = 2024").fetchone()[0],
                      value)


@pytest.mark.parametrize("value", NUMBERS + TEXT[:10])
def test_margin_values_and_years_must_be_positive_whole_numbers(world, value):
    w = world
    _, err = attempt(w.db, lambda: margins.set_margins(w.db, w.staff, "sex", 2023,
                                                       _sex_margins(woman=value), "INE"))
    if not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        assert err is not None
    _, err = attempt(w.db, lambda: margins.set_margins(w.db, w.staff, "sex", value, _sex_margins(),
                                                       "INE"))
    assert err is not None
    _, err = attempt(w.db, lambda: margins.set_margins(w.db, w.staff, "sex", 2023,
                                                       _sex_margins(**{str(value): 5}), "INE"))
    assert err is not None


