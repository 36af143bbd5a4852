"""Calendar feeds, reminders and the outbox: .ics parsed back (UTC offsets in winter and in
summer), the CLI, messages in each agent's language."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import icalendar
from click.testing import CliRunner

from network import training
from network.cli import cli
from tests.test_training_service import NOW, agent_account, event_data


def _events(data: bytes) -> list:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_feed_times_are_madrid_local_with_summer_time(db, staff):
    winter = datetime(2027, 1, 15, 18, 0)
    summer = datetime(2027, 7, 15, 18, 0)
    for start in (winter, summer):
        training.create_event(db, staff, event_data(db, 1, starts_at=start,
                                                    ends_at=start + timedelta(hours=2)), now=NOW)
    data = training.district_feed(db, None, "en")
    cal = icalendar.Calendar.from_ical(data)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Madrid"]
    starts = [e.decoded("DTSTART") for e in _events(data)]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(hours=2)]
    assert [s.astimezone(UTC).hour for s in starts] == [17, 16]
    offsets = {c["TZOFFSETTO"].to_ical() for tz in cal.walk("VTIMEZONE")
               for c in tz.subcomponents}
    # the zone's rules travel with the file
    assert {"+0100", "+0200"} <= {o.decode() if isinstance(o, bytes) else o for o in offsets}
    assert b"TZID=Europe/Madrid:20270115T180000" in data


def test_a_district_feed_holds_its_events_and_the_citys_not_other_districts(db, staff):
    own = training.create_event(db, staff, event_data(db, 1, title="own"), now=NOW)
    training.create_event(db, staff, event_data(db, 2, title="other"), now=NOW)
    training.create_event(db, staff, event_data(db, None, kind="annual_meeting",
                                                title="city"), now=NOW)
    training.cancel_event(db, staff, own)
    from tests.conftest import district_id

    items = _events(training.district_feed(db, district_id(db, 1), "es"))
    assert sorted(str(e["SUMMARY"]) for e in items) == ["Módulo 1: own", "city"]
    assert {str(e["SUMMARY"]): str(e["STATUS"]) for e in items}["Módulo 1: own"] == "CANCELLED"


def test_an_agents_feed_holds_their_sign_ups(db, staff):
    user = agent_account(db, "agentA")
    mine = training.create_event(db, staff, event_data(db, 1, title="mine"), now=NOW)
    training.create_event(db, staff, event_data(db, 1, title="not mine"), now=NOW)
    training.sign_up(db, user, mine, now=NOW)
    assert [str(e["SUMMARY"]) for e in _events(training.agent_feed(db, user, "en"))] == [
        "Module 1: mine"]


def test_cli_writes_a_district_feed(db_path, db, staff, tmp_path):
    start = datetime.now() + timedelta(days=30)
    start = start.replace(hour=18, minute=0, second=0, microsecond=0)
    training.create_event(db, staff, event_data(db, 1, starts_at=start,
                                                ends_at=start + timedelta(hours=2)))
    out = tmp_path / "d1.ics"
    result = CliRunner().invoke(cli, ["events", "ics", "--db", str(db_path), "--district", "1",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_events(out.read_bytes())) == 1
    bad = CliRunner().invoke(cli, ["events", "ics", "--db", str(db_path), "--district", "99",
                                   "-o", str(out)])
    assert bad.exit_code != 0 and "no district number 99" in bad.output


def test_reminders_dry_run_and_outbox_in_each_agents_language(db_path, db, staff, tmp_path):
    start = (datetime.now() + timedelta(days=2)).replace(hour=18, minute=0, second=0,
                                                         microsecond=0)
    event = training.create_event(db, staff, event_data(db, 1, starts_at=start, capacity=5,
                                                        ends_at=start + timedelta(hours=2)))
    basque, spanish = agent_account(db, "Miren"), agent_account(db, "Lucía")
    db.execute("UPDATE agents SET languages = ?, contact_email = ? WHERE id = ?",
               ['["eu", "es"]', "miren@example.org", basque.agent_id])
    db.conn.commit()
    for u in (basque, spanish):
        training.sign_up(db, u, event)
    assert len(training.reminders(db, date.today(), 1)) == 0
    found = training.reminders(db, date.today(), 2)
    assert {(m["agent_id"], m["lang"]) for m in found} == {(basque.agent_id, "eu"),
                                                          (spanish.agent_id, "es")}
    assert next(m for m in found if m["lang"] == "eu")["subject"].startswith("Oroigarria")
    runner = CliRunner()
    dry = runner.invoke(cli, ["events", "remind", "--db", str(db_path), "--days", "2"])
    assert dry.exit_code == 0 and "Dry run: 2 messages" in dry.output
    training.cancel_event(db, staff, event)
    out = tmp_path / "outbox.jsonl"
    wrote = runner.invoke(cli, ["events", "remind", "--db", str(db_path), "--days", "2",
                                "--write-outbox", str(out)])
    assert wrote.exit_code == 0, wrote.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [m["kind"] for m in lines] == ["cancel", "cancel"]  # no reminder of a cancelled event
    assert {m["recipient"] for m in lines} == {"miren@example.org", None}
    again = runner.invoke(cli, ["events", "remind", "--db", str(db_path)])
    assert "Dry run: 0 messages" in again.output  # notices are handed over once
