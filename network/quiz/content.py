"""Quiz content: items in three languages, versioned. An edit publishes a new version."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from network import DATA_DIR
from network.core import permissions, textcheck
from network.core.errors import NotFound, Problem, ValidationFailed
from network.core.i18n import LANGUAGE_NAMES, LANGUAGES
from network.core.storage import write
from network.quiz import sources

SHIPPED_FILE = DATA_DIR / "quiz" / "items.toml"
KINDS = ("myth", "estimate")
MYTH_ANSWERS = ("true", "false")
# The explanation follows the myth-busting order: fact, myth (once), why it is wrong, recap.
# `publisher` and `source` (the title of the publication) are the item's reference in a language.
TEXT_FIELDS = ("title", "statement", "fact", "myth", "why", "recap", "publisher", "source")
EXPLANATION_FIELDS = ("fact", "myth", "why", "recap")
MAX_TEXT = 600
MAX_EVIDENCE = 1000
SHIPPED_NOTE = "shipped"
MIN_ITEMS = 1
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Item:
    """One quiz item; `answer` for myths ('true'/'false'), `truth`/`tolerance` for estimates."""

    code: str
    kind: str
    year: int
    texts: dict[str, dict[str, str]]
    answer: str | None = None
    truth: float | None = None
    tolerance: float | None = None
    id: int | None = None
    position: int = 0
    source_date: str = ""  # the reference's date: YYYY, YYYY-MM or YYYY-MM-DD
    source_url: str = ""  # a link to the publication, '' where none is known
    evidence: str = ""  # what the source states, figures as published (language-neutral)
    historical: bool = False  # states a past rule or figure, not the situation today

    def text(self, lang: str, name: str) -> str:
        """One text field in a language (falls back to Spanish, then English)."""
        return self.text_in(lang, name)[0]

    def text_in(self, lang: str, name: str) -> tuple[str, str]:
        """One text field and the language it is written in: `lang` when translated, else the
        fallback's (so a page can mark text shown in another language, WCAG 3.1.2)."""
        for code in (lang, "es", "en"):
            value = self.texts.get(code, {}).get(name)
            if value:
                return value, code
        return "", lang


def item_from_dict(data: dict[str, Any]) -> Item:
    """An Item from a shipped-file table or a form."""
    texts = {lang: {f: str(data.get(lang, {}).get(f, "") or "").strip() for f in TEXT_FIELDS}
             for lang in LANGUAGES}
    kind = str(data.get("kind", ""))
    return Item(
        code=str(data.get("code", "")).strip(), kind=kind, year=data.get("year"),  # type: ignore[arg-type]
        texts=texts,
        answer=data.get("answer") if kind == "myth" else None,
        truth=_float(data.get("truth")) if kind == "estimate" else None,
        tolerance=_float(data.get("tolerance")) if kind == "estimate" else None,
        source_date=str(data.get("source_date", "") or "").strip(),
        source_url=str(data.get("source_url", "") or "").strip(),
        evidence=str(data.get("evidence", "") or "").strip(),
        historical=bool(data.get("historical", False)),
    )


