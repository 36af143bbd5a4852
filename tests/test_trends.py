import math
from datetime import date

import pytest

from network import trends
from network.trends import views as trends_tables

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


def test_no_interval_overlap_rule_is_left():
    assert not hasattr(trends, "intervals_overlap")


# --- activity per period from the database and the shaped rows ------------------------------

from types import SimpleNamespace  # noqa: E402

from network.reference import District  # noqa: E402
from tests.barometer_data import import_rows, make_wave  # noqa: E402
from tests.conftest import district_id, make_agent  # noqa: E402


def test_active_agents_are_distinct_per_period_and_counted_once_for_the_city():
    periods = trends.wave_periods(WAVES)
    rows = [
        {"date": "2019-01-01", "district_id": 1, "agent_id": 7},
        {"date": "2019-02-01", "district_id": 1, "agent_id": 7},  # same agent again
        {"date": "2019-03-01", "district_id": 2, "agent_id": 7},  # and in another district
        {"date": "2019-03-01", "district_id": 2, "agent_id": 8},
        {"date": "2019-10-01", "district_id": 1, "agent_id": 8},  # fieldwork: next wave
    ]
    assert trends.active_agents(periods, rows) == {
        ("2019", 1): 1, ("2019", 2): 2, ("2019", None): 2, ("2021", 1): 1, ("2021", None): 1}


def test_activity_table_adds_the_city_and_leaves_quiz_without_district_out_of_districts():
    periods = trends.wave_periods(WAVES)
    actions = [{"date": "2019-05-01", "district_id": 1, "actions": 1, "reached": 40},
               {"date": "2019-06-01", "district_id": 2, "actions": 1, "reached": 10}]
    quiz = [{"date": "2019-05-02", "district_id": 1, "quiz": 1},
            {"date": "2019-05-03", "district_id": None, "quiz": 1}]
    out = trends.activity_table(periods, actions, quiz, [])
    assert out[("2019", 1)] == {"actions": 1, "reached": 40, "agents": 0, "quiz": 1}
    assert out[("2019", 2)] == {"actions": 1, "reached": 10, "agents": 0, "quiz": 0}
    assert out[("2019", None)]["actions"] == 2 and out[("2019", None)]["reached"] == 50


def _est(mean, half, n=100):
    return {"mean": mean, "low": mean - half, "high": mean + half, "se": half / 1.959963984540054,
            "n": n, "n_eff": n, "suppressed": False, "unreliable": False}


SUPPRESSED = {"mean": None, "low": None, "high": None, "n": 4, "n_eff": None,
              "suppressed": True, "unreliable": False}


def _data(index, activity, populations):
    labels = ["2019", "2021", "2023"]
    waves = [SimpleNamespace(label=w, status="closed") for w in labels]
    return trends.Trends(
        waves=waves, periods=trends.wave_periods(WAVES), index=index, activity=activity, quiz={},
        districts=[District(1, 1, "Uno", "Bat", 0, 0), District(2, 2, "Dos", "Bi", 0, 0)],
        populations=populations, city="Town")


def test_change_between_two_waves_sums_the_activity_of_every_period_in_between():
    index = {("2019", 1): _est(50, 2), ("2023", 1): _est(56, 2),   # far apart
             ("2019", 2): _est(60, 3), ("2023", 2): _est(61, 3),   # within sampling error
             ("2019", None): _est(55, 1), ("2023", None): SUPPRESSED}
    activity = {("2019", 1): {"actions": 100}, ("2021", 1): {"actions": 3, "reached": 30},
                ("2023", 1): {"actions": 4, "reached": 50}, ("2023", 2): {"actions": 9}}
    pops = {1: {"value": 20_000}, None: {"value": 100_000}}
    rows = {r["area_id"]: r for r in trends.change_rows(
        _data(index, activity, pops), "2019", "2023", "en", "City")}
    one, two, city = rows[1], rows[2], rows[None]
    assert one["change"] == pytest.approx(6) and one["significant"] is True
    assert one["actions"] == 3 + 4 and one["reached"] == 80  # 2019's own period is before A
    assert one["actions_per_1000"] == pytest.approx(7 * 1000 / 20_000)
    assert two["significant"] is False and two["actions"] == 9 and two["actions_per_1000"] is None
    assert city["change"] is None and city["suppressed"] and city["significant"] is None
    assert city["p"] is None and city["z"] is None


