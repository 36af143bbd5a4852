"""A demo accessibility report, so admins see what the statement's form stores. demo = 1."""

from __future__ import annotations

import random
from datetime import date

from sqlite_utils import Database

TABLES = ["a11y_feedback"]
MESSAGE = ("DEMO: con el lector de pantalla no encuentro las cifras del gráfico de tendencias. "
           "(Example report for trying the app, not real.)")


def generate(db: Database, rng: random.Random, today: date) -> None:
    """One report from the statement's form, dated today."""
    db["a11y_feedback"].insert({
        "kind": "barrier", "page": "Tendencias / Joerak / Trends", "message": MESSAGE,
        "contact": "", "lang": "es", "flags": "", "created_at": f"{today.isoformat()}T10:00:00",
        "demo": 1})
