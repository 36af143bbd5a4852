"""Population margins for raking: reference data with year and source, edited by staff.

District margins fall back to the city's population register figures (the `populations`
table) when no district margin set exists and every district has a figure there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from network import reference
from network.barometer.instrument import instrument
from network.core import events, permissions, textcheck
from network.core.errors import Problem, ValidationFailed
from network.core.storage import write

DIMENSIONS = ("district", "sex", "age_band")
OPTIONAL_CATEGORIES = {"sex": {"other"}}  # registers count women and men; "other" may be absent


@dataclass(frozen=True)
class MarginSet:
    """One dimension's population counts by category, for a year, with its source."""

    dimension: str
    year: int
    values: dict[str, int]
    source: str
    demo: bool


def categories(db: Database, dimension: str) -> list[str]:
    """The categories of a margin dimension (district numbers as text for districts)."""
    if dimension == "district":
        return [str(d.number) for d in reference.districts(db)]
    return instrument().categories(dimension)


def margin_sets(db: Database) -> list[MarginSet]:
    """Every stored margin set, newest year first."""
    sets: dict[tuple[str, int], dict[str, Any]] = {}
    for r in db.query("SELECT dimension, category, year, value, source, demo FROM barometer_margins "
                      "ORDER BY dimension, year DESC, category"):
        s = sets.setdefault((r["dimension"], r["year"]),
                            {"values": {}, "source": r["source"], "demo": bool(r["demo"])})
        s["values"][r["category"]] = r["value"]
        s["demo"] = s["demo"] or bool(r["demo"])
    return [MarginSet(dim, year, s["values"], s["source"], s["demo"])
            for (dim, year), s in sorted(sets.items(), key=lambda kv: (kv[0][0], -kv[0][1]))]


def _complete(db: Database, s: MarginSet) -> bool:
    required = set(categories(db, s.dimension)) - OPTIONAL_CATEGORIES.get(s.dimension, set())
    return required <= set(s.values)


def _register_districts(db: Database) -> MarginSet | None:
    pops = reference.latest_populations(db)
    numbers = {d.id: str(d.number) for d in reference.districts(db)}
    if not numbers or any(i not in pops for i in numbers):
        return None
    rows = [pops[i] for i in numbers]
    sources = sorted({r["source"] for r in rows})
    return MarginSet("district", max(r["year"] for r in rows),
                     {numbers[i]: pops[i]["value"] for i in numbers}, "; ".join(sources), False)


def margins_for_year(db: Database, year: int) -> dict[str, MarginSet]:
    """The margin set per dimension for a wave of `year`: the latest at or before it, else the
    earliest after it. Dimensions with no complete set are left out."""
    chosen: dict[str, MarginSet] = {}
    for dim in DIMENSIONS:
        candidates = [s for s in margin_sets(db) if s.dimension == dim and _complete(db, s)]
        before = [s for s in candidates if s.year <= year]
        pick = max(before, key=lambda s: s.year) if before else (
            min(candidates, key=lambda s: s.year) if candidates else None)
        if pick is None and dim == "district":
            pick = _register_districts(db)
        if pick is not None:
            chosen[dim] = pick
    return chosen


def validate_margins(db: Database, dimension: str, year: Any, values: dict[str, Any],
                     source: str, labels: dict[str, str] | None = None) -> list[Problem]:
    """Every problem with a margin set a user is about to save (`labels` name the categories
    in the user's language in the messages)."""
    labels = labels or {}
    problems = []
    if dimension not in DIMENSIONS:
        return [Problem("dimension", "barometer.error.unknown_dimension", {"value": dimension})]
    problems += textcheck.year_problems(year)
    problems += textcheck.source_problems(source)[1]
    allowed = categories(db, dimension)
    optional = OPTIONAL_CATEGORIES.get(dimension, set())
    for cat in allowed:
        value = values.get(cat)
        if value in (None, 0, "") and cat in optional:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            problems.append(Problem("value", "barometer.error.margin_positive",
                                    {"category": labels.get(cat, cat)}))
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        problems.append(Problem("value", "barometer.error.margin_unknown_category",
                                {"categories": ", ".join(unknown)}))
    return problems


def set_margins(db: Database, user: Any, dimension: str, year: int, values: dict[str, Any],
                source: str, labels: dict[str, str] | None = None) -> None:
    """Save (or replace) one dimension's margin set for a year, then re-weight every wave."""
    permissions.require(user, "barometer.manage")
    problems = validate_margins(db, dimension, year, values, source, labels)
    if problems:
        raise ValidationFailed(problems)
    optional = OPTIONAL_CATEGORIES.get(dimension, set())
    rows = [{"dimension": dimension, "category": c, "year": year, "value": v,
             "source": source.strip(), "updated_by": user.id}
            for c, v in values.items() if not (c in optional and not v)]

    def save(db: Database) -> None:
        db.execute("DELETE FROM barometer_margins WHERE dimension = ? AND year = ?",
                   [dimension, year])
        db["barometer_margins"].insert_all(rows)
        permissions.audit(db, user, "update", "barometer_margins", year)
        events.changed(db, "margins_changed", dimension=dimension, year=year)

    write(db, save)


def delete_margins(db: Database, user: Any, dimension: str, year: int) -> None:
    """Remove one margin set, then re-weight every wave."""
    permissions.require(user, "barometer.manage")

    def delete(db: Database) -> None:
        db.execute("DELETE FROM barometer_margins WHERE dimension = ? AND year = ?",
                   [dimension, year])
        permissions.audit(db, user, "delete", "barometer_margins", year)
        events.changed(db, "margins_changed", dimension=dimension, year=year)

    write(db, delete)
