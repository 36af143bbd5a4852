"""Pure rules of an agent record: validation, share codes, which contacts a user may see."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date, datetime
from typing import Any

from network.core import permissions, textcheck
from network.core.errors import Problem, ValidationFailed
from network.core.permissions import User
from network.core.textcheck import form_int, form_text
from network.core.vocab import AGENT_KINDS, SECTORS, WORK_LANGUAGES

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


def new_share_code() -> str:
    """An unguessable share code: 8 characters from an unambiguous alphabet (40 bits)."""
    return "".join(secrets.choice(SHARE_ALPHABET) for _ in range(SHARE_CODE_LENGTH))


def normalize_share_code(text: str) -> str:
    """A typed share code in canonical form (upper case, without spaces or dashes)."""
    return re.sub(r"[\s-]", "", text or "").upper()



def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(form_text(value))
    except ValueError:
        return None



def validate_agent(data: dict[str, Any], barrios_by_district: dict[int, list[str]],
                   today: date) -> dict[str, Any]:
    """A clean agent record from form values, or ValidationFailed listing every problem.

    Modules completed are not typed: they are derived from the calendar (network/training),
    so a `training_modules` value in `data` is ignored.

    `barrios_by_district` maps each known district id to its barrio names.
    """
    problems: list[Problem] = []

    def bad(field: str, key: str, **params: Any) -> None:
        problems.append(Problem(f"agent_{field}", key, params))

    kind = form_text(data.get("kind"))
    if kind not in AGENT_KINDS:
        bad("kind", "agents.error.kind", value=kind)
    name = form_text(data.get("name"))
    if not name:
        bad("name", "agents.error.name_required")
    elif _CONTROL.search(name):
        bad("name", "agents.error.name_control")
    texts = {f: form_text(data.get(f)) for f in ("contact_email", "contact_phone", "notes")}
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
    sector = form_text(data.get("sector"))
    if sector not in SECTORS:
        bad("sector", "agents.error.sector", value=sector)
    district_id = form_int(data.get("district_id"))
    barrio = form_text(data.get("barrio"))
    if district_id not in barrios_by_district:
        bad("district", "error.unknown_district", value=form_text(data.get("district_id")) or "—")
    elif barrio and barrio not in barrios_by_district[district_id]:
        bad("barrio", "agents.error.barrio", value=barrio)
    joined = _as_date(data.get("joined_on"))
    if joined is None:
        bad("joined_on", "agents.error.joined_invalid")
    elif joined > today:
        bad("joined_on", "agents.error.joined_future", date=joined.isoformat())
    elif joined < EARLIEST_JOINED:
        bad("joined_on", "agents.error.joined_too_early", date=EARLIEST_JOINED.isoformat())
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
        "active": int(bool(data.get("active", True))),
        "languages": json.dumps([x for x in WORK_LANGUAGES if x in languages]),
        "migrant_background": background, "consent_named": int(bool(data.get("consent_named"))),
        "notes": texts["notes"] or None,
    }


def hide_contacts(rows: list[dict[str, Any]], user: User | None) -> list[dict[str, Any]]:
    for r in rows:
        r["contacts_visible"] = permissions.allowed(user, "agent.contacts", r["district_id"])
        if not r["contacts_visible"]:
            for f in CONTACT_FIELDS:
                r[f] = None
        if r.get("consent_contact") == 0:  # withdrawn (network/accounts/consent.py)
            r["contact_email"] = r["contact_phone"] = None
    return rows


# The edit form's widgets and the record's columns they show.
EDIT_FIELDS = {"kind": "kind", "name": "name", "email": "contact_email", "phone": "contact_phone",
               "sector": "sector", "district": "district_id", "barrio": "barrio",
               "modules": "training_modules", "languages": "languages",
               "background": "migrant_background", "notes": "notes"}


def edit_form_values(record: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """An agent record as the edit form's values (widget name -> value): an empty column shows
    the new-agent default; the joining date as a date, the flags as booleans."""
    values = {widget: record[column] or defaults.get(widget) for widget, column in EDIT_FIELDS.items()}
    return values | {"district": record["district_id"], "joined": date.fromisoformat(record["joined_on"]),
                     "active": bool(record["active"]), "consent": bool(record["consent_named"])}
