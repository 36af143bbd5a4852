"""Demo agents, actions and one account per role. Every row carries demo = 1."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from network.accounts.auth import hash_password
from network.core import geo
from network.core.vocab import ACTION_TYPES, SECTORS, TRAINING_MODULES

TABLES = ["actions", "users", "agents"]
DEMO_PASSWORD = "demo1234"
DEMO_ACCOUNTS = [  # (username, role, district numbers)
    ("demo-admin", "admin", []),
    ("demo-staff", "staff", []),
    ("demo-coordinator", "coordinator", [5]),
    ("demo-agent", "agent", []),
    ("demo-jury1", "jury", []),  # the short-story contest's blind jury (network/contest)
    ("demo-jury2", "jury", []),
    ("demo-jury3", "jury", []),
]
FIRST_YEAR = 2018
ACTIVITY_SCALE = 1.0  # actions per district-year multiplier (the benchmarks' large demo raises it)
SHARE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

GIVEN = [
    "Ane", "Itziar", "Mikel", "Iker", "Nerea", "Jon", "Amaia", "Unai", "Leire", "Gorka",
    "María", "José", "Lucía", "Javier", "Carmen", "Pablo", "Laura", "Daniel", "Elena", "Sergio",
    "Fatima", "Youssef", "Aicha", "Mamadou", "Ana María", "Luis Fernando", "Valentina",
    "Andrés", "Ioana", "Mihai", "Wei", "Ayesha", "Kofi", "Rosa", "Nabil", "Camila",
]
SURNAMES = [
    "Etxeberria", "Agirre", "Goikoetxea", "Urrutia", "Zubiaur", "Bilbao", "Larrinaga",
    "García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz",
    "El Idrissi", "Benali", "Diallo", "Ndiaye", "Rodríguez", "Quispe", "Mamani", "Castro",
    "Popescu", "Ionescu", "Chen", "Khan", "Mensah", "Vargas", "Moreno",
]
ENTITY_PATTERNS = {
    "neighbourhood": "Asociación vecinal de {barrio}",
    "educational": "AMPA del colegio público de {barrio}",
    "commercial": "Asociación de comerciantes de {barrio}",
    "cultural": "Grupo cultural {barrio} Kultur Taldea",
    "social": "Centro social de {barrio}",
    "migrant_association": "Asociación de personas migradas de {barrio}",
    "youth": "Gazte elkartea {barrio}",
    "other": "Parroquia y voluntariado de {barrio}",
}
TITLES = {
    "street_action": "Mesa informativa antirrumores en {barrio}",
    "workshop": "Taller «Desmontando rumores» en {barrio}",
    "school_session": "Sesión antirrumores en un centro escolar de {barrio}",
    "agent_training": "Formación de agentes antirrumores ({district})",
    "talk_cafe": "Café-tertulia intercultural en {barrio}",
    "exhibition": "Exposición «Bilbao, ciudad de encuentros» en {barrio}",
    "creative_writing": "Taller de escritura creativa antirrumores en {barrio}",
    "story_contest": "Lectura de relatos del concurso antirrumores en {barrio}",
    "online_campaign": "Campaña en redes del distrito {district}",
    "annual_meeting": "Encuentro anual de la Red Antirrumores",
    "other": "Actividad antirrumores en {barrio}",
}
TYPE_WEIGHTS = [18, 16, 14, 6, 12, 5, 5, 3, 6, 1, 4]
REACH = {  # (median, spread) of people reached per action type
    "street_action": (80, 0.6), "workshop": (20, 0.4), "school_session": (45, 0.4),
    "agent_training": (15, 0.3), "talk_cafe": (25, 0.4), "exhibition": (200, 0.7),
    "creative_writing": (15, 0.3), "story_contest": (60, 0.5), "online_campaign": (900, 0.9),
    "annual_meeting": (150, 0.3), "other": (30, 0.6),
}


def _share_code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(SHARE_ALPHABET) for _ in range(8))
        if code not in taken:
            taken.add(code)
            return code


def random_point(rng: random.Random, geometry: dict[str, Any]) -> tuple[float, float]:
    """A uniformly random point inside the polygon (rejection sampling in its bounds)."""
    min_lat, min_lon, max_lat, max_lon = geo.bounds(geometry)
    for _ in range(1000):
        lat, lon = rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)
        if geo.contains(geometry, lat, lon):
            return round(lat, 6), round(lon, 6)
    return geo.label_point(geometry)


def generate(db: Database, rng: random.Random, today: date) -> None:
    """Agents (300+ across every district), several years of actions, one account per role."""
    districts = [dict(r) for r in db.query("SELECT * FROM districts ORDER BY number")]
    if not districts:
        return
    barrios = {d["id"]: [r[0] for r in db.execute(
        "SELECT name FROM barrios WHERE district_id = ? ORDER BY name", [d["id"]])]
        for d in districts}
    geometries = {d["id"]: json.loads(d["geometry"]) for d in districts}
    taken = {r[0] for r in db.execute("SELECT share_code FROM agents")}
    start = date(2013, 3, 1)
    agents: list[dict[str, Any]] = []
    for d in districts:
        for _ in range(rng.randint(36, 50)):
            kind = "entity" if rng.random() < 0.3 else "individual"
            sector = rng.choice(SECTORS)
            barrio = rng.choice(barrios[d["id"]] or [d["name_es"]])
            if kind == "entity":
                name = ENTITY_PATTERNS[sector].format(barrio=barrio)
            else:
                name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            joined = start + timedelta(days=rng.randint(0, (today - start).days))
            slug = "".join(c for c in name.lower() if c.isalnum())[:18]
            langs = ["es"] + [x for x in ("eu", "en", "fr", "ar", "pt", "ro") if rng.random() < 0.2]
            agents.append({
                "kind": kind, "name": name, "sector": sector, "district_id": d["id"],
                "barrio": barrio, "joined_on": joined.isoformat(),
                "contact_email": f"{slug}.{len(agents)}@example.org",
                "contact_phone": f"+34 600 {len(agents):03d} {rng.randint(100, 999)}",
                "training_modules": rng.choices(range(TRAINING_MODULES + 1),
                                                [10, 10, 15, 20, 45])[0],
                "active": int(rng.random() < 0.82),
                "languages": json.dumps(langs),
                "migrant_background": rng.choices(["yes", "no", None], [22, 63, 15])[0],
                "consent_named": int(rng.random() < 0.6),
                "share_code": _share_code(rng, taken),
                "demo": 1,
            })
    db["agents"].insert_all(agents)
    agent_rows = [dict(r) for r in db.query(
        "SELECT id, district_id, joined_on FROM agents WHERE demo = 1")]
    by_district: dict[int, list[dict[str, Any]]] = {}
    for a in agent_rows:
        by_district.setdefault(a["district_id"], []).append(a)

    actions, links = [], []
    next_id = (db.execute("SELECT max(id) FROM actions").fetchone()[0] or 0) + 1
    for year in range(FIRST_YEAR, today.year + 1):
        year_end = min(date(year, 12, 31), today)
        days = (year_end - date(year, 1, 1)).days
        for d in districts:
            # Activity grows over the years and differs between districts.
            count = int(rng.gauss(14 + 2 * (year - FIRST_YEAR) + d["number"] % 3 * 3, 3))
            count = max(4, int(count * ACTIVITY_SCALE * (days + 1) / 365))
            for _ in range(count):
                kind = rng.choices(ACTION_TYPES, TYPE_WEIGHTS)[0]
                day = date(year, 1, 1) + timedelta(days=rng.randint(0, days))
                barrio = rng.choice(barrios[d["id"]] or [d["name_es"]])
                lat, lon = random_point(rng, geometries[d["id"]])
                median, spread = REACH[kind]
                actions.append({
                    "id": next_id, "district_id": d["id"], "barrio": barrio,
                    "date": day.isoformat(), "type": kind,
                    "title": TITLES[kind].format(barrio=barrio, district=d["name_es"]),
                    "description": "Acción de demostración generada para probar la aplicación.",
                    "place": barrio, "lat": lat, "lon": lon,
                    "people_reached": max(1, int(rng.lognormvariate(0, spread) * median)),
                    "languages": json.dumps(["es", "eu"] if rng.random() < 0.5 else ["es"]),
                    "demo": 1,
                })
                eligible = [a for a in by_district[d["id"]] if a["joined_on"] <= day.isoformat()]
                for a in rng.sample(eligible, min(len(eligible), rng.randint(1, 4))):
                    links.append({"action_id": next_id, "agent_id": a["id"]})
                next_id += 1
    db["actions"].insert_all(actions, batch_size=500)
    db["action_agents"].insert_all(links, batch_size=1000)

    password_hash = hash_password(DEMO_PASSWORD)
    numbers = {d["number"]: d["id"] for d in districts}
    agent_for_account = next(a["id"] for a in agent_rows
                             if a["district_id"] == numbers.get(5, districts[0]["id"]))
    for username, role, district_numbers in DEMO_ACCOUNTS:
        if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            continue
        user_id = db["users"].insert({
            "username": username, "password_hash": password_hash, "role": role,
            "agent_id": agent_for_account if role == "agent" else None, "demo": 1,
        }).last_pk
        ids = [numbers[n] for n in district_numbers if n in numbers] or (
            [districts[0]["id"]] if role == "coordinator" else [])
        db["user_districts"].insert_all({"user_id": user_id, "district_id": i} for i in ids)
