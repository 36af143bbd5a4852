"""Pure rules of an action: parsing, validation (`check_action`: plain values in, a clean record
and every problem out), default points and reporting periods."""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from network.core import geo, i18n, textcheck
from network.core.errors import Problem
from network.core.vocab import ACTION_TYPES, WORK_LANGUAGES, label_key

MIN_DATE = date(2013, 1, 1)  # Bilbao's Anti-Rumour Strategy began in 2013


MAX_TITLE = 200


MAX_PLACE = 200


MAX_BARRIO = 120


MAX_DESCRIPTION = 4000


MAX_PEOPLE = 1_000_000


WRITE = "action.write"


# Problem fields; their labels are field.<name> in data/i18n/actions.toml.
F_DATE, F_TYPE, F_TITLE, F_DESCRIPTION, F_PLACE = (
    "action_date", "action_type", "action_title", "action_description", "action_place")


F_BARRIO, F_POINT, F_PEOPLE, F_LANGUAGES, F_AGENTS = (
    "action_barrio", "action_point", "action_people", "action_languages", "action_agents")


@dataclass(frozen=True)
class DistrictContext:
    """What validating an action needs to know about its district (plain data)."""

    district_id: int
    barrios: tuple[str, ...]
    geometry: dict[str, Any]
    agent_ids: frozenset[int]
    default_point: tuple[float, float]
    barrio_points: Mapping[str, tuple[float, float]] = field(default_factory=dict)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a label, for matching user input."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def parse_date(value: Any) -> date | None:
    """A date from a date, an ISO string (2024-03-05) or a Spanish-style one (05/03/2024)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_number(value: Any) -> float | None:
    """A float from a number or a text with a decimal point or comma; None when not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


@functools.lru_cache(maxsize=1)
def _type_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code in reversed(ACTION_TYPES):  # the first type wins, as when matching in order
        for lang in reversed(i18n.LANGUAGES):
            names[fold(i18n.translate(label_key("action_type", code), lang))] = code
        names[fold(code)] = code
    return names


def resolve_type(value: Any) -> str | None:
    """An action-type code from its code or its label in any UI language."""
    return _type_names().get(fold(str(value or "")))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _people(value: Any, problems: list[Problem], row: int | None) -> int:
    if _blank(value):
        return 0
    number = parse_number(value)
    if number is None or number != int(number) or (isinstance(value, str) and "." in value):
        problems.append(Problem(F_PEOPLE, "actions.error.not_whole_number",
                                {"value": str(value)}, row))
        return 0
    if number < 0:
        problems.append(Problem(F_PEOPLE, "actions.error.negative", {}, row))
    elif number > MAX_PEOPLE:
        problems.append(Problem(F_PEOPLE, "actions.error.too_many_people", {"max": MAX_PEOPLE}, row))
    return int(number)


