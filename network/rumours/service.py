"""Permission-checked, validated writes of the rumour catalogue, heard reports and action
close-outs: each one transaction (storage.write) with its audit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from network import reference
from network.barometer.instrument import instrument
from network.core import guard, permissions, storage, textcheck
from network.core.errors import PermissionDenied, Problem, UnknownDistrict, ValidationFailed
from network.core.permissions import User
from network.quiz import sharing
from network.quiz.content import latest_items_by_code
from network.rumours import rules, store

EDIT, PROPOSE, REPORT, TRIAGE, BOARD = ("rumour.edit", "rumour.propose", "rumour.report",
                                        "rumour.triage", "rumour.board")
CLOSE_OUT = "action.write"  # closing an action out is writing to the action's district


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def quiz_codes(db: Database) -> list[str]:
    """Every quiz item code ever published (a rumour may name a retired item)."""
    return list(latest_items_by_code(db))


def barometer_codes() -> list[str]:
    """The barometer instrument's statement codes."""
    return list(instrument().codes)


def theme_codes(db: Database) -> list[str]:
    """Built-in and staff-defined theme codes."""
    return [*rules.THEMES, *(t["code"] for t in store.themes(db))]


def save_rumour(db: Database, user: User | None, rumour_id: int | None,
                data: Mapping[str, Any]) -> int:
    """Create or change a rumour (staff), or propose a new one (coordinators: status
    'proposed' until staff accept it); returns its id."""
    if not permissions.allowed(user, EDIT):
        permissions.require(user, PROPOSE)
        if rumour_id is not None:
            permissions.require(user, EDIT)
        data = {**data, "status": "proposed", "merged_into": None}
    record, problems = rules.check_rumour(data, theme_codes(db), quiz_codes(db),
                                          barometer_codes())
    taken = store.code_ids(db).get(record["code"])
    if record["code"] and taken is not None and taken != rumour_id:
        problems.append(Problem("rumour_code", "rumours.error.code_taken", {"value": record["code"]}))
    if rumour_id is not None:
        store.get_rumour(db, rumour_id)
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> int:
        if rumour_id is None:
            record["proposed_by"] = getattr(user, "id", None)
        else:
            record["updated_at"] = _now()
        saved = store.save_rumour(d, rumour_id, dict(record))
        permissions.audit(d, user, "create" if rumour_id is None else "update", "rumours", saved)
        return saved

    return storage.write(db, write)


def set_status(db: Database, user: User | None, rumour_id: int, status: str,
               merged_into: int | None = None) -> None:
    """Accept a proposal, make a rumour dormant, retire it, or merge it into another (retired
    with merged_into): its heard reports and action links stay where they are (staff)."""
    permissions.require(user, EDIT)
    store.get_rumour(db, rumour_id)
    problems = []
    if status not in rules.STATUSES:
        problems.append(Problem("rumour_status", "rumours.error.unknown_status", {"value": str(status)}))
    if merged_into is not None:
        if merged_into == rumour_id or merged_into not in store.code_ids(db).values():
            problems.append(Problem("rumour_merged_into", "rumours.error.merge_target"))
        status = "retired"
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> None:
        d["rumours"].update(rumour_id, {"status": status, "merged_into": merged_into,
                                        "updated_at": _now()})
        permissions.audit(d, user, "merge" if merged_into else status, "rumours", rumour_id)

    storage.write(db, write)


def add_fact(db: Database, user: User | None, rumour_id: int, data: Mapping[str, Any]) -> int:
    """Add a fact (text, source, year) against a rumour (staff)."""
    permissions.require(user, EDIT)
    store.get_rumour(db, rumour_id)
    record, problems = rules.check_fact(data)
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> int:
        fact_id = store.add_fact(d, rumour_id, record)
        permissions.audit(d, user, "create", "rumour_facts", fact_id)
        return fact_id

    return storage.write(db, write)


def delete_fact(db: Database, user: User | None, fact_id: int) -> None:
    """Remove a fact (staff)."""
    permissions.require(user, EDIT)

    def write(d: Database) -> None:
        d.execute("DELETE FROM rumour_facts WHERE id = ?", [fact_id])
        permissions.audit(d, user, "delete", "rumour_facts", fact_id)

    storage.write(db, write)


def add_theme(db: Database, user: User | None, code: str, labels: Mapping[str, str]) -> str:
    """A staff-defined theme with its label in es/eu/en."""
    permissions.require(user, EDIT)
    problems: list[Problem] = []
    code = (code or "").strip().lower()
    if not code or not rules.CODE_RE.match(code):
        problems.append(Problem("rumour_theme_code", "rumours.error.code_format", {"value": code}))
    elif code in theme_codes(db):
        problems.append(Problem("rumour_theme_code", "rumours.error.code_taken", {"value": code}))
    clean = {}
    for lang in rules.LANGS:
        text = str(labels.get(lang) or "").strip()
        problems += textcheck.text_problems(f"rumour_label_{lang}", text, 80)
        if not text:
            problems.append(Problem(f"rumour_label_{lang}", "rumours.error.label_required"))
        clean[f"label_{lang}"] = text
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> str:
        d["rumour_themes"].insert({"code": code, **clean})
        permissions.audit(d, user, "create", "rumour_themes", None)
        return code

    return storage.write(db, write)


def _district_and_barrios(db: Database, district_id: Any) -> tuple[int, list[str]]:
    try:
        district = reference.district_by_id(db, int(district_id))
    except (TypeError, ValueError, UnknownDistrict) as exc:
        raise ValidationFailed([Problem("district", "error.unknown_district",
                                        {"value": str(district_id)})]) from exc
    return district.id, [b["name"] for b in reference.barrios(db, district.id)]


