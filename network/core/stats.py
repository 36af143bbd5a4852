"""Shared statistics: proportions and (weighted) means with 95% intervals. Pure functions."""

from __future__ import annotations

import math
from collections.abc import Sequence

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion (good behaviour near 0 and 1 and for small n)."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


SMALL_SAMPLE = 30  # means of fewer values use Student's t instead of the normal
# Student's t 0.975 quantiles for 1-29 degrees of freedom (checked against R's qt in the tests).
T975 = (12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
        2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
        2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
        2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
        2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642)


def critical(n: int) -> float:
    """The 95% critical value for the mean of n values: Student's t with n - 1 degrees of
    freedom below SMALL_SAMPLE, the normal's 1.96 from there on."""
    return T975[n - 2] if 2 <= n < SMALL_SAMPLE else Z95


SIGNIFICANCE = 0.05  # two-sided level of the tests of change


def two_sided_p(z: float) -> float:
    """The two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / math.sqrt(2))


def change_test(first: float, se_first: float, second: float, se_second: float
                ) -> dict[str, float]:
    """Test of change between two independent estimates: change, its standard error,
    z = change / sqrt(se1^2 + se2^2) and the two-sided p-value."""
    change = second - first
    se = math.sqrt(se_first ** 2 + se_second ** 2)
    if not se > 0 or math.isnan(se):
        return {"change": change, "se": se, "z": math.nan, "p": math.nan}
    z = change / se
    return {"change": change, "se": se, "z": z, "p": two_sided_p(z)}


def kish_neff(weights: Sequence[float]) -> float:
    """Kish effective sample size: (sum w)^2 / sum w^2."""
    s = sum(weights)
    s2 = sum(w * w for w in weights)
    return (s * s) / s2 if s2 > 0 else 0.0


def mean_interval(
    values: Sequence[float], weights: Sequence[float] | None = None, z: float = Z95
) -> tuple[float, float, float, float]:
    """(mean, low, high, n_eff): weighted mean with a normal interval on the Kish n_eff.

    The variance is the weighted population variance of the values, divided by n_eff, so
    survey weights widen the interval instead of narrowing it as frequency weights would.
    """
    n = len(values)
    if n == 0:
        return (math.nan, math.nan, math.nan, 0.0)
    w = list(weights) if weights is not None else [1.0] * n
    total = sum(w)
    mean = sum(wi * xi for wi, xi in zip(w, values, strict=True)) / total
    neff = kish_neff(w)
    if neff <= 1:
        return (mean, math.nan, math.nan, neff)
    var = sum(wi * (xi - mean) ** 2 for wi, xi in zip(w, values, strict=True)) / total
    var *= neff / (neff - 1)  # small-sample correction, as for the unweighted sample variance
    half = z * math.sqrt(var / neff)
    return (mean, mean - half, mean + half, neff)


def mean_interval_from_sums(
    sw: float, sw2: float, swx: float, swx2: float, z: float = Z95
) -> tuple[float, float, float, float]:
    """mean_interval() computed from sum(w), sum(w^2), sum(w*x), sum(w*x^2).

    The same estimator as mean_interval(), from sums a database can aggregate (and add up
    across groups) without reading the individual values.
    """
    if sw <= 0 or sw2 <= 0:
        return (math.nan, math.nan, math.nan, 0.0)
    mean = swx / sw
    neff = sw * sw / sw2
    if neff <= 1:
        return (mean, math.nan, math.nan, neff)
    var = max(0.0, swx2 / sw - mean * mean) * neff / (neff - 1)
    half = z * math.sqrt(var / neff)
    return (mean, mean - half, mean + half, neff)
