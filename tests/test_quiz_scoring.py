"""Scoring and perception gaps: pure functions, checked against hand-worked cases."""

import math

import pytest

from network.quiz import scoring
from network.quiz.content import Item

MYTH_FALSE = Item(code="m", kind="myth", year=2024, texts={}, answer="false", id=1)
MYTH_TRUE = Item(code="t", kind="myth", year=2024, texts={}, answer="true", id=2)
BORN_ABROAD = Item(code="e", kind="estimate", year=2024, texts={}, truth=13.2, tolerance=3, id=3)
ECONOMY = Item(code="g", kind="estimate", year=2024, texts={}, truth=66.2, tolerance=5, id=4)
ITEMS = [MYTH_FALSE, MYTH_TRUE, BORN_ABROAD, ECONOMY]


@pytest.mark.parametrize("item,answer,correct,gap", [
    (MYTH_FALSE, "false", True, None),
    (MYTH_FALSE, "true", False, None),
    (MYTH_FALSE, "dont_know", False, None),
    (MYTH_TRUE, "true", True, None),
    (BORN_ABROAD, 23.4, False, 10.2),  # the published Basque average estimate
    (BORN_ABROAD, 13, True, -0.2),
    (BORN_ABROAD, 16.2, True, 3.0),  # exactly at the tolerance counts as right
    (BORN_ABROAD, 10, False, -3.2),
    (ECONOMY, 46, False, -20.2),
    (ECONOMY, 70, True, 3.8),
])
def test_an_answer_scores_right_or_wrong_with_its_gap(item, answer, correct, gap):
    result = scoring.score_item(item, answer)
    assert result.correct is correct
    if gap is None:
        assert result.gap is None and result.estimate is None
    else:
        assert result.gap == pytest.approx(gap) and result.estimate == answer


def test_an_attempt_counts_right_answers_and_averages_absolute_gaps():
    score = scoring.score_attempt(ITEMS, {1: "false", 2: "false", 3: 23.4, 4: 70})
    assert (score.correct, score.total) == (2, 4)
    assert score.mean_abs_gap == pytest.approx((10.2 + 3.8) / 2)
    assert [r.code for r in score.results] == ["m", "t", "e", "g"]


def test_an_attempt_without_estimates_has_no_gap():
    assert scoring.score_attempt(ITEMS[:2], {1: "true", 2: "true"}).mean_abs_gap is None


@pytest.mark.parametrize("gap,tolerance,expected", [
    (10.2, 3, "over"), (-20.2, 5, "under"), (3.0, 3, "close"), (-0.2, 3, "close"),
])
def test_the_direction_of_a_gap(gap, tolerance, expected):
    assert scoring.gap_direction(gap, tolerance) == expected


@pytest.mark.parametrize("answers,keys", [
    ({1: "false", 2: "true", 3: 20, 4: 50}, []),
    ({2: "true", 3: 20, 4: 50}, ["quiz.error.unanswered"]),
    ({1: "maybe", 2: "true", 3: 20, 4: 50}, ["quiz.error.choice_invalid"]),
    ({1: "false", 2: "true", 3: 101, 4: -1}, ["quiz.error.estimate_range"] * 2),
    ({1: "false", 2: "true", 3: math.nan, 4: "20"}, ["quiz.error.estimate_range"] * 2),
    ({1: "false", 2: "true", 3: True, 4: 50}, ["quiz.error.estimate_range"]),
    ({1: "false", 2: "true", 3: 20, 4: 50, 99: "true"}, ["quiz.error.unknown_item"]),
])
def test_answer_problems_list_every_missing_or_bad_answer(answers, keys):
    assert [p.key for p in scoring.answer_problems(ITEMS, answers)] == keys


@pytest.mark.parametrize("value,expected", [(13.2, 1), (10.86, 2), (35, 0), (11.0, 0), (None, 0),
                                            (-0.2, 1)])
def test_figures_keep_their_published_decimals(value, expected):
    assert scoring.decimals(value) == expected
