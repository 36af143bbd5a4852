"""The agents registry: validation, permissions on every function, contacts, share codes, export."""

import csv
import io
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from network import agents
from network.agents import AgentHasHistory
from network.cli import cli
from network.core import i18n
from network.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.conftest import district_id, make_agent
from tests.quick_accounts import quick_user

TODAY = date(2025, 6, 15)


def valid(db, **overrides):
    data = {
        "kind": "individual", "name": "Ane Etxeberria", "contact_email": "ane@example.org",
        "contact_phone": "+34 600 123 456", "sector": "neighbourhood",
        "district_id": district_id(db, 1), "barrio": "Arangoiti", "joined_on": date(2020, 3, 1),
        "training_modules": 2, "active": True, "languages": ["eu", "es"],
        "migrant_background": "no", "consent_named": True, "notes": "Prefers evenings",
    }
    return {**data, **overrides}


@pytest.fixture
def coordinator2(db):
    """Coordinator of district 2 only."""
    return quick_user(db, "coord2", "coordinator", [2])


def snapshot(db):
    return (list(db.query("SELECT * FROM agents ORDER BY id")),
            db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_a_valid_agent_is_saved_with_every_field(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    row = db["agents"].get(agent_id)
    assert row["name"] == "Ane Etxeberria" and row["barrio"] == "Arangoiti"
    # Modules are derived from the calendar (network/training): a typed number is ignored.
    assert row["joined_on"] == "2020-03-01" and row["training_modules"] == 0
    assert row["languages"] == '["es", "eu"]'  # vocabulary order
    assert row["migrant_background"] == "no" and row["consent_named"] == 1
    assert row["contact_email"] == "ane@example.org" and row["notes"] == "Prefers evenings"
    assert len(row["share_code"]) == agents.SHARE_CODE_LENGTH
    assert db.execute("SELECT verb FROM audit_log WHERE entity = 'agents'").fetchone()[0] == "create"


def test_optional_fields_may_be_left_empty(db, admin):
    agent_id = agents.create_agent(db, admin, valid(
        db, contact_email=" ", contact_phone="", barrio="", languages=[], notes="",
        migrant_background=None, kind="entity"), today=TODAY)
    row = db["agents"].get(agent_id)
    assert (row["contact_email"], row["contact_phone"], row["barrio"], row["notes"]) == (
        None, None, None, None)
    assert row["migrant_background"] is None and row["languages"] == "[]"


@pytest.mark.parametrize("overrides,key", [
    ({"name": ""}, "agents.error.name_required"),
    ({"name": "   "}, "agents.error.name_required"),
    ({"name": "x" * 121}, "agents.error.name_too_long"),
    ({"name": "Ane\nEtxeberria"}, "agents.error.name_control"),
    ({"contact_email": "not-an-email"}, "agents.error.email_invalid"),
    ({"contact_email": "ane@localhost"}, "agents.error.email_invalid"),
    ({"contact_email": "ane etxe@example.org"}, "agents.error.email_invalid"),
    ({"contact_email": "a" * 250 + "@example.org"}, "agents.error.contact_email_too_long"),
    ({"contact_phone": "call me"}, "agents.error.phone_invalid"),
    ({"contact_phone": "12345"}, "agents.error.phone_invalid"),
    ({"contact_phone": "6" * 33}, "agents.error.contact_phone_too_long"),
    ({"joined_on": TODAY + timedelta(days=1)}, "agents.error.joined_future"),
    ({"joined_on": "2024-13-01"}, "agents.error.joined_invalid"),
    ({"joined_on": None}, "agents.error.joined_invalid"),
    ({"joined_on": "1999-12-31"}, "agents.error.joined_too_early"),
    ({"sector": "space"}, "agents.error.sector"),
    ({"sector": ""}, "agents.error.sector"),
    ({"kind": "robot"}, "agents.error.kind"),
    ({"district_id": 999}, "error.unknown_district"),
    ({"district_id": None}, "error.unknown_district"),
    ({"barrio": "Indautxu"}, "agents.error.barrio"),  # a barrio of Abando, not of Deusto
    ({"barrio": "Atlantis"}, "agents.error.barrio"),
    ({"languages": ["eu", "klingon"]}, "agents.error.languages"),
    ({"migrant_background": "maybe"}, "agents.error.background"),
    ({"notes": "x" * 2001}, "agents.error.notes_too_long"),
])
def test_invalid_input_is_refused_and_changes_nothing(db, admin, overrides, key):
    before = snapshot(db)
    with pytest.raises(ValidationFailed) as caught:
        agents.create_agent(db, admin, valid(db, **overrides), today=TODAY)
    assert [p.key for p in caught.value.problems] == [key]
    assert snapshot(db) == before


def test_the_longest_allowed_values_are_accepted(db, admin):
    agent_id = agents.create_agent(db, admin, valid(
        db, name="x" * 120, notes="n" * 2000, contact_phone="+34 (944) 20-00-00",
        training_modules=4, joined_on=TODAY), today=TODAY)
    row = db.execute("SELECT name, notes, contact_phone, training_modules FROM agents WHERE id = ?",
                     [agent_id]).fetchone()
    assert tuple(row) == ("x" * 120, "n" * 2000, "+34 (944) 20-00-00", 0)


def test_every_problem_is_listed_at_once(db, admin):
    with pytest.raises(ValidationFailed) as caught:
        agents.create_agent(db, admin, valid(db, name="", contact_email="x", training_modules=9,
                                             sector="?"), today=TODAY)
    keys = {p.key for p in caught.value.problems}
    assert keys == {"agents.error.name_required", "agents.error.email_invalid",
                    "agents.error.sector"}  # a typed module count is ignored, not refused


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_validation_errors_read_as_sentences_in_each_language(db, admin, lang):
    with pytest.raises(ValidationFailed) as caught:
        agents.create_agent(db, admin, valid(db, contact_email="bad@", sector="?"),
                            today=TODAY)
    lines = i18n.describe_error(caught.value, lang)
    assert len(lines) == 2
    assert all("agents.error" not in line and "{" not in line for line in lines)
    assert lines[0] == i18n.translate("agents.error.email_invalid", lang)
    assert lines[1] == i18n.translate("agents.error.sector", lang, value="?")


def test_update_changes_the_record_and_keeps_the_share_code(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    code = db["agents"].get(agent_id)["share_code"]
    agents.update_agent(db, coordinator, agent_id, valid(db, name="Ane E.", training_modules=4),
                        today=TODAY)
    row = db["agents"].get(agent_id)
    assert (row["name"], row["training_modules"], row["share_code"]) == ("Ane E.", 0, code)
    assert row["updated_at"]


def test_an_invalid_update_changes_nothing(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    before = snapshot(db)
    with pytest.raises(ValidationFailed):
        agents.update_agent(db, coordinator, agent_id, valid(db, name=""), today=TODAY)
    assert snapshot(db) == before


def test_unknown_agents_are_not_found(db, admin):
    for call in (lambda: agents.update_agent(db, admin, 999, valid(db)),
                 lambda: agents.set_agent_active(db, admin, 999, False),
                 lambda: agents.delete_agent(db, admin, 999),
                 lambda: agents.regenerate_share_code(db, admin, 999),
                 lambda: agents.agent_for_edit(db, admin, 999)):
        with pytest.raises(NotFound):
            call()


# Permissions: a coordinator of district 1 against an agent of district 2, through every function.

def other_district_calls(db, user, agent_id):
    return {
        "create": lambda: agents.create_agent(db, user, valid(
            db, district_id=district_id(db, 2), barrio=""), today=TODAY),
        "update": lambda: agents.update_agent(db, user, agent_id, valid(
            db, district_id=district_id(db, 2), barrio=""), today=TODAY),
        "deactivate": lambda: agents.set_agent_active(db, user, agent_id, False),
        "delete": lambda: agents.delete_agent(db, user, agent_id),
        "regenerate": lambda: agents.regenerate_share_code(db, user, agent_id),
        "edit_form": lambda: agents.agent_for_edit(db, user, agent_id),
        "list": lambda: agents.list_agents(db, user, district_id(db, 2)),
        "export": lambda: agents.export_csv(db, user, "es", district_id=district_id(db, 2)),
    }


@pytest.mark.parametrize("call", ["create", "update", "deactivate", "delete", "regenerate",
                                  "edit_form", "list", "export"])
def test_a_coordinator_cannot_touch_another_districts_agent(db, coordinator, call):
    agent_id = make_agent(db, 2, "Other District")
    before = snapshot(db)
    with pytest.raises(PermissionDenied):
        other_district_calls(db, coordinator, agent_id)[call]()
    assert snapshot(db) == before


def test_a_coordinator_cannot_move_their_agent_to_another_district(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    before = snapshot(db)
    with pytest.raises(PermissionDenied):
        agents.update_agent(db, coordinator, agent_id,
                            valid(db, district_id=district_id(db, 2), barrio=""), today=TODAY)
    assert snapshot(db) == before


@pytest.mark.parametrize("who", ["staff", "agent_user", None])
@pytest.mark.parametrize("call", ["create", "update", "deactivate", "delete", "regenerate",
                                  "edit_form", "export"])
def test_staff_agents_and_the_public_cannot_write_or_export(db, request, who, call):
    user = request.getfixturevalue(who) if who else None
    agent_id = make_agent(db, 2, "Someone")
    before = snapshot(db)
    with pytest.raises(PermissionDenied):
        other_district_calls(db, user, agent_id)[call]()
    assert snapshot(db) == before


@pytest.mark.parametrize("who", ["agent_user", None])
def test_agents_and_the_public_cannot_list_agents(db, request, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):
        agents.list_agents(db, user)


def test_admins_may_do_everything_in_every_district(db, admin):
    agent_id = make_agent(db, 2, "Someone")
    calls = other_district_calls(db, admin, agent_id)
    for name in ("create", "update", "regenerate", "edit_form", "list", "export", "deactivate",
                 "delete"):
        calls[name]()
    assert not db.execute("SELECT 1 FROM agents WHERE id = ?", [agent_id]).fetchone()


# Listings: who sees whom, and whose contacts.

@pytest.fixture
def two_districts(db, admin):
    one = agents.create_agent(db, admin, valid(db, name="María Etxebarria"), today=TODAY)
    two = agents.create_agent(db, admin, valid(db, name="Jon Two", district_id=district_id(db, 2),
                                               barrio="", contact_email="jon@example.org"),
                              today=TODAY)
    return one, two


def test_a_coordinator_lists_only_their_district_with_contacts(db, coordinator, two_districts):
    rows = agents.list_agents(db, coordinator)
    assert [r["id"] for r in rows] == [two_districts[0]]
    assert rows[0]["contact_email"] == "ane@example.org" and rows[0]["notes"]
    assert rows[0]["contacts_visible"] is True


def test_staff_list_every_district_without_contacts(db, staff, two_districts):
    rows = agents.list_agents(db, staff)
    assert sorted(r["id"] for r in rows) == sorted(two_districts)
    for r in rows:
        assert (r["contact_email"], r["contact_phone"], r["notes"]) == (None, None, None)
        assert r["contacts_visible"] is False


def test_admins_list_every_district_with_contacts(db, admin, two_districts):
    rows = agents.list_agents(db, admin)
    assert {r["contact_email"] for r in rows} == {"ane@example.org", "jon@example.org"}


def test_listings_never_carry_migrant_background_or_share_codes(db, admin, staff, two_districts):
    for user in (admin, staff):
        for r in agents.list_agents(db, user):
            assert "migrant_background" not in r and "share_code" not in r


def test_a_coordinator_of_two_districts_sees_contacts_in_both(db, two_districts):
    both = quick_user(db, "coord12", "coordinator", [1, 2])
    rows = agents.list_agents(db, both)
    assert len(rows) == 2 and all(r["contacts_visible"] for r in rows)


@pytest.mark.parametrize("search,found", [
    ("maria", True), ("MARÍA", True), ("etxebarria", True), ("Jon", False), ("", True),
])
def test_search_by_name_ignores_case_and_accents(db, coordinator, two_districts, search, found):
    rows = agents.list_agents(db, coordinator, search=search)
    assert bool(rows) is found


def test_the_active_filter(db, admin, two_districts):
    agents.set_agent_active(db, admin, two_districts[0], False)
    assert [r["id"] for r in agents.list_agents(db, admin, active=False)] == [two_districts[0]]
    assert [r["id"] for r in agents.list_agents(db, admin, active=True)] == [two_districts[1]]


def test_listing_counts_actions_and_the_last_one(db, admin, two_districts):
    with db.atomic():
        for day in ("2024-01-05", "2024-03-09"):
            action = db["actions"].insert({"district_id": district_id(db, 1), "date": day,
                                           "type": "workshop", "title": "T"}).last_pk
            db["action_agents"].insert({"action_id": action, "agent_id": two_districts[0]})
    row = next(r for r in agents.list_agents(db, admin) if r["id"] == two_districts[0])
    assert (row["actions"], row["last_action"]) == (2, "2024-03-09")


# Deactivation and deletion.

def test_deactivate_and_reactivate_keep_the_record_and_are_audited(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    agents.set_agent_active(db, coordinator, agent_id, False)
    assert db["agents"].get(agent_id)["active"] == 0
    agents.set_agent_active(db, coordinator, agent_id, True)
    assert db["agents"].get(agent_id)["active"] == 1
    verbs = [r[0] for r in db.execute("SELECT verb FROM audit_log WHERE entity = 'agents' "
                                      "ORDER BY id")]
    assert verbs == ["create", "deactivate", "activate"]


def test_an_agent_without_history_can_be_deleted(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    agents.delete_agent(db, coordinator, agent_id)
    assert db["agents"].count == 0


def test_an_agent_with_actions_cannot_be_deleted(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    with db.atomic():
        action = db["actions"].insert({"district_id": district_id(db, 1), "date": "2024-01-01",
                                       "type": "workshop", "title": "T"}).last_pk
        db["action_agents"].insert({"action_id": action, "agent_id": agent_id})
    before = snapshot(db)
    with pytest.raises(AgentHasHistory) as caught:
        agents.delete_agent(db, coordinator, agent_id)
    assert caught.value.params == {"count": 1}
    assert snapshot(db) == before
    assert db["action_agents"].count == 1
    assert "1" in i18n.describe_error(caught.value, "eu")[0]


def test_an_agent_linked_to_an_account_cannot_be_deleted(db, admin, agent_user):
    with pytest.raises(AgentHasHistory):
        agents.delete_agent(db, admin, agent_user.agent_id)
    assert db["users"].get(agent_user.id)["agent_id"] == agent_user.agent_id


def test_the_edit_form_gets_the_whole_record_and_its_history(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    record = agents.agent_for_edit(db, coordinator, agent_id)
    assert record["languages"] == ["es", "eu"] and record["migrant_background"] == "no"
    assert record["contact_phone"] == "+34 600 123 456" and record["history"] == 0


# Share codes.

def test_share_codes_are_random_unambiguous_and_distinct():
    codes = {agents.new_share_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == 8 and set(c) <= set(agents.SHARE_ALPHABET) for c in codes)
    assert not set("01IO") & set(agents.SHARE_ALPHABET)
    # every symbol of the alphabet turns up: the codes use all 32 of them
    assert set("".join(codes)) == set(agents.SHARE_ALPHABET)


def test_share_codes_are_unique_in_the_database(db, admin):
    ids = [agents.create_agent(db, admin, valid(db, name=f"A{i}"), today=TODAY) for i in range(30)]
    codes = [db["agents"].get(i)["share_code"] for i in ids]
    assert len(set(codes)) == 30


def test_regenerating_a_share_code_replaces_it(db, coordinator):
    agent_id = agents.create_agent(db, coordinator, valid(db), today=TODAY)
    old = db["agents"].get(agent_id)["share_code"]
    new = agents.regenerate_share_code(db, coordinator, agent_id)
    assert new != old and db["agents"].get(agent_id)["share_code"] == new
    assert agents.agent_id_for_share_code(db, old) is None
    assert agents.agent_id_for_share_code(db, new.lower()) == agent_id
    assert agents.agent_id_for_share_code(db, f"{new[:4]}-{new[4:]}") == agent_id


def test_the_demo_generator_uses_the_same_share_code_alphabet():
    from network.demo import core

    assert core.SHARE_ALPHABET == agents.SHARE_ALPHABET


# Export.

def read_export(data: bytes):
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_the_export_has_translated_headers_and_labels(db, admin, two_districts, lang):
    rows = read_export(agents.export_csv(db, admin, lang))
    header = rows[0]
    assert header[:3] == [i18n.translate(f"agents.column.{c}", lang)
                          for c in ("id", "kind", "name")]
    assert i18n.translate("agents.column.contact_email", lang) in header
    first = dict(zip(header, rows[1], strict=True))
    assert first[i18n.translate("agents.column.kind", lang)] == i18n.translate(
        "vocab.agent_kind.individual", lang)
    assert len(rows) == 3


def test_the_export_never_includes_migrant_background(db, admin, two_districts):
    text = agents.export_csv(db, admin, "en").decode("utf-8-sig").lower()
    assert "migrant" not in text and "background" not in text


def test_a_coordinator_exports_only_their_district(db, coordinator, two_districts):
    rows = read_export(agents.export_csv(db, coordinator, "en"))
    assert [r[2] for r in rows[1:]] == ["María Etxebarria"]
    assert "ane@example.org" in rows[1]


def test_the_export_can_leave_contacts_out(db, admin, two_districts):
    rows = read_export(agents.export_csv(db, admin, "en", include_contacts=False))
    flat = ",".join(",".join(r) for r in rows)
    assert "Email" not in rows[0] and "@example.org" not in flat and "Prefers" not in flat


def test_formula_like_names_are_defused_in_the_export(db, admin):
    agents.create_agent(db, admin, valid(db, name="=HYPERLINK(\"http://x\")"), today=TODAY)
    rows = read_export(agents.export_csv(db, admin, "en"))
    assert rows[1][2].startswith("'=")


def test_cli_exports_agents_to_a_file_and_to_stdout(db_path, db, admin, two_districts, tmp_path):
    runner = CliRunner()
    out = tmp_path / "agents.csv"
    result = runner.invoke(cli, ["export", "agents", "-o", str(out), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = read_export(out.read_bytes())
    assert rows[0][2] == "Nombre" and len(rows) == 3 and "ane@example.org" in rows[1]
    result = runner.invoke(cli, ["export", "agents", "--no-contacts", "--lang", "en",
                                 "--db", str(db_path)])
    assert result.exit_code == 0
    rows = read_export(result.stdout_bytes)
    assert rows[0][2] == "Name" and "Email" not in rows[0]
    assert "@example.org" not in result.stdout_bytes.decode("utf-8-sig")


def test_cli_export_agents_has_help():
    result = CliRunner().invoke(cli, ["export", "agents", "--help"])
    assert result.exit_code == 0 and "--no-contacts" in result.output


def test_a_record_fills_the_edit_form_with_defaults_for_empty_columns():
    from network.agents import rules

    record = {"kind": "entity", "name": "Asociación Auzoa", "contact_email": None, "contact_phone": "",
              "sector": "education", "district_id": 4, "barrio": "Zorrotza", "training_modules": 0,
              "languages": [], "migrant_background": None, "notes": "", "joined_on": "2024-02-29",
              "active": 1, "consent_named": 0}
    defaults = {"email": "", "phone": "", "modules": 0, "languages": [], "background": "undeclared",
                "notes": ""}
    assert rules.edit_form_values(record, defaults) == {
        "kind": "entity", "name": "Asociación Auzoa", "email": "", "phone": "", "sector": "education",
        "district": 4, "barrio": "Zorrotza", "modules": 0, "languages": [], "background": "undeclared",
        "notes": "", "joined": date(2024, 2, 29), "active": True, "consent": False}
