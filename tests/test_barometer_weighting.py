"""Raking to population margins, trimming, and the weights stored for each wave."""

import itertools
import json
import random

import numpy as np
import pandas as pd
import pytest

from network.barometer import margins, weighting
from network.barometer.weighting import rake, rake_and_trim
from tests.barometer_data import import_rows, make_wave

MARGINS = {
    "district": {"1": 50000, "2": 37000, "3": 26000},
    "sex": {"woman": 53, "man": 47},
    "age_band": {"18-29": 14, "30-44": 22, "45-64": 34, "65+": 30},
}


def sample(n: int = 600, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    return pd.DataFrame({
        "district": [rng.choice(["1", "1", "2", "3"]) for _ in range(n)],
        "sex": [rng.choice(["woman", "man", "man"]) for _ in range(n)],
        "age_band": [rng.choices(["18-29", "30-44", "45-64", "65+"], [1, 2, 3, 5])[0]
                     for _ in range(n)],
    })


def weighted_shares(frame: pd.DataFrame, weights: np.ndarray, column: str) -> dict[str, float]:
    """Independent check: weighted shares with pandas groupby."""
    totals = pd.Series(weights, index=frame.index).groupby(frame[column]).sum()
    return (totals / totals.sum()).to_dict()


def test_raking_reproduces_every_margin_within_1e_6():
    frame = sample()
    result = rake({c: frame[c].tolist() for c in frame}, MARGINS)
    assert result.converged
    for dim, values in MARGINS.items():
        total = sum(values.values())
        got = weighted_shares(frame, result.weights, dim)
        for cat, value in values.items():
            assert abs(got[cat] - value / total) < 1e-6


def test_weights_have_mean_one():
    frame = sample()
    result = rake_and_trim({c: frame[c].tolist() for c in frame}, MARGINS)
    assert result.weights.mean() == pytest.approx(1.0)
    assert len(result.weights) == len(frame)


def test_raking_an_independent_sample_gives_the_product_weights():
    # When the sample's cells are a product of its margins, raking has a closed form:
    # w(i, j) proportional to p_i q_j / (a_i b_j), population shares over sample shares.
    a = {"woman": 0.3, "man": 0.7}
    b = {"18-29": 0.1, "30-44": 0.2, "45-64": 0.3, "65+": 0.4}
    rows = []
    for (s, pa), (g, pb) in itertools.product(a.items(), b.items()):
        rows += [(s, g)] * round(1000 * pa * pb)
    frame = pd.DataFrame(rows, columns=["sex", "age_band"])
    p = {"woman": 0.52, "man": 0.48}
    q = {"18-29": 0.15, "30-44": 0.25, "45-64": 0.35, "65+": 0.25}
    result = rake({c: frame[c].tolist() for c in frame}, {"sex": p, "age_band": q})
    expected = np.array([p[s] * q[g] / (a[s] * b[g]) for s, g in rows])
    expected *= len(rows) / expected.sum()
    assert np.allclose(result.weights, expected, rtol=1e-8)


def test_where_no_weights_within_the_bounds_meet_a_margin_the_bounds_hold_and_it_says_so():
    # 5 young people in 500 against a population 40% young: raw weights near 40x, and at most
    # 4x the mean the young can weigh 5 * 4 / 500 = 4% of the sample, not 40%.
    frame = pd.DataFrame({"age_band": ["18-29"] * 5 + ["65+"] * 495})
    margins_ = {"age_band": {"18-29": 40, "65+": 60}}
    raw = rake({"age_band": frame["age_band"].tolist()}, margins_)
    assert raw.weights.max() > 30
    trimmed = rake_and_trim({"age_band": frame["age_band"].tolist()}, margins_, low=0.25, high=4.0)
    assert trimmed.trimmed > 0 and not trimmed.converged
    assert trimmed.weights.min() >= 0.25 and trimmed.weights.max() <= 4.0
    got = weighted_shares(frame, trimmed.weights, "age_band")
    assert trimmed.max_gap == pytest.approx(abs(got["18-29"] - 0.4)) and trimmed.max_gap > 0.3


@pytest.mark.parametrize("low,high", [(0.4, 2.5), (0.45, 2.2)])
def test_bounded_weights_meet_every_margin_and_stay_within_the_bounds(low, high):
    frame = sample(n=2000, seed=3)
    columns = {c: frame[c].tolist() for c in frame}
    raw = rake(columns, MARGINS).weights
    result = rake_and_trim(columns, MARGINS, low=low, high=high)
    assert raw.min() < low or raw.max() > high  # the bounds bite on this sample
    assert result.converged and result.trimmed > 0
    assert result.weights.min() >= low and result.weights.max() <= high
    assert result.weights.mean() == pytest.approx(1.0)
    for dim, values in MARGINS.items():
        got = weighted_shares(frame, result.weights, dim)
        total = sum(values.values())
        assert all(abs(got[c] - v / total) < 1e-6 for c, v in values.items())


def test_bounded_weights_are_rs_logit_calibration(tmp_path):
    """The same weights as R's survey::calibrate(calfun = "logit", bounds = c(0.4, 2.5))."""
    import shutil
    import subprocess

    if shutil.which("Rscript") is None:
        pytest.fail("Rscript is missing: install r-cran-survey (see .ci/run)")
    frame = sample(n=2000, seed=3)
    frame.to_csv(tmp_path / "s.csv", index=False)
    script = tmp_path / "logit.R"
    script.write_text("""
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = "character")
d$district <- factor(d$district, levels = c("1", "2", "3"))
d$sex <- factor(d$sex, levels = c("woman", "man"))
d$age_band <- factor(d$age_band, levels = c("18-29", "30-44", "45-64", "65+"))
des <- svydesign(ids = ~1, weights = ~rep(1, nrow(d)), data = d)
N <- nrow(d)
share <- function(x) x / sum(x) * N
tot <- c(N, share(c(50000, 37000, 26000))[-1], share(c(53, 47))[-1],
         share(c(14, 22, 34, 30))[-1])
cal <- calibrate(des, ~district + sex + age_band, tot, calfun = "logit", bounds = c(0.4, 2.5),
                 epsilon = 1e-12, maxit = 200)
writeLines(format(weights(cal), digits = 15))
""")
    done = subprocess.run(["Rscript", str(script), str(tmp_path / "s.csv")], capture_output=True,
                          text=True, timeout=120, check=True)
    theirs = np.array([float(v) for v in done.stdout.split()])
    ours = rake_and_trim({c: frame[c].tolist() for c in frame}, MARGINS, low=0.4, high=2.5)
    assert np.allclose(ours.weights, theirs, rtol=1e-6)


def test_respondents_outside_a_margin_are_left_out_of_it():
    frame = pd.DataFrame({"sex": ["woman"] * 30 + ["man"] * 60 + ["other"] * 10})
    result = rake({"sex": frame["sex"].tolist()}, {"sex": {"woman": 50, "man": 50}})
    w = pd.Series(result.weights)
    covered = frame["sex"] != "other"
    assert w[covered & (frame["sex"] == "woman")].sum() == pytest.approx(
        w[covered & (frame["sex"] == "man")].sum())
    assert w[~covered].nunique() == 1


def test_a_margin_category_nobody_falls_in_is_dropped_and_reported():
    frame = pd.DataFrame({"age_band": ["30-44"] * 40 + ["45-64"] * 60})
    result = rake({"age_band": frame["age_band"].tolist()},
                  {"age_band": {"18-29": 10, "30-44": 45, "45-64": 45}})
    assert result.dropped == [("age_band", "18-29")]
    assert weighted_shares(frame, result.weights, "age_band")["30-44"] == pytest.approx(0.5)


# ---- stored weights --------------------------------------------------------------------------

def stored(db, wave_id):
    return db.execute("SELECT r.weight, d.number, r.sex, r.age_band FROM barometer_responses r "
                      "JOIN districts d ON d.id = r.district_id WHERE wave_id = ? AND valid = 1",
                      [wave_id]).fetchall()


def test_a_wave_without_margins_is_unweighted_and_says_so(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 30)
    info = weighting.read_weighting(
        db.execute("SELECT weighting FROM barometer_waves WHERE id = ?", [wave.id]).fetchone()[0])
    assert info.method == "unweighted"
    assert set(info.missing) == {"district", "sex", "age_band"}
    assert {r[0] for r in stored(db, wave.id)} == {1.0}


def test_saved_margins_reweight_the_waves_to_reproduce_them(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 200)
    margins.set_margins(db, staff, "sex", 2024, {"woman": 530, "man": 470}, "Padrón 2024")
    margins.set_margins(db, staff, "age_band", 2024,
                        {"18-29": 14, "30-44": 22, "45-64": 34, "65+": 30}, "Padrón 2024")
    rows = pd.DataFrame(stored(db, wave.id), columns=["w", "district", "sex", "age_band"])
    covered = rows[rows["sex"] != "other"]
    shares = covered.groupby("sex")["w"].sum() / covered["w"].sum()
    assert shares["woman"] == pytest.approx(0.53, abs=1e-6)
    ages = rows.groupby("age_band")["w"].sum() / rows["w"].sum()
    assert ages["65+"] == pytest.approx(0.30, abs=1e-6)
    info = weighting.read_weighting(
        db.execute("SELECT weighting FROM barometer_waves WHERE id = ?", [wave.id]).fetchone()[0])
    assert info.method == "raked" and info.missing == ["district"]
    assert info.margins["sex"] == {"year": 2024, "source": "Padrón 2024", "demo": False}


def test_district_margins_come_from_the_register_when_every_district_has_one(db, staff):
    from network import reference

    for d in reference.districts(db):
        reference.set_population(db, staff, d.id, 2024, 30000 + 1000 * d.number, "Padrón 2024")
    sets = margins.margins_for_year(db, 2025)
    assert sets["district"].values["8"] == 38000
    assert sets["district"].source == "Padrón 2024"


def test_the_margin_set_of_the_wave_year_or_before_is_used(db, staff):
    for year, woman in ((2018, 51), (2022, 52), (2026, 54)):
        margins.set_margins(db, staff, "sex", year, {"woman": woman, "man": 100 - woman}, "src")
    assert margins.margins_for_year(db, 2023)["sex"].year == 2022
    assert margins.margins_for_year(db, 2026)["sex"].year == 2026
    assert margins.margins_for_year(db, 2010)["sex"].year == 2018


@pytest.mark.parametrize("values,year,source,count", [
    ({"woman": 0, "man": 10}, 2024, "x", 1),
    ({"woman": 10}, 2024, "x", 1),
    ({"woman": 10, "man": 10, "robot": 3}, 2024, "x", 1),
    ({"woman": -1, "man": "many"}, 1800, " ", 4),
])
def test_bad_margins_are_refused_listing_every_problem(db, staff, values, year, source, count):
    from network.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        margins.set_margins(db, staff, "sex", year, values, source)
    assert len(err.value.problems) == count
    assert db["barometer_margins"].count == 0


def test_only_staff_may_edit_margins(db, coordinator):
    from network.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        margins.set_margins(db, coordinator, "sex", 2024, {"woman": 1, "man": 1}, "x")


def test_supplied_weights_are_used_as_they_are(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 12, weights=[0.5 + i / 10 for i in range(12)])
    got = sorted(r[0] for r in stored(db, wave.id))
    assert got == pytest.approx(sorted(0.5 + i / 10 for i in range(12)))
    info = json.loads(db.execute("SELECT weighting FROM barometer_waves WHERE id = ?",
                                 [wave.id]).fetchone()[0])
    assert info["method"] == "supplied"


@pytest.mark.parametrize("values", [
    {"woman": float("inf"), "man": 40}, {"woman": float("nan"), "man": 40},
    {"woman": -5, "man": 40}, {"woman": 0, "man": 0}, {"woman": "many", "man": 40},
])
def test_margins_that_are_not_population_sizes_are_refused_at_the_api_in_every_language(values):
    from network.core import i18n
    from network.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        rake({"sex": ["woman", "man"] * 10}, {"sex": values})
    (problem,) = refused.value.problems
    for lang in ("es", "eu", "en"):
        text = i18n.translate(problem.key, lang, **problem.params)
        assert "sex" in text and not text.startswith("barometer.error")
    with pytest.raises(ValidationFailed):
        rake_and_trim({"sex": ["woman", "man"] * 10}, {"sex": values})


def test_a_dropped_category_and_a_missed_margin_are_said_on_the_wave_page():
    from types import SimpleNamespace

    from network.barometer import views

    info = weighting.Weighting("raked", margins={"age_band": {"year": 2024, "source": "x",
                                                              "demo": False}},
                               dropped=[["age_band", "18-29"]], converged=False, max_gap=0.3)
    wave = SimpleNamespace(id=1, label="W 2024", weighting=info.to_json())
    dash = SimpleNamespace(waves=[wave], index=[{"wave_id": 1}])
    notices = views.weighting_notices(dash)
    assert notices["dropped"] == ["W 2024: age_band 18-29"]
    assert notices["not_converged"] == ["W 2024"]