def _float(value: Any) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def read_shipped(path: Path = SHIPPED_FILE) -> tuple[int, list[Item]]:
    """The shipped content file: its version number and items (validated)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    items = [item_from_dict(d) for d in data.get("items", [])]
    validate_items(items)
    return int(data["version"]), items


def validate_items(items: list[Item]) -> None:
    """Raise ValidationFailed listing every problem of a full item list (one version)."""
    problems: list[Problem] = []
    if len(items) < MIN_ITEMS:
        problems.append(Problem("items", "quiz.error.no_items"))
    codes = [i.code for i in items]
    for n, item in enumerate(items, start=1):
        where = {"n": n}
        if not CODE_PATTERN.match(item.code or ""):
            problems.append(Problem("quiz_code", "quiz.error.code_invalid", where))
        elif codes.count(item.code) > 1:
            problems.append(Problem("quiz_code", "quiz.error.code_duplicate", where))
        if item.kind not in KINDS:
            problems.append(Problem("quiz_kind", "quiz.error.kind_invalid", where))
        if not isinstance(item.year, int) or not 1900 <= item.year <= 2100:
            problems.append(Problem("year", "quiz.error.year_invalid", where))
        if item.kind == "myth" and item.answer not in MYTH_ANSWERS:
            problems.append(Problem("quiz_answer", "quiz.error.answer_missing", where))
        if item.kind == "estimate":
            if item.truth is None or not 0 <= item.truth <= 100:
                problems.append(Problem("quiz_truth", "quiz.error.truth_range", where))
            if item.tolerance is None or not 0 <= item.tolerance <= 50:
                problems.append(Problem("quiz_tolerance", "quiz.error.tolerance_range", where))
        if not sources.DATE_PATTERN.match(item.source_date or ""):
            problems.append(Problem("quiz_source_date", "quiz.error.source_date", where))
        if item.source_url and (not sources.URL_PATTERN.match(item.source_url)
                                or len(item.source_url) > MAX_TEXT):
            problems.append(Problem("quiz_source_url", "quiz.error.source_url", where))
        if not (item.evidence or "").strip():
            problems.append(Problem("quiz_evidence", "quiz.error.evidence_missing", where))
        elif len(item.evidence) > MAX_EVIDENCE or textcheck.has_control(item.evidence,
                                                                         multiline=True):
            problems.append(Problem("quiz_evidence", "quiz.error.evidence_invalid",
                                    {**where, "max": MAX_EVIDENCE}))
        for lang in LANGUAGES:
            for name in TEXT_FIELDS:
                value = item.texts.get(lang, {}).get(name, "")
                if not value.strip():
                    problems.append(Problem(f"quiz_{name}", "quiz.error.text_missing",
                                            {**where, "lang": LANGUAGE_NAMES[lang]}))
                elif len(value) > MAX_TEXT:
                    problems.append(Problem(f"quiz_{name}", "quiz.error.text_too_long",
                                            {**where, "lang": LANGUAGE_NAMES[lang], "max": MAX_TEXT}))
                elif textcheck.has_control(value, multiline=name != "title"):
                    problems.append(Problem(f"quiz_{name}", "input.error.control_multiline"
                                            if name != "title" else "input.error.control"))
    if problems:
        raise ValidationFailed(problems)


def _item_row(version_id: int, position: int, i: Item) -> dict[str, Any]:
    return {"version_id": version_id, "position": position, "code": i.code, "kind": i.kind,
            "answer": i.answer, "truth": i.truth, "tolerance": i.tolerance, "year": i.year,
            "texts": json.dumps(i.texts, ensure_ascii=False), "source_date": i.source_date,
            "source_url": i.source_url, "evidence": i.evidence, "historical": int(i.historical)}


def _insert_version(db: Database, number: int, items: list[Item], note: str,
                    user_id: int | None) -> int:
    version_id = db["quiz_versions"].insert(
        {"number": number, "note": note, "created_by": user_id}).last_pk
    # m002 loads the shipped file before m004 adds the reference columns: write what exists.
    columns = set(db["quiz_items"].columns_dict)
    db["quiz_items"].insert_all(
        {k: v for k, v in _item_row(version_id, pos, i).items() if k in columns}
        for pos, i in enumerate(items, start=1)
    )
    return version_id


def load_shipped(db: Database, path: Path = SHIPPED_FILE) -> int | None:
    """Load the shipped file as version 1 when the database has no content (inside a transaction)."""
    if db.execute("SELECT 1 FROM quiz_versions LIMIT 1").fetchone():
        return None
    _, items = read_shipped(path)
    return _insert_version(db, 1, items, SHIPPED_NOTE, None)


def _same_content(a: Item, b: Item) -> bool:
    return (a.code, a.kind, a.answer, a.truth, a.tolerance, a.year, a.texts) == (
        b.code, b.kind, b.answer, b.truth, b.tolerance, b.year, b.texts)


def refresh_shipped(db: Database, path: Path = SHIPPED_FILE) -> int | None:
    """Bring untouched shipped content up to the shipped file (inside a migration).

    Content that staff have edited is left alone. Shipped content equal to the file gets the
    reference fields in place; older shipped content becomes a new version, so attempts keep
    the text they answered. Returns the id of a new version, if one was made."""
    row = db.execute("SELECT id, note, created_by FROM quiz_versions ORDER BY number DESC"
                     " LIMIT 1").fetchone()
    if row is None or row[1] != SHIPPED_NOTE or row[2] is not None:
        return None
    _, shipped = read_shipped(path)
    current = items_for_version(db, row[0])
    if len(current) == len(shipped) and all(map(_same_content, current, shipped)):
        for old, new in zip(current, shipped, strict=True):
            db["quiz_items"].update(old.id, {k: v for k, v in _item_row(row[0], old.position, new)
                                             .items() if k not in ("version_id", "position")})
        return None
    number = db.execute("SELECT max(number) + 1 FROM quiz_versions").fetchone()[0]
    return _insert_version(db, number, shipped, SHIPPED_NOTE, None)


def current_version(db: Database) -> int | None:
    """The id of the newest content version (None on a database without content)."""
    row = db.execute("SELECT id FROM quiz_versions ORDER BY number DESC LIMIT 1").fetchone()
    return row[0] if row else None


_ITEM_COLUMNS = ("i.id, i.position, i.code, i.kind, i.answer, i.truth, i.tolerance, i.year, i.texts,"
                 " i.source_date, i.source_url, i.evidence, i.historical")


def _item(row: Any) -> Item:
    return Item(code=row[2], kind=row[3], answer=row[4], truth=row[5], tolerance=row[6],
                year=row[7], texts=json.loads(row[8]), id=row[0], position=row[1],
                source_date=row[9], source_url=row[10], evidence=row[11],
                historical=bool(row[12]))


def items_for_version(db: Database, version_id: int) -> list[Item]:
    """The items of one version, in order."""
    rows = db.execute(f"SELECT {_ITEM_COLUMNS} FROM quiz_items i"  # noqa: S608
                      " WHERE i.version_id = ? ORDER BY i.position", [version_id]).fetchall()
    return [_item(r) for r in rows]


def latest_items_by_code(db: Database) -> dict[str, Item]:
    """Every item code ever published with its newest text: current items first, then retired."""
    rows = db.execute(
        f"SELECT {_ITEM_COLUMNS}, v.number FROM quiz_items i"  # noqa: S608
        " JOIN quiz_versions v ON v.id = i.version_id ORDER BY v.number, i.position").fetchall()
    newest = {r[2]: r for r in rows}
    ordered = sorted(newest.values(), key=lambda r: (-r[13], r[1]))
    return {r[2]: _item(r) for r in ordered}


def versions(db: Database) -> list[dict[str, Any]]:
    """Every content version with its author, item count and how many attempts answered it."""
    return [dict(r) for r in db.query(
        """SELECT v.id, v.number, v.note, v.created_at, u.username AS created_by,
                  (SELECT count(*) FROM quiz_items i WHERE i.version_id = v.id) AS items,
                  (SELECT count(*) FROM quiz_attempts a WHERE a.version_id = v.id) AS attempts
           FROM quiz_versions v LEFT JOIN users u ON u.id = v.created_by
           ORDER BY v.number DESC""")]


def new_code(items: list[Item]) -> str:
    """A code for an added item, unique within `items`."""
    taken = {i.code for i in items}
    n = len(items) + 1
    while f"item_{n}" in taken:
        n += 1
    return f"item_{n}"


def publish_version(db: Database, user: Any, items: list[Item], note: str = "") -> int:
    """Publish `items` as a new content version (staff); returns its id. Old attempts keep theirs."""
    permissions.require(user, "quiz.edit")
    items = [replace(i, id=None) for i in items]
    validate_items(items)

    def publish(db: Database) -> int:
        number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM quiz_versions").fetchone()[0]
        version_id = _insert_version(db, number, items, (note or "").strip()[:200], user.id)
        permissions.audit(db, user, "publish", "quiz_versions", version_id)
        return version_id

    return write(db, publish)


def edited(items: list[Item], code: str, new: Item | None) -> list[Item]:
    """The item list with `code` replaced by `new` (None removes it; an unknown code appends)."""
    if code not in {i.code for i in items}:
        if new is None:
            raise NotFound(what=code)
        return [*items, new]
    return [new if i.code == code else i for i in items if not (i.code == code and new is None)]
