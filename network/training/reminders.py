"""Reminders and notices for the council's mail delivery: written as an outbox file (JSON
lines: recipient, language, subject, body), never sent from here."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from network.core.storage import write
from network.training import rules, service, store


def reminders(db: Database, today: date, days: int) -> list[dict[str, Any]]:
    """A reminder, in the agent's language, for each confirmed sign-up of an event starting
    from tomorrow up to `days` days ahead."""
    out = []
    start, end = today.isoformat(), date.fromordinal(today.toordinal() + days + 1).isoformat()
    for event in store.events_between(db, start, end, None, city=True):
        if event["status"] != "scheduled" or not rules.in_window(event, today, days):
            continue
        for s in store.signups(db, event["id"]):
            if s["status"] != "confirmed":
                continue
            lang = rules.agent_language(s["languages"])
            out.append({"kind": "remind", "event_id": event["id"], "agent_id": s["agent_id"],
                        "lang": lang, "recipient": s["contact_email"],
                        **service.message("remind", event, s["name"], lang)})
    return out


def outbox(db: Database, today: date, days: int) -> list[dict[str, Any]]:
    """What an outbox file would hold now: pending notices (cancellations, date changes)
    and the reminders."""
    keep = ("kind", "event_id", "agent_id", "lang", "recipient", "subject", "body")
    notices = [{k: r[k] for k in keep} for r in store.pending_outbox(db)]
    return notices + reminders(db, today, days)


def write_outbox(db: Database, path: Path, today: date, days: int) -> int:
    """Write the outbox file (JSON lines, UTF-8) and mark its notices as handed over."""
    pending = [r["id"] for r in store.pending_outbox(db)]
    messages = outbox(db, today, days)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in messages),
                    encoding="utf-8")
    at = datetime.now().isoformat(timespec="seconds")
    write(db, lambda db: store.mark_exported(db, pending, at))
    return len(messages)
