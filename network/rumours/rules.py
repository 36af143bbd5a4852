"""Pure rules of the rumour catalogue: validation of rumours, facts, heard reports and
close-outs, the personal-data warning, trends, and the board's cells with disclosure control."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from network.core import disclosure, textcheck
from network.core.errors import Problem
from network.core.privacy import PUBLIC_MIN_COUNT

LANGS = ("es", "eu", "en")
# Barcelona's four areas (beteve.cat); staff add their own themes (rumour_themes).
THEMES = ("social_health", "trade_taxes", "coexistence", "labour")
STATUSES = ("proposed", "active", "dormant", "retired")
CHANNELS = ("street", "school", "shop", "social_media", "workplace", "family")
CLOSEOUT_CHANNEL = "action"  # rumours heard at an action, from its close-out
FREQUENCIES = ("once", "sometimes", "often")
FEEDBACK = ("well", "mixed", "badly")  # "How did the action go?"
MAX_FEEDBACK = 500  # "What would you change?"
MIN_DATE = date(2013, 1, 1)  # Bilbao's Anti-Rumour Strategy began in 2013
MAX_CODE, MAX_STATEMENT, MAX_ARGUMENT, MAX_FACT = 20, 300, 2000, 1000
MAX_NEW_TEXT, MAX_BARRIO, MAX_CLOSEOUT_TEXT, MAX_ATTENDANCE = 500, 120, 2000, 1_000_000
MIN_COUNT = PUBLIC_MIN_COUNT  # heard reports and people reached under this are hidden
TREND_DAYS = 182  # the trend compares the last half year with the half year before
CODE_RE = re.compile(r"^[A-Za-z0-9_-]+$")

# Personal data someone might type about who said a rumour: an e-mail, a phone number, or a
# full name (two capitalised words together that do not start a sentence).
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PHONE_RE = re.compile(r"(?<![\w.,])\+?\d[\d .()-]{7,}\d(?!\w)")
NAME_RE = re.compile(r"(?<![.!?¿¡:\n]\s)(?<!^)\b[A-ZÁÉÍÓÚÑÜ][a-záéíóúñü]+\s+"
                     r"[A-ZÁÉÍÓÚÑÜ][a-záéíóúñü]+")


def personal_data(text: str) -> list[str]:
    """What looks like personal data in free text: 'email', 'phone', 'name' (a warning, not a
    refusal: the form asks to remove it)."""
    text = text or ""
    found = []
    if EMAIL_RE.search(text):
        found.append("email")
    if PHONE_RE.search(text):
        found.append("phone")
    if NAME_RE.search(text.strip()):
        found.append("name")
    return found


def _text(raw: Mapping[str, Any], name: str, limit: int, problems: list[Problem],
          multiline: bool = False, row: int | None = None) -> str:
    value = raw.get(name)
    text = "" if value is None else str(value).strip()
    problems += textcheck.text_problems(f"rumour_{name}", text, limit, multiline=multiline,
                                         row=row)
    return text


def check_rumour(raw: Mapping[str, Any], themes: Iterable[str], quiz_codes: Iterable[str],
                 barometer_codes: Iterable[str]) -> tuple[dict[str, Any], list[Problem]]:
    """Validate a rumour's fields (pure): code, theme, statements and arguments in es/eu/en,
    status, and the quiz and barometer codes that measure it."""
    problems: list[Problem] = []
    code = _text(raw, "code", MAX_CODE, problems).upper()
    if not code:
        problems.append(Problem("rumour_code", "rumours.error.code_required"))
    elif not CODE_RE.match(code):
        problems.append(Problem("rumour_code", "rumours.error.code_format", {"value": code}))
    theme = str(raw.get("theme") or "")
    if theme not in set(THEMES) | set(themes):
        problems.append(Problem("rumour_theme", "rumours.error.unknown_theme", {"value": theme}))
    record: dict[str, Any] = {"code": code, "theme": theme}
    for lang in LANGS:
        record[f"statement_{lang}"] = _text(raw, f"statement_{lang}", MAX_STATEMENT, problems)
        record[f"argument_{lang}"] = _text(raw, f"argument_{lang}", MAX_ARGUMENT, problems,
                                           multiline=True)
    if not any(record[f"statement_{lang}"] for lang in LANGS):
        problems.append(Problem("rumour_statement_es", "rumours.error.statement_required"))
    status = str(raw.get("status") or "proposed")
    if status not in STATUSES:
        problems.append(Problem("rumour_status", "rumours.error.unknown_status", {"value": status}))
    record["status"] = status
    for kind, known in (("quiz", set(quiz_codes)), ("barometer", set(barometer_codes))):
        chosen = list(dict.fromkeys(str(c) for c in raw.get(kind) or []))
        unknown = [c for c in chosen if c not in known]
        if unknown:
            problems.append(Problem(f"rumour_{kind}", "rumours.error.unknown_measure",
                                    {"value": ", ".join(unknown)}))
        record[kind] = chosen
    return record, problems


def check_fact(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Validate a fact against a rumour: its text in at least one language, its source
    (required) and its year (optional: some sources state none)."""
    problems: list[Problem] = []
    record: dict[str, Any] = {f"text_{lang}": _text(raw, f"text_{lang}", MAX_FACT, problems,
                                                    multiline=True) for lang in LANGS}
    if not any(record.values()):
        problems.append(Problem("rumour_text_es", "rumours.error.fact_required"))
    source, found = textcheck.source_problems(raw.get("source"))
    problems += found
    year = raw.get("year")
    if year in (None, ""):
        year = None
    else:
        problems += textcheck.year_problems(year)
    return {**record, "source": source, "year": year}, problems