def test_overlapping_intervals_can_still_be_a_change_larger_than_sampling_error():
    # 95% intervals 50 +- 2.5 and 54 +- 2.5 overlap (52.5 > 51.5), yet the difference of 4
    # has se = sqrt(2) * 2.5 / 1.96 = 1.80, z = 2.22, p = 0.027: the Rekalde 2024 -> 2025 case.
    index = {("2019", 1): _est(50, 2.5), ("2023", 1): _est(54, 2.5)}
    (row,) = [r for r in trends.change_rows(_data(index, {}, {}), "2019", "2023", "en", "City")
              if r["area_id"] == 1]
    se = math.sqrt(2) * 2.5 / 1.959963984540054
    z = 4 / se
    p = 2 * (1 - 0.5 * (1 + math.erf(z / math.sqrt(2))))  # written out: 2 * (1 - Phi(|z|))
    assert row["se"] == pytest.approx(se) and row["z"] == pytest.approx(z)
    assert row["p"] == pytest.approx(p) and row["p"] == pytest.approx(0.0265, abs=5e-4)
    assert row["significant"] is True
    assert trends_tables.change_status(row, "en") == "Change larger than sampling error (p < 0.05)"


@pytest.mark.parametrize("lang,larger,within", [
    ("es", "Cambio mayor que el error de muestreo (p < 0,05)", "Dentro del error de muestreo"),
    ("eu", "Lagin-errorea baino aldaketa handiagoa (p < 0,05)", "Lagin-errorearen barruan"),
    ("en", "Change larger than sampling error (p < 0.05)", "Within sampling error"),
])
def test_the_reading_of_a_change_is_worded_in_each_language(lang, larger, within):
    assert trends_tables.change_status({"suppressed": False, "significant": True}, lang) == larger
    assert trends_tables.change_status({"suppressed": False, "significant": False}, lang) == within


def test_the_number_of_comparisons_and_those_expected_by_chance_are_counted():
    rows = [{"significant": s, "area": str(i)} for i, s in enumerate([True, False, None] + [False] * 17)]
    assert trends.tested(rows) == {"comparisons": 19, "flagged": 1, "by_chance": pytest.approx(0.95)}
    text = trends_tables.tests_text(rows, "en")
    assert text.startswith("19 comparisons on screen; 1 show") and "about 1.0 of 19" in text


def test_the_demo_rekalde_change_from_2024_to_2025_reads_as_larger_than_sampling_error(db):
    """Issue 12's case: the demo as generated on 2026-12-01 (the demo draws depend on the day)."""
    from network import demo

    demo.generate(db, today=date(2026, 12, 1))
    data = trends.load_trends(db)
    rows = trends.change_rows(data, "Demo 2024", "Demo 2025", "en", "City")
    rekalde = next(r for r in rows if r["area"].startswith("7."))
    assert rekalde["change"] < -3 and rekalde["p"] < 0.05 and rekalde["significant"] is True
    assert trends_tables.change_status(rekalde, "en") == "Change larger than sampling error (p < 0.05)"


def test_a_suppressed_cell_stays_suppressed_in_the_panels():
    index = {("2019", 1): SUPPRESSED, ("2021", 1): _est(58, 2)}
    rows = trends.panel_rows(_data(index, {}, {}), "en", "City")
    cell = next(r for r in rows if r["area_id"] == 1 and r["wave"] == "2019")
    assert cell["suppressed"] and cell["mean"] is None and cell["low"] is None


@pytest.mark.parametrize("first,second,between", [
    ("2019", "2021", ["2021"]), ("2019", "2023", ["2021", "2023"]), ("2021", "2023", ["2023"]),
])
def test_waves_between_two_waves(first, second, between):
    assert trends.waves_between(trends.wave_periods(WAVES), first, second) == between


