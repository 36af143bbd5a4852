"""Recognition: contributions in a year per agent, only consenting agents named."""

import pytest

from network import recognition
from tests.conftest import district_id, make_agent


def _action(db, day, reached, agents):
    with db.atomic():
        action = db["actions"].insert({"district_id": district_id(db, 1), "date": day,
                                       "type": "workshop", "title": "t",
                                       "people_reached": reached}).last_pk
        for a in agents:
            db["action_agents"].insert({"action_id": action, "agent_id": a})


def _quiz(db, agent, day, flags=""):
    with db.atomic():
        version = db.execute("SELECT id FROM quiz_versions LIMIT 1").fetchone()
        version_id = version[0] if version else db["quiz_versions"].insert({"number": 99}).last_pk
        db["quiz_attempts"].insert({
            "token": f"tok{db['quiz_attempts'].count}", "version_id": version_id, "lang": "es",
            "agent_id": agent, "started_at": 0, "finished_at": 60, "finished_on": day,
            "score": 3, "max_score": 6, "flags": flags})


def test_contributions_are_counted_per_agent_within_the_year(db):
    ane = make_agent(db, 1, "Ane Named")
    jon = make_agent(db, 1, "Jon Private")
    db["agents"].update(ane, {"consent_named": 1})
    _action(db, "2025-02-01", 30, [ane, jon])
    _action(db, "2025-12-31", 20, [ane])
    _action(db, "2024-12-31", 999, [ane])        # the year before
    _quiz(db, ane, "2025-05-05")
    _quiz(db, ane, "2025-05-06", flags="too_fast")  # flagged: not counted
    _quiz(db, jon, "2026-01-01")                   # the year after
    rec = recognition.recognition(db, 2025)
    assert rec.named == [{"id": ane, "kind": "individual", "name": "Ane Named",
                          "district_id": district_id(db, 1), "sector": "social",
                          "actions": 2, "reached": 50, "quiz": 1}]
    assert rec.unnamed == 1


def test_agents_without_contributions_are_not_counted(db):
    make_agent(db, 1, "Idle Agent")
    rec = recognition.recognition(db, 2025)
    assert rec.named == [] and rec.unnamed == 0


@pytest.mark.parametrize("rows,named,unnamed", [
    ([], [], 0),
    ([{"consent_named": 0}], [], 1),
    ([{"consent_named": 1, "name": "b", "actions": 1, "quiz": 0},
      {"consent_named": 1, "name": "a", "actions": 1, "quiz": 0},
      {"consent_named": 1, "name": "c", "actions": 3, "quiz": 0}], ["c", "a", "b"], 0),
])
def test_recognise_names_consenting_agents_most_active_first(rows, named, unnamed):
    base = {"id": 1, "kind": "individual", "name": "x", "district_id": 1, "sector": "social",
            "actions": 0, "reached": 0, "quiz": 0, "contact_email": "x@example.org"}
    rec = recognition.recognise([{**base, **r} for r in rows], 2025)
    assert [r["name"] for r in rec.named] == named and rec.unnamed == unnamed
    assert all("contact_email" not in r for r in rec.named)
