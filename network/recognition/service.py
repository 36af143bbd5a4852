"""Recognition for a year, read from the database."""

from __future__ import annotations

from sqlite_utils import Database

from network.recognition.rules import Recognition, recognise
from network.recognition.store import contribution_rows


def recognition(db: Database, year: int) -> Recognition:
    """The year's recognition list (only consenting agents named)."""
    return recognise(contribution_rows(db, year), year)
