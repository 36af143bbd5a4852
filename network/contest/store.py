"""The contest's named SQL queries (the only place with its SQL). Queries that serve the jury
read contest_works only; author data is read by name, in the functions that say so."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

WORK_FIELDS = ("id", "contest_id", "receipt", "title", "body", "words", "age_group", "language",
               "source", "flags", "submitted_at")


def _contest(row: Any) -> dict[str, Any]:
    out = dict(row)
    out["age_groups"] = json.loads(out["age_groups"])
    out["languages"] = json.loads(out["languages"])
    return out


def contests(db: Database) -> list[dict[str, Any]]:
    """Every call, newest year first."""
    return [_contest(r) for r in db.query("SELECT * FROM contests ORDER BY year DESC")]


def contest(db: Database, contest_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM contests WHERE id = ?", [contest_id]))
    return _contest(rows[0]) if rows else None


def contest_for_year(db: Database, year: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM contests WHERE year = ?", [year]))
    return _contest(rows[0]) if rows else None


def save_contest(db: Database, row: dict[str, Any]) -> int:
    """Insert or update the call of row['year']; returns its id."""
    values = {**row, "age_groups": json.dumps(row["age_groups"]),
              "languages": json.dumps(row["languages"])}
    existing = db.execute("SELECT id FROM contests WHERE year = ?", [row["year"]]).fetchone()
    if existing:
        db["contests"].update(existing[0], values)
        return existing[0]
    return db["contests"].insert(values).last_pk


def set_published(db: Database, contest_id: int, at: str | None) -> None:
    db.execute("UPDATE contests SET published_at = ? WHERE id = ?", [at, contest_id])


def jurors(db: Database, contest_id: int) -> list[dict[str, Any]]:
    """The contest's jurors (id, username)."""
    return [dict(r) for r in db.query(
        """SELECT u.id, u.username FROM contest_jurors j JOIN users u ON u.id = j.user_id
           WHERE j.contest_id = ? ORDER BY u.username""", [contest_id])]


def jury_accounts(db: Database) -> list[dict[str, Any]]:
    """Active accounts with the jury role."""
    return [dict(r) for r in db.query(
        "SELECT id, username FROM users WHERE role = 'jury' AND active = 1 ORDER BY username")]


def set_jurors(db: Database, contest_id: int, user_ids: list[int]) -> None:
    db.execute("DELETE FROM contest_jurors WHERE contest_id = ?", [contest_id])
    db["contest_jurors"].insert_all({"contest_id": contest_id, "user_id": u} for u in user_ids)


def is_juror(db: Database, contest_id: int, user_id: int) -> bool:
    return db.execute("SELECT 1 FROM contest_jurors WHERE contest_id = ? AND user_id = ?",
                      [contest_id, user_id]).fetchone() is not None


def hash_taken(db: Database, contest_id: int, text_hash: str) -> bool:
    return db.execute("SELECT 1 FROM contest_works WHERE contest_id = ? AND text_hash = ?",
                      [contest_id, text_hash]).fetchone() is not None


def receipt_taken(db: Database, receipt: str) -> bool:
    return db.execute("SELECT 1 FROM contest_works WHERE receipt = ?", [receipt]).fetchone() is not None


def insert_work(db: Database, work: dict[str, Any], author: dict[str, Any],
                pseudonym: str) -> int:
    """The work, its author and (if given) pseudonym: three tables, one caller's transaction."""
    work_id = db["contest_works"].insert(work).last_pk
    db["contest_authors"].insert({**author, "work_id": work_id})
    if pseudonym:
        db["contest_pseudonyms"].insert({"work_id": work_id, "pseudonym": pseudonym})
    return work_id


def work_by_receipt(db: Database, receipt: str) -> dict[str, Any] | None:
    """Status of a receipt: year, title, category, date, flags, winner and publication."""
    rows = list(db.query(
        """SELECT w.id, w.title, w.age_group, w.language, w.submitted_at, w.flags, c.year,
                  c.closes_on, c.published_at, (n.work_id IS NOT NULL) AS winner
           FROM contest_works w JOIN contests c ON c.id = w.contest_id
           LEFT JOIN contest_winners n ON n.work_id = w.id WHERE w.receipt = ?""", [receipt]))
    return dict(rows[0]) if rows else None


def works(db: Database, contest_id: int, include_flagged: bool = False) -> list[dict[str, Any]]:
    """The contest's works as the jury may read them (no author data)."""
    sql = f"SELECT {', '.join(WORK_FIELDS)} FROM contest_works WHERE contest_id = ?"  # noqa: S608
    if not include_flagged:
        sql += " AND flags = ''"
    return [dict(r) for r in db.query(sql + " ORDER BY id", [contest_id])]


