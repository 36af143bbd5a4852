"""Demo quiz attempts: a few thousand runs since 2022, some through agents' links, some at
actions, with perception answers that overestimate the way surveys find (Basques estimate
23.4 % born abroad against a real 13.2 %, Ikuspegi 2024), and a few flagged ones; plus staff
checks of the items against their sources, some over 12 months old, one item never checked,
so the editor shows review dates and due items. demo = 1."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from network.quiz import attempts, content, scoring

TABLES = ["quiz_answers", "quiz_attempts", "quiz_reviews"]
REVIEW_SEED = 2032  # its own generator: the shared one's sequence (and later modules) stays put
FIRST_DAY = date(2022, 1, 1)
ATTEMPTS = 3000
DEMO_AGENT_ATTEMPTS = 120
# Mean estimate and spread per estimate item: the published perception where known (23.4 for
# the born-abroad share), otherwise a plausible overestimate; the economy item is underestimated.
ESTIMATE_MEANS = {
    "born_abroad_euskadi": (23.4, 11), "foreign_nationals_bilbao": (22, 11),
    "rgi_foreign_share": (54, 18), "health_consultations": (27, 13),
    "immigration_problem": (31, 15), "economy_better": (46, 18), "gdp_share": (5, 4),
}
MYTH_RIGHT = {  # probability of the right answer; 'don't know' otherwise ~15 %
    "born_abroad_not_foreign": 0.55, "bilbao_growth": 0.42, "rgi_job_search": 0.48,
    "rgi_on_arrival": 0.52, "jobs_share": 0.38,
}
DISTRICT_BIAS = {1: -1.0, 2: -0.5, 3: 2.5, 4: 1.0, 5: 0.5, 6: -2.0, 7: 2.0, 8: 1.5}
AGE_WEIGHTS = [8, 22, 28, 28, 14]
AGE_BIAS = {"under_18": -1.0, "18_29": -1.5, "30_44": 0.0, "45_64": 1.5, "65_plus": 3.0}
LANG_WEIGHTS = {"es": 68, "eu": 24, "en": 8}


def _answer(rng: random.Random, item: content.Item, shrink: float, shift: float) -> Any:
    if item.kind == "myth":
        p_right = min(0.9, MYTH_RIGHT.get(item.code, 0.5) + (1 - shrink) * 0.4)
        roll = rng.random()
        if roll < p_right:
            return item.answer
        if roll < p_right + 0.15:
            return "dont_know"
        return "false" if item.answer == "true" else "true"
    mean, spread = ESTIMATE_MEANS.get(item.code, ((item.truth or 0) + 8, 10))
    truth = item.truth or 0.0
    centre = truth + (mean - truth) * shrink + shift * (1 if mean >= truth else -1)
    return float(min(100, max(0, round(rng.gauss(centre, spread)))))


def generate_reviews(db: Database, today: date) -> None:
    """Demo checks by demo-staff: every fourth item never checked, every fourth due (13-20
    months ago), the others checked within the last 11 months, each after one to two older checks."""
    version_id = content.current_version(db)
    row = db.execute("SELECT id, username FROM users WHERE username = 'demo-staff'").fetchone()
    if version_id is None or row is None:
        return
    rng = random.Random(REVIEW_SEED)
    rows = []
    for item in content.items_for_version(db, version_id):
        if item.position % 4 == 0:
            continue
        days = rng.randint(400, 600) if item.position % 4 == 1 else rng.randint(5, 330)
        for n in range(rng.randint(2, 3)):
            rows.append({"code": item.code, "checked_on": (today - timedelta(
                days=days + 365 * n)).isoformat(), "checked_by": row[0], "reviewer": row[1],
                "version_id": version_id, "note": "", "demo": 1})
    db["quiz_reviews"].insert_all(rows)


def generate(db: Database, rng: random.Random, today: date) -> None:
    """About 3,000 attempts on the current content version, labelled demo; demo checks."""
    generate_reviews(db, today)
    version_id = content.current_version(db)
    districts = {r[0]: r[1] for r in db.execute("SELECT id, number FROM districts")}
    if version_id is None or not districts:
        return
    items = attempts.scoring_items(db, version_id)
    agents_by_district: dict[int, list[int]] = {}
    for agent_id, district_id in db.execute(
            "SELECT id, district_id FROM agents WHERE demo = 1 AND active = 1"):
        agents_by_district.setdefault(district_id, []).append(agent_id)
    actions = [dict(r) for r in db.query(
        "SELECT id, district_id, date FROM actions WHERE demo = 1 AND date >= ? AND date <= ?",
        [FIRST_DAY.isoformat(), today.isoformat()])]
    row = db.execute("SELECT agent_id FROM users WHERE username = 'demo-agent'").fetchone()
    demo_agent = row[0] if row else None
    span = max(1, (today - FIRST_DAY).days)
    ids = list(districts)
    next_id = (db.execute("SELECT max(id) FROM quiz_attempts").fetchone()[0] or 0) + 1
    attempt_rows, answer_rows = [], []
    for n in range(ATTEMPTS + DEMO_AGENT_ATTEMPTS):
        district_id = rng.choice(ids) if rng.random() < 0.85 else None
        home = district_id or rng.choice(ids)
        agent_id = action_id = None
        roll = rng.random()
        if n >= ATTEMPTS and demo_agent is not None:
            agent_id = demo_agent
            day = today - timedelta(days=int(rng.triangular(0, 540, 0)))
        elif roll < 0.15 and actions:
            action = rng.choice([a for a in actions if a["district_id"] == home] or actions)
            action_id, day = action["id"], date.fromisoformat(action["date"])
        else:
            # More runs in recent years, as the network shares the quiz more.
            day = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.7))
            if roll < 0.45 and agents_by_district.get(home):
                agent_id = rng.choice(agents_by_district[home])
        age_band = rng.choices(attempts.AGE_BANDS, AGE_WEIGHTS)[0] if rng.random() < 0.8 else None
        lang = rng.choices(list(LANG_WEIGHTS), list(LANG_WEIGHTS.values()))[0]
        years_in = (day - FIRST_DAY).days / 365
        shrink = (0.7 if action_id else 1.0) * (1 - 0.05 * years_in)
        shift = DISTRICT_BIAS.get(districts.get(district_id or 0, 0), 0) + AGE_BIAS.get(
            age_band or "", 0)
        answers = {i.id: _answer(rng, i, shrink, shift) for i in items}
        score = scoring.score_attempt(items, answers)
        flags = ""
        duration = rng.uniform(95, 420)
        if rng.random() < 0.012:
            flags = rng.choice(["too_fast", "too_fast", "honeypot", "throttled",
                                "honeypot,too_fast"])
            duration = rng.uniform(4, 25) if "too_fast" in flags else duration
        finished = datetime.combine(day, datetime.min.time()) + timedelta(
            seconds=rng.randint(9 * 3600, 21 * 3600))
        attempt_rows.append({
            "id": next_id, "token": f"{rng.getrandbits(128):032x}", "version_id": version_id,
            "lang": lang, "district_id": district_id, "age_band": age_band,
            "agent_id": agent_id, "action_id": action_id,
            "started_at": finished.timestamp() - duration, "finished_at": finished.timestamp(),
            "finished_on": day.isoformat(), "score": score.correct, "max_score": score.total,
            "mean_abs_gap": score.mean_abs_gap, "flags": flags,
            "client_hash": f"{rng.getrandbits(128):032x}", "demo": 1,
        })
        answer_rows += [{"attempt_id": next_id, "item_id": r.item_id, "choice": r.choice,
                         "estimate": r.estimate, "correct": int(r.correct), "gap": r.gap,
                         "demo": 1} for r in score.results]
        next_id += 1
    db["quiz_attempts"].insert_all(attempt_rows, batch_size=500)
    db["quiz_answers"].insert_all(answer_rows, batch_size=2000)
