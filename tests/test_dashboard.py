"""District dashboard: every figure against an independent count written out here."""

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from network import district as dashboard
from network.core import i18n
from network.core.errors import PermissionDenied, UnknownDistrict, ValidationFailed
from network.core.stats import wilson_interval
from network.district import views as charts
from tests.conftest import district_id
from tests.quick_accounts import demo_user, quick_user

TODAY = date(2025, 6, 15)



@pytest.mark.parametrize("day,months,expected", [
    (date(2025, 6, 15), 12, date(2024, 6, 15)),
    (date(2025, 6, 15), 0, date(2025, 6, 15)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2025, 3, 31), 1, date(2025, 2, 28)),
    (date(2025, 1, 10), 13, date(2023, 12, 10)),
    (date(2025, 5, 31), 36, date(2022, 5, 31)),
])
def test_months_before(day, months, expected):
    assert dashboard.months_before(day, months) == expected


@pytest.mark.parametrize("day,period,expected", [
    ("2025-06-15", "month", date(2025, 6, 1)), ("2025-06-15", "quarter", date(2025, 4, 1)),
    ("2025-01-01", "quarter", date(2025, 1, 1)), ("2025-12-31", "quarter", date(2025, 10, 1)),
    ("2025-03-31", "quarter", date(2025, 1, 1)),
])
def test_period_start(day, period, expected):
    assert dashboard.period_start(day, period) == expected


@pytest.mark.parametrize("window,period,expected", [
    ("12", "month", date(2024, 7, 1)),  # this month and the eleven before it
    ("12", "quarter", date(2024, 7, 1)),
    ("36", "month", date(2022, 7, 1)),
    ("36", "quarter", date(2022, 7, 1)),
    ("all", "month", None),
])
def test_the_window_starts_on_the_first_day_of_its_first_month_or_quarter(window, period, expected):
    assert dashboard.window_start(window, period, TODAY) == expected
    assert dashboard.window_start("12", "quarter", date(2025, 8, 1)) == date(2024, 7, 1)


def test_a_share_is_shown_as_a_percentage_with_one_decimal_in_the_language():
    assert charts.percent(0.125, "en") == "12.5 %"
    assert charts.percent(0.4, "es") == "40,0 %"
    assert charts.percent(1, "eu") == "100,0 %"


def random_actions(seed=7, n=400):
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1600, n), unit="D")
    return [{"date": d.strftime("%Y-%m-%d"), "people_reached": int(r), "type": "workshop"}
            for d, r in zip(days, rng.integers(0, 300, n), strict=True)]


@pytest.mark.parametrize("period,freq", [("month", "M"), ("quarter", "Q")])
def test_actions_over_time_matches_a_pandas_groupby(period, freq):
    actions = random_actions()
    start, end = date(2022, 2, 1), date(2024, 8, 31)
    rows = dashboard.actions_over_time(actions, period, start, end)
    frame = pd.DataFrame(actions)
    frame["day"] = pd.to_datetime(frame["date"])
    frame = frame[(frame["day"] >= pd.Timestamp(start)) & (frame["day"] <= pd.Timestamp(end))]
    grouped = frame.groupby(frame["day"].dt.to_period(freq)).agg(
        actions=("date", "size"), reached=("people_reached", "sum"))
    expected = grouped.reindex(pd.period_range(start, end, freq=freq), fill_value=0)
    assert [r["actions"] for r in rows] == expected["actions"].tolist()
    assert [r["reached"] for r in rows] == expected["reached"].tolist()
    assert [r["period_start"] for r in rows] == [
        p.start_time.strftime("%Y-%m-%d") for p in expected.index]


def test_actions_over_time_lists_empty_periods_as_zero():
    rows = dashboard.actions_over_time([{"date": "2025-03-10", "people_reached": 5}], "month",
                                       date(2025, 1, 1), date(2025, 4, 30))
    assert [(r["period_start"], r["actions"], r["reached"]) for r in rows] == [
        ("2025-01-01", 0, 0), ("2025-02-01", 0, 0), ("2025-03-01", 1, 5), ("2025-04-01", 0, 0)]


