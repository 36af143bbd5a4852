"""Agents and entities registry: validation, permission-checked writes, listings that hide
contact details from those who may not see them, quiz share codes and the CSV export."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from network import csvio, i18n, permissions, reference, textcheck
from network.errors import NetworkError, NotFound, Problem, ValidationFailed
from network.permissions import User
from network.storage import write
from network.vocab import AGENT_KINDS, SECTORS, TRAINING_MODULES, WORK_LANGUAGES, label_key

# No 0/O or 1/I: codes are read aloud, printed on paper and typed back.
SHARE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SHARE_CODE_LENGTH = 8
MAX_LENGTHS = {"name": 120, "contact_email": 254, "contact_phone": 32, "notes": 2000}
MIGRANT_BACKGROUND = ("yes", "no")  # or None: not declared
EARLIEST_JOINED = date(2000, 1, 1)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]+$")
MIN_PHONE_DIGITS = 6
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Columns that only the district's coordinators and admins may see.
CONTACT_FIELDS = ("contact_email", "contact_phone", "notes")


class AgentHasHistory(NetworkError):
    """The agent appears in actions (or other records): deactivate instead of deleting."""

    key = "agents.error.has_history"


def new_share_code() -> str:
    """An unguessable share code: 8 characters from an unambiguous alphabet (40 bits)."""
    return "".join(secrets.choice(SHARE_ALPHABET) for _ in range(SHARE_CODE_LENGTH))


def normalize_share_code(text: str) -> str:
    """A typed share code in canonical form (upper case, without spaces or dashes)."""
    return re.sub(r"[\s-]", "", text or "").upper()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        return None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def validate_agent(data: dict[str, Any], barrios_by_district: dict[int, list[str]],
                   today: date) -> dict[str, Any]:
    """A clean agent record from form values, or ValidationFailed listing every problem.

    `barrios_by_district` maps each known district id to its barrio names.
    """
    problems: list[Problem] = []

    def bad(field: str, key: str, **params: Any) -> None:
        problems.append(Problem(f"agent_{field}", key, params))

    kind = _text(data.get("kind"))
    if kind not in AGENT_KINDS:
        bad("kind", "agents.error.kind", value=kind)
    name = _text(data.get("name"))
    if not name:
        bad("name", "agents.error.name_required")
    elif _CONTROL.search(name):
        bad("name", "agents.error.name_control")
    texts = {f: _text(data.get(f)) for f in ("contact_email", "contact_phone", "notes")}
    texts["name"] = name
    if textcheck.has_control(texts["notes"], multiline=True):
        bad("notes", "input.error.notes_control")
    for field, limit in MAX_LENGTHS.items():
        if len(texts[field]) > limit:
            bad(field, f"agents.error.{field}_too_long", max=limit)
    email = texts["contact_email"]
    if email and len(email) <= MAX_LENGTHS["contact_email"] and not EMAIL_RE.match(email):
        bad("contact_email", "agents.error.email_invalid")
    phone = texts["contact_phone"]
    if phone and len(phone) <= MAX_LENGTHS["contact_phone"] and (
        not PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < MIN_PHONE_DIGITS
    ):
        bad("contact_phone", "agents.error.phone_invalid")
    sector = _text(data.get("sector"))
    if sector not in SECTORS:
        bad("sector", "agents.error.sector", value=sector)
    district_id = _as_int(data.get("district_id"))
    barrio = _text(data.get("barrio"))
    if district_id not in barrios_by_district:
        bad("district", "error.unknown_district", value=_text(data.get("district_id")) or "—")
    elif barrio and barrio not in barrios_by_district[district_id]:
        bad("barrio", "agents.error.barrio", value=barrio)
    joined = _as_date(data.get("joined_on"))
    if joined is None:
        bad("joined_on", "agents.error.joined_invalid")
    elif joined > today:
        bad("joined_on", "agents.error.joined_future", date=joined.isoformat())
    elif joined < EARLIEST_JOINED:
        bad("joined_on", "agents.error.joined_too_early", date=EARLIEST_JOINED.isoformat())
    modules = _as_int(data.get("training_modules", 0))
    if modules is None or not 0 <= modules <= TRAINING_MODULES:
        bad("training_modules", "agents.error.modules", max=TRAINING_MODULES)
    languages = list(data.get("languages") or [])
    unknown = [str(x) for x in languages if x not in WORK_LANGUAGES]
    if unknown:
        bad("languages", "agents.error.languages", value=", ".join(unknown))
    background = data.get("migrant_background") or None
    if background not in (*MIGRANT_BACKGROUND, None):
        bad("migrant_background", "agents.error.background", value=str(background))
    if problems:
        raise ValidationFailed(problems)
    return {
        "kind": kind, "name": name, "contact_email": email or None,
        "contact_phone": phone or None, "sector": sector, "district_id": district_id,
        "barrio": barrio or None, "joined_on": joined.isoformat(),  # type: ignore[union-attr]
        "training_modules": modules, "active": int(bool(data.get("active", True))),
        "languages": json.dumps([x for x in WORK_LANGUAGES if x in languages]),
        "migrant_background": background, "consent_named": int(bool(data.get("consent_named"))),
        "notes": texts["notes"] or None,
    }


def barrios_by_district(db: Database) -> dict[int, list[str]]:
    """Every district id with its barrio names (the reference data validation needs)."""
    out: dict[int, list[str]] = {d.id: [] for d in reference.districts(db)}
    for b in reference.barrios(db):
        out.setdefault(b["district_id"], []).append(b["name"])
    return out


def _row(db: Database, agent_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM agents WHERE id = ?", [agent_id]))
    if not rows:
        raise NotFound()
    return rows[0]


def _unused_share_code(db: Database) -> str:
    while True:
        code = new_share_code()
        if not db.execute("SELECT 1 FROM agents WHERE share_code = ?", [code]).fetchone():
            return code


def create_agent(db: Database, user: User | None, data: dict[str, Any],
                 today: date | None = None) -> int:
    """Record a new agent or entity (admin, or coordinator of its district); returns its id."""
    permissions.require(user, "agent.write")
    record = validate_agent(data, barrios_by_district(db), today or date.today())
    permissions.require(user, "agent.write", record["district_id"])

    def insert(db: Database) -> int:
        agent_id = db["agents"].insert({**record, "share_code": _unused_share_code(db)}).last_pk
        permissions.audit(db, user, "create", "agents", agent_id)
        return agent_id

    return write(db, insert)


def update_agent(db: Database, user: User | None, agent_id: int, data: dict[str, Any],
                 today: date | None = None) -> None:
    """Change an agent's record; moving it needs write access to both districts."""
    permissions.require(user, "agent.write")
    permissions.require(user, "agent.write", _row(db, agent_id)["district_id"])
    record = validate_agent(data, barrios_by_district(db), today or date.today())
    permissions.require(user, "agent.write", record["district_id"])

    def update(db: Database) -> None:
        db["agents"].update(agent_id, {**record, "updated_at": _now()})
        permissions.audit(db, user, "update", "agents", agent_id)

    write(db, update)


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def set_agent_active(db: Database, user: User | None, agent_id: int, active: bool) -> None:
    """Deactivate or reactivate an agent (their history stays)."""
    permissions.require(user, "agent.write", _row(db, agent_id)["district_id"])

    def update(db: Database) -> None:
        db["agents"].update(agent_id, {"active": int(active), "updated_at": _now()})
        permissions.audit(db, user, "activate" if active else "deactivate", "agents", agent_id)

    write(db, update)


