"""Pure rules of the overview: totals of the per-district rows."""

from __future__ import annotations

from typing import Any


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """City totals of the per-district rows."""
    keys = ("agents", "entities", "actions_this_year", "actions_last_year",
            "reached_this_year", "reached_last_year")
    return {k: sum(r[k] for r in rows) for k in keys}
