"""Design-based standard errors of weighted means, by Taylor linearisation. Pure numpy.

A raked wave's weights are calibrated to the margins, so the variance of a weighted mean is
that of the calibration residuals of its linearised variable (Deville and Särndal 1992;
Lumley 2010, ch. 7): z_i = 1[i in domain] (y_i - mean) / N_domain, regressed (weighted) on
an intercept and the dummies of every calibration margin; the residuals e_i give
V = n / (n - 1) * sum (w_i e_i - mean(w e))^2, the with-replacement estimator R's `survey`
uses for `svydesign(ids = ~1, weights = ~w)`. Waves with supplied or no weights skip the
regression (plain Hájek linearisation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def calibration_matrix(columns: Mapping[str, Sequence[str]],
                       margins: Mapping[str, Sequence[str]]) -> np.ndarray:
    """An intercept plus one dummy per category of each calibration margin."""
    n = len(next(iter(columns.values()))) if columns else 0
    parts = [np.ones((n, 1))]
    for dim, cats in margins.items():
        values = np.asarray(columns[dim], dtype=object)
        parts.append(np.column_stack([values == c for c in cats]).astype(float) if cats else
                     np.zeros((n, 0)))
    return np.hstack(parts)


def domain_means(y: np.ndarray, w: np.ndarray, domains: Mapping[object, np.ndarray],
                 x: np.ndarray | None = None) -> dict[object, tuple[float, float]]:
    """(mean, standard error) of y in each domain (a boolean mask), weights w, calibrated on
    the columns of x (None: no calibration)."""
    y, w = np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    n = len(y)
    keys = [k for k, m in domains.items() if w[m].sum() > 0]
    if not keys:
        return {}
    z = np.zeros((n, len(keys)))
    means = {}
    for j, k in enumerate(keys):
        m = domains[k]
        total = w[m].sum()
        means[k] = float((w[m] * y[m]).sum() / total)
        z[m, j] = (y[m] - means[k]) / total
    if x is not None and x.shape[1]:
        wx = w[:, None] * x
        beta = np.linalg.pinv(x.T @ wx, hermitian=True) @ (wx.T @ z)  # margins are collinear
        z = z - x @ beta
    if n < 2:
        return {k: (means[k], float("nan")) for k in keys}
    wz = w[:, None] * z
    var = n / (n - 1) * ((wz - wz.mean(axis=0)) ** 2).sum(axis=0)
    return {k: (means[k], float(np.sqrt(var[j]))) for j, k in enumerate(keys)}


def domain_means_from_sums(cells: np.ndarray, domains: Mapping[object, np.ndarray],
                           x: np.ndarray | None = None) -> dict[object, tuple[float, float]]:
    """domain_means() from per-cell sums a database adds up, where every respondent of a
    cell shares the calibration dummies (the cell's row of x) and domain membership.

    cells: one row per cell, columns n, sum w, sum w*y, sum w^2, sum w^2*y, sum w^2*y^2.
    Weighted residuals sum to zero (the margins span an intercept), so the variance is
    n / (n - 1) * sum over cells of sum (w e)^2, expanded in the cell's sums.
    """
    count, s0, s1, q0, q1, q2 = (cells[:, j] for j in range(6))
    n = count.sum()
    out: dict[object, tuple[float, float]] = {}
    for key, m in domains.items():
        total = s0[m].sum()
        if total <= 0:
            continue
        mean = s1[m].sum() / total
        inside = m.astype(float)
        wz = inside * (s1 - mean * s0) / total  # sum of w z per cell
        w2z = inside * (q1 - mean * q0) / total  # sum of w^2 z per cell
        w2z2 = inside * (q2 - 2 * mean * q1 + mean * mean * q0) / total ** 2
        if x is not None and x.shape[1]:
            beta = np.linalg.pinv(x.T @ (s0[:, None] * x), hermitian=True) @ (x.T @ wz)
            b = x @ beta
            ss = (w2z2 - 2 * b * w2z + b * b * q0).sum()
        else:
            ss = w2z2.sum()
        out[key] = (float(mean), float(np.sqrt(max(ss, 0.0) * n / (n - 1))) if n > 1 else
                    float("nan"))
    return out
