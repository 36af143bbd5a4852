"""Demo calendar: two years of training sessions, district meetings and annual meetings, with
sign-ups and attendance that agree with the demo agents' modules, a few upcoming events (one
moved, one cancelled with its notices). Every row carries demo = 1."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlite_utils import Database

from network.training import handlers, rules, service, store

TABLES = ["event_outbox", "training_prior", "event_signups", "events"]
TRAINERS = ["Equipo de formación de la Red (demo)", "Formadora de SOS Racismo (demo)",
            "Formador del área de Convivencia (demo)"]
CAPACITY = 20


def _event(kind: str, district: dict[str, Any] | None, day: date, start: time, hours: float,
           rng: random.Random, module: int | None = None, **extra: Any) -> dict[str, Any]:
    begin = datetime.combine(day, start)
    name = district["name_es"] if district else "Bilbao"
    titles = {"training": f"Formación básica, módulo {module} ({name})",
              "district_meeting": f"Reunión de agentes de {name}",
              "annual_meeting": f"Encuentro anual de la Red Antirrumores {day.year}",
              "other": "Reunión mensual en línea de la red"}
    return {"kind": kind, "module": module, "title": titles[kind],
            "description": "Actividad de demostración generada para probar la aplicación.",
            "trainer": rng.choice(TRAINERS) if kind == "training" else "",
            "hours": hours if kind == "training" else None,
            "district_id": district["id"] if district else None,
            "starts_at": rules.stored(begin), "ends_at": rules.stored(begin + timedelta(hours=hours)),
            "place": f"Centro cívico de {name}" if kind != "other" else "",
            "online_url": "https://meet.example.org/red-antirrumores" if kind == "other" else "",
            "capacity": extra.pop("capacity", CAPACITY if kind == "training" else 40),
            "languages": json.dumps(["es", "eu"] if rng.random() < 0.5 else ["es"]),
            "audience": json.dumps(["agents", "entities"]), "demo": 1, **extra}


def generate(db: Database, rng: random.Random, today: date) -> None:
    """Sessions every six weeks per district cycling through the modules, quarterly district
    meetings, the annual meeting; agents' modules split into records before the calendar and
    attended sessions; upcoming events with sign-ups and a waiting list."""
    districts = [dict(r) for r in db.query("SELECT * FROM districts ORDER BY number")]
    agents = [dict(r) for r in db.query(
        "SELECT id, district_id, joined_on, training_modules, active FROM agents WHERE demo = 1")]
    if not districts or not agents:
        return
    first = today - timedelta(days=730)
    account = db.execute("SELECT agent_id FROM users WHERE username = 'demo-agent'").fetchone()
    account_agent = account[0] if account else None
    events: list[dict[str, Any]] = []
    for d in districts:
        day, module = first + timedelta(days=d["number"] * 3), 1
        while day < today + timedelta(days=60):
            if day != today:
                events.append(_event("training", d, day, time(18), 2.0, rng, module))
            module = module % 4 + 1
            day += timedelta(days=42)
        day = first + timedelta(days=20 + d["number"])
        while day < today + timedelta(days=60):
            if day != today:
                events.append(_event("district_meeting", d, day, time(18, 30), 1.5, rng))
            day += timedelta(days=91)
    for year in range(first.year, today.year + 2):
        day = date(year, 11, 20)
        if first <= day < today + timedelta(days=400) and day != today:
            events.append(_event("annual_meeting", None, day, time(10), 4.0, rng, capacity=250))
    events.sort(key=lambda e: e["starts_at"])
    db["events"].insert_all(events)
    rows = [dict(r) for r in db.query("SELECT * FROM events WHERE demo = 1 ORDER BY starts_at")]
    stamp = rules.stored(datetime.combine(today, time(0)))
    past = [e for e in rows if e["starts_at"] < stamp]
    taken: dict[int, int] = {}
    signups: list[dict[str, Any]] = []
    prior: list[dict[str, Any]] = []
    by_agent: dict[tuple[int, int], bool] = {}

    def add(event: dict[str, Any], agent_id: int, attended: int | None,
            status: str = "confirmed") -> None:
        if (event["id"], agent_id) in by_agent:
            return
        by_agent[(event["id"], agent_id)] = True
        if status == "confirmed":
            taken[event["id"]] = taken.get(event["id"], 0) + 1
        signups.append({"event_id": event["id"], "agent_id": agent_id, "status": status,
                        "attended": attended, "signed_up_at": event["starts_at"][:10],
                        "demo": 1})

    before_calendar = (first - timedelta(days=1)).isoformat()
    for a in agents:
        done = 3 if a["id"] == account_agent else a["training_modules"]
        in_window = a["joined_on"] >= first.isoformat()
        # Modules 1..k were done before the calendar; k+1..done in its sessions, in order.
        k = 0 if in_window or a["id"] == account_agent else (
            done if rng.random() >= 0.35 else rng.randint(0, done))
        after, chosen = max(a["joined_on"], first.isoformat()), []
        for m in range(k + 1, done + 1):
            session = next((e for e in past if e["kind"] == "training" and e["module"] == m
                            and e["district_id"] == a["district_id"]
                            and e["starts_at"][:10] > after
                            and taken.get(e["id"], 0) + chosen.count(e) < e["capacity"]), None)
            if session is None:
                break
            chosen.append(session)
            after = session["starts_at"][:10]
        if len(chosen) < done - k and not in_window:
            k, chosen = done, []  # no seat in order: the whole course before the calendar
        prior += [{"agent_id": a["id"], "module": m, "demo": 1, "recorded_on": before_calendar}
                  for m in range(1, k + 1)]
        for session in chosen:
            add(session, a["id"], 1)
    active = [a for a in agents if a["active"]]
    for e in rows:
        local = [a for a in active if e["district_id"] in (None, a["district_id"])]
        held = e["starts_at"] < stamp
        want = (rng.randint(0, 2) if e["kind"] == "training" else
                rng.randint(8, 25) if e["kind"] != "annual_meeting" else rng.randint(60, 120))
        for a in rng.sample(local, min(len(local), want)):
            if held:
                if e["kind"] == "training":
                    add(e, a["id"], 0)  # a sign-up who did not come (modules unchanged)
                elif taken.get(e["id"], 0) < e["capacity"]:
                    add(e, a["id"], int(rng.random() < 0.8))
            else:
                status = "confirmed" if taken.get(e["id"], 0) < e["capacity"] else "waiting"
                add(e, a["id"], None, status)
    upcoming = [e for e in rows if e["starts_at"] >= stamp]
    if account_agent is not None:
        own = db.execute("SELECT district_id FROM agents WHERE id = ?", [account_agent]).fetchone()
        module4 = next((e for e in upcoming if e["kind"] == "training" and e["module"] == 4
                        and e["district_id"] == own[0]), None)
        meeting = next((e for e in upcoming if e["kind"] == "district_meeting"
                        and e["district_id"] == own[0]), None)
        if meeting:
            add(meeting, account_agent, None)
        if module4 is None:
            module4 = _event("training", next(d for d in districts if d["id"] == own[0]),
                             today + timedelta(days=9), time(18), 2.0, rng, 4)
            module4["id"] = db["events"].insert(module4).last_pk
    full = next((e for e in upcoming if e["kind"] == "training"), None)
    if full is not None:  # a full session with a waiting list
        db["events"].update(full["id"], {"capacity": 2})
        taken[full["id"]] = sum(1 for s in signups if s["event_id"] == full["id"]
                                and s["status"] == "confirmed")
        extra = [s for s in signups if s["event_id"] == full["id"]][2:]
        for s in extra:
            s["status"] = "waiting"
        local = [a for a in active if a["district_id"] == full["district_id"]]
        for a in local[:3]:
            add(full, a["id"], None, "waiting")
    db["event_signups"].insert_all(signups, batch_size=1000)
    db["training_prior"].insert_all(prior, batch_size=1000)
    if len(upcoming) > 3:  # one moved, one cancelled: the notices land in the outbox
        moved = upcoming[2]
        later = datetime.fromisoformat(moved["starts_at"]) + timedelta(days=7)
        db["events"].update(moved["id"], {
            "moved_from": moved["starts_at"], "starts_at": rules.stored(later),
            "ends_at": rules.stored(later + (datetime.fromisoformat(moved["ends_at"])
                                             - datetime.fromisoformat(moved["starts_at"])))})
        online = _event("other", None, today + timedelta(days=5), time(19), 1.0, rng,
                        status="cancelled")
        online_id = db["events"].insert(online).last_pk
        for a in rng.sample(active, min(4, len(active))):
            db["event_signups"].insert({"event_id": online_id, "agent_id": a["id"],
                                        "status": "confirmed", "signed_up_at":
                                        today.isoformat(), "demo": 1})
        for row_id, kind in ((online_id, "cancel"), (moved["id"], "moved")):
            event = {**store.event_row(db, row_id), "demo": 1}
            notices = service.notices_for(db, event, kind, ("confirmed", "waiting"),
                                       before=moved["starts_at"].replace("T", " "))
            store.add_outbox(db, notices)
    handlers.recount_modules(db, [a["id"] for a in agents])