AGENTS = [  # a small district written out by hand
    {"id": 1, "name": "A", "sector": "social", "active": 1, "training_modules": 4,
     "migrant_background": "yes", "joined_on": "2015-01-01", "last_action": "2025-05-01"},
    {"id": 2, "name": "B", "sector": "social", "active": 0, "training_modules": 2,
     "migrant_background": "no", "joined_on": "2016-01-01", "last_action": "2025-06-01"},
    {"id": 3, "name": "C", "sector": "youth", "active": 1, "training_modules": 0,
     "migrant_background": None, "joined_on": "2024-01-01", "last_action": None},
    {"id": 4, "name": "D", "sector": "cultural", "active": 1, "training_modules": 4,
     "migrant_background": "no", "joined_on": "2019-01-01", "last_action": "2024-06-14"},
    {"id": 5, "name": "E", "sector": "youth", "active": 1, "training_modules": 3,
     "migrant_background": "no", "joined_on": "2019-01-01", "last_action": "2024-06-15"},
]


def test_agents_by_sector_counts_active_and_inactive_in_vocabulary_order():
    assert dashboard.agents_by_sector(AGENTS) == [
        {"sector": "social", "active": 1, "inactive": 1},
        {"sector": "cultural", "active": 1, "inactive": 0},
        {"sector": "youth", "active": 2, "inactive": 0},
    ]


def test_training_distribution_counts_active_agents_for_every_module_count():
    assert dashboard.training_distribution(AGENTS) == [
        {"modules": 0, "agents": 1}, {"modules": 1, "agents": 0}, {"modules": 2, "agents": 0},
        {"modules": 3, "agents": 1}, {"modules": 4, "agents": 2}]


def test_agents_to_reengage_are_the_inactive_and_the_silent_for_twelve_months():
    rows = dashboard.agents_to_reengage(AGENTS, TODAY)
    # B inactive; C never acted; D's last action is one day before the 12-month cut-off;
    # E acted exactly on the cut-off day (2024-06-15), so E is still counted as active.
    assert [(r["name"], r["reason"]) for r in rows] == [
        ("B", "inactive"), ("C", "no_recent_action"), ("D", "no_recent_action")]


def wilson_by_formula(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
    half = z / (1 + z ** 2 / n) * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2))
    return max(0.0, centre - half), min(1.0, centre + half)


@pytest.mark.parametrize("k,n", [(7, 21), (0, 10), (10, 10), (1, 5), (45, 300), (150, 300)])
def test_wilson_interval_matches_the_formula(k, n):
    low, high = wilson_interval(k, n)
    expected = wilson_by_formula(k, n)
    assert low == pytest.approx(expected[0], abs=1e-12)
    assert high == pytest.approx(expected[1], abs=1e-12)


def test_wilson_interval_for_no_successes_in_ten_is_the_published_value():
    # Newcombe (1998), Table I: 0/10 -> 0.0000 to 0.2775
    assert wilson_interval(0, 10)[1] == pytest.approx(0.2775, abs=5e-5)


def test_migrant_share_is_among_active_agents_who_declared():
    agents = [{"active": 1, "migrant_background": b} for b in
              ["yes"] * 3 + ["no"] * 6 + [None] * 4] + [{"active": 0, "migrant_background": "yes"}]
    share = dashboard.migrant_background_share(agents)
    assert (share.yes, share.declared, share.not_declared) == (3, 9, 4)
    assert share.share == pytest.approx(3 / 9)
    assert (share.low, share.high) == pytest.approx(wilson_by_formula(3, 9))
    assert not share.suppressed


@pytest.mark.parametrize("declared,suppressed", [(0, False), (1, True), (4, True), (5, False)])
def test_migrant_share_is_not_shown_when_fewer_than_five_declared(declared, suppressed):
    agents = [{"active": 1, "migrant_background": "yes"}] * declared + [
        {"active": 1, "migrant_background": None}] * 3
    share = dashboard.migrant_background_share(agents)
    assert share.suppressed is suppressed
    assert (share.share is None) is (declared < 5)


# Against the demo database.

