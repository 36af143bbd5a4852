"""Derived data by one mechanism: a write says what it changed, and every handler registered for
that change re-derives inside the same transaction (cosmicpython's events, synchronously).

A write calls `changed(db, "populations_changed", district_id=..., year=...)` inside its
transaction; the feature registry (network/features.py) names the handlers ("module:function",
called as `handler(db, **details)`), so core never imports a feature. A handler that fails
rolls the whole write back.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

Handler = Callable[..., Any]
HANDLERS: dict[str, list[Handler | str]] = {}


def register(event: str, handler: Handler | str) -> None:
    """Run `handler` (a callable or "module:function") whenever `event` is announced."""
    HANDLERS.setdefault(event, []).append(handler)


def _resolve(handler: Handler | str) -> Handler:
    if callable(handler):
        return handler
    module, _, name = handler.partition(":")
    return getattr(importlib.import_module(module), name)


def changed(db: Database, event: str, **details: Any) -> None:
    """Announce, inside the writer's transaction, that an input of derived data changed."""
    if not db.conn.in_transaction:
        raise RuntimeError(f"{event}: announce changes inside the write's transaction")
    for handler in HANDLERS.get(event, []):
        _resolve(handler)(db, **details)
