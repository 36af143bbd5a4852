"""The calendar's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from network.core.errors import NotFound
from network.core.storage import period_clauses

_EVENT = """SELECT e.*,
    (SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'confirmed')
        AS confirmed,
    (SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'waiting')
        AS waiting
FROM events e"""


def _event(row: Any) -> dict[str, Any]:
    out = dict(row)
    out["languages"] = json.loads(out["languages"] or "[]")
    out["audience"] = json.loads(out["audience"] or "[]")
    return out


def event_row(db: Database, event_id: int) -> dict[str, Any]:
    """One event with its seat counts, or NotFound."""
    rows = list(db.query(_EVENT + " WHERE e.id = ?", [event_id]))
    if not rows:
        raise NotFound()
    return _event(rows[0])


def events_between(db: Database, start: str | None, end: str | None,
                   district_ids: list[int] | None, *, city: bool = True) -> list[dict[str, Any]]:
    """Events starting in [start, end) (None: open), of the given districts (None: every
    district) and, with `city`, the city-wide ones; by start time."""
    where, params = period_clauses("e.starts_at", start, end)
    where.insert(0, "1 = 1")
    if district_ids is not None:
        marks = ", ".join("?" for _ in district_ids) or "NULL"
        where.append(f"(e.district_id IN ({marks})" + (" OR e.district_id IS NULL)" if city
                                                        else ")"))
        params += district_ids
    elif not city:
        where.append("e.district_id IS NOT NULL")
    sql = _EVENT + " WHERE " + " AND ".join(where) + " ORDER BY e.starts_at, e.id"
    return [_event(r) for r in db.query(sql, params)]


def signups(db: Database, event_id: int) -> list[dict[str, Any]]:
    """An event's sign-ups (withdrawn included) with the agent's name, language and e-mail,
    in sign-up order."""
    return [dict(r) for r in db.query(
        """SELECT s.*, a.name, a.languages, a.contact_email, a.district_id AS agent_district
           FROM event_signups s JOIN agents a ON a.id = s.agent_id
           WHERE s.event_id = ? ORDER BY s.id""", [event_id])]


def signup_of(db: Database, event_id: int, agent_id: int) -> dict[str, Any] | None:
    row = db.execute("SELECT id, status, attended FROM event_signups WHERE event_id = ? "
                     "AND agent_id = ?", [event_id, agent_id]).fetchone()
    return {"id": row[0], "status": row[1], "attended": row[2]} if row else None


def seat_counts(db: Database, event_id: int) -> tuple[int, list[int]]:
    """Confirmed sign-ups and the waiting ones' ids in sign-up order."""
    confirmed = db.execute("SELECT count(*) FROM event_signups WHERE event_id = ? AND "
                           "status = 'confirmed'", [event_id]).fetchone()[0]
    waiting = [r[0] for r in db.execute(
        "SELECT id FROM event_signups WHERE event_id = ? AND status = 'waiting' ORDER BY id",
        [event_id])]
    return confirmed, waiting


def agent_signups(db: Database, agent_id: int) -> dict[int, dict[str, Any]]:
    """Event id -> the agent's sign-up (status, attended)."""
    return {r[0]: {"status": r[1], "attended": r[2]} for r in db.execute(
        "SELECT event_id, status, attended FROM event_signups WHERE agent_id = ?", [agent_id])}


def agent_row(db: Database, agent_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT id, name, district_id, kind, languages, contact_email, active "
                         "FROM agents WHERE id = ?", [agent_id]))
    if not rows:
        raise NotFound()
    return dict(rows[0])


def training_history(db: Database, agent_ids: list[int] | None = None
                     ) -> dict[int, list[dict[str, Any]]]:
    """Per agent: modules recorded before the calendar and attended training sessions, each
    with module, date, hours and (for sessions) event id, trainer and title."""
    sql = """
        SELECT agent_id, module, recorded_on AS day, NULL AS hours, NULL AS event_id,
               '' AS trainer, '' AS title, 'prior' AS source FROM training_prior
        UNION ALL
        SELECT s.agent_id, e.module, substr(e.starts_at, 1, 10), e.hours, e.id, e.trainer,
               e.title, 'session' FROM event_signups s JOIN events e ON e.id = s.event_id
        WHERE s.attended = 1 AND e.kind = 'training' AND e.module IS NOT NULL"""
    out: dict[int, list[dict[str, Any]]] = {}
    wanted = None if agent_ids is None else set(agent_ids)
    for r in db.query(sql + " ORDER BY 3, 2"):
        if wanted is None or r["agent_id"] in wanted:
            out.setdefault(r["agent_id"], []).append(dict(r))
    return out


def set_module_count(db: Database, agent_id: int, count: int) -> None:
    """Store the derived count in agents.training_modules (what every reader shows)."""
    db.execute("UPDATE agents SET training_modules = ? WHERE id = ?", [count, agent_id])


def district_agents(db: Database, district_id: int) -> list[dict[str, Any]]:
    """A district's agents: id, active."""
    return [dict(r) for r in db.query("SELECT id, active FROM agents WHERE district_id = ?",
                                      [district_id])]


def attendance_rows(db: Database, district_id: int | None, start: str, end: str
                    ) -> list[dict[str, Any]]:
    """Confirmed sign-ups of held events (not cancelled) starting in [start, end), with the
    agent's district and whether attendance was recorded."""
    sql = """SELECT s.agent_id, s.attended, e.id AS event_id, e.kind, e.module, e.hours,
                    a.district_id
             FROM event_signups s JOIN events e ON e.id = s.event_id
             JOIN agents a ON a.id = s.agent_id
             WHERE s.status = 'confirmed' AND e.status = 'scheduled'
               AND e.starts_at >= ? AND e.starts_at < ?"""
    params: list[Any] = [start, end]
    if district_id is not None:
        sql += " AND a.district_id = ?"
        params.append(district_id)
    return [dict(r) for r in db.query(sql, params)]


def add_outbox(db: Database, rows: list[dict[str, Any]]) -> None:
    if rows:
        db["event_outbox"].insert_all(rows)


def pending_outbox(db: Database) -> list[dict[str, Any]]:
    """Messages not yet written to an outbox file, oldest first."""
    return [dict(r) for r in db.query(
        "SELECT * FROM event_outbox WHERE exported_at IS NULL ORDER BY id")]


def mark_exported(db: Database, ids: list[int], at: str) -> None:
    for i in ids:
        db.execute("UPDATE event_outbox SET exported_at = ? WHERE id = ?", [at, i])


def agent_districts(db: Database, agent_ids: list[int]) -> dict[int, int]:
    """Agent id -> district id."""
    return {r[0]: r[1] for r in db.execute("SELECT id, district_id FROM agents")
            if r[0] in set(agent_ids)}
