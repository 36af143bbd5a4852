"""The action log: awareness actions that district coordinators record, edit and delete.

`check_action` is the pure core (plain values in, a clean record and every problem out);
the functions taking `db` first are the named queries and the permission-checked writes.
"""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from network import geo, i18n, permissions, reference, storage, textcheck
from network.errors import NotFound, Problem, ValidationFailed
from network.permissions import User
from network.vocab import ACTION_TYPES, WORK_LANGUAGES, label_key

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


def district_context(db: Database, district_id: int) -> DistrictContext:
    """Barrios, boundary, agents and default point of a district (UnknownDistrict if none)."""
    district = reference.district_by_id(db, district_id)
    barrios = reference.barrios(db, district_id)
    agent_ids = frozenset(r[0] for r in db.execute(
        "SELECT id FROM agents WHERE district_id = ?", [district_id]))
    return DistrictContext(
        district_id=district_id,
        barrios=tuple(b["name"] for b in barrios),
        geometry=reference.district_geometry(db, district_id),
        agent_ids=agent_ids,
        default_point=(district.label_lat, district.label_lon),
        barrio_points={b["name"]: (b["lat"], b["lon"]) for b in barrios
                       if b["lat"] is not None and b["lon"] is not None},
    )


def default_point(ctx: DistrictContext, barrio: str | None) -> tuple[float, float]:
    """The barrio's point when known, else the district's label point."""
    return ctx.barrio_points.get(barrio or "", ctx.default_point)


def _checked(db: Database, data: Mapping[str, Any], today: date | None) -> dict[str, Any]:
    ctx = district_context(db, int(data["district_id"]))
    record, problems = check_action(data, ctx, today or date.today())
    if problems:
        raise ValidationFailed(problems)
    return record


def _save_links(db: Database, action_id: int, agent_ids: Iterable[int]) -> None:
    db.execute("DELETE FROM action_agents WHERE action_id = ?", [action_id])
    db["action_agents"].insert_all({"action_id": action_id, "agent_id": a} for a in agent_ids)


def create_action(db: Database, user: User | None, data: Mapping[str, Any],
                  today: date | None = None) -> int:
    """Record an action in `data['district_id']` (action.write there); returns its id."""
    permissions.require(user, WRITE, int(data["district_id"]))
    record = _checked(db, data, today)
    agent_ids = record.pop("agent_ids")

    def insert(db: Database) -> int:
        action_id = db["actions"].insert({**record, "created_by": user.id}).last_pk
        _save_links(db, action_id, agent_ids)
        permissions.audit(db, user, "create", "actions", action_id)
        return action_id

    return storage.write(db, insert)


def get_action(db: Database, action_id: int) -> dict[str, Any]:
    """One action with its languages (list) and agent ids; NotFound if missing."""
    rows = [dict(r) for r in db.query("SELECT * FROM actions WHERE id = ?", [action_id])]
    if not rows:
        raise NotFound(value=action_id)
    action = rows[0]
    action["languages"] = json.loads(action["languages"] or "[]")
    action["agent_ids"] = [r[0] for r in db.execute(
        "SELECT agent_id FROM action_agents WHERE action_id = ? ORDER BY agent_id", [action_id])]
    return action


def update_action(db: Database, user: User | None, action_id: int, data: Mapping[str, Any],
                  today: date | None = None) -> None:
    """Change an action (action.write on its current district and on the new one)."""
    current = get_action(db, action_id)
    permissions.require(user, WRITE, current["district_id"])
    permissions.require(user, WRITE, int(data["district_id"]))
    record = _checked(db, data, today)
    agent_ids = record.pop("agent_ids")

    def update(db: Database) -> None:
        db["actions"].update(action_id, {
            **record, "updated_at": datetime.now().isoformat(timespec="seconds")})
        _save_links(db, action_id, agent_ids)
        permissions.audit(db, user, "update", "actions", action_id)

    storage.write(db, update)


def delete_action(db: Database, user: User | None, action_id: int) -> None:
    """Delete an action (action.write on its district)."""
    current = get_action(db, action_id)
    permissions.require(user, WRITE, current["district_id"])

    def delete(db: Database) -> None:
        db.execute("DELETE FROM actions WHERE id = ?", [action_id])
        permissions.audit(db, user, "delete", "actions", action_id)

    storage.write(db, delete)


