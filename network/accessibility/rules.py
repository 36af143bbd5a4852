"""Pure rules for accessibility feedback: what a report must contain."""

from __future__ import annotations

from network.core.errors import Problem

KINDS = ("barrier", "alternative", "other")
MAX_MESSAGE = 4000
MAX_CONTACT = 200
MAX_PAGE = 200


def clean_feedback(kind: str, page: str, message: str, contact: str) -> dict[str, str]:
    """The report as stored: stripped text."""
    return {"kind": kind, "page": (page or "").strip(), "message": (message or "").strip(),
            "contact": (contact or "").strip()}


def feedback_problems(report: dict[str, str]) -> list[Problem]:
    """Every reason to refuse a report (an empty list: it may be stored)."""
    problems = []
    if report["kind"] not in KINDS:
        problems.append(Problem("a11y_kind", "a11y.error.kind"))
    if not report["message"]:
        problems.append(Problem("a11y_message", "a11y.error.message_required"))
    elif len(report["message"]) > MAX_MESSAGE:
        problems.append(Problem("a11y_message", "input.error.too_long", {"max": MAX_MESSAGE}))
    for name, limit in (("page", MAX_PAGE), ("contact", MAX_CONTACT)):
        if len(report[name]) > limit:
            problems.append(Problem(f"a11y_{name}", "input.error.too_long", {"max": limit}))
    return problems
