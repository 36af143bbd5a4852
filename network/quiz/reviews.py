"""Content review: staff record that an item was checked against its source, and when.

A check belongs to an item code (codes stay the same across content versions) and notes the
version that was checked; it changes no content, so it publishes no version. Items never
checked, or not checked for 12 months, are due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from network.core import permissions, textcheck
from network.core.errors import NotFound, Problem, ValidationFailed
from network.core.storage import write
from network.quiz import content, sources

MAX_NOTE = 200


@dataclass(frozen=True)
class Review:
    """One check of an item against its source."""

    code: str
    checked_on: str
    reviewer: str
    version: int | None
    note: str = ""
    demo: bool = False


def record_review(db: Database, user: Any, code: str, note: str = "",
                  today: date | None = None) -> int:
    """Record that `user` checked item `code` of the current version today (staff)."""
    permissions.require(user, "quiz.edit")
    note = (note or "").strip()
    if len(note) > MAX_NOTE or textcheck.has_control(note):
        raise ValidationFailed([Problem("quiz_review_note", "quiz.error.review_note",
                                        {"max": MAX_NOTE})])
    version_id = content.current_version(db)
    if version_id is None or code not in {i.code for i in content.items_for_version(db, version_id)}:
        raise NotFound(what=code)

    def insert(db: Database) -> int:
        review_id = db["quiz_reviews"].insert({
            "code": code, "checked_on": (today or date.today()).isoformat(),
            "checked_by": user.id, "reviewer": user.username, "version_id": version_id,
            "note": note}).last_pk
        permissions.audit(db, user, "review", "quiz_reviews", review_id)
        return review_id

    return write(db, insert)


def _review(row: Any) -> Review:
    return Review(code=row["code"], checked_on=row["checked_on"], reviewer=row["reviewer"],
                  version=row["number"], note=row["note"], demo=bool(row["demo"]))


_SELECT = """SELECT r.code, r.checked_on, coalesce(u.username, r.reviewer) AS reviewer,
                    v.number, r.note, r.demo
             FROM quiz_reviews r LEFT JOIN users u ON u.id = r.checked_by
             LEFT JOIN quiz_versions v ON v.id = r.version_id"""


def last_reviews(db: Database) -> dict[str, Review]:
    """The newest check of every item code that was ever checked."""
    rows = db.query(_SELECT + " ORDER BY r.checked_on, r.id")  # noqa: S608
    return {r["code"]: _review(r) for r in rows}


def history(db: Database, code: str) -> list[Review]:
    """Every check of one item, newest first."""
    return [_review(r) for r in db.query(
        _SELECT + " WHERE r.code = ? ORDER BY r.checked_on DESC, r.id DESC", [code])]  # noqa: S608


def due(items: list[content.Item], last: dict[str, Review], today: date) -> list[str]:
    """The codes of items never checked or not checked for 12 months, in item order."""
    return [i.code for i in items
            if sources.review_due(last[i.code].checked_on if i.code in last else None, today)]
