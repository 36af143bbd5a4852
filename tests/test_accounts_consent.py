"""Consent by purpose: given and withdrawn by the agent or their coordinator, with date and
how; a withdrawal applies at once in recognition, exports and migrant-background counts."""

from __future__ import annotations

import pytest

from network import agents, recognition
from network.accounts import auth, consent
from network.core.errors import PermissionDenied, ValidationFailed
from network.district import migrant_background_share
from network.district import store as district_store
from tests.conftest import PASSWORD, app_test, district_id, make_agent


@pytest.fixture
def world(db, admin, coordinator):
    """An agent of district 1 with contacts, a background, a named consent and one action;
    their own account; a coordinator of district 2."""
    agent_id = make_agent(db, 1, "Irati Zubizarreta Unique")
    with db.atomic():
        db.execute("""UPDATE agents SET contact_email = 'irati@example.org',
                      contact_phone = '+34 600 111 222', migrant_background = 'yes',
                      consent_named = 1 WHERE id = ?""", [agent_id])
        action = db["actions"].insert({"district_id": district_id(db, 1), "date": "2025-05-05",
                                       "type": "workshop", "title": "Taller"}).last_pk
        db["action_agents"].insert({"action_id": action, "agent_id": agent_id})
    own = auth.create_user(db, None, "irati", PASSWORD, "agent", agent_id=agent_id, system=True)
    other = auth.create_user(db, None, "coord2", PASSWORD, "coordinator",
                             [district_id(db, 2)], system=True)
    return {"agent": agent_id, "own": own, "other": other, "admin": admin,
            "coordinator": coordinator}


def named(db, year=2025):
    return [n["name"] for n in recognition.recognition(db, year).named]


def test_consent_is_recorded_with_date_how_and_who(db, world):
    consent.set_consent(db, world["coordinator"], world["agent"], "contact", True, "paper_form")
    rows = consent.consents(db, world["coordinator"], world["agent"])
    contact = next(r for r in rows if r["purpose"] == "contact")
    assert contact["state"] == "given" and contact["how"] == "paper_form" and contact["at"]
    history = consent.history(db, world["coordinator"], world["agent"])
    assert history[0]["recorded_by"] == "coord1"
    assert {h["purpose"] for h in history} == {"named", "contact"}  # named from the record


def test_withdrawing_named_removes_the_name_from_recognition_at_once(db, world):
    assert "Irati Zubizarreta Unique" in named(db)
    consent.set_consent(db, world["own"], world["agent"], "named", False, "email")
    assert "Irati Zubizarreta Unique" not in named(db)
    latest = consent.history(db, world["own"], world["agent"])[0]
    assert (latest["purpose"], latest["given"], latest["how"], latest["recorded_by"]) == (
        "named", 0, "self_service", "irati")  # an agent's own answer is self-service


def test_withdrawing_contact_hides_email_and_phone_in_lists_and_exports(db, world):
    coordinator = world["coordinator"]
    headers, rows = agents.export_table(db, coordinator, "en")
    assert any("irati@example.org" in map(str, r) for r in rows)
    consent.set_consent(db, coordinator, world["agent"], "contact", False, "phone")
    for user in (coordinator, None):
        headers, rows = (agents.export_table(db, user, "en") if user else
                         agents.export_table(db, None, "en", system=True))
        flat = " ".join(str(c) for r in rows for c in r)
        assert "irati@example.org" not in flat and "+34 600 111 222" not in flat
    listed = [r for r in agents.list_agents(db, coordinator) if r["id"] == world["agent"]][0]
    assert listed["contact_email"] is None and listed["contact_phone"] is None


def test_withdrawing_background_clears_it_and_counts_follow_at_once(db, world):
    def declared():  # what the district dashboard counts
        return migrant_background_share(
            district_store.district_agents(db, district_id(db, 1))).declared

    before = declared()
    consent.set_consent(db, world["own"], world["agent"], "background", False, "self_service")
    assert db.execute("SELECT migrant_background FROM agents WHERE id = ?",
                      [world["agent"]]).fetchone()[0] is None
    assert declared() == before - 1
    # whatever writes it later (the agents form), a withdrawn consent keeps it out
    with db.atomic():
        db.execute("UPDATE agents SET migrant_background = 'no' WHERE id = ?", [world["agent"]])
    assert db.execute("SELECT migrant_background FROM agents WHERE id = ?",
                      [world["agent"]]).fetchone()[0] is None


def test_only_the_agent_their_coordinators_and_admins_manage_consent(db, world):
    with pytest.raises(PermissionDenied):
        consent.set_consent(db, world["other"], world["agent"], "named", False, "email")
    stranger = make_agent(db, 1, "Someone Else")
    with pytest.raises(PermissionDenied):
        consent.set_consent(db, world["own"], stranger, "named", True, "email")
    consent.set_consent(db, world["admin"], world["agent"], "named", True, "in_person")
    with pytest.raises(ValidationFailed):
        consent.set_consent(db, world["admin"], world["agent"], "marketing", True, "email")
    with pytest.raises(ValidationFailed):
        consent.set_consent(db, world["admin"], world["agent"], "named", True, "telepathy")


def test_an_agent_withdraws_from_my_account_in_one_click(db, world):
    at = app_test("pages/account.py", user=world["own"]).run()
    assert not at.exception
    at.button(key="mine_consent_named").click().run()
    assert not at.exception
    assert "Irati Zubizarreta Unique" not in named(db)


def test_a_coordinator_records_consent_on_the_agents_personal_data_page(db, world):
    at = app_test("pages/agent_privacy.py", user=world["coordinator"]).run()
    assert not at.exception
    at.selectbox(key="privacy_agent").set_value(world["agent"]).run()
    at.selectbox(key="privacy_purpose").set_value("contact")
    at.radio(key="privacy_answer").set_value("withdrawn")
    at.selectbox(key="privacy_how").set_value("phone")
    at.button[0].click().run()  # the form's values go with its submit
    assert not at.exception
    assert db.execute("SELECT consent_contact FROM agents WHERE id = ?",
                      [world["agent"]]).fetchone()[0] == 0


def test_the_demo_records_consents_for_every_demo_agent(demo_db):
    without = demo_db.execute(
        """SELECT count(*) FROM agents a WHERE demo = 1 AND NOT EXISTS (
               SELECT 1 FROM agent_consents c WHERE c.agent_id = a.id AND c.purpose = 'contact')
        """).fetchone()[0]
    assert without == 0
    assert demo_db.execute("SELECT count(*) FROM agents WHERE consent_contact = 0").fetchone()[0]
