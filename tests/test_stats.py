"""Shared statistics: Student's t quantiles for small means, checked against R."""

import shutil
import subprocess

import pytest

from network.core import stats


def test_the_t_quantiles_are_rs_qt():
    if shutil.which("Rscript") is None:
        pytest.fail("Rscript is missing: install r-base (see .ci/run)")
    done = subprocess.run(["Rscript", "-e", "cat(format(qt(0.975, 1:29), digits = 12))"],
                          capture_output=True, text=True, timeout=60, check=True)
    theirs = [float(v) for v in done.stdout.split()]
    assert list(stats.T975) == pytest.approx(theirs, abs=1e-8)


@pytest.mark.parametrize("n,expected", [(5, 2.776445105), (29, 2.048407142), (30, 1.959963985),
                                        (400, 1.959963985)])
def test_small_means_use_t_and_large_ones_the_normal(n, expected):
    assert stats.critical(n) == pytest.approx(expected, abs=1e-8)


def test_a_small_groups_interval_is_wider_than_the_normal_one():
    values = [10.0, 6.0, 14.0, 9.0, 2.0]
    mean, low, high, _ = stats.mean_interval(values, z=stats.critical(len(values)))
    _, n_low, n_high, _ = stats.mean_interval(values)
    assert high - low == pytest.approx((n_high - n_low) * 2.776445105 / stats.Z95)
