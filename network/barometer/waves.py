"""Waves: a round of fieldwork (label, year, dates, mode, target per district), opened and closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from network.core import permissions, textcheck
from network.core.errors import NetworkError, NotFound, Problem, ValidationFailed
from network.core.storage import write

MODES = ("online", "face_to_face")
STATUSES = ("draft", "open", "closed")
MAX_LABEL = 60


@dataclass(frozen=True)
class Wave:
    id: int
    label: str
    year: int
    fieldwork_start: str
    fieldwork_end: str
    mode: str
    target_per_district: int
    status: str
    weighting: str
    demo: bool


_COLUMNS = ("id, label, year, fieldwork_start, fieldwork_end, mode, target_per_district, status, "
            "weighting, demo")


def _wave(row: Any) -> Wave:
    return Wave(*row[:9], bool(row[9]))


def list_waves(db: Database) -> list[Wave]:
    """Every wave, oldest first (by year, then start date)."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM barometer_waves "  # noqa: S608 (constant columns)
                      "ORDER BY year, fieldwork_start, id").fetchall()
    return [_wave(r) for r in rows]


def get_wave(db: Database, wave_id: int) -> Wave:
    """One wave by id, or NotFound."""
    row = db.execute(f"SELECT {_COLUMNS} FROM barometer_waves WHERE id = ?",  # noqa: S608
                     [wave_id]).fetchone()
    if row is None:
        raise NotFound()
    return _wave(row)


def wave_by_label(db: Database, label: str) -> Wave:
    """One wave by its label (case-insensitive), or a translated error naming the label."""
    row = db.execute(f"SELECT {_COLUMNS} FROM barometer_waves WHERE label = ?",  # noqa: S608
                     [label.strip()]).fetchone()
    if row is None:
        raise NetworkError("barometer.error.unknown_wave", label=label)
    return _wave(row)


def open_wave(db: Database) -> Wave | None:
    """The wave taking survey answers now, if any."""
    row = db.execute(f"SELECT {_COLUMNS} FROM barometer_waves "  # noqa: S608
                     "WHERE status = 'open'").fetchone()
    return _wave(row) if row else None


def _parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def validate_wave(db: Database, fields: dict[str, Any]) -> list[Problem]:
    """Every problem with a new wave's fields."""
    problems = []
    label = fields.get("label")
    label = label.strip() if isinstance(label, str) else ""
    if not label or len(label) > MAX_LABEL:
        problems.append(Problem("label", "barometer.error.label_length", {"max": MAX_LABEL}))
    elif textcheck.has_control(label):
        problems.append(Problem("label", "input.error.label_control"))
    elif db.execute("SELECT 1 FROM barometer_waves WHERE label = ?", [label]).fetchone():
        problems.append(Problem("label", "barometer.error.label_taken", {"label": label}))
    year = fields.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(Problem("year", "error.year_range"))
    start, end = _parse_date(fields.get("fieldwork_start")), _parse_date(fields.get("fieldwork_end"))
    if start is None or end is None:
        problems.append(Problem("fieldwork", "barometer.error.dates_required"))
    elif end < start:
        problems.append(Problem("fieldwork", "barometer.error.dates_order"))
    if fields.get("mode") not in MODES:
        problems.append(Problem("mode", "barometer.error.mode"))
    target = fields.get("target_per_district")
    if isinstance(target, bool) or not isinstance(target, int) or not 1 <= target <= 100000:
        problems.append(Problem("target", "barometer.error.target"))
    return problems


def create_wave(db: Database, user: Any, fields: dict[str, Any], system: bool = False) -> int:
    """Create a wave (as a draft); returns its id. `system=True` is for the CLI, run by the
    server's operator."""
    if not system:
        permissions.require(user, "barometer.manage")
    problems = validate_wave(db, fields)
    if problems:
        raise ValidationFailed(problems)
    record = {
        "label": fields["label"].strip(), "year": fields["year"],
        "fieldwork_start": _parse_date(fields["fieldwork_start"]).isoformat(),
        "fieldwork_end": _parse_date(fields["fieldwork_end"]).isoformat(),
        "mode": fields["mode"], "target_per_district": fields["target_per_district"],
        "status": "draft", "created_by": getattr(user, "id", None),
    }

    def insert(db: Database) -> int:
        wave_id = db["barometer_waves"].insert(record).last_pk
        permissions.audit(db, user, "create", "barometer_waves", wave_id)
        return wave_id

    return write(db, insert)


def has_supplied_weights(db: Database, wave_id: int) -> bool:
    """True when the wave's data came with their own weights (it then takes no survey answers)."""
    return db.execute("SELECT 1 FROM barometer_responses WHERE wave_id = ? "
                      "AND supplied_weight IS NOT NULL LIMIT 1", [wave_id]).fetchone() is not None


def set_status(db: Database, user: Any, wave_id: int, status: str) -> None:
    """Open a wave for the public survey (one at a time) or close it."""
    permissions.require(user, "barometer.manage")
    if status not in ("open", "closed"):
        raise ValidationFailed([Problem("status", "barometer.error.status")])

    def update(db: Database) -> None:
        wave = get_wave(db, wave_id)
        if status == "open":
            other = open_wave(db)
            if other is not None and other.id != wave_id:
                raise NetworkError("barometer.error.another_open", label=other.label)
            if has_supplied_weights(db, wave_id):
                raise NetworkError("barometer.error.open_supplied", label=wave.label)
        db.execute("UPDATE barometer_waves SET status = ? WHERE id = ?", [status, wave_id])
        permissions.audit(db, user, status, "barometer_waves", wave_id)

    write(db, update)


def progress(db: Database) -> list[dict[str, Any]]:
    """Valid and flagged responses per wave and district (for fieldwork progress)."""
    return [dict(r) for r in db.query(
        """SELECT wave_id, district_id, sum(valid) AS valid, sum(1 - valid) AS flagged
           FROM barometer_responses GROUP BY wave_id, district_id""")]