def test_the_dashboard_matches_independent_counts(demo_db):
    coordinator = demo_user(demo_db, "demo-coordinator")
    district = next(iter(coordinator.district_ids))
    start = date(2023, 1, 1)
    today = date.today()
    board = dashboard.district_dashboard(demo_db, coordinator, district, "quarter", start, today)
    count, reached = demo_db.execute(
        "SELECT count(*), coalesce(sum(people_reached), 0) FROM actions "
        "WHERE district_id = ? AND date BETWEEN ? AND ?",
        [district, start.isoformat(), today.isoformat()]).fetchone()
    assert (board.actions, board.reached) == (count, reached) and count > 0
    assert sum(r["actions"] for r in board.over_time) == count
    assert sum(r["reached"] for r in board.over_time) == reached
    active, inactive = demo_db.execute(
        "SELECT sum(active = 1), sum(active = 0) FROM agents WHERE district_id = ?",
        [district]).fetchone()
    assert (board.active_agents, board.inactive_agents) == (active, inactive)
    by_sector = dict(demo_db.execute(
        "SELECT sector, count(*) FROM agents WHERE district_id = ? GROUP BY sector",
        [district]).fetchall())
    assert {r["sector"]: r["active"] + r["inactive"] for r in board.by_sector} == by_sector
    modules = dict(demo_db.execute(
        "SELECT training_modules, count(*) FROM agents WHERE district_id = ? AND active = 1 "
        "GROUP BY training_modules", [district]).fetchall())
    assert {r["modules"]: r["agents"] for r in board.training if r["agents"]} == modules
    yes, declared = demo_db.execute(
        "SELECT sum(migrant_background = 'yes'), sum(migrant_background IS NOT NULL) "
        "FROM agents WHERE district_id = ? AND active = 1", [district]).fetchone()
    assert (board.migrant.yes, board.migrant.declared) == (yes, declared)
    assert (board.migrant.low, board.migrant.high) == pytest.approx(wilson_by_formula(yes, declared))
    cutoff = dashboard.months_before(today, 12).isoformat()
    silent = {r[0] for r in demo_db.execute(
        """SELECT a.name FROM agents a WHERE a.district_id = ? AND (a.active = 0 OR NOT EXISTS (
             SELECT 1 FROM action_agents x JOIN actions c ON c.id = x.action_id
             WHERE x.agent_id = a.id AND c.date >= ?))""", [district, cutoff])}
    assert {r["name"] for r in board.reengage} == silent and board.names_visible


def test_staff_see_how_many_to_reengage_but_not_who(demo_db):
    staff = demo_user(demo_db, "demo-staff")
    board = dashboard.district_dashboard(demo_db, staff, district_id(demo_db, 3), "month", None)
    assert board.reengage and not board.names_visible
    assert all(r["name"] is None and r["id"] is None for r in board.reengage)


def test_the_admin_sees_names_in_any_district(demo_db):
    admin = demo_user(demo_db, "demo-admin")
    board = dashboard.district_dashboard(demo_db, admin, district_id(demo_db, 8), "month", None)
    assert board.names_visible and all(r["name"] for r in board.reengage)


@pytest.mark.parametrize("who", ["demo-coordinator", "demo-agent", None])
def test_the_dashboard_of_another_district_is_refused(demo_db, who):
    user = demo_user(demo_db, who) if who else None
    with pytest.raises(PermissionDenied):
        dashboard.district_dashboard(demo_db, user, district_id(demo_db, 1), "month", None)


def test_an_unknown_district_is_refused(db, admin):
    with pytest.raises(UnknownDistrict):
        dashboard.district_dashboard(db, admin, 999, "month", None)


def test_an_empty_district_has_an_empty_dashboard(db, coordinator):
    board = dashboard.district_dashboard(db, coordinator, district_id(db, 1), "month", None,
                                         TODAY)
    assert (board.actions, board.reached, board.active_agents) == (0, 0, 0)
    assert len(board.over_time) == 12 and not any(r["actions"] for r in board.over_time)
    assert board.migrant.share is None and board.reengage == [] and board.foreign_born is None


# Foreign-born share: editable reference data, never invented.

def test_the_district_foreign_born_share_is_not_known_until_staff_record_it(db, staff):
    d = district_id(db, 5)
    assert dashboard.foreign_born_share(db, d) is None
    dashboard.set_foreign_born_share(db, staff, d, 2023, 20.5, "Padrón municipal 2023")
    dashboard.set_foreign_born_share(db, staff, d, 2024, 21.25, " Padrón municipal 2024 ")
    dashboard.set_foreign_born_share(db, staff, d, 2024, 21.5, "Padrón municipal 2024 (rev.)")
    row = dashboard.foreign_born_share(db, d)
    assert (row["year"], row["share_pct"], row["source"]) == (2024, 21.5,
                                                              "Padrón municipal 2024 (rev.)")
    assert db["foreign_born_shares"].count == 2
    assert dashboard.foreign_born_share(db, district_id(db, 6)) is None


