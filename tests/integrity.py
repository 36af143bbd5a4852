"""Helpers for tests that check a refused write changed nothing and said why in every language."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from network.core import i18n
from network.core.errors import NetworkError, ValidationFailed

MAX_MESSAGE = 400  # a message that echoes what the user typed shows a short excerpt of it


def checksum(db) -> str:
    """SHA-256 of the whole database as SQL text (`iterdump`): equal means byte-identical data."""
    h = hashlib.sha256()
    for line in db.conn.iterdump():
        h.update(line.encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()


def error_keys(err: NetworkError) -> list[str]:
    """The error's own key and, for validation errors, every problem's key."""
    keys = [err.key]
    if isinstance(err, ValidationFailed):
        keys += [p.key for p in err.problems]
    return keys


def assert_translated(err: NetworkError) -> None:
    """Every key the error carries exists in es, eu and en and renders with its params."""
    cat = i18n.catalog()
    for key in error_keys(err):
        assert key in cat, f"untranslated error key {key!r}"
        assert set(cat[key]) >= set(i18n.LANGUAGES), f"{key!r} lacks a language"
    for lang in i18n.LANGUAGES:
        lines = i18n.describe_error(err, lang)
        assert lines and all(line.strip() for line in lines)
        assert all(len(line) <= MAX_MESSAGE for line in lines), "an error message echoes a huge value"
        assert not any(key in line for line in lines for key in error_keys(err)), lines


def attempt(db, write: Callable[[], Any]) -> tuple[Any, NetworkError | None]:
    """Run a write; when refused, check the database is unchanged and the error translated.

    Returns (result, None) when accepted, (None, error) when refused.
    """
    before = checksum(db)
    try:
        result = write()
    except NetworkError as err:
        assert checksum(db) == before, "a refused write changed the database"
        assert_translated(err)
        return None, err
    return result, None
