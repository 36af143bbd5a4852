"""The benchmark runner's pieces: who times each page, the large demo's sizes, the table."""

import sys
from datetime import date

import pytest

from navigation import PAGES, visible
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import large_demo  # noqa: E402
import run  # noqa: E402


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_every_page_is_timed_as_an_account_that_may_see_it(demo_db, spec):
    user = run.page_user(demo_db, spec.capability)
    assert (user is None) == (spec.capability is None)
    assert spec.url_path in visible(user)


@pytest.mark.parametrize("today", [date(2026, 1, 10), date(2026, 6, 30), date(2026, 12, 31)])
def test_the_large_demo_asks_for_ten_years_and_the_sizes_of_the_issue(today):
    from network.demo import barometer, quiz

    knobs = {(m.__name__.rsplit(".", 1)[-1], a): v for m, a, v in large_demo.parameters(today)}
    assert knobs[("core", "FIRST_YEAR")] == today.year - 9
    assert knobs[("quiz", "ATTEMPTS")] + quiz.DEMO_AGENT_ATTEMPTS == 100_000
    closed = 9 * 8 * knobs[("barometer", "PER_DISTRICT")] + sum(barometer.IN_PROGRESS.values())
    assert 50_000 <= closed < 50_000 + 9 * 8
    assert knobs[("core", "ACTIVITY_SCALE")] > 1


def test_the_table_says_fail_for_a_missed_target_and_gives_the_reason():
    rows = [run.Row("page a, cold (s)", "0.100", "0.040", "2.5x", "< 1 s", True),
            run.Row("page b, cold (s)", "1.500", "0.040", "37.5x", "< 1 s", False, "slow query")]
    text = run.table(rows)
    lines = text.splitlines()
    assert all(line.count("|") == 7 for line in lines[:4])  # six columns on every line
    assert len({len(line) for line in lines[:4]}) == 1  # aligned
    assert "pass" in lines[2] and "FAIL" in lines[3]
    assert "- page b, cold (s): slow query" in text
