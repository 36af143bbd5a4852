"""Demo consents: each demo agent's answers for the three purposes, with date and how given
(the "named" answer comes from the agent record itself, through the schema's trigger)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlite_utils import Database

TABLES = ["agent_consents"]
HOW = ["paper_form", "in_person", "email"]


def generate(db: Database, rng: random.Random, today: date) -> None:
    agents = [dict(r) for r in db.query(
        "SELECT id, joined_on, migrant_background FROM agents WHERE demo = 1 ORDER BY id")]
    rows = []
    for a in agents:
        joined = date.fromisoformat(a["joined_on"])
        at = f"{joined.isoformat()}T{rng.randint(9, 19):02d}:{rng.randint(0, 59):02d}:00"
        how = rng.choice(HOW)
        contact = rng.random() < 0.93
        rows.append({"agent_id": a["id"], "purpose": "contact", "given": 1, "at": at,
                     "how": how, "demo": 1})
        if not contact:  # a few withdrew later
            later = joined + timedelta(days=rng.randint(30, max(31, (today - joined).days)))
            rows.append({"agent_id": a["id"], "purpose": "contact", "given": 0,
                         "at": f"{min(later, today).isoformat()}T12:00:00", "how": "email",
                         "demo": 1})
        background = a["migrant_background"] is not None
        if background:
            rows.append({"agent_id": a["id"], "purpose": "background", "given": 1, "at": at,
                         "how": how, "demo": 1})
        db.execute("UPDATE agents SET consent_contact = ?, consent_background = ? WHERE id = ?",
                   [int(contact), 1 if background else None, a["id"]])
        # the "named" answer came with the record (schema trigger): dated when they joined
        db.execute("UPDATE agent_consents SET at = ?, how = ? WHERE agent_id = ? "
                   "AND purpose = 'named'", [at, how, a["id"]])
    db["agent_consents"].insert_all(rows, batch_size=1000)
