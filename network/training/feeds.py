"""Calendar feeds (.ics) built with the icalendar package: Europe/Madrid times with the
zone's VTIMEZONE, so calendar apps keep the right local time in winter and in summer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import icalendar
from sqlite_utils import Database

from network.core import i18n
from network.core.permissions import User
from network.training import rules, service, store

PRODID = "-//Anti-rumour network//Calendar//EN"


def ics(events: list[dict[str, Any]], name: str, lang: str, host: str = "antirumour.local"
        ) -> bytes:
    """An iCalendar file of `events` (cancelled ones marked CANCELLED)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Madrid")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for e in events:
        item = icalendar.Event()
        item.add("uid", f"event-{e['id']}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", rules.aware(e["starts_at"]))
        item.add("dtend", rules.aware(e["ends_at"]))
        summary = e["title"]
        if e["kind"] == "training" and e["module"]:
            summary = f"{i18n.translate('training.module_short', lang, n=e['module'])}: {summary}"
        item.add("summary", summary)
        description = [e["description"]] if e["description"] else []
        if e["trainer"]:
            description.append(i18n.translate("training.trainer_line", lang, name=e["trainer"]))
        if e["online_url"]:
            description.append(e["online_url"])
            item.add("url", e["online_url"])
        if description:
            item.add("description", "\n".join(description))
        if e["place"] or e["online_url"]:
            item.add("location", e["place"] or e["online_url"])
        item.add("status", "CANCELLED" if e["status"] == "cancelled" else "CONFIRMED")
        item.add("sequence", 1 if e.get("moved_from") or e["status"] == "cancelled" else 0)
        cal.add_component(item)
    if events:  # the zone's transitions around the events (not every one since 1970)
        days = sorted(date.fromisoformat(e["starts_at"][:10]) for e in events)
        cal.add_missing_timezones(first_date=date(days[0].year - 1, 1, 1),
                                  last_date=date(days[-1].year + 2, 1, 1))
    return cal.to_ical()


def district_feed(db: Database, district_id: int | None, lang: str) -> bytes:
    """A district's events with the city-wide ones; district None: the whole network's."""
    from network import reference

    if district_id is None:
        events = store.events_between(db, None, None, None, city=True)
        name = i18n.translate("training.feed_city", lang)
    else:
        district = reference.district_by_id(db, district_id)
        events = store.events_between(db, None, None, [district_id], city=True)
        name = i18n.translate("training.feed_district", lang, district=district.name(lang))
    return ics(events, name, lang)


def agent_feed(db: Database, user: User | None, lang: str) -> bytes:
    """The signed-in agent's sign-ups (confirmed and waiting) as a feed."""
    rows = service.agent_calendar(db, user, upcoming=True) + service.agent_calendar(
        db, user, upcoming=False)
    mine = [r for r in rows if r["mine"] in ("confirmed", "waiting")]
    mine.sort(key=lambda r: r["starts_at"])
    return ics(mine, i18n.translate("training.feed_mine", lang), lang)
