"""The rumours feature's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from network.core.errors import NotFound
from network.core.storage import period_clauses


def _in(values: list[Any]) -> str:
    return ", ".join("?" * len(values)) or "NULL"


def themes(db: Database) -> list[dict[str, Any]]:
    """Staff-defined themes with their labels."""
    return [dict(r) for r in db.query("SELECT * FROM rumour_themes ORDER BY code")]


def rumours(db: Database, statuses: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Rumours (with the statuses asked for), by code, with their quiz and barometer codes."""
    sql, params = "SELECT * FROM rumours", []
    if statuses is not None:
        wanted = list(statuses)
        sql += f" WHERE status IN ({_in(wanted)})"  # noqa: S608 (placeholders only)
        params = wanted
    rows = [dict(r) for r in db.query(sql + " ORDER BY code", params)]
    measures: dict[int, dict[str, list[str]]] = {}
    for rid, kind, code in db.execute(
            "SELECT rumour_id, kind, code FROM rumour_measures ORDER BY rumour_id, kind, code"):
        measures.setdefault(rid, {"quiz": [], "barometer": []})[kind].append(code)
    for r in rows:
        r.update(measures.get(r["id"], {"quiz": [], "barometer": []}))
    return rows


def get_rumour(db: Database, rumour_id: int) -> dict[str, Any]:
    """One rumour with its measures and facts; NotFound when missing."""
    found = [r for r in db.query("SELECT * FROM rumours WHERE id = ?", [rumour_id])]
    if not found:
        raise NotFound(value=rumour_id)
    rumour = dict(found[0])
    rumour["quiz"], rumour["barometer"] = [], []
    for kind, code in db.execute(
            "SELECT kind, code FROM rumour_measures WHERE rumour_id = ? ORDER BY code", [rumour_id]):
        rumour[kind].append(code)
    rumour["facts"] = facts(db, [rumour_id]).get(rumour_id, [])
    return rumour


def rumour_by_code(db: Database, code: str) -> dict[str, Any] | None:
    """The rumour with this code (any case), or None."""
    row = db.execute("SELECT id FROM rumours WHERE code = ?", [code.strip()]).fetchone()
    return get_rumour(db, row[0]) if row else None


def code_ids(db: Database) -> dict[str, int]:
    """Every rumour code (upper case) -> id, whatever its status (imports name old codes too)."""
    return {c.upper(): i for i, c in db.execute("SELECT id, code FROM rumours")}


def facts(db: Database, rumour_ids: Iterable[int] | None = None) -> dict[int, list[dict[str, Any]]]:
    """The facts per rumour, in order."""
    sql, params = "SELECT * FROM rumour_facts", []
    if rumour_ids is not None:
        ids = list(rumour_ids)
        sql += f" WHERE rumour_id IN ({_in(ids)})"  # noqa: S608
        params = ids
    out: dict[int, list[dict[str, Any]]] = {}
    for r in db.query(sql + " ORDER BY rumour_id, position, id", params):
        out.setdefault(r["rumour_id"], []).append(dict(r))
    return out


def save_rumour(db: Database, rumour_id: int | None, record: dict[str, Any]) -> int:
    """Insert or update a rumour and its measures (inside the caller's transaction)."""
    measures = {k: record.pop(k) for k in ("quiz", "barometer")}
    if rumour_id is None:
        rumour_id = db["rumours"].insert(record).last_pk
    else:
        db["rumours"].update(rumour_id, record)
    db.execute("DELETE FROM rumour_measures WHERE rumour_id = ?", [rumour_id])
    db["rumour_measures"].insert_all({"rumour_id": rumour_id, "kind": kind, "code": code}
                                     for kind, codes in measures.items() for code in codes)
    return rumour_id


def add_fact(db: Database, rumour_id: int, record: dict[str, Any]) -> int:
    """Append a fact to a rumour."""
    position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM rumour_facts "
                          "WHERE rumour_id = ?", [rumour_id]).fetchone()[0]
    return db["rumour_facts"].insert({**record, "rumour_id": rumour_id,
                                      "position": position}).last_pk


def action_district(db: Database, action_id: int) -> dict[str, Any]:
    """An action's id, district, date, title and people reached; NotFound when missing."""
    rows = [dict(r) for r in db.query(
        "SELECT id, district_id, date, title, people_reached FROM actions WHERE id = ?",
        [action_id])]
    if not rows:
        raise NotFound(value=action_id)
    return rows[0]


def action_rumour_ids(db: Database, action_id: int) -> list[int]:
    """The rumours an action addresses."""
    return [r[0] for r in db.execute(
        "SELECT rumour_id FROM action_rumours WHERE action_id = ? ORDER BY rumour_id", [action_id])]


