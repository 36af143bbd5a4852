"""Recording a finished quiz run: one write transaction per attempt, idempotent per token."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from network.core import guard
from network.core.errors import NotFound, Problem, ValidationFailed
from network.core.i18n import LANGUAGES
from network.core.storage import write
from network.quiz import scoring, sharing
from network.quiz.content import Item

AGE_BANDS = ("under_18", "18_29", "30_44", "45_64", "65_plus")
GUARD_KIND = "quiz"
MIN_SECONDS = 30.0  # twelve items read with their explanations take longer than this
MIN_SECONDS_KEY = "quiz.min_seconds"  # settings row that overrides MIN_SECONDS
THROTTLE_AT_ACTIONS = 200  # a class or workshop shares one network address
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")

_INSERT_ATTEMPT = """
INSERT INTO quiz_attempts (token, version_id, lang, district_id, age_band, agent_id, action_id,
    started_at, finished_at, finished_on, score, max_score, mean_abs_gap, flags, client_hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_INSERT_ANSWER = """
INSERT INTO quiz_answers (attempt_id, item_id, choice, estimate, correct, gap)
VALUES (?, ?, ?, ?, ?, ?)
"""


@dataclass(frozen=True)
class Submission:
    """A finished quiz run as the page hands it over; `ref` and `action` are raw query values."""

    token: str
    version_id: int
    lang: str
    answers: Mapping[int, scoring.Answer]
    started_at: float
    district_id: int | None = None
    age_band: str | None = None
    ref: Any = None
    action: Any = None
    honeypot: str = ""


@dataclass(frozen=True)
class Recorded:
    """The stored attempt: `created` is False when this token was already recorded."""

    attempt_id: int
    created: bool
    flags: tuple[str, ...]
    score: scoring.Score
    attribution: sharing.Attribution


def new_token() -> str:
    """A fresh attempt token (one per quiz run, kept in the session)."""
    return secrets.token_hex(16)


def scoring_items(db: Database, version_id: int) -> list[Item]:
    """The items of a version with what scoring needs (no texts)."""
    rows = db.execute(
        "SELECT id, position, code, kind, answer, truth, tolerance, year FROM quiz_items"
        " WHERE version_id = ? ORDER BY position", [version_id]).fetchall()
    return [Item(code=r[2], kind=r[3], answer=r[4], truth=r[5], tolerance=r[6], year=r[7],
                 texts={}, id=r[0], position=r[1]) for r in rows]


def _problems(db: Database, sub: Submission, items: list[Item]) -> list[Problem]:
    problems = []
    if not isinstance(sub.token, str) or not TOKEN_PATTERN.match(sub.token):
        problems.append(Problem("token", "quiz.error.token_invalid"))
    if sub.lang not in LANGUAGES:
        problems.append(Problem("lang", "quiz.error.lang_invalid"))
    if sub.age_band is not None and sub.age_band not in AGE_BANDS:
        problems.append(Problem("age_band", "quiz.error.age_band_invalid"))
    if sub.district_id is not None and not db.execute(
            "SELECT 1 FROM districts WHERE id = ?", [sub.district_id]).fetchone():
        problems.append(Problem("district", "error.unknown_district", {"value": sub.district_id}))
    return problems + scoring.answer_problems(items, sub.answers)


def min_seconds_setting(db: Database) -> float:
    """The minimum completion time: the `quiz.min_seconds` setting, else MIN_SECONDS."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [MIN_SECONDS_KEY]).fetchone()
    try:
        return max(0.0, float(row[0])) if row else MIN_SECONDS
    except ValueError:
        return MIN_SECONDS


def record_attempt(db: Database, sub: Submission, client_hash: str,
                   now: float | None = None, min_seconds: float | None = None) -> Recorded:
    """Store a finished attempt and its answers in one transaction.

    The same token twice (a double click, a rerun) stores nothing new. Guard flags
    (honeypot, too fast, throttled) are stored with the attempt, which results leave out.
    """
    items = scoring_items(db, sub.version_id)
    if not items:
        raise NotFound(what="quiz version")
    problems = _problems(db, sub, items)
    if problems:
        raise ValidationFailed(problems)
    score = scoring.score_attempt(items, sub.answers)
    now = time.time() if now is None else now
    min_seconds = min_seconds_setting(db) if min_seconds is None else min_seconds

    def store(db: Database) -> Recorded:
        conn = db.conn
        existing = conn.execute("SELECT id, flags FROM quiz_attempts WHERE token = ?",
                                [sub.token]).fetchone()
        attribution = sharing.resolve_attribution(db, sub.ref, sub.action)
        if existing:
            return Recorded(existing[0], False, _split(existing[1]), score, attribution)
        flags = guard.submission_flags(
            db, GUARD_KIND, client_hash, sub.started_at, sub.honeypot, min_seconds, now,
            max_per_window=THROTTLE_AT_ACTIONS if attribution.action_id else guard.THROTTLE_MAX)
        cursor = conn.execute(_INSERT_ATTEMPT, [
            sub.token, sub.version_id, sub.lang, sub.district_id, sub.age_band,
            attribution.agent_id, attribution.action_id, sub.started_at, now,
            date.fromtimestamp(now).isoformat(), score.correct, score.total,
            score.mean_abs_gap, ",".join(flags), client_hash])
        attempt_id = cursor.lastrowid
        conn.executemany(_INSERT_ANSWER, [
            (attempt_id, r.item_id, r.choice, r.estimate, int(r.correct), r.gap)
            for r in score.results])
        return Recorded(attempt_id, True, tuple(flags), score, attribution)

    return write(db, store)


def _split(flags: str) -> tuple[str, ...]:
    return tuple(f for f in (flags or "").split(",") if f)