def test_the_second_wave_must_follow_the_first():
    with pytest.raises(ValueError):
        trends.waves_between(trends.wave_periods(WAVES), "2023", "2019")


@pytest.mark.parametrize("statuses,pair", [
    (["closed", "closed", "open"], (0, 1)), (["closed", "closed", "closed"], (1, 2)),
    (["closed", "open"], (0, 1)),
])
def test_the_default_comparison_is_the_last_two_closed_waves(statuses, pair):
    assert trends.default_pair([SimpleNamespace(status=s) for s in statuses]) == pair


def _action(db, number, day, reached, agents=()):
    with db.atomic():
        action_id = db["actions"].insert({
            "district_id": district_id(db, number), "date": day, "type": "workshop",
            "title": "t", "people_reached": reached}).last_pk
        for a in agents:
            db["action_agents"].insert({"action_id": action_id, "agent_id": a})
    return action_id


def test_actions_in_the_database_count_for_the_wave_whose_period_holds_them(db, staff):
    first = make_wave(db, staff, label="W1", year=2024, fieldwork_start="2024-10-01",
                      fieldwork_end="2024-10-31")
    second = make_wave(db, staff, label="W2", year=2025, fieldwork_start="2025-10-01",
                       fieldwork_end="2025-10-31")
    import_rows(db, staff, first, 160)
    import_rows(db, staff, second, 160, seed=2)
    agent = make_agent(db, 1)
    _action(db, 1, "2023-09-30", 1000)            # before W1's look-back year: nowhere
    _action(db, 1, "2024-09-30", 10, [agent])     # the day before W1's fieldwork: W1
    _action(db, 1, "2024-10-01", 20, [agent])     # first day of W1's fieldwork: W2
    _action(db, 2, "2025-09-30", 40)              # W2
    _action(db, 2, "2025-10-01", 80)              # after W2 started: no wave yet
    data = trends.load_trends(db)
    d1, d2 = district_id(db, 1), district_id(db, 2)
    assert data.activity[("W1", d1)] == {"actions": 1, "reached": 10, "agents": 1, "quiz": 0}
    assert data.activity[("W2", d1)] == {"actions": 1, "reached": 20, "agents": 1, "quiz": 0}
    assert data.activity[("W2", d2)]["reached"] == 40
    assert data.activity[("W2", None)] == {"actions": 2, "reached": 60, "agents": 1, "quiz": 0}


def test_per_capita_figures_use_each_districts_latest_population(db, staff):
    wave = make_wave(db, staff, label="W1", year=2025, fieldwork_start="2025-10-01",
                     fieldwork_end="2025-10-31")
    import_rows(db, staff, wave, 160)
    for day in ("2025-01-10", "2025-02-10", "2025-03-10"):
        _action(db, 5, day, 100)
    data = trends.load_trends(db)
    rows = {r["area_id"]: r for r in trends.panel_rows(data, "en", "City")}
    ibaiondo = rows[district_id(db, 5)]
    population = db.execute("SELECT value FROM populations WHERE district_id = ? ORDER BY year DESC",
                            [district_id(db, 5)]).fetchone()[0]
    assert ibaiondo["population"] == population
    assert ibaiondo["actions_per_1000"] == pytest.approx(3 / population * 1000)
    assert ibaiondo["reached_per_1000"] == pytest.approx(300 / population * 1000)
    deusto = rows[district_id(db, 1)]  # no published population in the reference data
    assert deusto["population"] is None and deusto["actions_per_1000"] is None


def test_the_quiz_gap_beside_the_index_uses_completions_in_the_waves_period():
    periods = trends.wave_periods(WAVES)
    events = ([{"date": "2019-03-01", "district_id": 1, "score": 0.5, "gap": g}
               for g in (10, 12, 14, 16, 18)]
              + [{"date": "2019-10-02", "district_id": 1, "score": 1.0, "gap": 99}])
    quiz = trends.quiz_by_period(periods, events)
    assert quiz[("2019", 1)].n == 5 and quiz[("2019", 1)].gap == pytest.approx(14)
    assert quiz[("2021", 1)].suppressed  # one completion: fewer than 5