def history_count(db: Database, agent_id: int) -> int:
    """How many rows of other tables point at this agent (actions, accounts, quiz data...)."""
    total = 0
    for table in db.table_names():
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            if fk[2] == "agents":
                total += db.execute(
                    f"SELECT count(*) FROM [{table}] WHERE [{fk[3]}] = ?", [agent_id]  # noqa: S608
                ).fetchone()[0]
    return total


def delete_agent(db: Database, user: User | None, agent_id: int) -> None:
    """Delete an agent with no history; one with history raises AgentHasHistory."""
    permissions.require(user, "agent.write", _row(db, agent_id)["district_id"])

    def delete(db: Database) -> None:
        count = history_count(db, agent_id)
        if count:
            raise AgentHasHistory(count=count)
        db.execute("DELETE FROM agents WHERE id = ?", [agent_id])
        permissions.audit(db, user, "delete", "agents", agent_id)

    write(db, delete)


def regenerate_share_code(db: Database, user: User | None, agent_id: int) -> str:
    """Give the agent a new share code (the old link stops counting); returns the code."""
    permissions.require(user, "agent.write", _row(db, agent_id)["district_id"])

    def update(db: Database) -> str:
        code = _unused_share_code(db)
        db["agents"].update(agent_id, {"share_code": code, "updated_at": _now()})
        permissions.audit(db, user, "regenerate_share_code", "agents", agent_id)
        return code

    return write(db, update)


def agent_id_for_share_code(db: Database, code: str) -> int | None:
    """The agent a share code belongs to, or None (codes are typed case-insensitively)."""
    row = db.execute("SELECT id FROM agents WHERE share_code = ?",
                     [normalize_share_code(code)]).fetchone()
    return row[0] if row else None


def agent_for_edit(db: Database, user: User | None, agent_id: int) -> dict[str, Any]:
    """The full record of one agent, for those who may edit it (contacts included)."""
    row = _row(db, agent_id)
    permissions.require(user, "agent.write", row["district_id"])
    return {**row, "languages": json.loads(row["languages"] or "[]"),
            "history": history_count(db, agent_id)}


