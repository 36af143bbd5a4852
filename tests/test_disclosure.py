"""Disclosure control: the subtraction attacks of issue 12, tried on every table shape. Each
attack is written out here from what a reader sees (the page's, export's or report's figures
and the public margins), never from the module's own bookkeeping; a test fails if a hidden
value comes back."""

import csv
import io
import itertools
import random

import pytest

from network import reference
from network.barometer import estimates
from network.barometer import io as barometer_io
from network.barometer import margins as margin_data
from network.core import disclosure
from network.quiz import results


@pytest.fixture
def issue_demo(db):
    """The demo as generated on 2026-12-01, issue 12's (the demo draws depend on the day)."""
    from datetime import date

    from network import demo

    demo.generate(db, today=date(2026, 12, 1))
    return db


FEW, HIDDEN = "fewer", "hidden"


def readings(counts, threshold):
    """What a reader sees per cell: the count, 'fewer than N' or 'hidden'."""
    why = disclosure.hide(counts, threshold)
    return {k: (FEW if why.get(k) == disclosure.PRIMARY else HIDDEN if k in why else n)
            for k, n in counts.items()}


def values_left(seen, total, threshold):
    """Brute force: every value each hidden cell can take given the shown total and cells."""
    hidden = [k for k, v in seen.items() if v in (FEW, HIDDEN)]
    rest = total - sum(v for v in seen.values() if v not in (FEW, HIDDEN))
    # the published rule: beside a 'fewer than N' cell, a 'hidden' one holds at least N
    floor = threshold if FEW in seen.values() else 1
    ranges = [range(1, threshold) if seen[k] == FEW else range(floor, rest + 1) for k in hidden]
    options = {k: set() for k in hidden}
    for combo in itertools.product(*ranges):
        if sum(combo) == rest:
            for k, v in zip(hidden, combo, strict=True):
                options[k].add(v)
    return options


@pytest.mark.parametrize("counts", [
    {"a": 3, "b": 40, "c": 50},                 # one small month: total minus the rest
    {"a": 1, "b": 5, "c": 60},                  # 1 + 5 = 6: 'fewer than 5' + 'hidden' pins both
    {"a": 1, "b": 1, "c": 30},                  # two small cells of 1: their sum 2 pins both
    {"a": 4, "b": 4, "c": 5, "d": 5},
    {"a": 2, "b": 7},
])
def test_no_hidden_count_follows_from_the_total_and_the_shown_cells(counts):
    seen = readings(counts, 5)
    for cell, values in values_left(seen, sum(counts.values()), 5).items():
        assert len(values) > 1, (cell, values)


def test_random_partitions_never_give_a_hidden_count_back():
    rng = random.Random(12)
    for _ in range(300):
        counts = {i: rng.choice([1, 2, 3, 4, 5, 6, 7, 9, 15, 40]) for i in range(rng.randint(2, 6))}
        seen = readings(counts, 5)
        for cell, values in values_left(seen, sum(counts.values()), 5).items():
            assert len(values) > 1, (counts, cell, values)


def test_nothing_is_hidden_without_a_small_cell():
    assert disclosure.hide({"a": 5, "b": 12}, 5) == {}


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_raked_population_share_attack_on_district_means_fails(issue_demo):
    """City mean = sum of district means x population shares (raking fixes them): with one
    district hidden, the export gave it back. Now every hidden district keeps a range of
    possible values far wider than the export's rounding."""
    rows = [r for r in read_csv(barometer_io.estimates_csv(issue_demo, "en"))
            if r["measure"] == "tolerance index"]
    waves = dict(issue_demo.execute("SELECT label, year FROM barometer_waves").fetchall())
    numbers = {d.name("en"): str(d.number) for d in reference.districts(issue_demo)}
    attacked = 0
    for wave, year in waves.items():
        cells = [r for r in rows if r["wave"] == wave and r["group_type"] == "district"]
        hidden = [r for r in cells if r["estimate"] == ""]
        if not hidden:
            continue
        assert all(r["n"] == "" and r["n_eff"] == "" for r in hidden)  # no n for a hidden cell
        city = next(float(r["estimate"]) for r in rows if r["wave"] == wave
                    and r["group_type"] == "city")
        pop = margin_data.margins_for_year(issue_demo, year)["district"].values
        share = {k: v / sum(pop.values()) for k, v in pop.items()}
        left = city - sum(share[numbers[r["group"]]] * float(r["estimate"])
                          for r in cells if r["estimate"])
        for r in hidden:
            mine = share[numbers[r["group"]]]
            others = sum(share[numbers[o["group"]]] for o in hidden if o is not r)
            low, high = max(0.0, (left - 100 * others) / mine), min(100.0, left / mine)
            assert high - low > 5, (wave, r["group"], low, high)
            attacked += 1
    assert attacked >= 2  # the demo's in-progress wave has a small district