def parse_day(value: Any) -> date | None:
    """A date from a date or an ISO string."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def check_heard(raw: Mapping[str, Any], rumour_ids: Iterable[int], barrios: Iterable[str],
                today: date, channels: Iterable[str] = CHANNELS
                ) -> tuple[dict[str, Any], list[Problem]]:
    """Validate a rumour-heard report (pure): a catalogue rumour or new free text, a barrio of
    the district (optional), where, when (not in the future) and how often."""
    problems: list[Problem] = []
    rumour_id = raw.get("rumour_id") or None
    new_text = _text(raw, "new_text", MAX_NEW_TEXT, problems, multiline=True)
    if rumour_id is not None and rumour_id not in set(rumour_ids):
        problems.append(Problem("rumour_rumour_id", "rumours.error.unknown_rumour",
                                {"value": str(rumour_id)}))
    if rumour_id is None and not new_text:
        problems.append(Problem("rumour_rumour_id", "rumours.error.rumour_or_text"))
    barrio = _text(raw, "barrio", MAX_BARRIO, problems) or None
    if barrio is not None and barrio not in set(barrios):
        problems.append(Problem("rumour_barrio", "rumours.error.unknown_barrio", {"value": barrio}))
    channel = raw.get("channel")
    if channel not in set(channels):
        problems.append(Problem("rumour_channel", "rumours.error.unknown_channel",
                                {"value": str(channel or "")}))
    frequency = raw.get("frequency")
    if frequency not in FREQUENCIES:
        problems.append(Problem("rumour_frequency", "rumours.error.unknown_frequency",
                                {"value": str(frequency or "")}))
    day = parse_day(raw.get("heard_on"))
    if day is None:
        problems.append(Problem("rumour_heard_on", "rumours.error.date_invalid",
                                {"value": str(raw.get("heard_on") or "")}))
    elif day > today:
        problems.append(Problem("rumour_heard_on", "rumours.error.date_future"))
    elif day < MIN_DATE:
        problems.append(Problem("rumour_heard_on", "rumours.error.date_too_old",
                                {"min": MIN_DATE.isoformat()}))
    return {"rumour_id": rumour_id, "new_text": "" if rumour_id else new_text,
            "barrio": barrio, "channel": channel, "frequency": frequency,
            "heard_on": day.isoformat() if day else None}, problems


def check_closeout(raw: Mapping[str, Any], rumour_ids: Iterable[int]
                   ) -> tuple[dict[str, Any], list[Problem]]:
    """Validate an action's close-out: attendance, organisations, what worked, a note, and
    the catalogue rumours heard there."""
    problems: list[Problem] = []
    attendance = raw.get("attendance")
    if isinstance(attendance, bool) or not isinstance(attendance, int) or attendance < 0 \
            or attendance > MAX_ATTENDANCE:
        problems.append(Problem("rumour_attendance", "rumours.error.attendance",
                                {"max": MAX_ATTENDANCE}))
        attendance = 0
    record = {"attendance": attendance}
    for name in ("organisations", "what_worked", "note"):
        record[name] = _text(raw, name, MAX_CLOSEOUT_TEXT, problems, multiline=True)
    heard = list(dict.fromkeys(raw.get("heard_ids") or []))
    unknown = [str(h) for h in heard if h not in set(rumour_ids)]
    if unknown:
        problems.append(Problem("rumour_heard_ids", "rumours.error.unknown_rumour",
                                {"value": ", ".join(unknown)}))
    record["heard_ids"] = heard
    return record, problems


def check_feedback(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Validate an agent's two answers about an action: how it went, what they would change."""
    problems: list[Problem] = []
    went = raw.get("went")
    if went not in FEEDBACK:
        problems.append(Problem("rumour_went", "rumours.error.feedback_went"))
    change = _text(raw, "change", MAX_FEEDBACK, problems, multiline=True)
    return {"went": went, "change": change}, problems


