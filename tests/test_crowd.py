"""The crowd benchmark's quick mode, once: real websocket sessions on a real `streamlit run`
process take the quiz, fill the survey and change the map's filters at once, and every attempt
and response they finished is in the database. No timing is asserted (benchmarks/ does that)."""

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_crowd as bc  # noqa: E402


@pytest.fixture(scope="module")
def servers():
    with bc.Servers() as running:
        yield running


@pytest.mark.parametrize("flow", bc.FLOWS)
def test_a_quick_crowd_loses_nothing(servers, flow):
    pairs = bc.measure(servers.app_url, servers.trivial_url, servers.db, [flow], [1, 10], 3)
    for pair in pairs:
        assert not pair.page.errors and not pair.trivial.errors
        assert pair.page.completed >= 1  # every session got through at least one round
        if flow in bc.COUNTED:
            assert pair.page.recorded == pair.page.completed, "attempts or responses lost"
        assert pair.page.reruns > 0 and pair.trivial.reruns > 0


def test_a_class_with_think_time_loses_nothing(servers):
    pair = bc.measure(servers.app_url, servers.trivial_url, servers.db, ["quiz"], [10], 6,
                      think=0.3)[0]
    assert not pair.page.errors
    assert pair.page.recorded == pair.page.completed >= 1