@pytest.mark.parametrize("share,year,source,key", [
    (-1, 2024, "x", "district.error.share_range"),
    (100.5, 2024, "x", "district.error.share_range"),
    ("20", 2024, "x", "district.error.share_range"),
    (20, 1800, "x", "district.error.year_range"),
    (20, 2026, "x", "district.error.year_range"),
    (20, 2024, "  ", "error.source_required"),
    (20, 2024, "x" * 301, "district.error.source_too_long"),
])
def test_invalid_foreign_born_shares_are_refused(db, staff, share, year, source, key):
    with pytest.raises(ValidationFailed) as caught:
        dashboard.set_foreign_born_share(db, staff, district_id(db, 1), year, share, source,
                                         today=TODAY)
    assert [p.key for p in caught.value.problems] == [key]
    assert db["foreign_born_shares"].count == 0


@pytest.mark.parametrize("who", ["coordinator", "agent_user", None])
def test_only_staff_and_admins_record_foreign_born_shares(db, request, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):
        dashboard.set_foreign_born_share(db, user, district_id(db, 1), 2024, 20, "x")


def test_the_city_figure_is_bilbaos_published_one_with_its_source(db, admin):
    city = dashboard.city_foreign_born_share(db)
    assert city["share_pct"] == pytest.approx(100 * 51_400 / 350_410)
    assert city["at_least"] and "bilbaohiria.com" in city["source"] and city["year"] == 2024
    dashboard.set_foreign_born_share(db, admin, None, 2025, 16.0, "Padrón 2025")
    city = dashboard.city_foreign_born_share(db)
    assert (city["share_pct"], city["year"], city["at_least"]) == (16.0, 2025, False)


def test_another_city_has_no_city_figure_until_one_is_recorded(db):
    with db.atomic():
        db.execute("UPDATE settings SET value = 'elsewhere' WHERE key = 'city.slug'")
    assert dashboard.city_foreign_born_share(db) is None


# Charts: axis titles and labels in the reader's language.

def chart_text(chart) -> str:
    import json

    return json.dumps(chart.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_charts_carry_translated_axis_titles(lang):
    def t(key, **params):
        return i18n.translate(key, lang, **params)

    rows = dashboard.actions_over_time(random_actions(n=50), "quarter", date(2022, 1, 1),
                                       date(2023, 12, 31))
    spec = chart_text(charts.over_time_chart(rows, "quarter", "actions", t))
    assert t("district.axis_quarter") in spec and t("district.axis_actions") in spec
    assert "utcyearquarter" in spec
    spec = chart_text(charts.sector_chart(dashboard.agents_by_sector(AGENTS), t))
    assert t("vocab.sector.youth") in spec and t("district.axis_agents") in spec
    spec = chart_text(charts.training_chart(dashboard.training_distribution(AGENTS), t))
    assert t("district.axis_modules", max=4) in spec


def test_period_labels():
    assert charts.period_label("2024-03-01", "month", "T") == "2024-03"
    assert charts.period_label("2024-10-01", "quarter", "Q") == "2024 Q4"


def test_the_share_chart_shows_what_is_known_and_nothing_otherwise():
    def t(key, **params):
        return i18n.translate(key, "en", **params)

    def num(value, decimals=0):
        return i18n.format_number(value, "es", decimals)

    empty = dashboard.Share(0, 0, 0, None, None, None, False)
    assert charts.share_chart(empty, None, None, t, num) is None
    share = dashboard.Share(7, 21, 3, 1 / 3, *wilson_interval(7, 21), False)
    city = {"share_pct": 14.668, "year": 2024, "source": "register", "at_least": True}
    spec = chart_text(charts.share_chart(share, None, city, t, num))
    assert "33,3 %" in spec and "≥ 14,7 %" in spec and t("district.share_city") in spec
    assert t("district.share_district") not in spec
    assert not math.isnan(share.low)


def test_a_coordinator_of_two_districts_may_open_both(db):
    user = quick_user(db, "c12", "coordinator", [1, 2])
    for n in (1, 2):
        board = dashboard.district_dashboard(db, user, district_id(db, n), "month", None)
        assert board.district_id == district_id(db, n)