def test_no_n_is_published_for_a_suppressed_barometer_cell(issue_demo):
    for r in read_csv(barometer_io.estimates_csv(issue_demo, "en")):
        if r["estimate"] == "":
            assert r["n"] == "" and r["n_eff"] == "", r
    for table in (estimates.index_table(issue_demo),
                  *(estimates.breakdown(issue_demo, d) for d in estimates.BREAKDOWNS)):
        for r in table:
            if r["suppressed"]:
                assert r["n"] is None and r["n_eff"] is None and r["mean"] is None


def test_breakdowns_hide_at_least_two_groups_where_they_hide_any(issue_demo):
    for dim in estimates.BREAKDOWNS:
        by_wave = {}
        for r in estimates.breakdown(issue_demo, dim):
            by_wave.setdefault(r["wave_id"], []).append(r["suppressed"])
        for flags in by_wave.values():
            assert sum(flags) in (0, *range(2, len(flags) + 1)), (dim, flags)


def test_an_agents_months_do_not_give_a_hidden_month_back_from_the_total(issue_demo):
    agents = [a for (a,) in issue_demo.execute(
        "SELECT DISTINCT agent_id FROM quiz_attempts WHERE agent_id IS NOT NULL AND flags = ''")]
    attacked = exposed = 0
    for agent in agents:
        total = results.reach_summary(issue_demo, agent)["n"]
        months = results.reach_by_month(issue_demo, agent_id=agent)
        if all(m["count"] is not None for m in months):
            continue
        if total is None:  # the total is hidden: nothing to subtract from
            exposed += 1
            continue
        seen = {m["month"]: m["count"] if m["count"] is not None else
                (FEW if m["hidden"] == disclosure.PRIMARY else HIDDEN) for m in months}
        for month, values in values_left(seen, total, results.MIN_CELL).items():
            assert len(values) > 1, (agent, month, values)
            attacked += 1
    assert attacked and exposed  # the demo has agents with a quiet month, and one whose five
    # completions came one a month: the months and the total would pin each at 1


@pytest.mark.parametrize("dimension", results.DIMENSIONS)
def test_the_results_page_groups_do_not_give_a_hidden_group_back(issue_demo, dimension):
    (total,) = results.score_sums(issue_demo)
    groups = results.score_sums(issue_demo, dimension)
    hidden = [g for g in groups if g.suppressed]
    assert len(hidden) != 1  # a lone hidden group is the total minus the shown ones
    shown_n = sum(g.n for g in groups if not g.suppressed)
    if hidden and total.n - shown_n >= 0:
        seen = {g.group: g.n if not g.suppressed else (FEW if g.hidden == disclosure.PRIMARY
                                                        else HIDDEN) for g in groups}
        if dimension != "district":  # attempts without a district are not in its groups
            for group, values in values_left(seen, total.n, results.MIN_CELL).items():
                assert len(values) > 1, (group, values)



@pytest.mark.parametrize("months,expected", [
    ([("2026-05", 2)], [disclosure.PRIMARY]),                     # total 2 is masked itself
    ([("2026-05", 2), ("2026-04", 1)], [disclosure.PRIMARY] * 2),
    ([("2026-05", 3), ("2026-04", 9)], [disclosure.PRIMARY, disclosure.COMPLEMENTARY]),
    ([(f"2026-0{i}", 1) for i in range(1, 6)],  # 5 x 1 beside 5: the total goes too
     [disclosure.COMPLEMENTARY] * 5),
])
def test_an_agents_months_are_hidden_as_their_total_requires(monkeypatch, months, expected):
    monkeypatch.setattr(results, "_months", lambda db, agent_id=None, action_id=None: months)
    assert [m["hidden"] for m in results.reach_by_month(None, agent_id=1)] == expected
    assert all(m["count"] is None for m in results.reach_by_month(None, agent_id=1))