def _point(raw: Mapping[str, Any], ctx: DistrictContext, barrio: str | None,
           problems: list[Problem], row: int | None) -> tuple[float, float]:
    fallback = default_point(ctx, barrio)
    lat_raw, lon_raw = raw.get("lat"), raw.get("lon")
    if _blank(lat_raw) and _blank(lon_raw):
        return fallback
    lat, lon = parse_number(lat_raw), parse_number(lon_raw)
    if lat is None or lon is None:
        problems.append(Problem(F_POINT, "actions.error.point_incomplete", {}, row))
    elif not (-90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append(Problem(F_POINT, "actions.error.point_invalid", {}, row))
    elif not geo.contains(ctx.geometry, lat, lon):
        problems.append(Problem(F_POINT, "actions.error.point_outside", {}, row))
    else:
        return round(lat, 6), round(lon, 6)
    return fallback


def _text(raw: Mapping[str, Any], name: str, field: str, limit: int, problems: list[Problem],
          row: int | None, multiline: bool = False) -> str:
    text = "" if raw.get(name) is None else str(raw.get(name)).strip()
    if len(text) > limit:
        problems.append(Problem(field, "actions.error.too_long", {"max": limit}, row))
    elif textcheck.has_control(text, multiline):
        key = "input.error.control_multiline" if multiline else "input.error.control"
        problems.append(Problem(field, key, {}, row))
    return text


def _unique(values: Any) -> list[Any]:
    """The values in order without repeats (works for unhashable junk too, which is refused)."""
    out: list[Any] = []
    for value in values if isinstance(values, list | tuple) else [values]:
        if value not in out:
            out.append(value)
    return out


def check_action(raw: Mapping[str, Any], ctx: DistrictContext | None, today: date,
                 row: int | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Validate one action's fields (pure): the clean record and every problem found.

    With `ctx` None (the district itself is unknown or refused) the district-bound checks
    (barrio, point, agents) are skipped and the other fields are still checked.
    """
    problems: list[Problem] = []
    day = parse_date(raw.get("date"))
    if day is None:
        problems.append(Problem(F_DATE, "actions.error.date_invalid",
                                {"value": str(raw.get("date") or "")}, row))
    elif day > today:
        problems.append(Problem(F_DATE, "actions.error.date_future", {}, row))
    elif day < MIN_DATE:
        problems.append(Problem(F_DATE, "actions.error.date_too_old",
                                {"min": MIN_DATE.isoformat()}, row))
    kind = raw.get("type")
    if kind not in ACTION_TYPES:
        problems.append(Problem(F_TYPE, "actions.error.unknown_type", {"value": str(kind or "")}, row))
    title = _text(raw, "title", F_TITLE, MAX_TITLE, problems, row)
    if not title:
        problems.append(Problem(F_TITLE, "actions.error.title_required", {}, row))
    description = _text(raw, "description", F_DESCRIPTION, MAX_DESCRIPTION, problems, row,
                        multiline=True)
    place = _text(raw, "place", F_PLACE, MAX_PLACE, problems, row)
    barrio_text = _text(raw, "barrio", F_BARRIO, MAX_BARRIO, problems, row)
    people = _people(raw.get("people_reached"), problems, row)
    languages = _unique(raw.get("languages") or [])
    unknown = [str(x) for x in languages if x not in WORK_LANGUAGES]
    if unknown:
        problems.append(Problem(F_LANGUAGES, "actions.error.unknown_language",
                                {"value": ", ".join(unknown)}, row))
    agent_ids = _unique(raw.get("agent_ids") or [])
    record = {
        "district_id": None, "barrio": barrio_text or None,
        "date": day.isoformat() if day else None, "type": kind, "title": title,
        "description": description, "place": place, "lat": None, "lon": None,
        "people_reached": people, "languages": json.dumps(languages), "agent_ids": agent_ids,
    }
    if ctx is None:
        return record, problems
    barrio = next((b for b in ctx.barrios if fold(b) == fold(barrio_text)), None)
    if barrio_text and barrio is None:
        problems.append(Problem(F_BARRIO, "actions.error.unknown_barrio", {"value": barrio_text}, row))
    strangers = [str(a) for a in agent_ids if a not in ctx.agent_ids]
    if strangers:
        problems.append(Problem(F_AGENTS, "actions.error.unknown_agent",
                                {"value": ", ".join(strangers)}, row))
    lat, lon = _point(raw, ctx, barrio, problems, row)
    record.update(district_id=ctx.district_id, barrio=barrio, lat=lat, lon=lon)
    return record, problems


def default_point(ctx: DistrictContext, barrio: str | None) -> tuple[float, float]:
    """The barrio's point when known, else the district's label point."""
    return ctx.barrio_points.get(barrio or "", ctx.default_point)


def period_bounds(period: str, today: date) -> tuple[str | None, str | None]:
    """ISO (start, end-exclusive) of a period code: 'all', '12m' (last 12 months) or a year."""
    if period == "12m":
        return (today - timedelta(days=365)).isoformat(), (today + timedelta(days=1)).isoformat()
    if period.isdigit():
        return f"{int(period)}-01-01", f"{int(period) + 1}-01-01"
    return None, None
