"""Pure rules of the calendar: validating an event, seats and the waiting list, modules
completed, Europe/Madrid times and an agent's language."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from network.core import i18n, textcheck
from network.core.errors import Problem, ValidationFailed
from network.core.textcheck import form_int, form_text
from network.core.vocab import TRAINING_MODULES, WORK_LANGUAGES

TZ = ZoneInfo("Europe/Madrid")
KINDS = ("training", "district_meeting", "annual_meeting", "other")
MODULES = tuple(range(1, TRAINING_MODULES + 1))  # DOMAIN.md: Bilbao's basic course, 8 hours
MODULE_HOURS = 2.0  # 8 hours over four modules (bilbotarra.naiz.eus 2019)
AUDIENCES = ("agents", "entities", "public")
MAX_LENGTHS = {"title": 200, "trainer": 120, "place": 200, "online_url": 500,
               "description": 2000}
MAX_CAPACITY = 2000
MAX_HOURS = 12.0
WHOLE = r"\d{1,6}"  # a count or an id typed into a form: no sign, at most six digits
URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$", re.I)



def parse_local(value: Any) -> datetime | None:
    """A naive wall-clock datetime from a datetime or 'YYYY-MM-DDTHH:MM' text, else None."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0)
    try:
        return datetime.fromisoformat(form_text(value)).replace(tzinfo=None, second=0,
                                                            microsecond=0)
    except ValueError:
        return None


def exists_locally(moment: datetime) -> bool:
    """False for a wall-clock time that summer time skips in Madrid (e.g. 02:30 on the last
    Sunday of March)."""
    aware = moment.replace(tzinfo=TZ)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(TZ).replace(tzinfo=None)
    return back == moment


def aware(text: str) -> datetime:
    """A stored wall-clock time as an aware datetime in Europe/Madrid."""
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def stored(moment: datetime) -> str:
    """How a wall-clock time is stored: 'YYYY-MM-DDTHH:MM'."""
    return moment.strftime("%Y-%m-%dT%H:%M")



def _as_hours(value: Any) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        hours = float(str(value).replace(",", "."))
    except ValueError:
        return None
    return hours if hours == hours and 0 < hours <= MAX_HOURS else None