def period_bounds(period: str, today: date) -> tuple[str | None, str | None]:
    """ISO (start, end-exclusive) of a period code: 'all', '12m' (last 12 months) or a year."""
    if period == "12m":
        return (today - timedelta(days=365)).isoformat(), (today + timedelta(days=1)).isoformat()
    if period.isdigit():
        return f"{int(period)}-01-01", f"{int(period) + 1}-01-01"
    return None, None


def _filters(district_ids: Iterable[int] | None, start: str | None, end: str | None,
             types: Iterable[str] | None, alias: str = "a") -> tuple[str, list[Any]]:
    clauses, params = ["1 = 1"], []
    if district_ids is not None:
        ids = list(district_ids)
        clauses.append(f"{alias}.district_id IN ({', '.join('?' * len(ids)) or 'NULL'})")
        params += ids
    if start:
        clauses.append(f"{alias}.date >= ?")
        params.append(start)
    if end:
        clauses.append(f"{alias}.date < ?")
        params.append(end)
    if types:
        kinds = list(types)
        clauses.append(f"{alias}.type IN ({', '.join('?' * len(kinds))})")
        params += kinds
    return " AND ".join(clauses), params


def list_actions(db: Database, district_ids: Iterable[int] | None = None, start: str | None = None,
                 end: str | None = None, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Actions matching the filters, newest first, with how many agents took part."""
    where, params = _filters(district_ids, start, end, types)
    sql = f"""SELECT a.id, a.district_id, d.number AS district_number, d.name_es, d.name_eu,
                     a.barrio, a.date, a.type, a.title, a.description, a.place, a.lat, a.lon,
                     a.people_reached, a.languages, a.demo,
                     (SELECT count(*) FROM action_agents x WHERE x.action_id = a.id) AS agents
              FROM actions a JOIN districts d ON d.id = a.district_id
              WHERE {where} ORDER BY a.date DESC, a.id DESC"""  # noqa: S608 (clauses are fixed text)
    rows = [dict(r) for r in db.query(sql, params)]
    for r in rows:
        r["languages"] = json.loads(r["languages"] or "[]")
    return rows


def district_totals(db: Database, start: str | None = None, end: str | None = None,
                    types: Iterable[str] | None = None) -> dict[int, dict[str, int]]:
    """Per district: actions and people reached in the period, and active agents at its end."""
    where, params = _filters(None, start, end, types)
    out = {d.id: {"actions": 0, "reached": 0, "agents": 0} for d in reference.districts(db)}
    sql = f"""SELECT a.district_id, count(*), coalesce(sum(a.people_reached), 0)
              FROM actions a WHERE {where} GROUP BY a.district_id"""  # noqa: S608
    for district_id, count, reached in db.execute(sql, params):
        out.setdefault(district_id, {"actions": 0, "reached": 0, "agents": 0})
        out[district_id].update(actions=count, reached=reached)
    agent_sql = "SELECT district_id, count(*) FROM agents WHERE active = 1"
    agent_params: list[Any] = []
    if end:
        agent_sql += " AND joined_on < ?"
        agent_params.append(end)
    for district_id, count in db.execute(agent_sql + " GROUP BY district_id", agent_params):
        out.setdefault(district_id, {"actions": 0, "reached": 0, "agents": 0})
        out[district_id]["agents"] = count
    return out


def action_years(db: Database) -> list[int]:
    """Years that have actions, newest first."""
    return [int(r[0]) for r in db.execute(
        "SELECT DISTINCT substr(date, 1, 4) FROM actions ORDER BY 1 DESC")]


def district_agents(db: Database, user: User | None, district_id: int) -> list[dict[str, Any]]:
    """The district's agents and entities (names: for those who may write its actions)."""
    permissions.require(user, WRITE, district_id)
    return [dict(r) for r in db.query(
        "SELECT id, name, kind, active FROM agents WHERE district_id = ? "
        "ORDER BY active DESC, name", [district_id])]
