"""Actions in and out as CSV: an all-or-nothing import and an export with translated headers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from network import reference
from network.actions import WRITE, DistrictContext, check_action, district_context, list_actions, resolve_type
from network.core import csvio, i18n, permissions, storage
from network.core.errors import ImportRejected, Problem, UnknownDistrict
from network.core.permissions import User
from network.core.vocab import label_key
from network.rumours import store as rumour_store
from network.rumours.rules import split_codes

IMPORT_COLUMNS = ("date", "district", "barrio", "type", "title", "description", "place",
                  "lat", "lon", "people_reached", "rumours")
REQUIRED_COLUMNS = ("date", "district", "type", "title")
EXPORT = "action.export"
MAX_IMPORT_ROWS = 20_000  # a city logs a few hundred actions a year; larger files are mistakes
EXPORT_COLUMNS = ("id", "date", "district_number", "district", "barrio", "type", "title",
                  "description", "place", "lat", "lon", "people_reached", "languages", "agents",
                  "rumours", "demo")


def parse_import(db: Database, user: User | None, data: bytes, today: date | None = None,
                 system: bool = False) -> list[dict[str, Any]]:
    """Validate a whole CSV of actions; the clean records, or ImportRejected listing every problem.

    Coordinators may import rows of their own districts only. `system=True` is the CLI,
    run by the server's operator.
    """
    if not system:
        permissions.require(user, WRITE)
    table = csvio.read_csv(data, REQUIRED_COLUMNS, [c for c in IMPORT_COLUMNS
                                                    if c not in REQUIRED_COLUMNS],
                           max_rows=MAX_IMPORT_ROWS)
    today = today or date.today()
    contexts: dict[int, DistrictContext] = {}
    records, problems = [], []
    rumour_codes = rumour_store.code_ids(db)
    for line, row in table.rows:
        ctx = None
        try:
            district = reference.resolve_district(db, row.get("district", ""))
        except UnknownDistrict:
            problems.append(Problem("district", "error.unknown_district",
                                    {"value": row.get("district", "")}, line))
        else:
            if system or permissions.allowed(user, WRITE, district.id):
                if district.id not in contexts:
                    contexts[district.id] = district_context(db, district.id)
                ctx = contexts[district.id]
            else:
                problems.append(Problem("district", "actions.error.district_not_allowed",
                                        {"value": district.name_es}, line))
        kind = resolve_type(row.get("type", ""))
        raw = {**row, "type": kind if kind else row.get("type", "")}
        record, found = check_action(raw, ctx, today, row=line)
        problems += found
        codes = split_codes(row.get("rumours", ""))
        problems += [Problem("rumours", "rumours.error.unknown_code", {"value": c}, line)
                     for c in codes if c not in rumour_codes]
        record["rumour_ids"] = [rumour_codes[c] for c in codes if c in rumour_codes]
        records.append(record)
    if problems:
        raise ImportRejected(csvio.capped(problems))
    return records


def import_actions(db: Database, user: User | None, data: bytes, today: date | None = None,
                   system: bool = False) -> int:
    """Import a CSV of actions in one transaction (all rows or none); returns how many."""
    records = parse_import(db, user, data, today, system)

    def insert(db: Database) -> int:
        for record in records:
            record.pop("agent_ids", None)
            rumour_ids = record.pop("rumour_ids", [])
            action_id = db["actions"].insert(
                {**record, "created_by": getattr(user, "id", None)}).last_pk
            rumour_store.save_action_rumours(db, action_id, rumour_ids)
            permissions.audit(db, user, "import", "actions", action_id)
        return len(records)

    return storage.write(db, insert)


def export_headers(lang: str) -> list[str]:
    """The export's column headers in a UI language."""
    return [i18n.translate(f"actions.column.{c}", lang) for c in EXPORT_COLUMNS]


def export_rows(rows: Iterable[dict[str, Any]], lang: str,
                rumours: dict[int, list[str]] | None = None) -> list[list[Any]]:
    """Rows of list_actions() as export cells (labels in `lang`; agents as a count, no names;
    the codes of the rumours each action addresses)."""
    yes = i18n.translate("common.yes", lang)
    rumours = rumours or {}
    out = []
    for r in rows:
        out.append([
            r["id"], r["date"], r["district_number"], r["name_eu"] if lang == "eu" else r["name_es"],
            r["barrio"] or "", i18n.translate(label_key("action_type", r["type"]), lang),
            r["title"], r["description"], r["place"], r["lat"], r["lon"], r["people_reached"],
            ", ".join(i18n.translate(label_key("language", x), lang) for x in r["languages"]),
            r["agents"], ", ".join(rumours.get(r["id"], [])), yes if r["demo"] else "",
        ])
    return out


def export_actions(db: Database, user: User | None, lang: str,
                   district_ids: Sequence[int] | None = None, start: str | None = None,
                   end: str | None = None, types: Sequence[str] | None = None,
                   system: bool = False) -> bytes:
    """Actions as CSV (UTF-8 with BOM): the districts asked for, else every one the user may export."""
    all_ids = [d.id for d in reference.districts(db)]
    if system:
        ids = list(district_ids) if district_ids is not None else all_ids
    elif district_ids is None:
        permissions.require(user, EXPORT)
        ids = permissions.visible_districts(user, EXPORT, all_ids)
    else:
        for district_id in district_ids:
            permissions.require(user, EXPORT, district_id)
        ids = list(district_ids)
    rows = list_actions(db, ids, start, end, types)
    return csvio.to_csv_bytes(export_headers(lang),
                              export_rows(rows, lang, rumour_store.codes_by_action(db)))
