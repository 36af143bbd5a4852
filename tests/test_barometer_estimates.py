"""Weighted estimates: means, Kish n_eff, 95% intervals, shares, suppression and flags,
checked against formulas written out here, independently of the code."""

import math

import numpy as np
import pandas as pd
import pytest

from network.barometer import estimates
from network.barometer.estimates import share, summarise
from network.core import stats
from tests.barometer_data import import_rows, make_wave

Z = 1.959963984540054


def sums(x, w):
    x, w = np.asarray(x, float), np.asarray(w, float)
    return len(x), w.sum(), (w * w).sum(), (w * x).sum(), (w * x * x).sum()


def independent(x, w):
    """Weighted mean with a normal 95% interval on Kish's n_eff, written out by hand."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    mean = np.sum(w * x) / np.sum(w)
    neff = np.sum(w) ** 2 / np.sum(w ** 2)
    var = np.sum(w * (x - mean) ** 2) / np.sum(w) * neff / (neff - 1)
    half = Z * math.sqrt(var / neff)
    return mean, mean - half, mean + half, neff


def test_known_answer_equal_weights_is_the_textbook_interval():
    # 0 and 100, 20 times each: mean 50, sd (n-1) = 50.63, interval 50 +- 1.96 * sd / sqrt(40).
    x = [0.0] * 20 + [100.0] * 20
    est = summarise(*sums(x, [1.0] * 40))
    sd = math.sqrt(sum((v - 50) ** 2 for v in x) / 39)
    assert est["mean"] == 50 and est["n_eff"] == 40
    assert est["low"] == pytest.approx(50 - Z * sd / math.sqrt(40))
    assert est["high"] == pytest.approx(50 + Z * sd / math.sqrt(40))


def test_known_answer_kish_neff_of_two_weight_levels():
    # 10 weights of 1 and 10 of 3: (40)^2 / (10 + 90) = 16.
    w = [1.0] * 10 + [3.0] * 10
    assert summarise(*sums(range(20), w))["n_eff"] == pytest.approx(16.0)
    assert stats.kish_neff(w) == pytest.approx(16.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weighted_mean_interval_and_neff_match_the_formula(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, 300)
    w = rng.lognormal(0, 0.6, 300)
    est = summarise(*sums(x, w))
    mean, low, high, neff = independent(x, w)
    assert (est["mean"], est["low"], est["high"], est["n_eff"]) == pytest.approx(
        (mean, low, high, neff), rel=1e-9)


def test_survey_weights_widen_the_interval_compared_to_frequency_weights():
    # Frequency-weight software (DescrStatsW) would use n = sum(w); Kish's n_eff is smaller.
    rng = np.random.default_rng(5)
    x, w = rng.uniform(0, 100, 200), rng.lognormal(0, 0.8, 200) * 3
    est = summarise(*sums(x, w))
    freq_half = Z * math.sqrt(np.cov(x, aweights=w) / w.sum())
    assert (est["high"] - est["low"]) / 2 > freq_half


def test_interval_from_sums_equals_the_interval_from_values():
    rng = np.random.default_rng(9)
    x, w = rng.uniform(0, 100, 50).tolist(), rng.uniform(0.5, 2, 50).tolist()
    assert stats.mean_interval_from_sums(*sums(x, w)[1:]) == pytest.approx(
        stats.mean_interval(x, w))


@pytest.mark.parametrize("n,suppressed", [(0, True), (9, True), (10, False), (40, False)])
def test_cells_under_ten_respondents_are_suppressed(n, suppressed):
    est = summarise(*sums([50.0 + i for i in range(n)], [1.0] * n))
    assert est["suppressed"] is suppressed
    if suppressed:
        assert est["mean"] is None and est["low"] is None and est["n_eff"] is None


@pytest.mark.parametrize("weights,unreliable", [
    ([1.0] * 29, True), ([1.0] * 30, False), ([1.0] * 20 + [10.0] * 20, True),
])
def test_estimates_on_fewer_than_30_effective_respondents_are_flagged(weights, unreliable):
    est = summarise(*sums(range(len(weights)), weights))
    assert est["unreliable"] is unreliable and not est["suppressed"]


def test_a_share_has_a_wilson_interval_on_the_effective_n():
    w = np.array([1.0] * 50 + [2.0] * 50)
    tolerant = np.array([True] * 30 + [False] * 20 + [True] * 10 + [False] * 40)
    est = share(100, w[tolerant].sum(), w.sum(), (w * w).sum())
    p = w[tolerant].sum() / w.sum()
    neff = w.sum() ** 2 / (w * w).sum()
    centre = (p + Z * Z / (2 * neff)) / (1 + Z * Z / neff)
    half = Z * math.sqrt(p * (1 - p) / neff + Z * Z / (4 * neff * neff)) / (1 + Z * Z / neff)
    assert est["mean"] == pytest.approx(100 * p)
    assert (est["low"], est["high"]) == pytest.approx((100 * (centre - half), 100 * (centre + half)))


def hajek_se(frame, in_domain):
    """The linearised se of a weighted domain mean (supplied weights, no calibration), written
    out: u_i = w_i 1[d] (y_i - mean_d) / sum_d w over the whole sample, V = n/(n-1) sum (u - u_bar)^2."""
    w, y = frame["weight"].to_numpy(), frame["idx"].to_numpy()
    d = in_domain.to_numpy()
    mean = (w[d] * y[d]).sum() / w[d].sum()
    u = np.where(d, w * (y - mean) / w[d].sum(), 0.0)
    n = len(u)
    return mean, math.sqrt(n / (n - 1) * ((u - u.mean()) ** 2).sum())


def test_index_table_matches_an_independent_pandas_computation(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 160, weights=[0.5 + (i % 7) / 4 for i in range(160)])
    frame = pd.read_sql_query(
        "SELECT district_id, idx, weight FROM barometer_responses WHERE valid = 1 AND idx IS NOT NULL",
        db.conn)
    table = {r["district_id"]: r for r in estimates.index_table(db)}
    for district_id, group in frame.groupby("district_id"):
        _, _, _, neff = independent(group["idx"], group["weight"])
        mean, se = hajek_se(frame, frame["district_id"] == district_id)
        row = table[district_id]
        assert (row["mean"], row["se"], row["n_eff"]) == pytest.approx((mean, se, neff), rel=1e-9)
        assert (row["low"], row["high"]) == pytest.approx((mean - Z * se, mean + Z * se), rel=1e-9)
        assert row["n"] == len(group)
    city = independent(frame["idx"], frame["weight"])
    mean, se = hajek_se(frame, frame["district_id"] > 0)
    assert (table[None]["mean"], table[None]["se"], table[None]["n_eff"]) == pytest.approx(
        (mean, se, city[3]))


def test_a_small_district_shows_no_figures_and_the_city_still_counts_it(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 8 * 12 + 3)  # districts 1-3 get 13, the others 12
    with db.conn:
        db.execute("DELETE FROM barometer_responses WHERE district_id = 8 AND respondent_id > 'R00050'")
    table = {r["district_id"]: r for r in estimates.index_table(db)}
    assert table[8]["suppressed"] and table[8]["mean"] is None and table[8]["n"] is None
    assert table[8]["hidden"] == "primary" and table[8]["n_eff"] is None
    # the city mean and raked shares would give district 8's mean back: a second district goes
    hidden = [k for k, r in table.items() if r["hidden"] == "complementary"]
    assert len(hidden) == 1 and table[hidden[0]]["mean"] is None and table[hidden[0]]["n"] is None
    assert table[None]["n"] == db["barometer_responses"].count


def test_item_means_are_on_the_tolerant_0_100_scale(db, staff):
    from network.barometer.instrument import instrument

    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 40)
    raw = pd.read_sql_query(
        "SELECT a.item, a.value FROM barometer_answers a JOIN barometer_responses r "
        "ON r.id = a.response_id", db.conn)
    items = {r["item"]: r for r in estimates.item_means(db)}
    for item in instrument().items:
        values = raw[raw["item"] == item.code]["value"]
        scores = (values - 1) * 25
        scores = 100 - scores if item.reverse else scores
        mean, low, high, _ = independent(scores, [1.0] * len(scores))
        got = items[item.code]
        assert (got["mean"], got["low"], got["high"]) == pytest.approx((mean, low, high))


def test_band_shares_add_up_to_100_per_wave(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 60)
    rows = estimates.band_shares(db)
    assert [r["band"] for r in rows] == ["tolerant", "ambivalent", "reluctant"]
    assert sum(r["mean"] for r in rows) == pytest.approx(100.0)


def test_flagged_responses_are_left_out_of_every_estimate(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 40)
    with db.conn:
        db.execute("UPDATE barometer_responses SET valid = 0 WHERE respondent_id = 'R00001'")
    city = next(r for r in estimates.index_table(db) if r["district_id"] is None)
    assert city["n"] == 39
    assert sum(r["n"] for r in estimates.band_shares(db)) == 3 * 39


def test_the_wave_district_query_reads_only_the_covering_index(db):
    plan = " ".join(str(r[3]) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT wave_id, district_id, count(*), total(weight), "
        "total(weight * weight), total(weight * idx), total(weight * idx * idx) "
        "FROM barometer_responses WHERE valid = 1 AND idx IS NOT NULL AND weight IS NOT NULL "
        "GROUP BY wave_id, district_id"))
    assert "COVERING INDEX barometer_responses_estimates" in plan
    assert "TEMP B-TREE" not in plan


def test_the_standard_errors_cell_query_reads_only_its_covering_index(db):
    plan = " ".join(str(r[3]) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT wave_id, district_id, district_id, sex, age_band, count(*), "
        "total(weight), total(weight * idx), total(weight * weight), total(weight * weight * idx), "
        "total(weight * weight * idx * idx) FROM barometer_responses "
        "WHERE valid = 1 AND idx IS NOT NULL AND weight IS NOT NULL "
        "GROUP BY wave_id, district_id, sex, age_band"))
    assert "COVERING INDEX barometer_responses_cells" in plan
    assert "TEMP B-TREE" not in plan