def work(db: Database, work_id: int) -> dict[str, Any] | None:
    rows = list(db.query(f"SELECT {', '.join(WORK_FIELDS)} FROM contest_works "  # noqa: S608
                         "WHERE id = ?", [work_id]))
    return dict(rows[0]) if rows else None


def scores(db: Database, contest_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        """SELECT s.work_id, s.juror_id, s.quality, s.clarity, s.originality, s.comment,
                  s.scored_at FROM contest_scores s JOIN contest_works w ON w.id = s.work_id
           WHERE w.contest_id = ? AND w.flags = ''""", [contest_id])]


def juror_scores(db: Database, contest_id: int, juror_id: int) -> dict[int, dict[str, Any]]:
    return {r["work_id"]: r for r in scores(db, contest_id) if r["juror_id"] == juror_id}


def upsert_score(db: Database, row: dict[str, Any]) -> None:
    db.execute(
        """INSERT INTO contest_scores (work_id, juror_id, quality, clarity, originality, comment,
                                       scored_at)
           VALUES (:work_id, :juror_id, :quality, :clarity, :originality, :comment,
                   strftime('%Y-%m-%dT%H:%M:%S', 'now'))
           ON CONFLICT (work_id, juror_id) DO UPDATE SET quality = excluded.quality,
             clarity = excluded.clarity, originality = excluded.originality,
             comment = excluded.comment, scored_at = excluded.scored_at""", row)


def conflicts(db: Database, contest_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        """SELECT c.work_id, c.juror_id FROM contest_conflicts c
           JOIN contest_works w ON w.id = c.work_id WHERE w.contest_id = ?""", [contest_id])]


def declare_conflict(db: Database, work_id: int, juror_id: int) -> None:
    db.execute("INSERT OR IGNORE INTO contest_conflicts (work_id, juror_id) VALUES (?, ?)",
               [work_id, juror_id])
    db.execute("DELETE FROM contest_scores WHERE work_id = ? AND juror_id = ?",
               [work_id, juror_id])


def winners(db: Database, contest_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(
        "SELECT work_id, age_group FROM contest_winners WHERE contest_id = ?", [contest_id])]


def confirmed_groups(db: Database, contest_id: int) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT age_group FROM contest_confirmed WHERE contest_id = ? ORDER BY age_group",
        [contest_id])]


def confirm_winners(db: Database, contest_id: int, age_group: str, work_ids: list[int],
                    user_id: int | None) -> None:
    db.execute("DELETE FROM contest_winners WHERE contest_id = ? AND age_group = ?",
               [contest_id, age_group])
    db["contest_winners"].insert_all({"work_id": w, "contest_id": contest_id,
                                      "age_group": age_group, "confirmed_by": user_id}
                                     for w in work_ids)
    db.execute("INSERT OR REPLACE INTO contest_confirmed (contest_id, age_group, confirmed_by)"
               " VALUES (?, ?, ?)", [contest_id, age_group, user_id])


def winner_authors(db: Database, contest_id: int) -> list[dict[str, Any]]:
    """AUTHOR DATA: the confirmed winners with their authors (staff only, after confirmation)."""
    return [dict(r) for r in db.query(
        """SELECT w.id AS work_id, w.receipt, w.title, w.body, w.age_group, w.language,
                  a.name, a.contact, a.age_band, a.district_id, a.publish_as,
                  coalesce(p.pseudonym, '') AS pseudonym
           FROM contest_winners n JOIN contest_works w ON w.id = n.work_id
           JOIN contest_authors a ON a.work_id = w.id
           LEFT JOIN contest_pseudonyms p ON p.work_id = w.id
           JOIN contest_confirmed c ON c.contest_id = n.contest_id AND c.age_group = n.age_group
           WHERE n.contest_id = ? ORDER BY w.age_group, w.title COLLATE NOCASE, w.id""",
        [contest_id])]


def figure_rows(db: Database) -> list[dict[str, Any]]:
    """AUTHOR DATA (coarse): per unflagged work its year, category, language, district and
    age band, for counts only."""
    return [dict(r) for r in db.query(
        """SELECT c.year, w.age_group, w.language, a.district_id, a.age_band
           FROM contest_works w JOIN contests c ON c.id = w.contest_id
           JOIN contest_authors a ON a.work_id = w.id WHERE w.flags = ''""")]


def held_works(db: Database, contest_id: int) -> list[dict[str, Any]]:
    """Works the abuse guards flagged (no author data): id, title, flags, date."""
    return [dict(r) for r in db.query(
        """SELECT id, title, flags, submitted_at FROM contest_works
           WHERE contest_id = ? AND flags != '' ORDER BY id""", [contest_id])]


def admit(db: Database, work_id: int) -> None:
    db.execute("UPDATE contest_works SET flags = '' WHERE id = ?", [work_id])
