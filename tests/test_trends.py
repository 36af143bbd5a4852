from datetime import date

import pytest

from network import trends

WAVES = [("2021", date(2021, 10, 1)), ("2019", date(2019, 10, 1)), ("2023", date(2023, 10, 15))]


def test_periods_run_from_the_previous_fieldwork_start_to_this_one():
    periods = trends.wave_periods(WAVES)
    assert [p.wave for p in periods] == ["2019", "2021", "2023"]
    assert periods[0].start == date(2018, 10, 1) and periods[0].end == date(2019, 10, 1)
    assert periods[1].start == date(2019, 10, 1) and periods[1].end == date(2021, 10, 1)
    assert periods[2].start == date(2021, 10, 1) and periods[2].end == date(2023, 10, 15)


@pytest.mark.parametrize("day,wave", [
    (date(2018, 9, 30), None),          # before the first wave's look-back year
    (date(2018, 10, 1), "2019"),        # first day of the look-back
    (date(2019, 9, 30), "2019"),        # the day before fieldwork starts
    (date(2019, 10, 1), "2021"),        # during fieldwork: counts for the next wave
    (date(2021, 9, 30), "2021"),
    (date(2023, 10, 14), "2023"),
    (date(2023, 10, 15), None),         # after the last wave started: no wave yet
])
def test_which_wave_an_action_counts_for(day, wave):
    assert trends.period_of(trends.wave_periods(WAVES), day) == wave


def test_activity_is_summed_per_wave_and_district():
    periods = trends.wave_periods(WAVES)
    events = [
        {"date": "2019-01-05", "district_id": 1, "actions": 1, "reached": 30},
        {"date": "2019-09-30", "district_id": 1, "actions": 1, "reached": 10},
        {"date": "2019-10-01", "district_id": 1, "actions": 1, "reached": 5},
        {"date": "2020-06-01", "district_id": 2, "actions": 1, "reached": None},
        {"date": "2030-01-01", "district_id": 2, "actions": 1, "reached": 99},
    ]
    out = trends.activity_by_period(periods, events, ["actions", "reached"])
    assert out == {
        ("2019", 1): {"actions": 2, "reached": 40},
        ("2021", 1): {"actions": 1, "reached": 5},
        ("2021", 2): {"actions": 1, "reached": 0},
    }


@pytest.mark.parametrize("value,population,expected", [
    (62, 62447, 62 * 1000 / 62447), (0, 1000, 0.0), (5, None, None), (5, 0, None), (None, 10, None),
])
def test_per_thousand_residents(value, population, expected):
    assert trends.per_thousand(value, population) == expected


@pytest.mark.parametrize("a,b,overlap", [
    ((50, 60), (55, 65), True), ((50, 60), (60, 70), True), ((50, 55), (56, 60), False),
    ((56, 60), (50, 55), False),
])
def test_interval_overlap(a, b, overlap):
    assert trends.intervals_overlap(a, b) is overlap