def report_heard(db: Database, user: User | None, data: Mapping[str, Any],
                 today: date | None = None) -> int:
    """Log a rumour heard (agents, coordinators, staff): no personal data about who said it."""
    permissions.require(user, REPORT)
    district_id, barrios = _district_and_barrios(db, data.get("district_id"))
    live = [r["id"] for r in store.rumours(db, ("active", "dormant"))]
    record, problems = rules.check_heard(data, live, barrios, today or date.today())
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> int:
        heard_id = store.insert_heard(d, {**record, "district_id": district_id,
                                          "reported_by": getattr(user, "id", None)})
        permissions.audit(d, user, "create", "rumour_heard", heard_id)
        return heard_id

    return storage.write(db, write)


PUBLIC_KIND = "rumour_heard"  # the guard's name for these submissions
PUBLIC_MIN_SECONDS = 8.0  # a person reads the form and picks four answers


def report_heard_public(db: Database, data: Mapping[str, Any], client: str, started_at: float,
                        honeypot: str = "", ref: Any = None, now: float | None = None,
                        today: date | None = None) -> bool:
    """A resident reports a rumour heard, without an account (the public form, often opened
    from an agent's share link `?ref=`): validated like an agent's report; the public forms'
    guards (honeypot, minimum time, a throttle per salted client hash) run inside the write. A
    flagged report is not stored and the caller thanks the sender the same way (a bot learns
    nothing); returns whether it was stored. The share code's agent is kept, never who
    reported."""
    district_id, barrios = _district_and_barrios(db, data.get("district_id"))
    live = [r["id"] for r in store.rumours(db, ("active", "dormant"))]
    record, problems = rules.check_heard(data, live, barrios, today or date.today())
    if problems:
        raise ValidationFailed(problems)
    agent_id = sharing.resolve_attribution(db, ref, None).agent_id

    def write(d: Database) -> bool:
        if guard.submission_flags(d, PUBLIC_KIND, client, started_at, honeypot,
                                  PUBLIC_MIN_SECONDS, now):
            return False
        heard_id = store.insert_heard(d, {**record, "district_id": district_id,
                                          "source": "public", "ref_agent_id": agent_id})
        permissions.audit(d, None, "create", "rumour_heard", heard_id)
        return True

    return storage.write(db, write)


def triage(db: Database, user: User | None, heard_id: int, rumour_id: int | None) -> None:
    """A report of a new rumour: assign it to a catalogue rumour (rumour_id), or dismiss it
    (None); coordinators of its district and staff."""
    row = store.heard_row(db, heard_id)
    permissions.require(user, TRIAGE, row["district_id"])
    if rumour_id is not None and rumour_id not in store.code_ids(db).values():
        raise ValidationFailed([Problem("rumour_rumour_id", "rumours.error.unknown_rumour",
                                        {"value": str(rumour_id)})])

    def write(d: Database) -> None:
        if rumour_id is None:
            d["rumour_heard"].update(heard_id, {"triage": "dismissed"})
        else:
            d["rumour_heard"].update(heard_id, {"rumour_id": rumour_id})
        permissions.audit(d, user, "triage", "rumour_heard", heard_id)

    storage.write(db, write)


def check_action_rumours(db: Database, rumour_ids: Iterable[Any]) -> list[int]:
    """The rumour ids an action may name (any catalogue rumour but a proposal), or
    ValidationFailed."""
    allowed = {r["id"] for r in store.rumours(db, ("active", "dormant", "retired"))}
    chosen = list(dict.fromkeys(rumour_ids))
    unknown = [str(r) for r in chosen if r not in allowed]
    if unknown:
        raise ValidationFailed([Problem("rumour_action_rumours", "rumours.error.unknown_rumour",
                                        {"value": ", ".join(unknown)})])
    return chosen


def close_out(db: Database, user: User | None, action_id: int, data: Mapping[str, Any],
              today: date | None = None) -> None:
    """Close an action out after it happened (action.write on its district): attendance,
    organisations, what worked, rumours heard there (logged as heard at the action), a note."""
    action = store.action_district(db, action_id)
    permissions.require(user, CLOSE_OUT, action["district_id"])
    live = [r["id"] for r in store.rumours(db, ("active", "dormant"))]
    record, problems = rules.check_closeout(data, live)
    if action["date"] > (today or date.today()).isoformat():
        problems.append(Problem("rumour_action", "rumours.error.closeout_future"))
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> None:
        store.save_closeout(d, action_id, dict(record), action["date"], action["district_id"],
                            getattr(user, "id", None))
        permissions.audit(d, user, "close_out", "actions", action_id)

    storage.write(db, write)


def give_feedback(db: Database, user: User | None, action_id: int, data: Mapping[str, Any]) -> None:
    """An agent who took part in a closed-out action answers two questions about it (again:
    the answers are replaced)."""
    permissions.require(user, REPORT)
    agent_id = getattr(user, "agent_id", None)
    if agent_id is None or not store.took_part(db, action_id, agent_id):
        raise PermissionDenied(capability=REPORT)
    problems = []
    if store.closeout(db, action_id) is None:
        problems.append(Problem("rumour_action", "rumours.error.feedback_not_closed"))
    record, found = rules.check_feedback(data)
    if problems + found:
        raise ValidationFailed(problems + found)

    def write(d: Database) -> None:
        store.save_feedback(d, action_id, agent_id, record)
        permissions.audit(d, user, "feedback", "actions", action_id)

    storage.write(db, write)
