"""Export of attempts and answers as CSV: one row per answer, with translated headers.

Client hashes never leave the database; flagged attempts are included with their flags (audit).
Each answer carries its item's full reference (publisher, title, date, link) in the language.
"""

from __future__ import annotations

from sqlite_utils import Database

from network.core import csvio, i18n, permissions
from network.core.permissions import User
from network.quiz import content, sources

COLUMNS = (
    "attempt", "finished_on", "content_version", "language", "district", "age_band",
    "agent", "action", "score", "max_score", "mean_abs_gap", "flags", "item", "kind",
    "choice", "estimate", "truth", "correct", "gap", "source", "demo",
)


def references(db: Database, lang: str) -> dict[int, str]:
    """The full reference of every item of every version, by item id, in `lang`."""
    version_ids = [r[0] for r in db.execute("SELECT id FROM quiz_versions")]
    return {i.id: sources.reference_text(i, lang) for v in version_ids
            for i in content.items_for_version(db, v)}


def export_rows(db: Database, lang: str = "en") -> list[tuple]:
    """Every answer with its attempt, oldest first (district as its official number), and
    the reference of the item's source in `lang`."""
    refs = references(db, lang)
    rows = db.execute(
        """SELECT a.id, a.finished_on, v.number, a.lang, d.number, a.age_band, a.agent_id,
                  a.action_id, a.score, a.max_score, round(a.mean_abs_gap, 3), a.flags, i.code,
                  i.kind, x.choice, x.estimate, i.truth, x.correct, round(x.gap, 3), i.id, a.demo
           FROM quiz_attempts a JOIN quiz_versions v ON v.id = a.version_id
           LEFT JOIN districts d ON d.id = a.district_id
           JOIN quiz_answers x ON x.attempt_id = a.id JOIN quiz_items i ON i.id = x.item_id
           ORDER BY a.id, i.position""").fetchall()
    return [(*r[:19], refs.get(r[19], ""), r[20]) for r in rows]


def headers(lang: str) -> list[str]:
    """The column headers in a language."""
    return [i18n.translate(f"quiz.csv.{c}", lang) for c in COLUMNS]


def export_csv(db: Database, lang: str = "en") -> bytes:
    """Attempts and answers as CSV bytes (UTF-8 with BOM, formula cells defused).

    Unchecked: the command line (the server's operator); pages call `export_for`."""
    lang = i18n.normalize_language(lang)
    return csvio.to_csv_bytes(headers(lang), export_rows(db, lang))


def export_for(db: Database, user: User | None, lang: str) -> bytes:
    """The export for a signed-in user: staff and admins only (quiz.export)."""
    permissions.require(user, "quiz.export")
    return export_csv(db, lang)
