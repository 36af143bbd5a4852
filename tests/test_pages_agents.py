"""AppTest of pages/agents.py with each role, in each language, and on empty databases."""

import sqlite3
from datetime import date

import pytest

from network import agents
from network.accounts import auth
from network.core import i18n
from tests.conftest import app_test, district_id, make_agent
from tests.quick_accounts import demo_user

PAGE = "pages/agents.py"
LANGS = list(i18n.LANGUAGES)



def headers(at):
    return list(at.dataframe[0].value.columns)


@pytest.mark.parametrize("lang", LANGS)
def test_a_coordinator_sees_their_districts_agents_with_contacts(demo_db, lang):
    coordinator = demo_user(demo_db, "demo-coordinator")
    at = app_test(PAGE, lang=lang, user=coordinator).run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("agents.title", lang)
    table = at.dataframe[0].value
    (district,) = coordinator.district_ids
    expected = demo_db.execute("SELECT count(*) FROM agents WHERE district_id = ?",
                               [district]).fetchone()[0]
    assert len(table) == expected > 20
    assert i18n.translate("agents.column.contact_email", lang) in table.columns
    # one district: no district column, contacts right after the barrio
    assert i18n.translate("agents.column.district", lang) not in table.columns
    assert list(table.columns).index(i18n.translate("agents.column.contact_email", lang)) == 4
    assert at.get("download_button")
    assert len(at.tabs) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_staff_see_every_agent_but_no_contacts(demo_db, lang):
    at = app_test(PAGE, lang=lang, user=demo_user(demo_db, "demo-staff")).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == demo_db["agents"].count
    for column in ("contact_email", "contact_phone", "notes"):
        assert i18n.translate(f"agents.column.{column}", lang) not in table.columns
    assert "@" not in table.to_csv()
    assert not at.get("download_button") and not at.tabs
    assert any(i18n.translate("agents.contacts_hidden", lang) in c.value for c in at.caption)


def test_the_admin_sees_every_agent_with_contacts_and_can_export(demo_db):
    at = app_test(PAGE, user=demo_user(demo_db, "demo-admin")).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == demo_db["agents"].count
    assert "Email" in headers(at) and at.get("download_button") and len(at.tabs) == 2


@pytest.mark.parametrize("who", ["agent_user", None])
def test_agents_and_the_public_are_refused(db, request, who):
    user = request.getfixturevalue(who) if who else None
    at = app_test(PAGE, user=user).run()
    assert not at.exception
    assert at.warning[0].value == i18n.translate("error.permission_denied", "en")
    assert not at.dataframe


def test_an_empty_registry_says_how_to_start(db, coordinator):
    at = app_test(PAGE, lang="eu", user=coordinator).run()
    assert not at.exception
    assert at.info[0].value == i18n.translate("agents.empty", "eu")


def test_a_database_without_districts_says_how_to_load_them(empty_db_path):
    conn = sqlite3.connect(empty_db_path)
    with conn:
        conn.execute("INSERT INTO users (username, password_hash, role) VALUES ('a', 'x', 'admin')")
    at = app_test(PAGE, user=auth.User(1, "a", "admin")).run()
    assert not at.exception
    assert "python -m network init" in at.info[0].value


def fill(at, **values):
    for key, value in values.items():
        widget = at.text_input(key=f"agents_new_{key}") if key in (
            "name", "email", "phone") else None
        if widget is not None:
            widget.input(value)
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_a_coordinator_records_an_agent_from_the_form(db, coordinator, lang):
    at = app_test(PAGE, lang=lang, user=coordinator).run()
    fill(at, name="Itziar Agirre", email="itziar@example.org", phone="+34 944 000 000")
    at.selectbox(key="agents_new_sector").select("youth")
    at.selectbox(key="agents_new_barrio").select("Ibarrekolanda")
    assert at.number_input(key="agents_new_modules").disabled  # derived from the calendar
    at.multiselect(key="agents_new_languages").select("eu").select("ar")
    at.selectbox(key="agents_new_background").select("yes")
    at.checkbox(key="agents_new_consent").check()
    at.button(key="agents_create").click().run()
    assert not at.exception and not at.error
    row = dict(db.query("SELECT * FROM agents").__next__())
    assert (row["name"], row["sector"], row["barrio"], row["training_modules"]) == (
        "Itziar Agirre", "youth", "Ibarrekolanda", 0)
    assert row["languages"] == '["eu", "ar"]' and row["migrant_background"] == "yes"
    assert row["district_id"] == district_id(db, 1) and row["consent_named"] == 1
    assert at.success[0].value == i18n.translate("agents.created", lang, name="Itziar Agirre")
    assert at.text_input(key="agents_new_name").value == ""  # cleared after success
    assert len(at.dataframe[0].value) == 1


