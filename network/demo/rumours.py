"""Demo rumours heard, action links and close-outs over the last two years, with a district
pattern (each rumour is heard more in some districts), so a newcomer sees the rumour board,
the matrix and the diagnosis populated. The catalogue itself is real content (demo = 0)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlite_utils import Database

TABLES = ["action_feedback", "action_closeouts", "action_rumours", "rumour_heard"]
HEARD = 800  # heard reports (the benchmark raises it)
PUBLIC_SHARE = 0.2  # of them sent by residents through the public form
DAYS = 730  # over the last two years
CHANNEL_WEIGHTS = {"street": 30, "social_media": 25, "shop": 12, "workplace": 12,
                   "family": 12, "school": 9}
FREQUENCY_WEIGHTS = {"once": 45, "sometimes": 40, "often": 15}
NEW_RUMOURS = [  # reports of rumours not in the catalogue, for a coordinator to triage
    "DEMO: dicen que a las familias de fuera les dan antes plaza en la haurreskola",
    "DEMO: en el grupo de WhatsApp del portal dicen que los pisos de alquiler van solo a extranjeros",
    "DEMO: «los del locutorio no cierran nunca porque no pagan»",
]
WHAT_WORKED = [
    "DEMO: empezar por el dato y preguntar antes a la gente qué cifra creía.",
    "DEMO: las historias de vecinas y vecinos del barrio abrieron la conversación.",
    "DEMO: el juego del cuestionario en la mesa atrajo a gente joven.",
]
CHANGES = ["DEMO: más tiempo para hablar en pequeños grupos.",
           "DEMO: traer el dato impreso en euskera y castellano.", ""]
ORGANISATIONS = ["DEMO: asociación vecinal y AMPA", "DEMO: centro cívico y comercio local",
                 "DEMO: asociación de personas migradas"]


def generate(db: Database, rng: random.Random, today: date) -> None:
    """Heard reports, links from past demo actions to rumours, and close-outs."""
    rumours = [r[0] for r in db.execute(
        "SELECT id FROM rumours WHERE status = 'active' ORDER BY code")]
    districts = [r[0] for r in db.execute("SELECT id FROM districts ORDER BY number")]
    if not rumours or not districts:
        return
    barrios = {d: [r[0] for r in db.execute(
        "SELECT name FROM barrios WHERE district_id = ? ORDER BY name", [d])] for d in districts}
    # The pattern: each rumour has a popularity and two or three districts where it is heard most.
    popularity = {r: rng.uniform(0.3, 1.0) for r in rumours}
    hot = {r: set(rng.sample(districts, rng.randint(2, 3))) for r in rumours}
    coordinators = [r[0] for r in db.execute(
        "SELECT DISTINCT district_id FROM user_districts u JOIN users s ON s.id = u.user_id "
        "WHERE s.demo = 1")]
    for r in rumours:  # the demo coordinator's district hears most rumours, so her board is full
        if coordinators and rng.random() < 0.6:
            hot[r].add(coordinators[0])
    pairs = [(r, d) for r in rumours for d in districts]
    weights = [popularity[r] * (6 if d in hot[r] else 1) for r, d in pairs]
    channels, freqs = list(CHANNEL_WEIGHTS), list(FREQUENCY_WEIGHTS)
    # A fifth of the reports come from residents through the public form, most of them through
    # a demo agent of the district's share link.
    sharers: dict[int, list[int]] = {}
    for agent_id, district_id in db.execute(
            "SELECT id, district_id FROM agents WHERE demo = 1 AND share_code IS NOT NULL"):
        sharers.setdefault(district_id, []).append(agent_id)
    heard = []
    for (rumour_id, district_id) in rng.choices(pairs, weights, k=HEARD):
        # More reports lately: the day is drawn towards today.
        day = today - timedelta(days=int(DAYS * rng.random() ** 1.3))
        public = rng.random() < PUBLIC_SHARE
        ref = (rng.choice(sharers[district_id]) if public and sharers.get(district_id)
               and rng.random() < 0.7 else None)
        heard.append({"source": "public" if public else "network", "ref_agent_id": ref,
            "rumour_id": rumour_id, "new_text": "", "district_id": district_id,
            "barrio": rng.choice(barrios[district_id]) if barrios[district_id] and
            rng.random() < 0.6 else None,
            "channel": rng.choices(channels, list(CHANNEL_WEIGHTS.values()))[0],
            "heard_on": day.isoformat(),
            "frequency": rng.choices(freqs, list(FREQUENCY_WEIGHTS.values()))[0], "demo": 1})
    for i, text in enumerate(NEW_RUMOURS):
        heard.append({"source": "network", "ref_agent_id": None,
                      "rumour_id": None, "new_text": text, "barrio": None,
                      "district_id": districts[4 % len(districts)],
                      "channel": channels[i % len(channels)], "frequency": "sometimes",
                      "heard_on": (today - timedelta(days=3 + 5 * i)).isoformat(), "demo": 1})
    db["rumour_heard"].insert_all(heard, batch_size=2000)

    # Past demo actions of the last two years answer rumours heard in their district (mostly the
    # hot ones), leaving some rumour x district pairs heard but not answered.
    since = (today - timedelta(days=DAYS)).isoformat()
    actions = [dict(r) for r in db.query(
        "SELECT id, district_id, date, people_reached FROM actions WHERE demo = 1 AND date >= ? "
        "AND date <= ? ORDER BY date, id", [since, today.isoformat()])]
    links, closeouts, at_actions = [], [], []
    row = db.execute("SELECT agent_id FROM users WHERE demo = 1 AND role = 'agent' "
                     "AND agent_id IS NOT NULL").fetchone()
    demo_agent = row[0] if row else None
    theirs = {r[0] for r in db.execute("SELECT action_id FROM action_agents WHERE agent_id = ?",
                                       [demo_agent])}
    for a in actions:
        mine = a["id"] in theirs  # the demo agent's actions are closed out, to give feedback on
        if rng.random() > 0.6 and not mine:
            continue
        candidates = [r for r in rumours if a["district_id"] in hot[r]] or rumours
        chosen = rng.sample(candidates, min(len(candidates), rng.randint(1, 2)))
        links += [{"action_id": a["id"], "rumour_id": r, "demo": 1} for r in chosen]
        if rng.random() < 0.6 or mine:
            closeouts.append({
                "action_id": a["id"],
                "attendance": max(0, int(a["people_reached"] * rng.uniform(0.7, 1.0))),
                "organisations": rng.choice(ORGANISATIONS), "what_worked": rng.choice(WHAT_WORKED),
                "note": "", "closed_at": f"{a['date']}T20:00:00", "demo": 1})
            at_actions += [{"rumour_id": r, "new_text": "", "barrio": None,
                            "district_id": a["district_id"], "channel": "action",
                            "heard_on": a["date"], "frequency": "once", "action_id": a["id"],
                            "demo": 1} for r in rng.sample(rumours, rng.randint(0, 2))]
    db["action_rumours"].insert_all(links)
    db["action_closeouts"].insert_all(closeouts)
    db["rumour_heard"].insert_all(at_actions)

    # Agents who took part answer the two feedback questions for about half the close-outs;
    # the demo agent leaves her latest action unanswered, so her form is there to try.
    closed = sorted((c["action_id"] for c in closeouts), reverse=True)
    latest_mine = next((c for c in closed if c in theirs), None)
    feedback = []
    for action_id in closed:
        for (agent_id,) in db.execute("SELECT agent_id FROM action_agents WHERE action_id = ?",
                                      [action_id]):
            if (agent_id == demo_agent and action_id == latest_mine) or rng.random() < 0.5:
                continue
            feedback.append({"action_id": action_id, "agent_id": agent_id,
                             "went": rng.choices(["well", "mixed", "badly"], [6, 3, 1])[0],
                             "change": rng.choice(CHANGES), "demo": 1})
    db["action_feedback"].insert_all(feedback)
