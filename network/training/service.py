"""Permission-checked, validated writes and reads of the calendar, each write one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from network import reference
from network.core import events, i18n, permissions
from network.core.errors import NetworkError, PermissionDenied, Problem, ValidationFailed
from network.core.permissions import User
from network.core.storage import write
from network.training import rules, store


class NoAgentRecord(NetworkError):
    """The account is not linked to an agent record, so it cannot sign up."""

    key = "training.error.no_agent"


class AlreadySignedUp(NetworkError):
    key = "training.error.already"


class EventClosed(NetworkError):
    """The event has started or ended: no sign-up, withdrawal or date change any more."""

    key = "training.error.past"


class EventCancelled(NetworkError):
    key = "training.error.cancelled"


class NotYetHeld(NetworkError):
    key = "training.error.not_yet"


class NotSignedUp(NetworkError):
    key = "training.error.not_signed"


class CourseIncomplete(NetworkError):
    key = "training.error.incomplete"


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def require_manage(user: User | None, district_id: int | None) -> None:
    """Coordinators manage their district's events; city-wide events are staff's."""
    permissions.require(user, "training.manage", district_id)
    if district_id is None:
        permissions.require(user, "training.city")


def _district_ids(db: Database) -> list[int]:
    return [d.id for d in reference.districts(db)]


def create_event(db: Database, user: User | None, data: dict[str, Any],
                 now: datetime | None = None) -> int:
    """Schedule an event (coordinators: their district; staff: any, or the whole city)."""
    permissions.require(user, "training.manage")
    record = rules.validate_event(data, _district_ids(db), now or rules.now_local())
    require_manage(user, record["district_id"])

    def insert(db: Database) -> int:
        event_id = db["events"].insert({**record, "created_by": getattr(user, "id", None)}).last_pk
        permissions.audit(db, user, "create", "events", event_id)
        return event_id

    return write(db, insert)


def notices_for(db: Database, event: dict[str, Any], kind: str, statuses: tuple[str, ...],
             **extra: Any) -> list[dict[str, Any]]:
    """Outbox messages (in each agent's language) to the event's sign-ups of `statuses`."""
    out = []
    for s in store.signups(db, event["id"]):
        if s["status"] not in statuses:
            continue
        lang = rules.agent_language(s["languages"])
        out.append({"event_id": event["id"], "agent_id": s["agent_id"], "kind": kind,
                    "lang": lang, "recipient": s["contact_email"],
                    **message(kind, event, s["name"], lang, **extra),
                    "demo": int(event.get("demo") or 0)})
    return out


def message(kind: str, event: dict[str, Any], name: str, lang: str, **extra: Any
            ) -> dict[str, str]:
    """Subject and body of a notice or reminder (plain text, in `lang`)."""
    where = " · ".join(x for x in (event["place"], event["online_url"]) if x)
    params = {"title": event["title"], "when": rules.local_range(event), "where": where,
              "name": name, **extra}
    return {"subject": i18n.translate(f"training.mail.{kind}_subject", lang, **params),
            "body": i18n.translate(f"training.mail.{kind}_body", lang, **params)}


def update_event(db: Database, user: User | None, event_id: int, data: dict[str, Any],
                 now: datetime | None = None) -> dict[str, Any]:
    """Change an event. A new date keeps every sign-up, remembers the old date and writes a
    notice to each signed-up agent; returns {'moved': bool, 'kept': sign-ups kept}."""
    now = now or rules.now_local()
    old = store.event_row(db, event_id)
    require_manage(user, old["district_id"])
    if old["status"] == "cancelled":
        raise EventCancelled()
    moving = rules.parse_local(data.get("starts_at")) != rules.parse_local(old["starts_at"])
    record = rules.validate_event(data, _district_ids(db), now, require_future=moving)
    require_manage(user, record["district_id"])
    if moving and rules.is_past(old, now):
        raise EventClosed()

    def update(db: Database) -> dict[str, Any]:
        confirmed, _ = store.seat_counts(db, event_id)  # read inside: sign-ups may have landed
        if record["capacity"] < confirmed:
            raise ValidationFailed([Problem("event_capacity", "training.error.capacity_below",
                                            {"n": confirmed})])
        changes = {**record, "updated_at": _now()}
        if moving:
            changes["moved_from"] = old["starts_at"]
        db["events"].update(event_id, changes)
        confirmed, waiting = store.seat_counts(db, event_id)
        for signup_id in rules.promote(waiting, confirmed, record["capacity"]):
            db["event_signups"].update(signup_id, {"status": "confirmed"})
        kept = confirmed + len(waiting)
        if moving:
            event = store.event_row(db, event_id)
            store.add_outbox(db, notices_for(db, event, "moved", ("confirmed", "waiting"),
                                          before=old["starts_at"].replace("T", " ")))
        if old["kind"] == "training" or record["kind"] == "training":
            _recount(db, event_id)
        permissions.audit(db, user, "update", "events", event_id)
        return {"moved": moving, "kept": kept}

    return write(db, update)


def cancel_event(db: Database, user: User | None, event_id: int) -> int:
    """Cancel an event: sign-ups and attendance stay as history; every agent signed up gets a
    notice in the outbox. Returns how many were notified."""
    event = store.event_row(db, event_id)
    require_manage(user, event["district_id"])
    if event["status"] == "cancelled":
        raise EventCancelled()

    def cancel(db: Database) -> int:
        db["events"].update(event_id, {"status": "cancelled", "updated_at": _now()})
        notices = notices_for(db, event, "cancel", ("confirmed", "waiting"))
        store.add_outbox(db, notices)
        permissions.audit(db, user, "cancel", "events", event_id)
        return len(notices)

    return write(db, cancel)


def _own_agent(db: Database, user: User | None) -> dict[str, Any]:
    permissions.require(user, "training.signup")
    if user is None or user.agent_id is None:
        raise NoAgentRecord()
    return store.agent_row(db, user.agent_id)


def _open_for(agent: dict[str, Any], event: dict[str, Any], now: datetime) -> None:
    if event["district_id"] not in (None, agent["district_id"]):
        raise PermissionDenied(capability="training.signup")
    if event["status"] == "cancelled":
        raise EventCancelled()
    if rules.is_past(event, now):
        raise EventClosed()


def sign_up(db: Database, user: User | None, event_id: int, now: datetime | None = None) -> str:
    """Sign the user's agent up: a seat while any is free, else the waiting list. Returns
    'confirmed' or 'waiting'. The seat count is read inside the write transaction, so two
    sign-ups at the same moment never exceed the capacity."""
    now = now or rules.now_local()
    agent = _own_agent(db, user)

    def add(db: Database) -> str:
        event = store.event_row(db, event_id)
        _open_for(agent, event, now)
        mine = store.signup_of(db, event_id, agent["id"])
        if mine and mine["status"] != "withdrawn":
            raise AlreadySignedUp()
        if mine:  # signing up again joins the end of the queue
            db.execute("DELETE FROM event_signups WHERE id = ?", [mine["id"]])
        confirmed, _ = store.seat_counts(db, event_id)
        status = rules.seat_for(confirmed, event["capacity"])
        db["event_signups"].insert({"event_id": event_id, "agent_id": agent["id"],
                                    "status": status, "signed_up_at": _now()})
        permissions.audit(db, user, "sign_up", "events", event_id)
        return status

    return write(db, add)


def withdraw(db: Database, user: User | None, event_id: int, now: datetime | None = None) -> None:
    """Withdraw the user's agent; a freed seat goes to the first on the waiting list."""
    now = now or rules.now_local()
    agent = _own_agent(db, user)

    def remove(db: Database) -> None:
        event = store.event_row(db, event_id)
        _open_for(agent, event, now)
        mine = store.signup_of(db, event_id, agent["id"])
        if not mine or mine["status"] == "withdrawn":
            raise NotSignedUp()
        db["event_signups"].update(mine["id"], {"status": "withdrawn"})
        confirmed, waiting = store.seat_counts(db, event_id)
        for signup_id in rules.promote(waiting, confirmed, event["capacity"]):
            db["event_signups"].update(signup_id, {"status": "confirmed"})
        permissions.audit(db, user, "withdraw", "events", event_id)

    write(db, remove)


def _recount(db: Database, event_id: int) -> None:
    agent_ids = [s["agent_id"] for s in store.signups(db, event_id)]
    if agent_ids:
        events.changed(db, "training_changed", agent_ids=agent_ids)


def record_attendance(db: Database, user: User | None, event_id: int, present: list[int],
                      now: datetime | None = None) -> int:
    """Mark who came (confirmed sign-ups in `present`, the others absent), once the event has
    started; agents' modules completed follow. Returns how many were present."""
    now = now or rules.now_local()
    event = store.event_row(db, event_id)
    require_manage(user, event["district_id"])
    if event["status"] == "cancelled":
        raise EventCancelled()
    if not rules.is_past(event, now):
        raise NotYetHeld()
    wanted = set(present)

    def mark(db: Database) -> int:
        count = 0
        for s in store.signups(db, event_id):
            if s["status"] != "confirmed":
                continue
            here = s["agent_id"] in wanted
            count += here
            db["event_signups"].update(s["id"], {"attended": int(here)})
        _recount(db, event_id)
        permissions.audit(db, user, "attendance", "events", event_id)
        return count

    return write(db, mark)


def managed_events(db: Database, user: User | None, start: str | None = None,
                   end: str | None = None) -> list[dict[str, Any]]:
    """Events the user may manage (coordinators: their districts'; staff: all)."""
    permissions.require(user, "training.manage")
    ids = permissions.visible_districts(user, "training.manage", _district_ids(db))
    city = permissions.allowed(user, "training.city")
    return store.events_between(db, start, end, None if city else ids, city=city)


def attendance_sheet(db: Database, user: User | None, event_id: int) -> list[dict[str, Any]]:
    """An event's sign-ups with names (for whoever manages the event)."""
    event = store.event_row(db, event_id)
    require_manage(user, event["district_id"])
    return [{k: s[k] for k in ("agent_id", "name", "status", "attended", "signed_up_at")}
            for s in store.signups(db, event_id)]


def agent_calendar(db: Database, user: User | None, now: datetime | None = None,
                   upcoming: bool = True) -> list[dict[str, Any]]:
    """Upcoming (or past) events of the agent's district and the city, with the agent's own
    sign-up status ('' when not signed up)."""
    now = now or rules.now_local()
    agent = _own_agent(db, user)
    stamp = rules.stored(now)
    rows = store.events_between(db, stamp if upcoming else None, None if upcoming else stamp,
                                [agent["district_id"]], city=True)
    mine = store.agent_signups(db, agent["id"])
    for r in rows:
        r["mine"] = (mine.get(r["id"]) or {}).get("status", "")
        r["attended"] = (mine.get(r["id"]) or {}).get("attended")
    return rows


def agent_training(db: Database, user: User | None, agent_id: int | None = None
                   ) -> dict[str, Any]:
    """An agent's modules completed (derived) with each record; the agent themself, or those
    who may view the agent's district."""
    if agent_id is None or (user is not None and user.agent_id == agent_id):
        agent = _own_agent(db, user)
    else:
        agent = store.agent_row(db, agent_id)
        permissions.require(user, "agent.view", agent["district_id"])
    history = store.training_history(db, [agent["id"]]).get(agent["id"], [])
    modules = rules.modules_completed([h["module"] for h in history if h["source"] == "prior"],
                                      [h["module"] for h in history if h["source"] == "session"])
    return {"agent": agent, "history": history, "modules": modules,
            "complete": rules.course_complete(modules)}