def test_a_bad_form_lists_every_problem_keeps_what_was_typed_and_saves_nothing(db, coordinator):
    at = app_test(PAGE, lang="es", user=coordinator).run()
    fill(at, name="", email="no-es-correo", phone="12")
    at.button(key="agents_create").click().run()
    assert not at.exception
    message = at.error[0].value
    for key in ("agents.error.name_required", "agents.error.email_invalid",
                "agents.error.phone_invalid"):
        head = i18n.translate(key, "es").split("«")[0]
        assert head in message
    assert at.text_input(key="agents_new_email").value == "no-es-correo"
    assert at.text_input(key="agents_new_phone").value == "12"
    assert db["agents"].count == 0


def test_a_coordinator_edits_deactivates_and_reactivates_an_agent(db, coordinator):
    agent_id = make_agent(db, 1, "Mikel Urrutia")
    at = app_test(PAGE, user=coordinator).run()
    assert at.selectbox(key="agents_edit_id").value == agent_id
    assert at.text_input(key="agents_edit_name").value == "Mikel Urrutia"
    at.text_input(key="agents_edit_name").input("Mikel Urrutia Zubiaur")
    at.button(key="agents_save").click().run()
    assert not at.exception and not at.error
    assert db["agents"].get(agent_id)["name"] == "Mikel Urrutia Zubiaur"
    at.button(key="agents_toggle").click().run()
    assert db["agents"].get(agent_id)["active"] == 0
    assert at.success[0].value == i18n.translate("agents.deactivated", "en")
    at.button(key="agents_toggle").click().run()
    assert db["agents"].get(agent_id)["active"] == 1


def test_a_bad_edit_keeps_what_was_typed(db, coordinator):
    agent_id = make_agent(db, 1, "Mikel Urrutia")
    at = app_test(PAGE, user=coordinator).run()
    at.text_input(key="agents_edit_email").input("mikel@")
    at.button(key="agents_save").click().run()
    assert at.error and at.text_input(key="agents_edit_email").value == "mikel@"
    assert db["agents"].get(agent_id)["contact_email"] is None


def test_a_coordinator_regenerates_a_share_code(db, coordinator):
    agent_id = make_agent(db, 1, "Mikel Urrutia")
    old = db["agents"].get(agent_id)["share_code"]
    at = app_test(PAGE, user=coordinator).run()
    assert any(old in m.value for m in at.markdown)
    at.button(key="agents_regenerate").click().run()
    new = db["agents"].get(agent_id)["share_code"]
    assert new != old and any(new in m.value for m in at.markdown)


def test_deleting_needs_confirmation_and_no_history(db, coordinator):
    agent_id = make_agent(db, 1, "Mikel Urrutia")
    at = app_test(PAGE, user=coordinator).run()
    assert at.button(key="agents_delete").disabled
    at.checkbox(key="agents_delete_confirm").check().run()
    at.button(key="agents_delete").click().run()
    assert not at.exception
    assert not db.execute("SELECT 1 FROM agents WHERE id = ?", [agent_id]).fetchone()


def test_an_agent_with_history_offers_no_delete_button(db, coordinator):
    agent_id = make_agent(db, 1, "Mikel Urrutia")
    with db.atomic():
        action = db["actions"].insert({"district_id": district_id(db, 1), "date": "2024-01-01",
                                       "type": "workshop", "title": "T"}).last_pk
        db["action_agents"].insert({"action_id": action, "agent_id": agent_id})
    at = app_test(PAGE, user=coordinator).run()
    assert not [b for b in at.button if b.key == "agents_delete"]
    assert any(i18n.translate("agents.cannot_delete", "en", count=1) == c.value
               for c in at.caption)


def test_filters_narrow_the_table(db, admin):
    agents.create_agent(db, admin, {
        "kind": "entity", "name": "Asociación vecinal de Zabala", "sector": "neighbourhood",
        "district_id": district_id(db, 5), "joined_on": date(2020, 1, 1)})
    make_agent(db, 1, "Mikel Urrutia")
    at = app_test(PAGE, user=admin).run()
    assert len(at.dataframe[0].value) == 2
    at.text_input(key="agents_search").input("zabala").run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Asociación vecinal de Zabala"]
    at.text_input(key="agents_search").input("").run()
    at.selectbox(key="agents_filter_district").select(district_id(db, 1)).run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Mikel Urrutia"]
    at.selectbox(key="agents_filter_status").select("inactive").run()
    assert at.info[0].value == i18n.translate("agents.no_match", "en")


def test_hostile_names_are_shown_as_plain_text(db, coordinator):
    make_agent(db, 1, "<img src=x onerror=alert(1)>")
    at = app_test(PAGE, user=coordinator).run()
    assert not at.exception
    assert "<img src=x onerror=alert(1)>" in list(at.dataframe[0].value.iloc[:, 0])
    assert not any("<img" in m.value for m in at.markdown)


def test_the_edit_form_is_filled_again_when_its_widget_state_was_dropped(db, coordinator):
    # After another page has run, Streamlit has dropped the form's widget state but the
    # page's own marker of the loaded record is still there.
    agent_id = make_agent(db, 1, "Mikel Urrutia")
    at = app_test(PAGE, user=coordinator)
    at.session_state["agents_edit_loaded"] = agent_id
    at.run()
    assert at.text_input(key="agents_edit_name").value == "Mikel Urrutia"
