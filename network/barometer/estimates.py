"""Weighted estimates with design-based (linearised) 95% intervals, suppressed where small.

SQL adds up sum(w), sum(w^2), sum(w*x), sum(w*x^2) per group over a covering index (each
respondent's index and weight are stored when written and weighted) for the mean and the Kish
n_eff; the standard errors are linearised over the microdata with calibration residuals
(variance.py), as R's `survey` does for a raked design. statsmodels' DescrStatsW is not used:
it treats weights as frequencies and gives intervals too narrow for survey weights.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlite_utils import Database

from network.barometer import margins as margin_data
from network.barometer import variance
from network.barometer.instrument import BANDS, Instrument, instrument, score_linear
from network.barometer.weighting import read_weighting
from network.core import disclosure, stats
from network.core.privacy import SURVEY_MIN_CELL

NEFF_RELIABLE = 30  # estimates on fewer effective respondents are flagged as unreliable
BREAKDOWNS = ("sex", "age_band", "born_abroad")

Sums = tuple[int, float, float, float, float]  # n, sum w, sum w^2, sum w*x, sum w*x^2


def summarise(n: int, sw: float, sw2: float, swx: float, swx2: float,
              se: float | None = None) -> dict[str, Any]:
    """An estimate from a group's sums: mean, standard error, 95% interval, n, n_eff, flags.

    `se` is the design-based standard error where the caller has it (variance.py); without
    it the Kish approximation is used. Groups of fewer than SURVEY_MIN_CELL respondents are
    suppressed (no figures at all); groups with n_eff under NEFF_RELIABLE are flagged unreliable.
    """
    if n < SURVEY_MIN_CELL:
        return {"n": n, "n_eff": None, "mean": None, "se": None, "low": None, "high": None,
                "suppressed": True, "unreliable": False, "hidden": disclosure.PRIMARY}
    mean, low, high, neff = stats.mean_interval_from_sums(sw, sw2, swx, swx2)
    if se is None:
        se = _finite((high - low) / (2 * stats.Z95))
    elif math.isnan(se):
        se = None
    else:
        low, high = mean - stats.Z95 * se, mean + stats.Z95 * se
    return {"n": n, "n_eff": neff, "mean": mean, "se": se, "low": _finite(low),
            "high": _finite(high), "suppressed": False, "unreliable": bool(neff < NEFF_RELIABLE),
            "hidden": ""}


def share(n: int, sw_in: float, sw: float, sw2: float) -> dict[str, Any]:
    """A weighted share (0-100 %) with a Wilson interval on the Kish n_eff, suppressed if small."""
    if n < SURVEY_MIN_CELL or sw <= 0:
        return {"n": n, "n_eff": None, "mean": None, "se": None, "low": None, "high": None,
                "suppressed": True, "unreliable": False, "hidden": disclosure.PRIMARY}
    neff = sw * sw / sw2
    p = sw_in / sw
    low, high = stats.wilson_interval(p * neff, neff)
    return {"n": n, "n_eff": neff, "mean": 100 * p, "se": 100 * math.sqrt(p * (1 - p) / neff),
            "low": 100 * low, "high": 100 * high,
            "suppressed": False, "unreliable": bool(neff < NEFF_RELIABLE), "hidden": ""}


def _finite(x: float) -> float | None:
    return None if x is None or math.isnan(x) else x


def add_sums(parts: Iterable[Sums]) -> Sums:
    """The sums of a union of groups (the sums are additive)."""
    n = sw = sw2 = swx = swx2 = 0.0
    for p in parts:
        n, sw, sw2, swx, swx2 = n + p[0], sw + p[1], sw2 + p[2], swx + p[3], swx2 + p[4]
    return int(n), sw, sw2, swx, swx2


def index_table(db: Database) -> list[dict[str, Any]]:
    """The wave x district table of the weighted index, with a city row (district_id None)
    per wave: n, n_eff, mean, design-based se and 95% interval, suppressed and unreliable flags."""
    rows = cell_sums(db, "district_id")
    sums: dict[tuple[int, int], list[float]] = {}
    for wave_id, district_id, _, _, _, n, sw, swx, sw2, _, _, swx2 in rows:
        cell = sums.setdefault((wave_id, district_id), [0, 0.0, 0.0, 0.0, 0.0])
        for j, v in enumerate((n, sw, sw2, swx, swx2)):
            cell[j] += v
    cells = [(w, d, int(c[0]), *c[1:]) for (w, d), c in sums.items()]
    return index_table_from_sums(cells, design_se(db, "district_id", rows))


def index_table_from_sums(cells: list[tuple], se: dict[tuple, float] | None = None
                          ) -> list[dict[str, Any]]:
    """index_table() from per-cell sums and (optionally) design-based standard errors keyed
    (wave_id, district_id or None) (pure; without them the Kish approximation is used)."""
    se = se or {}
    out = []
    by_wave: dict[int, list[Sums]] = {}
    for wave_id, district_id, *sums in cells:
        by_wave.setdefault(wave_id, []).append(tuple(sums))
        out.append({"wave_id": wave_id, "district_id": district_id,
                    **summarise(*sums, se=se.get((wave_id, district_id)))})
    protect(out, "district_id")
    for wave_id, parts in by_wave.items():
        out.append({"wave_id": wave_id, "district_id": None,
                    **summarise(*add_sums(parts), se=se.get((wave_id, None)))})
    return sorted(without_small_n(out), key=lambda r: (r["wave_id"], r["district_id"] or 0))


def without_small_n(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """No n is published for a suppressed cell (the marker says 'fewer than 10')."""
    for r in rows:
        if r["suppressed"]:
            r["n"] = None
    return rows


def protect(rows: list[dict[str, Any]], group: str) -> list[dict[str, Any]]:
    """Disclosure control on the groups of each wave (a partition whose total, the city, is
    shown): primary and complementary cells lose every figure, n and n_eff included."""
    by_wave: dict[int, dict[Any, int]] = {}
    for r in rows:
        by_wave.setdefault(r["wave_id"], {})[r[group]] = r["n"]
    hidden = {w: disclosure.hide(counts, SURVEY_MIN_CELL) for w, counts in by_wave.items()}
    for r in rows:
        why = hidden[r["wave_id"]].get(r[group], "")
        r["hidden"] = why
        if why:
            r.update({"n": None, "n_eff": None, "mean": None, "se": None, "low": None,
                      "high": None, "suppressed": True, "unreliable": False})
    return rows


def breakdown(db: Database, dimension: str) -> list[dict[str, Any]]:
    """The weighted index by wave and a demographic (sex, age_band or born_abroad)."""
    if dimension not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {dimension!r}")
    rows = db.execute(
        f"""SELECT wave_id, {dimension}, count(*), total(weight), total(weight * weight),
                   total(weight * idx), total(weight * idx * idx)
            FROM barometer_responses
            WHERE valid = 1 AND idx IS NOT NULL AND weight IS NOT NULL
            GROUP BY wave_id, {dimension}""").fetchall()  # noqa: S608 (dimension is whitelisted)
    se = design_se(db, dimension)
    return protect([{"wave_id": w, "category": c, **summarise(*s, se=se.get((w, c)))}
                    for w, c, *s in rows], "category")


def calibration_margins(db: Database) -> dict[int, dict[str, list[str]]]:
    """Per raked wave: the margins its weights are calibrated to (dimension -> categories)."""
    out: dict[int, dict[str, list[str]]] = {}
    for wave_id, year, text in db.execute(
            "SELECT id, year, weighting FROM barometer_waves").fetchall():
        info = read_weighting(text)
        if info.method == "raked":
            sets = margin_data.margins_for_year(db, year)
            out[wave_id] = {dim: list(sets[dim].values) for dim in info.margins if dim in sets}
    return out


def cell_sums(db: Database, dimension: str) -> list[tuple]:
    """Per (wave, group of `dimension`, district, sex, age band) cell: n, sum w, sum w*x,
    sum w^2, sum w^2*x, sum w^2*x^2, sum w*x^2 of the index (over a covering index)."""
    if dimension not in (*BREAKDOWNS, "district_id"):
        raise ValueError(f"unknown dimension {dimension!r}")
    group = ("wave_id, district_id, sex, age_band" if dimension == "district_id" else
             f"wave_id, {dimension}, district_id, sex, age_band")  # the index's order first
    return db.execute(
        f"""SELECT wave_id, {dimension}, district_id, sex, age_band,
                   count(*), total(weight), total(weight * idx), total(weight * weight),
                   total(weight * weight * idx), total(weight * weight * idx * idx),
                   total(weight * idx * idx)
            FROM barometer_responses
            WHERE valid = 1 AND idx IS NOT NULL AND weight IS NOT NULL
            GROUP BY {group}""").fetchall()  # noqa: S608 (dimension is whitelisted)


def design_se(db: Database, dimension: str, rows: list[tuple] | None = None
              ) -> dict[tuple[int, Any], float]:
    """Linearised standard errors of the weighted index per (wave_id, group of `dimension`)
    (and per (wave_id, None) for the whole wave with district_id), with calibration residuals
    on raked waves, from cell_sums() (`rows`, read here when not given)."""
    rows = cell_sums(db, dimension) if rows is None else rows
    numbers = {i: str(n) for i, n in db.execute("SELECT id, number FROM districts")}
    calibrated = calibration_margins(db)
    by_wave: dict[int, list[tuple]] = {}
    for r in rows:
        by_wave.setdefault(r[0], []).append(r[1:])
    out: dict[tuple[int, Any], float] = {}
    for wave_id, part in by_wave.items():
        group = np.array([p[0] for p in part], dtype=object)
        columns = {"district": [numbers.get(p[1]) for p in part], "sex": [p[2] for p in part],
                   "age_band": [p[3] for p in part]}
        sums = np.array([p[4:10] for p in part], dtype=float)
        margins = calibrated.get(wave_id)
        x = variance.calibration_matrix(columns, margins) if margins else None
        domains = {("group", g): group == g for g in set(group.tolist())}
        if dimension == "district_id":
            domains[("all", None)] = np.ones(len(part), dtype=bool)
        for (_, key), (_, se) in variance.domain_means_from_sums(sums, domains, x).items():
            out[(wave_id, key)] = se
    return out


def band_shares(db: Database, inst: Instrument | None = None) -> list[dict[str, Any]]:
    """Weighted shares of tolerant / ambivalent / reluctant respondents per wave (city)."""
    inst = inst or instrument()
    rows = db.execute(
        """SELECT wave_id,
                  CASE WHEN idx >= :tol THEN 'tolerant' WHEN idx < :rel THEN 'reluctant'
                       ELSE 'ambivalent' END AS band,
                  count(*), total(weight), total(weight * weight)
           FROM barometer_responses
           WHERE valid = 1 AND idx IS NOT NULL AND weight IS NOT NULL
           GROUP BY wave_id, band""",
        {"tol": inst.tolerant_from, "rel": inst.reluctant_below}).fetchall()
    return band_shares_from_sums(rows)


def band_shares_from_sums(rows: list[tuple]) -> list[dict[str, Any]]:
    """band_shares() from (wave_id, band, n, sum w, sum w^2) rows (pure)."""
    totals: dict[int, list[float]] = {}
    cells: dict[tuple[int, str], float] = {}
    for wave_id, band_code, n, sw, sw2 in rows:
        t = totals.setdefault(wave_id, [0, 0.0, 0.0])
        t[0], t[1], t[2] = t[0] + n, t[1] + sw, t[2] + sw2
        cells[(wave_id, band_code)] = sw
    return without_small_n([
        {"wave_id": wave_id, "band": b, **share(int(n), cells.get((wave_id, b), 0.0), sw, sw2)}
        for wave_id, (n, sw, sw2) in sorted(totals.items()) for b in BANDS])


def item_means(db: Database, inst: Instrument | None = None) -> list[dict[str, Any]]:
    """Weighted mean item scores (0-100, higher = more tolerant) per wave (city)."""
    inst = inst or instrument()
    rows = db.execute(
        """SELECT r.wave_id, a.item, count(*), total(r.weight), total(r.weight * r.weight),
                  total(r.weight * a.value), total(r.weight * a.value * a.value)
           FROM barometer_answers a JOIN barometer_responses r ON r.id = a.response_id
           WHERE r.valid = 1 AND r.weight IS NOT NULL
           GROUP BY r.wave_id, a.item""").fetchall()
    out = []
    reverse = {i.code: i.reverse for i in inst.items}
    for wave_id, item, *sums in rows:
        if item not in reverse:
            continue
        est = summarise(*sums)
        a, b = score_linear(reverse[item], inst.scale_min, inst.scale_max)
        for key in ("mean", "low", "high"):
            if est[key] is not None:
                est[key] = a + b * est[key]
        if b < 0 and est["low"] is not None:
            est["low"], est["high"] = est["high"], est["low"]
        out.append({"wave_id": wave_id, "item": item, **est})
    return without_small_n(out)


def wave_counts(db: Database) -> dict[int, dict[str, int]]:
    """Per wave: valid respondents, those with an index, and flagged ones."""
    return {r["wave_id"]: r for r in (dict(x) for x in db.query(
        """SELECT wave_id, sum(valid) AS valid, sum(valid AND idx IS NOT NULL) AS with_index,
                  sum(1 - valid) AS flagged
           FROM barometer_responses GROUP BY wave_id"""))}
