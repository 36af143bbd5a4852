"""Storing respondents: the public survey (with abuse guards) and the shared insert path."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from network import reference
from network.barometer.instrument import Instrument, instrument, tolerance_index
from network.barometer.waves import get_wave
from network.core import events, guard, i18n
from network.core.errors import NetworkError, Problem, ValidationFailed
from network.core.storage import write

GUARD_KIND = "barometer"
MIN_SECONDS = 45.0  # 16 items and a few questions cannot honestly take less

_COLUMNS = ("wave_id", "respondent_id", "source", "import_id", "district_id", "barrio", "sex",
            "age_band", "born_abroad", "years_in_bilbao", "idx", "supplied_weight", "flags",
            "valid", "demo")


def insert_responses(db: Database, records: Iterable[Mapping[str, Any]],
                     inst: Instrument | None = None) -> list[int]:
    """Insert respondents (dicts with the profile and an `answers` mapping) and their answers,
    computing each index on the way in; returns their ids. Call inside a write transaction."""
    inst = inst or instrument()
    conn = db.conn
    next_id = (conn.execute("SELECT max(id) FROM barometer_responses").fetchone()[0] or 0) + 1
    rows, answers = [], []
    for rec in records:
        a = rec["answers"]
        rows.append((next_id, rec["wave_id"], rec["respondent_id"], rec["source"],
                     rec.get("import_id"), rec["district_id"], rec.get("barrio"), rec["sex"],
                     rec["age_band"], rec["born_abroad"], rec.get("years_in_bilbao"),
                     tolerance_index(a, inst), rec.get("supplied_weight"),
                     json.dumps(rec.get("flags", [])), int(not rec.get("flags")),
                     int(rec.get("demo", 0))))
        answers += [(next_id, code, v, int(rec.get("demo", 0))) for code, v in a.items()
                    if v is not None]
        next_id += 1
    placeholders = ", ".join("?" * (len(_COLUMNS) + 1))
    conn.executemany(f"INSERT INTO barometer_responses (id, {', '.join(_COLUMNS)}) "  # noqa: S608
                     f"VALUES ({placeholders})", rows)
    conn.executemany("INSERT INTO barometer_answers (response_id, item, value, demo) "
                     "VALUES (?, ?, ?, ?)", answers)
    return [r[0] for r in rows]


def _is_id(value: Any, ids: set[int]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in ids


def validate_survey(db: Database, profile: Mapping[str, Any], answers: Mapping[str, Any],
                    inst: Instrument | None = None) -> list[Problem]:
    """Every problem with a survey submission: profile questions and unanswered items."""
    inst = inst or instrument()
    problems = []
    district_ids = {d.id for d in reference.districts(db)}
    if not _is_id(profile.get("district_id"), district_ids):
        problems.append(Problem("district", "barometer.error.answer_required",
                                {"question": "district"}))
    for question in ("sex", "age_band", "born_abroad"):
        if profile.get(question) not in inst.categories(question):
            problems.append(Problem(question, "barometer.error.answer_required",
                                    {"question": question}))
    years = profile.get("years_in_bilbao")
    if years is not None and years not in inst.categories("years_in_bilbao"):
        problems.append(Problem("years_in_bilbao", "barometer.error.answer_required",
                                {"question": "years_in_bilbao"}))
    barrio = profile.get("barrio")
    if barrio and not isinstance(barrio, str):
        problems.append(Problem("barrio", "barometer.error.barrio_unknown", {"value": str(barrio)}))
    elif barrio and _is_id(profile.get("district_id"), district_ids) and barrio not in {
            b["name"] for b in reference.barrios(db, profile["district_id"])}:
        problems.append(Problem("barrio", "barometer.error.barrio_unknown", {"value": barrio}))
    for item in inst.items:
        value = answers.get(item.code)
        if isinstance(value, bool) or not isinstance(value, int) or value not in inst.scale:
            problems.append(Problem(item.code, "barometer.error.item_required",
                                    {"item": item.code}))
    return problems


@dataclass(frozen=True)
class Submitted:
    response_id: int
    flags: list[str]


def submit_survey(db: Database, wave_id: int, profile: Mapping[str, Any],
                  answers: Mapping[str, Any], client: str, started_at: float,
                  honeypot: str = "", now: float | None = None) -> Submitted:
    """Store one anonymous survey answer for an open wave. Flagged answers (honeypot, too fast,
    throttled) are kept for audit and left out of estimates. `client` is already hashed."""
    problems = validate_survey(db, profile, answers)
    if problems:
        raise ValidationFailed(problems)
    now = time.time() if now is None else now

    def store(db: Database) -> Submitted:
        wave = get_wave(db, wave_id)
        if wave.status != "open":
            raise NetworkError("barometer.error.wave_closed")
        flags = guard.submission_flags(db, GUARD_KIND, client, started_at, honeypot,
                                       min_seconds=MIN_SECONDS, now=now)
        [response_id] = insert_responses(db, [{
            "wave_id": wave_id, "respondent_id": f"S-{secrets.token_hex(6)}", "source": "survey",
            "district_id": profile["district_id"], "barrio": profile.get("barrio") or None,
            "sex": profile["sex"], "age_band": profile["age_band"],
            "born_abroad": profile["born_abroad"],
            "years_in_bilbao": profile.get("years_in_bilbao"),
            "answers": {code: int(v) for code, v in answers.items()}, "flags": flags,
            "demo": int(wave.demo),  # answers to a demo wave go when the demo goes
        }])
        if not flags:
            events.changed(db, "responses_changed", wave_id=wave_id)
        return Submitted(response_id, flags)

    return write(db, store)


def flagged_counts(db: Database) -> dict[int, dict[str, int]]:
    """Per wave, how many responses each guard flagged (kept for audit, not estimated)."""
    out: dict[int, dict[str, int]] = {}
    for wave_id, flags in db.execute(
            "SELECT wave_id, flags FROM barometer_responses WHERE valid = 0"):
        for flag in json.loads(flags):
            out.setdefault(wave_id, {}).setdefault(flag, 0)
            out[wave_id][flag] += 1
    return out


def describe_problems(problems: list[Problem], lang: str, inst: Instrument | None = None) -> list[str]:
    """The questions a survey submission left unanswered, in the respondent's language."""
    inst = inst or instrument()
    out = []
    for p in problems:
        if p.field in inst.codes:
            out.append(inst.item(p.field).text[lang])
        elif p.field in inst.demographics:
            out.append(inst.question(p.field, lang))
        elif p.field == "district":
            out.append(i18n.translate("field.district", lang))
        else:
            out.append(i18n.translate(p.key, lang, **p.params))
    return out


PROFILE_FIELDS = ("district_id", "barrio", "sex", "age_band", "born_abroad", "years_in_bilbao")
PROFILE_STEP = ["district", "sex", "age_band", "born_abroad", "years_in_bilbao", "barrio"]


def survey_blocks(inst: Instrument) -> list[str]:
    """The instrument's blocks in order: the survey's steps after the one about the respondent."""
    return list(dict.fromkeys(i.block for i in inst.items))


def step_fields(inst: Instrument, step: int) -> list[str]:
    """The fields a survey step asks (the problems it shows): the profile first, then a block's
    items."""
    if step == 0:
        return list(PROFILE_STEP)
    return [i.code for i in inst.items if i.block == survey_blocks(inst)[step - 1]]


def stored_profile(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The survey's profile as stored: "" (I'd rather not say) and unanswered become None."""
    return {f: profile.get(f) or None for f in PROFILE_FIELDS}