_LIST_SQL = """
SELECT a.id, a.kind, a.name, a.contact_email, a.contact_phone, a.sector, a.district_id,
       d.number AS district_number, d.name_es AS district_name_es,
       d.name_eu AS district_name_eu, a.barrio, a.joined_on, a.training_modules, a.active,
       a.languages, a.consent_named, a.notes, a.demo,
       (SELECT count(*) FROM action_agents x WHERE x.agent_id = a.id) AS actions,
       (SELECT max(c.date) FROM action_agents x JOIN actions c ON c.id = x.action_id
         WHERE x.agent_id = a.id) AS last_action
FROM agents a JOIN districts d ON d.id = a.district_id
"""


def _readable_districts(db: Database, user: User | None, capability: str,
                        district_id: int | None) -> list[int]:
    all_ids = [d.id for d in reference.districts(db)]
    if district_id is not None:
        permissions.require(user, capability, district_id)
        return [district_id] if district_id in all_ids else []
    permissions.require(user, capability)
    return permissions.visible_districts(user, capability, all_ids)


def _query(db: Database, district_ids: list[int], active: bool | None) -> list[dict[str, Any]]:
    if not district_ids:
        return []
    marks = ", ".join("?" for _ in district_ids)
    sql = _LIST_SQL + f" WHERE a.district_id IN ({marks})"
    params: list[Any] = list(district_ids)
    if active is not None:
        sql += " AND a.active = ?"
        params.append(int(active))
    rows = [dict(r) for r in db.query(sql + " ORDER BY d.number, a.name COLLATE NOCASE", params)]
    for r in rows:
        r["languages"] = json.loads(r["languages"] or "[]")
    return rows


def _hide_contacts(rows: list[dict[str, Any]], user: User | None) -> list[dict[str, Any]]:
    for r in rows:
        r["contacts_visible"] = permissions.allowed(user, "agent.contacts", r["district_id"])
        if not r["contacts_visible"]:
            for f in CONTACT_FIELDS:
                r[f] = None
    return rows


def list_agents(db: Database, user: User | None, district_id: int | None = None, *,
                active: bool | None = None, search: str = "") -> list[dict[str, Any]]:
    """Agents the user may see (coordinators: their districts), with contact fields blanked
    where the user may not see them. Migrant background never leaves network/ per agent."""
    rows = _query(db, _readable_districts(db, user, "agent.view", district_id), active)
    folded = reference._fold(search or "")
    if folded:
        rows = [r for r in rows if folded in reference._fold(r["name"])]
    return _hide_contacts(rows, user)


EXPORT_COLUMNS = (
    "id", "kind", "name", "contact_email", "contact_phone", "sector", "district_number",
    "district", "barrio", "joined_on", "training_modules", "active", "languages",
    "consent_named", "actions", "last_action", "share_code", "notes", "demo",
)


def export_table(db: Database, user: User | None, lang: str, *, district_id: int | None = None,
                 include_contacts: bool = True, system: bool = False
                 ) -> tuple[list[str], list[list[Any]]]:
    """Translated headers and rows of the agents export (contacts only for those allowed).

    `system=True` is the server operator at the command line (every district, contacts
    unless `include_contacts` is False).
    """
    if system:
        ids = [d.id for d in reference.districts(db)]
        ids = [d for d in ids if district_id in (None, d)]
    else:
        ids = _readable_districts(db, user, "agent.export", district_id)
    rows = _query(db, ids, None)
    codes = {r[0]: r[1] for r in db.execute("SELECT id, share_code FROM agents")}
    contact_cols = set(CONTACT_FIELDS)
    show_contacts = include_contacts and (system or any(
        permissions.allowed(user, "agent.contacts", d) for d in ids))
    columns = [c for c in EXPORT_COLUMNS if show_contacts or c not in contact_cols]
    yes, no = i18n.translate("common.yes", lang), i18n.translate("common.no", lang)

    def cell(r: dict[str, Any], col: str) -> Any:
        if col in contact_cols and not (system or permissions.allowed(
                user, "agent.contacts", r["district_id"])):
            return None
        if col == "kind":
            return i18n.translate(label_key("agent_kind", r["kind"]), lang)
        if col == "sector":
            return i18n.translate(label_key("sector", r["sector"]), lang)
        if col == "district":
            return r["district_name_eu"] if lang == "eu" else r["district_name_es"]
        if col == "languages":
            return "; ".join(i18n.translate(label_key("language", x), lang)
                             for x in r["languages"])
        if col in ("active", "consent_named", "demo"):
            return yes if r[col] else no
        if col == "share_code":
            return codes[r["id"]]
        return r[col]

    headers = [i18n.translate(f"agents.column.{c}", lang) for c in columns]
    return headers, [[cell(r, c) for c in columns] for r in rows]


def export_csv(db: Database, user: User | None, lang: str, **options: Any) -> bytes:
    """The agents export as CSV bytes (UTF-8 with BOM, translated headers)."""
    headers, rows = export_table(db, user, lang, **options)
    return csvio.to_csv_bytes(headers, rows)

