"""Weighting by raking (iterative proportional fitting) to population margins, with trimming.

Pure functions on numpy arrays, plus reweight_wave(), which stores each respondent's weight.

Method, as shown on screen:
- targets are the population shares of each margin (district, sex, age band);
- raking adjusts the weights one margin at a time until every weighted margin reproduces
  its target within RAKE_TOLERANCE (max absolute gap between shares);
- where a weight falls outside [TRIM_LOW, TRIM_HIGH] times the mean weight, the wave is
  raked again with the bounds held at every step (bounded raking: after each adjustment the
  weights are scaled to mean 1 and clipped). The weights always end within the bounds;
  where the margins cannot all be met within them, the wave is marked not converged and
  the largest remaining gap is shown on its page;
- weights are scaled to a mean of 1 (sum = number of respondents).
Respondents in a category with no population margin (e.g. sex "other" where only women
and men are known) are left out of that margin's adjustment; a margin category with no
respondents is dropped and the other shares re-normalised (shown on the wave's page).
Margins that are not finite, negative sizes, or add up to nothing are refused (check_margins).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from numbers import Real

import numpy as np
from sqlite_utils import Database

from network.barometer import margins as margin_data
from network.core.errors import Problem, ValidationFailed

RAKE_TOLERANCE = 1e-9
MAX_ITERATIONS = 2000
TRIM_LOW = 0.25
TRIM_HIGH = 4.0


@dataclass
class RakeResult:
    """Weights (mean 1) and how they were reached."""

    weights: np.ndarray
    converged: bool
    iterations: int
    max_gap: float
    trimmed: int = 0
    dropped: list[tuple[str, str]] = field(default_factory=list)


def _codes(values: Sequence[str], categories: Sequence[str]) -> np.ndarray:
    lookup = {c: i for i, c in enumerate(categories)}
    return np.fromiter((lookup.get(v, -1) for v in values), dtype=np.int64, count=len(values))


def margin_gaps(weights: np.ndarray, columns: Mapping[str, Sequence[str]],
                targets: Mapping[str, Mapping[str, float]]) -> float:
    """The largest absolute gap between a weighted share and its target share."""
    gap = 0.0
    for dim, shares in targets.items():
        cats = list(shares)
        codes = _codes(columns[dim], cats)
        covered = codes >= 0
        total = weights[covered].sum()
        if total <= 0:
            continue
        got = np.bincount(codes[covered], weights=weights[covered], minlength=len(cats)) / total
        want = np.array([shares[c] for c in cats])
        gap = max(gap, float(np.abs(got - want).max()))
    return gap


def check_margins(margins: Mapping[str, Mapping[str, float]]) -> None:
    """Refuse margins that cannot be population sizes: not a finite number, negative, or a
    dimension whose sizes do not add up to a positive total (InvalidMargins, translated)."""
    problems = []
    for dim, values in margins.items():
        for cat, v in values.items():
            if isinstance(v, bool) or not isinstance(v, Real) or not math.isfinite(v) or v < 0:
                problems.append(Problem("value", "barometer.error.margin_invalid",
                                        {"dimension": dim, "category": cat, "value": str(v)}))
        if not problems and not sum(values.values()) > 0:
            problems.append(Problem("value", "barometer.error.margin_empty", {"dimension": dim}))
    if problems:
        raise ValidationFailed(problems)


def normalise_targets(columns: Mapping[str, Sequence[str]],
                      margins: Mapping[str, Mapping[str, float]]
                      ) -> tuple[dict[str, dict[str, float]], list[tuple[str, str]]]:
    """Shares per margin, dropping categories nobody in the sample falls in."""
    check_margins(margins)
    targets: dict[str, dict[str, float]] = {}
    dropped: list[tuple[str, str]] = []
    for dim, values in margins.items():
        present = set(columns[dim])
        kept = {c: float(v) for c, v in values.items() if c in present and v > 0}
        dropped += [(dim, c) for c in values if c not in kept]
        total = sum(kept.values())
        if total > 0:
            targets[dim] = {c: v / total for c, v in kept.items()}
    return targets, dropped


def rake(columns: Mapping[str, Sequence[str]], margins: Mapping[str, Mapping[str, float]],
         base: np.ndarray | None = None, tolerance: float = RAKE_TOLERANCE,
         max_iterations: int = MAX_ITERATIONS, low: float | None = None,
         high: float | None = None) -> RakeResult:
    """Raking: weights whose weighted shares match every margin (margins: category -> size).

    With bounds, every adjustment is followed by scaling to mean 1 and clipping to
    [low, high] (bounded raking): the weights always respect the bounds, and `converged`
    says whether the margins were met within them as well.
    """
    n = len(next(iter(columns.values()))) if columns else 0
    weights = np.ones(n) if base is None else np.asarray(base, dtype=float).copy()
    targets, dropped = normalise_targets(columns, margins)
    if n == 0 or not targets:
        return RakeResult(weights, True, 0, 0.0, dropped=dropped)
    bounded = low is not None or high is not None
    prepared = []
    for dim, shares in targets.items():
        cats = list(shares)
        codes = _codes(columns[dim], cats)
        prepared.append((codes, codes >= 0, np.array([shares[c] for c in cats])))
    gap, iteration = np.inf, 0
    while gap >= tolerance and iteration < max_iterations:
        iteration += 1
        for codes, covered, want in prepared:
            got = np.bincount(codes[covered], weights=weights[covered], minlength=len(want))
            factor = np.divide(want * got.sum(), got, out=np.ones_like(got), where=got > 0)
            weights[covered] *= factor[codes[covered]]
            if bounded:
                weights *= n / weights.sum()
                np.clip(weights, low, high, out=weights)
        gap = margin_gaps(weights, columns, targets)
    weights *= n / weights.sum()
    if bounded:  # the last scaling moves weights by less than the tolerance once converged
        np.clip(weights, low, high, out=weights)
    return RakeResult(weights, bool(gap < tolerance), iteration, float(gap), dropped=dropped)


def logit_calibration(columns: Mapping[str, Sequence[str]],
                      margins: Mapping[str, Mapping[str, float]], low: float, high: float,
                      tolerance: float = RAKE_TOLERANCE, max_iterations: int = 100) -> RakeResult:
    """Bounded calibration (Deville and Särndal 1992, logit distance; R's `calibrate(calfun =
    "logit", bounds = c(low, high))`): weights low < w < high times the mean that meet every
    margin, found by Newton's method; `converged` is False where no such weights exist."""
    n = len(next(iter(columns.values()))) if columns else 0
    targets, dropped = normalise_targets(columns, margins)
    parts, want = [np.ones(n)], [float(n)]
    for dim, shares in targets.items():
        codes = _codes(columns[dim], list(shares))
        covered = (codes >= 0).astype(float)
        for j, share in enumerate(shares.values()):  # share of the covered weight: sum = 0
            parts.append((codes == j) - share * covered)
            want.append(0.0)
    x, t = np.column_stack(parts), np.array(want)
    a = (high - low) / ((1 - low) * (high - 1))
    lam = np.zeros(x.shape[1])
    g = np.ones(n)
    iteration = 0
    while iteration < max_iterations:
        iteration += 1
        e = np.exp(np.clip(a * (x @ lam), -50, 50))
        g = (low * (high - 1) + high * (1 - low) * e) / ((high - 1) + (1 - low) * e)
        gap = t - x.T @ g
        if np.abs(gap).max() < tolerance * n:
            break
        slope = a * e * (high - 1) * (1 - low) * (high - low) / ((high - 1) + (1 - low) * e) ** 2
        lam += np.linalg.pinv(x.T @ (slope[:, None] * x), hermitian=True) @ gap
    ok = bool(np.isfinite(g).all())
    weights = g * n / g.sum() if ok else np.ones(n)
    max_gap = margin_gaps(weights, columns, targets) if ok else float("inf")
    inside = ok and weights.min() >= low * (1 - 1e-9) and weights.max() <= high * (1 + 1e-9)
    return RakeResult(weights, bool(inside and max_gap < 1e-6), iteration, max_gap,
                      dropped=dropped)


def rake_and_trim(columns: Mapping[str, Sequence[str]],
                  margins: Mapping[str, Mapping[str, float]],
                  low: float = TRIM_LOW, high: float = TRIM_HIGH) -> RakeResult:
    """Rake; where a weight falls outside [low, high] x mean, calibrate within the bounds
    instead (logit_calibration), or, where no weights within the bounds meet every margin,
    rake with the bounds held at every step: the weights always end within the bounds, and
    `converged` False with `max_gap` says the margins were not all met."""
    result = rake(columns, margins)
    w = result.weights
    if not len(w) or (w.min() >= low * (1 - 1e-9) and w.max() <= high * (1 + 1e-9)):
        return result
    bounded = logit_calibration(columns, margins, low, high)
    if not bounded.converged:
        bounded = rake(columns, margins, low=low, high=high, max_iterations=200)
    bw = bounded.weights
    bounded.trimmed = int((w < low * (1 - 1e-9)).sum() + (w > high * (1 + 1e-9)).sum())
    bounded.weights = np.clip(bw, low, high)
    bounded.max_gap = margin_gaps(bounded.weights, columns, normalise_targets(columns, margins)[0])
    return bounded


@dataclass
class Weighting:
    """How a wave's stored weights were made, kept with the wave and shown on screen."""

    method: str  # "raked", "supplied", "unweighted" or "empty"
    margins: dict[str, dict] = field(default_factory=dict)  # dim -> {year, source, demo}
    missing: list[str] = field(default_factory=list)  # dims without a usable margin
    dropped: list[list[str]] = field(default_factory=list)
    converged: bool = True
    iterations: int = 0
    trimmed: int = 0
    min_weight: float | None = None
    max_weight: float | None = None
    max_gap: float = 0.0  # largest |weighted share - margin share| left (0-1)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def read_weighting(text: str | None) -> Weighting:
    """The Weighting stored with a wave (an empty one for a wave never weighted)."""
    data = json.loads(text or "{}")
    return Weighting(**data) if data else Weighting("empty")


def reweight_wave(db: Database, wave_id: int) -> Weighting:
    """Compute and store the weights of one wave's valid respondents (inside the caller's write).

    Supplied weights are used as they are; otherwise the wave is raked to the margins for its
    year; with no usable margin at all the weights are 1 (unweighted, reported as such).
    """
    rows = db.execute(
        """SELECT r.id, d.number, r.sex, r.age_band, r.supplied_weight
           FROM barometer_responses r JOIN districts d ON d.id = r.district_id
           WHERE r.wave_id = ? AND r.valid = 1 ORDER BY r.id""", [wave_id]).fetchall()
    db.execute("UPDATE barometer_responses SET weight = NULL WHERE wave_id = ? AND valid = 0",
               [wave_id])
    year = db.execute("SELECT year FROM barometer_waves WHERE id = ?", [wave_id]).fetchone()[0]
    if not rows:
        info = Weighting("empty")
    elif all(r[4] is not None for r in rows):
        weights = np.array([r[4] for r in rows], dtype=float)
        info = Weighting("supplied")
    else:
        sets = margin_data.margins_for_year(db, year)
        columns = {"district": [str(r[1]) for r in rows], "sex": [r[2] for r in rows],
                   "age_band": [r[3] for r in rows]}
        usable = {dim: s.values for dim, s in sets.items()}
        info = Weighting(
            "raked" if usable else "unweighted",
            margins={dim: {"year": s.year, "source": s.source, "demo": s.demo}
                     for dim, s in sets.items()},
            missing=[dim for dim in margin_data.DIMENSIONS if dim not in sets],
        )
        if usable:
            result = rake_and_trim(columns, usable)
            weights = result.weights
            info.converged, info.iterations = result.converged, result.iterations
            info.max_gap = result.max_gap
            info.trimmed, info.dropped = result.trimmed, [list(d) for d in result.dropped]
        else:
            weights = np.ones(len(rows))
    if rows:
        info.min_weight, info.max_weight = float(weights.min()), float(weights.max())
        db.conn.executemany("UPDATE barometer_responses SET weight = ? WHERE id = ?",
                            [(float(w), r[0]) for w, r in zip(weights, rows, strict=True)])
    db.execute("UPDATE barometer_waves SET weighting = ? WHERE id = ?", [info.to_json(), wave_id])
    return info
