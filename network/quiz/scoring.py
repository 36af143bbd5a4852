"""Scoring and perception gaps: pure functions of items and answers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from network.core.errors import Problem
from network.quiz.content import Item

CHOICES = ("true", "false", "dont_know")
ESTIMATE_MIN, ESTIMATE_MAX = 0.0, 100.0

Answer = str | float | int


@dataclass(frozen=True)
class ItemResult:
    """How one answer scored: `gap` is estimate minus truth (points) for estimate items."""

    item_id: int | None
    code: str
    kind: str
    choice: str | None
    estimate: float | None
    correct: bool
    gap: float | None


@dataclass(frozen=True)
class Score:
    """A whole attempt: right answers out of the items, and the mean absolute perception gap."""

    correct: int
    total: int
    mean_abs_gap: float | None
    results: tuple[ItemResult, ...]


def perception_gap(estimate: float, truth: float) -> float:
    """Estimate minus the real figure, in points (positive: overestimated)."""
    return round(float(estimate) - float(truth), 6)


def gap_direction(gap: float, tolerance: float) -> str:
    """'over', 'under' or 'close' (within the item's tolerance)."""
    if abs(gap) <= tolerance:
        return "close"
    return "over" if gap > 0 else "under"


def score_item(item: Item, answer: Answer) -> ItemResult:
    """Score one answer: a myth is right when the choice matches; an estimate when within tolerance."""
    if item.kind == "myth":
        return ItemResult(item.id, item.code, item.kind, str(answer), None,
                          str(answer) == item.answer, None)
    estimate = float(answer)
    gap = perception_gap(estimate, item.truth or 0.0)
    return ItemResult(item.id, item.code, item.kind, None, estimate,
                      abs(gap) <= (item.tolerance or 0.0) + 1e-9, gap)


def score_attempt(items: Sequence[Item], answers: Mapping[int, Answer]) -> Score:
    """Score every item of a version (each must be answered: see answer_problems)."""
    results = tuple(score_item(item, answers[item.id]) for item in items)  # type: ignore[index]
    gaps = [abs(r.gap) for r in results if r.gap is not None]
    return Score(sum(r.correct for r in results), len(results),
                 round(sum(gaps) / len(gaps), 6) if gaps else None, results)


def answer_problems(items: Sequence[Item], answers: Mapping[int, Answer]) -> list[Problem]:
    """Every missing or out-of-range answer, and answers to items not in the version."""
    problems = []
    known = {i.id for i in items}
    for n, item in enumerate(items, start=1):
        value = answers.get(item.id)  # type: ignore[arg-type]
        if value is None:
            problems.append(Problem("quiz_answer", "quiz.error.unanswered", {"n": n}))
        elif item.kind == "myth" and value not in CHOICES:
            problems.append(Problem("quiz_answer", "quiz.error.choice_invalid", {"n": n}))
        elif item.kind == "estimate" and not _is_estimate(value):
            problems.append(Problem("quiz_answer", "quiz.error.estimate_range", {"n": n}))
    if set(answers) - known:
        problems.append(Problem("quiz_answer", "quiz.error.unknown_item"))
    return problems


def _is_estimate(value: Answer) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and ESTIMATE_MIN <= value <= ESTIMATE_MAX


def decimals(value: float | None) -> int:
    """How many decimals a published figure carries (13.2 -> 1, 10.86 -> 2, 35 -> 0)."""
    if value is None:
        return 0
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0
