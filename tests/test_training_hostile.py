"""Hostile text in every typed field of the calendar, stored through the real write paths,
comes back as typed: in the tables, the certificate's HTML (escaped), the .ics feed (parsed
back), the outbox and the management page."""

from __future__ import annotations

from datetime import datetime, timedelta
from html.parser import HTMLParser

import icalendar
import pytest

from network import agents, training
from network.core.errors import ValidationFailed
from network.training import views
from tests.conftest import app_test, district_id, shown
from tests.hostile import ALL, DANGEROUS_MARKERS, SHOWN_AS_TYPED, storable
from tests.test_training_service import NOW, event_data

NAMES = storable(SHOWN_AS_TYPED, 120)


class Text(HTMLParser):
    """The text of the certificate's name paragraph and of the whole body."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.name, self.in_name, self.scripts = "", False, 0

    def handle_starttag(self, tag, attrs):
        self.in_name = ("class", "name") in attrs
        self.scripts += tag in ("script", "img", "svg", "iframe")

    def handle_endtag(self, tag):
        self.in_name = False

    def handle_data(self, data):
        if self.in_name:
            self.name += data


def test_every_hostile_text_is_stored_or_refused_and_then_shown_as_typed(db, staff):
    stored = 0
    for i, text in enumerate(ALL):
        start = NOW + timedelta(days=1 + i % 300, hours=i % 5)
        data = event_data(db, 1, title=text, trainer=text[:120], place=text,
                          description=text, starts_at=start, ends_at=start + timedelta(hours=1))
        try:
            event = training.create_event(db, staff, data, now=NOW)
        except ValidationFailed:
            assert text not in SHOWN_AS_TYPED  # a storable title must be accepted
            continue
        stored += 1
        row = training.event_row(db, event)
        assert row["title"] == text.strip() and row["place"] == text.strip()
    assert stored >= len(SHOWN_AS_TYPED)
    events = training.managed_events(db, staff)
    table = views.events_table(events, {}, "en")
    assert list(table["Title"]) == [e["title"] for e in events]
    feed = icalendar.Calendar.from_ical(training.district_feed(db, None, "en"))
    by_uid = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    for e in events:
        item = by_uid[f"event-{e['id']}@antirumour.local"]
        assert str(item["SUMMARY"]) == f"Module 1: {e['title']}"
        # icalendar drops a leading byte-order mark (invisible) when it writes a value
        assert str(item["LOCATION"]) == e["place"].removeprefix("\ufeff")
        assert str(item["DESCRIPTION"]).startswith(e["description"].removeprefix("\ufeff"))


@pytest.mark.parametrize("name", NAMES[::3])
def test_certificate_shows_a_hostile_name_as_typed_and_escaped(db, admin, name):
    agent = agents.create_agent(db, admin, {
        "kind": "individual", "name": name, "sector": "social",
        "district_id": district_id(db, 1), "joined_on": "2020-01-01"})
    with db.conn:
        for m in range(1, 5):
            db["training_prior"].insert({"agent_id": agent, "module": m,
                                         "recorded_on": "2020-01-01"})
    _, html = training.my_certificate(db, admin, "es", agent_id=agent)
    parser = Text()
    parser.feed(html)
    assert parser.name == name.strip()
    assert parser.scripts == 0
    body = html.split("<body>", 1)[1]
    for marker in DANGEROUS_MARKERS:  # "onerror=" may remain as text once "<" is escaped
        if marker[0] in "<$`":
            assert marker not in body


def test_the_manage_page_shows_hostile_titles_and_names_as_typed(db, staff, admin):
    texts = NAMES[:12]
    start = datetime.now() - timedelta(hours=1)
    start = start.replace(second=0, microsecond=0)
    event = training.create_event(db, staff, event_data(
        db, 1, title=texts[0], starts_at=start + timedelta(days=1),
        ends_at=start + timedelta(days=1, hours=2), capacity=50))
    users = []
    from network.accounts import auth
    from tests.conftest import PASSWORD

    for i, name in enumerate(texts):
        agent = agents.create_agent(db, admin, {
            "kind": "individual", "name": name, "sector": "social",
            "district_id": district_id(db, 1), "joined_on": "2020-01-01"})
        users.append(auth.create_user(db, None, f"h{i}", PASSWORD, "agent", agent_id=agent,
                                      system=True))
        training.sign_up(db, users[-1], event)
    with db.conn:  # the session has started
        db.execute("UPDATE events SET starts_at = ? WHERE id = ?",
                   [start.strftime("%Y-%m-%dT%H:%M"), event])
    at = app_test("pages/training_manage.py", lang="en", user=staff).run()
    assert not at.exception
    at.selectbox(key="tm_event").set_value(event).run()
    labels = [shown(c.label) for c in at.checkbox if c.key.startswith("tm_present_")]
    assert labels == [t.strip() for t in texts]
    assert any(shown(m.value).startswith(f"**{texts[0].strip()}** · ") for m in at.markdown)