def save_action_rumours(db: Database, action_id: int, rumour_ids: Iterable[int]) -> None:
    """Replace the rumours an action addresses (inside the caller's transaction)."""
    db.execute("DELETE FROM action_rumours WHERE action_id = ?", [action_id])
    db["action_rumours"].insert_all({"action_id": action_id, "rumour_id": r}
                                    for r in dict.fromkeys(rumour_ids))


def codes_by_action(db: Database, action_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    """Action id -> codes of the rumours it addresses."""
    sql = ("SELECT l.action_id, r.code FROM action_rumours l JOIN rumours r ON r.id = l.rumour_id")
    params: list[Any] = []
    if action_ids is not None:
        ids = list(action_ids)
        sql += f" WHERE l.action_id IN ({_in(ids)})"  # noqa: S608
        params = ids
    out: dict[int, list[str]] = {}
    for action_id, code in db.execute(sql + " ORDER BY l.action_id, r.code", params):
        out.setdefault(action_id, []).append(code)
    return out


def insert_heard(db: Database, row: dict[str, Any]) -> int:
    return db["rumour_heard"].insert(row).last_pk


def reports_through_link(db: Database, agent_id: int) -> int:
    """How many residents' reports came through this agent's share link."""
    return db.execute("SELECT count(*) FROM rumour_heard WHERE ref_agent_id = ? "
                      "AND source = 'public'", [agent_id]).fetchone()[0]


def untriaged(db: Database, district_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Reports of rumours not in the catalogue, waiting for a coordinator, newest first."""
    ids = list(district_ids)
    return [dict(r) for r in db.query(
        f"""SELECT id, new_text, district_id, barrio, channel, heard_on, frequency, demo
            FROM rumour_heard WHERE rumour_id IS NULL AND triage = ''
              AND district_id IN ({_in(ids)}) ORDER BY heard_on DESC, id DESC""", ids)]  # noqa: S608


def heard_row(db: Database, heard_id: int) -> dict[str, Any]:
    rows = [dict(r) for r in db.query("SELECT * FROM rumour_heard WHERE id = ?", [heard_id])]
    if not rows:
        raise NotFound(value=heard_id)
    return rows[0]


def recent_heard(db: Database, district_ids: Iterable[int], limit: int = 50) -> list[dict[str, Any]]:
    """The latest heard reports in some districts (no reporter), newest first."""
    ids = list(district_ids)
    return [dict(r) for r in db.query(
        f"""SELECT h.id, h.heard_on, h.district_id, h.barrio, h.channel, h.frequency,
                   r.code, h.new_text, h.triage
            FROM rumour_heard h LEFT JOIN rumours r ON r.id = h.rumour_id
            WHERE h.district_id IN ({_in(ids)}) ORDER BY h.heard_on DESC, h.id DESC
            LIMIT ?""", [*ids, limit])]  # noqa: S608


def heard_sums(db: Database, start: str | None, end: str | None, recent_from: str,
               before_from: str, district_ids: Iterable[int] | None = None
               ) -> list[dict[str, Any]]:
    """Per rumour and district: heard reports in the period, last seen, and reports in the
    recent half year and the half year before (for the trend)."""
    dated, values = period_clauses("h.heard_on", start, end)
    clauses = ["h.rumour_id IS NOT NULL", *dated]
    params = [recent_from, before_from, recent_from, *values]
    if district_ids is not None:
        ids = list(district_ids)
        clauses.append(f"h.district_id IN ({_in(ids)})")
        params += ids
    sql = f"""SELECT h.rumour_id, h.district_id, count(*) AS heard, max(h.heard_on) AS last_seen,
                     sum(h.heard_on >= ?) AS recent,
                     sum(h.heard_on >= ? AND h.heard_on < ?) AS before
              FROM rumour_heard h WHERE {' AND '.join(clauses)}
              GROUP BY h.rumour_id, h.district_id"""  # noqa: S608 (fixed clauses)
    return [dict(r) for r in db.query(sql, params)]


def answered_sums(db: Database, start: str | None, end: str | None) -> list[dict[str, Any]]:
    """Per rumour and district: actions addressing it in the period and people reached."""
    clauses, params = period_clauses("a.date", start, end)
    clauses.insert(0, "1 = 1")
    sql = f"""SELECT l.rumour_id, a.district_id, count(*) AS actions,
                     coalesce(sum(a.people_reached), 0) AS reached
              FROM action_rumours l JOIN actions a ON a.id = l.action_id
              WHERE {' AND '.join(clauses)} GROUP BY l.rumour_id, a.district_id"""  # noqa: S608
    return [dict(r) for r in db.query(sql, params)]


def barometer_agreement_sums(db: Database, items: Iterable[str]) -> list[tuple]:
    """Per wave, district and statement: respondents, sum w, sum w^2 and the weight of those
    who agree (4 or 5 on the 1-5 scale), over valid weighted responses of closed waves."""
    codes = list(items)
    return db.execute(
        f"""SELECT r.wave_id, r.district_id, a.item, count(*), total(r.weight),
                   total(r.weight * r.weight), total(CASE WHEN a.value >= 4 THEN r.weight END)
            FROM barometer_answers a JOIN barometer_responses r ON r.id = a.response_id
            JOIN barometer_waves w ON w.id = r.wave_id
            WHERE w.status = 'closed' AND r.valid = 1 AND r.weight IS NOT NULL AND a.item IN ({_in(codes)})
            GROUP BY 1, 2, 3""", codes).fetchall()  # noqa: S608


def waves(db: Database) -> dict[int, dict[str, Any]]:
    """Barometer waves by id (label, year)."""
    return {r["id"]: dict(r) for r in db.query("SELECT id, label, year FROM barometer_waves")}


def closeout(db: Database, action_id: int) -> dict[str, Any] | None:
    """An action's close-out with the rumours heard there, or None."""
    rows = [dict(r) for r in db.query("SELECT * FROM action_closeouts WHERE action_id = ?",
                                      [action_id])]
    if not rows:
        return None
    rows[0]["heard_ids"] = [r[0] for r in db.execute(
        "SELECT rumour_id FROM rumour_heard WHERE action_id = ? AND channel = 'action' "
        "ORDER BY rumour_id", [action_id])]
    return rows[0]


def district_actions(db: Database, district_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """A district's latest actions with whether they are closed out."""
    return [dict(r) for r in db.query(
        """SELECT a.id, a.date, a.title, a.people_reached,
                  EXISTS (SELECT 1 FROM action_closeouts c WHERE c.action_id = a.id) AS closed
           FROM actions a WHERE a.district_id = ? ORDER BY a.date DESC, a.id DESC LIMIT ?""",
        [district_id, limit])]


def save_closeout(db: Database, action_id: int, record: dict[str, Any], action_date: str,
                  district_id: int, user_id: int | None) -> None:
    """Replace an action's close-out and the rumours heard there (caller's transaction)."""
    heard = record.pop("heard_ids")
    db["action_closeouts"].upsert({**record, "action_id": action_id, "closed_by": user_id},
                                  pk="action_id")
    db.execute("DELETE FROM rumour_heard WHERE action_id = ? AND channel = 'action'", [action_id])
    db["rumour_heard"].insert_all({
        "rumour_id": r, "district_id": district_id, "channel": "action",
        "heard_on": action_date, "frequency": "once", "action_id": action_id,
        "reported_by": user_id} for r in heard)


def populations(db: Database) -> list[dict[str, Any]]:
    """Every known population figure with its year and source (district_id None: the city)."""
    return [dict(r) for r in db.query(
        "SELECT district_id, year, value, source FROM populations ORDER BY year DESC")]


def feedback_actions(db: Database, agent_id: int) -> list[dict[str, Any]]:
    """Closed-out actions an agent took part in, newest first, with the agent's answers."""
    return [dict(r) for r in db.query(
        """SELECT a.id, a.date, a.title, f.went, f.change
           FROM action_agents l JOIN actions a ON a.id = l.action_id
           JOIN action_closeouts c ON c.action_id = a.id
           LEFT JOIN action_feedback f ON f.action_id = a.id AND f.agent_id = l.agent_id
           WHERE l.agent_id = ? ORDER BY a.date DESC, a.id DESC LIMIT 50""", [agent_id])]


def took_part(db: Database, action_id: int, agent_id: int) -> bool:
    return db.execute("SELECT 1 FROM action_agents WHERE action_id = ? AND agent_id = ?",
                      [action_id, agent_id]).fetchone() is not None


def save_feedback(db: Database, action_id: int, agent_id: int, record: dict[str, Any]) -> None:
    db["action_feedback"].upsert({**record, "action_id": action_id, "agent_id": agent_id},
                                 pk=("action_id", "agent_id"))


def feedback_summary(db: Database, action_id: int) -> dict[str, Any]:
    """How the agents who answered say an action went (counts) and what they would change
    (texts, without who wrote them)."""
    counts = dict.fromkeys(("well", "mixed", "badly"), 0)
    changes = []
    for went, change in db.execute("SELECT went, change FROM action_feedback WHERE action_id = ? "
                                   "ORDER BY created_at", [action_id]):
        counts[went] += 1
        if change:
            changes.append(change)
    return {"counts": counts, "changes": changes}
