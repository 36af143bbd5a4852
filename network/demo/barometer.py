"""Demo barometer: yearly face-to-face waves of 800 (100 per district, like Bilbao's design),
an online wave in progress with a few small districts, and demo population margins.

Attitudes drift by district and over time; women, younger people and people born abroad
answer a little more tolerantly. Every row carries demo = 1; the margins say "demo" in
their source.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlite_utils import Database

from network.barometer.instrument import instrument
from network.barometer.responses import insert_responses
from network.core import events

TABLES = ["barometer_answers", "barometer_responses", "barometer_imports", "barometer_waves",
          "barometer_margins"]
FIRST_YEAR = 2019
PER_DISTRICT = 100
DEMO_SOURCE = "Demo figures for trying the app (not real)"
DISTRICT_LEVEL = {1: 61, 2: 58, 3: 52, 4: 56, 5: 61, 6: 60, 7: 55, 8: 56}  # 0-100, first wave
DISTRICT_TREND = {5: 0.6, 3: -0.3, 6: 0.2}  # extra points per year
# A designed event, so the demo shows a change the tests of change must call real although
# the two waves' 95% intervals overlap: Rekalde's index falls in 2025.
DISTRICT_SHOCK = {(7, 2025): -9.0}
YEAR_EFFECT = {2019: 0.0, 2020: 1.0, 2021: 2.5, 2022: 5.5, 2023: 3.5, 2024: 3.0, 2025: 4.0}
ITEM_OFFSET = {"q01": -4, "q02": -10, "q03": 9, "q04": -6, "q05": 10, "q06": 2, "q07": -14,
               "q08": 8, "q09": 12, "q10": 0, "q11": 4, "q12": -12, "q13": 9, "q14": 3,
               "q15": -3, "q16": -9}
ITEM_TREND = {"q06": 1.2, "q04": -0.8}  # points per year beyond the common drift
# Demo margins (population 18+ by sex and age band, residents by district). Ibaiondo,
# Abando and Rekalde use the register figures the app knows; the rest are made up.
DEMO_MARGINS = {
    "district": {"1": 50300, "2": 36900, "3": 26100, "4": 40800, "5": 62447, "6": 51444,
                 "7": 49449, "8": 33100},
    "sex": {"woman": 158000, "man": 138000},
    "age_band": {"18-29": 41000, "30-44": 66000, "45-64": 101000, "65+": 88000},
}
SAMPLE_AGE = {"18-29": 0.15, "30-44": 0.22, "45-64": 0.35, "65+": 0.28}  # quotas missed a little
IN_PROGRESS = {1: 34, 2: 28, 3: 7, 4: 41, 5: 30, 6: 36, 7: 19, 8: 24}  # answers so far


def _respondent(rng: random.Random, number: int, year: int, inst) -> dict:
    sex = rng.choices(["woman", "man", "other"], [51, 48, 1])[0]
    age = rng.choices(list(SAMPLE_AGE), list(SAMPLE_AGE.values()))[0]
    abroad = "yes" if rng.random() < (0.2 if number in (5, 7, 8) else 0.11) else "no"
    years = YEAR_EFFECT.get(year, 4.0 + 0.5 * (year - 2025))
    level = (DISTRICT_LEVEL[number] + years + DISTRICT_TREND.get(number, 0) * (year - FIRST_YEAR)
             + DISTRICT_SHOCK.get((number, year), 0.0)
             + {"woman": 1.5, "man": -1.0, "other": 3}[sex]
             + {"18-29": 5, "30-44": 2, "45-64": -1, "65+": -6}[age]
             + (9 if abroad == "yes" else 0) + rng.gauss(0, 13))
    answers: dict[str, int | None] = {}
    for item in inst.items:
        if rng.random() < 0.02:
            answers[item.code] = None  # "don't know" in face-to-face fieldwork
            continue
        score = (level + ITEM_OFFSET[item.code] + ITEM_TREND.get(item.code, 0) * (year - FIRST_YEAR)
                 + rng.gauss(0, 14))
        tolerant_value = min(5, max(1, 1 + round(score / 25)))
        answers[item.code] = 6 - tolerant_value if item.reverse else tolerant_value
    return {"sex": sex, "age_band": age, "born_abroad": abroad, "answers": answers,
            "years_in_bilbao": rng.choices(["lt5", "5-14", "15plus", "always", None],
                                           [6, 10, 30, 50, 4])[0]}


def generate(db: Database, rng: random.Random, today: date) -> None:
    """Waves from 2019 to last year (closed, imported), this year's online wave (open, partial)."""
    districts = [dict(r) for r in db.query("SELECT id, number FROM districts ORDER BY number")]
    if not districts:
        return
    inst = instrument()
    barrios = {d["id"]: [r[0] for r in db.execute(
        "SELECT name FROM barrios WHERE district_id = ? ORDER BY name", [d["id"]])]
        for d in districts}
    for dimension, values in DEMO_MARGINS.items():
        db["barometer_margins"].insert_all(
            {"dimension": dimension, "category": c, "year": 2024, "value": v,
             "source": DEMO_SOURCE, "demo": 1}
            for c, v in values.items() if dimension != "district" or int(c) <= len(districts))
    for year in range(FIRST_YEAR, today.year + 1):
        current = year == today.year
        start = today - timedelta(days=40) if current else date(year, 10, 6)
        wave_id = db["barometer_waves"].insert({
            "label": f"Demo {year}", "year": year, "fieldwork_start": start.isoformat(),
            "fieldwork_end": (today + timedelta(days=20) if current
                              else date(year, 11, 14)).isoformat(),
            "mode": "online" if current else "face_to_face", "target_per_district": PER_DISTRICT,
            "status": "open" if current else "closed", "demo": 1,
        }).last_pk
        import_id = None
        if not current:
            import_id = db["barometer_imports"].insert({
                "wave_id": wave_id, "filename": f"demo-fieldwork-{year}.csv",
                "rows": PER_DISTRICT * len(districts), "demo": 1}).last_pk
        records = []
        for d in districts:
            count = IN_PROGRESS.get(d["number"], 20) if current else PER_DISTRICT
            for _ in range(count):
                r = _respondent(rng, d["number"], year, inst)
                records.append({
                    **r, "wave_id": wave_id, "district_id": d["id"], "demo": 1,
                    "respondent_id": f"D{year}-{len(records) + 1:04d}",
                    "source": "survey" if current else "import", "import_id": import_id,
                    "barrio": rng.choice(barrios[d["id"]]) if barrios[d["id"]] and
                    rng.random() < 0.7 else None})
        if current:  # kept for audit, left out of the estimates
            for flags in (["too_fast"], ["honeypot", "too_fast"]):
                r = _respondent(rng, districts[0]["number"], year, inst)
                records.append({**r, "wave_id": wave_id, "district_id": districts[0]["id"],
                                "demo": 1, "respondent_id": f"D{year}-F{len(flags)}",
                                "source": "survey", "flags": flags})
        insert_responses(db, records, inst)
        events.changed(db, "responses_changed", wave_id=wave_id)