def split_codes(cell: Any) -> list[str]:
    """Rumour codes from a CSV cell: separated by commas, semicolons, '|' or spaces."""
    return list(dict.fromkeys(c.upper() for c in re.split(r"[,;|\s]+", str(cell or "")) if c))


def trend(recent: int, before: int) -> str:
    """'new' (heard only lately), 'up', 'down' or 'steady' between two equal periods; ''
    when heard in neither."""
    if not recent and not before:
        return ""
    if not before:
        return "new"
    if recent >= 1.5 * before and recent - before >= 2:
        return "up"
    if recent <= before / 1.5 and before - recent >= 2:
        return "down"
    return "steady"


def trend_bounds(today: date) -> tuple[str, str]:
    """ISO starts of the recent half year and of the half year before it."""
    return ((today - timedelta(days=TREND_DAYS)).isoformat(),
            (today - timedelta(days=2 * TREND_DAYS)).isoformat())


@dataclass(frozen=True)
class BoardCell:
    """One rumour in one district: heard (count, last seen, trend) and answered (actions,
    people reached); `heard_hidden`/`reached_hidden` carry a disclosure marker."""

    rumour_id: int
    district_id: int
    heard: int
    last_seen: str | None
    trend: str
    actions: int
    reached: int
    heard_hidden: str = ""
    reached_hidden: str = ""
    recent: int = 0
    before: int = 0

    @property
    def unanswered(self) -> bool:
        """Heard but not answered by any action in the period."""
        return self.heard > 0 and self.actions == 0


def board_cells(heard: Iterable[Mapping[str, Any]], answered: Iterable[Mapping[str, Any]],
                rumour_ids: Iterable[int], district_ids: Iterable[int]) -> list[BoardCell]:
    """The rumour x district cells from per-cell sums (pure), with disclosure control per
    rumour over its districts (each rumour's total is shown unless under MIN_COUNT): heard
    reports and people reached under MIN_COUNT are hidden, and more cells where subtraction
    from a shown total would reveal them."""
    h = {(r["rumour_id"], r["district_id"]): r for r in heard}
    a = {(r["rumour_id"], r["district_id"]): r for r in answered}
    districts = list(district_ids)
    out = []
    for rid in rumour_ids:
        row = []
        for did in districts:
            hr, ar = h.get((rid, did), {}), a.get((rid, did), {})
            row.append(BoardCell(rid, did, int(hr.get("heard") or 0), hr.get("last_seen"),
                                 trend(int(hr.get("recent") or 0), int(hr.get("before") or 0)),
                                 int(ar.get("actions") or 0), int(ar.get("reached") or 0),
                                 recent=int(hr.get("recent") or 0),
                                 before=int(hr.get("before") or 0)))
        # A city total under the threshold is hidden as well (views.total_text), so then
        # the district cells need no complementary suppression.
        heard_total, reached_total = sum(c.heard for c in row), sum(c.reached for c in row)
        hidden_heard = disclosure.hide({c.district_id: c.heard for c in row}, MIN_COUNT,
                                       total_shown=public_count(heard_total) is not None)
        hidden_reached = disclosure.hide({c.district_id: c.reached for c in row}, MIN_COUNT,
                                         total_shown=public_count(reached_total) is not None)
        for c in row:
            why_h, why_r = hidden_heard.get(c.district_id, ""), hidden_reached.get(c.district_id, "")
            out.append(BoardCell(
                c.rumour_id, c.district_id, c.heard, c.last_seen if not why_h else None,
                c.trend if not why_h else "", c.actions, c.reached, why_h, why_r,
                c.recent, c.before))
    return out


def public_count(count: int) -> int | None:
    """A city-wide count for the public catalogue: None below the threshold."""
    return None if 0 < count < MIN_COUNT else count