def validate_event(data: dict[str, Any], district_ids: list[int], now: datetime,
                   *, require_future: bool = True) -> dict[str, Any]:
    """A clean event record from form values, or ValidationFailed listing every problem."""
    problems: list[Problem] = []

    def bad(field: str, key: str, **params: Any) -> None:
        problems.append(Problem(f"event_{field}", key, params))

    kind = form_text(data.get("kind"))
    if kind not in KINDS:
        bad("kind", "training.error.kind", value=kind)
    texts = {f: form_text(data.get(f)) for f in MAX_LENGTHS}
    for field, limit in MAX_LENGTHS.items():
        for p in textcheck.text_problems(f"event_{field}", texts[field], limit,
                                         multiline=field == "description"):
            problems.append(p)
    if not texts["title"]:
        bad("title", "training.error.title_required")
    module = form_int(data.get("module"), WHOLE) if data.get("module") not in (None, "") else None
    hours = _as_hours(data.get("hours"))
    if kind == "training":
        if module not in MODULES:
            bad("module", "training.error.module", max=TRAINING_MODULES)
        if not texts["trainer"]:
            bad("trainer", "training.error.trainer_required")
        if hours is None:
            bad("hours", "training.error.hours", max=MAX_HOURS)
    else:
        module = None
        if data.get("hours") not in (None, "") and hours is None:
            bad("hours", "training.error.hours", max=MAX_HOURS)
    district_id = data.get("district_id")
    if district_id not in (None, ""):
        district_id = form_int(district_id, WHOLE)
        if district_id not in district_ids:
            bad("district", "error.unknown_district", value=form_text(data.get("district_id")))
    else:
        district_id = None
    start, end = parse_local(data.get("starts_at")), parse_local(data.get("ends_at"))
    if start is None:
        bad("starts_at", "training.error.start_invalid")
    elif not exists_locally(start):
        bad("starts_at", "training.error.time_skipped", time=stored(start))
    elif require_future and start <= now:
        bad("starts_at", "training.error.start_past")
    if end is None:
        bad("ends_at", "training.error.end_invalid")
    elif not exists_locally(end):
        bad("ends_at", "training.error.time_skipped", time=stored(end))
    elif start is not None and (end <= start or end - start > timedelta(days=3)):
        bad("ends_at", "training.error.end_order")
    url = texts["online_url"]
    if url and not URL_RE.match(url):
        bad("online_url", "training.error.url")
    if not texts["place"] and not url:
        bad("place", "training.error.place_or_link")
    capacity = form_int(data.get("capacity"), WHOLE)
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        bad("capacity", "training.error.capacity", max=MAX_CAPACITY)
    languages = list(data.get("languages") or [])
    unknown = [str(x) for x in languages if x not in WORK_LANGUAGES]
    if unknown:
        bad("languages", "training.error.languages", value=", ".join(unknown))
    audience = list(data.get("audience") or [])
    if not audience or any(a not in AUDIENCES for a in audience):
        bad("audience", "training.error.audience")
    if problems:
        raise ValidationFailed(problems)
    return {
        "kind": kind, "module": module, "title": texts["title"],
        "description": texts["description"], "trainer": texts["trainer"], "hours": hours,
        "district_id": district_id, "starts_at": stored(start),  # type: ignore[arg-type]
        "ends_at": stored(end), "place": texts["place"],  # type: ignore[arg-type]
        "online_url": url, "capacity": capacity,
        "languages": json.dumps([x for x in WORK_LANGUAGES if x in languages]),
        "audience": json.dumps([a for a in AUDIENCES if a in audience]),
    }


def seat_for(confirmed: int, capacity: int) -> str:
    """A new sign-up's place: 'confirmed' while seats are free, else 'waiting'."""
    return "confirmed" if confirmed < capacity else "waiting"


def promote(waiting_ids: list[int], confirmed: int, capacity: int) -> list[int]:
    """The waiting sign-ups (in sign-up order) that take the free seats."""
    return waiting_ids[:max(0, capacity - confirmed)]


def modules_completed(prior: list[int], attended: list[int]) -> list[int]:
    """Distinct modules, from records before the calendar and attended training sessions."""
    return sorted({m for m in [*prior, *attended] if m in MODULES})


def course_complete(modules: list[int]) -> bool:
    """True when every module of the basic course is done."""
    return set(MODULES) <= set(modules)


def agent_language(languages_json: str | None) -> str:
    """The first of an agent's working languages the app speaks (Spanish when none)."""
    try:
        langs = json.loads(languages_json or "[]")
    except ValueError:
        langs = []
    return next((x for x in langs if x in i18n.LANGUAGES), i18n.DEFAULT_LANGUAGE)


def local_range(event: dict[str, Any]) -> str:
    """'YYYY-MM-DD HH:MM–HH:MM' (or both ends dated when it spans days)."""
    start, end = event["starts_at"].replace("T", " "), event["ends_at"].replace("T", " ")
    return f"{start}–{end[11:]}" if start[:10] == end[:10] else f"{start} – {end}"


def is_past(event: dict[str, Any], now: datetime) -> bool:
    """True once the event has started (local wall-clock time)."""
    return parse_local(event["starts_at"]) <= now  # type: ignore[operator]


def now_local() -> datetime:
    """The current wall-clock time in Madrid, naive, to the minute."""
    return datetime.now(TZ).replace(tzinfo=None, second=0, microsecond=0)


def in_window(event: dict[str, Any], today: date, days: int) -> bool:
    """True when the event starts from tomorrow up to `days` days ahead."""
    day = date.fromisoformat(event["starts_at"][:10])
    return today < day <= today + timedelta(days=days)
