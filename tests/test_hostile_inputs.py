"""Every hostile input through every form handler: refused cleanly, or stored verbatim.

"Refused cleanly" means a NetworkError whose keys exist in es, eu and en, and a database
byte-identical to before (checksum of iterdump). "Stored verbatim" means the value read back
is the value sent (after the documented trim of surrounding whitespace). Where stored values
are shown (map popups, CSV exports, pages) tests/test_hostile_rendering.py checks escaping.

Per-field limits, decided here and enforced in network/ (see network/textcheck.py):
single-line fields (titles, names, places, labels, sources, usernames) refuse every control
character; multi-line fields (descriptions, notes, quiz texts) allow only line breaks and
tabs; every free-text field has a maximum length with a translated error.
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from network import actions, agents, reference
from network import district as dashboard
from network.accounts import auth
from network.core import textcheck
from network.core.errors import NetworkError
from network.quiz import sharing
from tests import hostile
from tests.conftest import PASSWORD
from tests.hostile_world import DATES, NUMBERS, TEXT, TODAY, ids, refused_text, stored_or_refused  # noqa: F401
from tests.integrity import assert_translated, attempt, checksum

# ---------------------------------------------------------------- actions

def _action(w, **fields):
    return {"district_id": w.d1, "date": "2024-05-01", "type": "workshop", "title": "T", **fields}


def _action_field(db, action_id, column):
    return db.execute(f"SELECT {column} FROM actions WHERE id = ?", [action_id]).fetchone()[0]  # noqa: S608


@pytest.mark.parametrize("field", ["title", "description", "place"])
@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_action_text_fields_store_hostile_text_verbatim_or_refuse_it(world, field, value):
    w = world
    data = _action(w, **{field: value})
    if field == "title" and not str(value).strip():
        data["title"] = value  # an empty title must be refused
    limits = {"title": (actions.MAX_TITLE, False, True),
              "description": (actions.MAX_DESCRIPTION, True, False),
              "place": (actions.MAX_PLACE, False, False)}
    limit, multiline, required = limits[field]
    stored_or_refused(w.db, lambda: actions.create_action(w.db, w.admin, data, today=TODAY),
                      lambda i: _action_field(w.db, i, field), value,
                      refused=refused_text(value, limit, multiline=multiline, required=required))


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_action_barrio_accepts_only_the_districts_barrios(world, value):
    err = stored_or_refused(world.db, lambda: actions.create_action(
        world.db, world.admin, _action(world, barrio=value), today=TODAY),
        lambda i: _action_field(world.db, i, "barrio") or "", value)
    if str(value).strip():
        assert err is not None


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_action_update_of_the_title_is_verbatim_or_refused(world, value):
    w = world
    stored_or_refused(w.db, lambda: actions.update_action(
        w.db, w.admin, w.action_id, _action(w, title=value), today=TODAY),
        lambda _: _action_field(w.db, w.action_id, "title"), value,
        refused=refused_text(value, actions.MAX_TITLE))


@pytest.mark.parametrize("value", NUMBERS, ids=ids(NUMBERS))
def test_action_people_reached_takes_only_whole_numbers_in_range(world, value):
    w = world
    result, err = attempt(w.db, lambda: actions.create_action(
        w.db, w.admin, _action(w, people_reached=value), today=TODAY))
    if err is None:
        stored = _action_field(w.db, result, "people_reached")
        assert isinstance(stored, int) and 0 <= stored <= actions.MAX_PEOPLE


@pytest.mark.parametrize("value", DATES + hostile.SQL_LIKE[:3], ids=ids(DATES + hostile.SQL_LIKE[:3]))
def test_action_dates_are_real_past_dates_or_refused(world, value):
    w = world
    result, err = attempt(w.db, lambda: actions.create_action(
        w.db, w.admin, _action(w, date=value), today=TODAY))
    if err is None:
        stored = date.fromisoformat(_action_field(w.db, result, "date"))
        assert actions.MIN_DATE <= stored <= TODAY
    if value in ("2025-02-30", "2025-04-31", "2025-02-29", "2025-13-01", "9999-12-31"):
        assert err is not None


@pytest.mark.parametrize("lat,lon", [("nan", "nan"), ("inf", "2"), ("91", "0"), ("1e309", "-1e309"),
                                     ("43.26", ""), ("<script>", "x"), (True, False),
                                     ("43.2630", "-2.9350"), ("0", "0")])
def test_action_points_outside_the_district_or_not_numbers_are_refused(world, lat, lon):
    w = world
    result, err = attempt(w.db, lambda: actions.create_action(
        w.db, w.admin, _action(w, lat=lat, lon=lon), today=TODAY))
    if err is None:
        lat_s, lon_s = _action_field(w.db, result, "lat"), _action_field(w.db, result, "lon")
        assert -90 <= lat_s <= 90 and -180 <= lon_s <= 180


@pytest.mark.parametrize("value", ["workshop'; DROP TABLE actions; --", "<b>x</b>", "", None, 3,
                                   ["workshop"], "WORKSHOP"])
def test_action_type_and_languages_outside_the_vocabulary_are_refused(world, value):
    w = world
    _, err = attempt(w.db, lambda: actions.create_action(w.db, w.admin, _action(w, type=value),
                                                         today=TODAY))
    assert err is not None
    _, err = attempt(w.db, lambda: actions.create_action(
        w.db, w.admin, _action(w, languages=[value]), today=TODAY))
    assert err is not None


# ---------------------------------------------------------------- agents

def _agent(w, **fields):
    return {"kind": "individual", "name": "Miren", "sector": "social", "district_id": w.d1,
            "joined_on": "2021-03-01", **fields}


def _agent_field(db, agent_id, column):
    return db.execute(f"SELECT {column} FROM agents WHERE id = ?", [agent_id]).fetchone()[0]  # noqa: S608


@pytest.mark.parametrize("field", ["name", "notes", "contact_email", "contact_phone"])
@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_agent_text_fields_store_hostile_text_verbatim_or_refuse_it(world, field, value):
    w = world
    err = stored_or_refused(
        w.db, lambda: agents.create_agent(w.db, w.admin, _agent(w, **{field: value}), today=TODAY),
        lambda i: _agent_field(w.db, i, field) or "", value)
    if field == "contact_email" and "<" in str(value):
        assert err is not None


@pytest.mark.parametrize("value", TEXT[:40] + hostile.LONG, ids=ids(TEXT[:40] + hostile.LONG))
def test_agent_update_of_the_name_is_verbatim_or_refused(world, value):
    w = world
    stored_or_refused(w.db, lambda: agents.update_agent(w.db, w.admin, w.agent_id,
                                                        _agent(w, name=value), today=TODAY),
                      lambda _: _agent_field(w.db, w.agent_id, "name"), value,
                      refused=refused_text(value, agents.MAX_LENGTHS["name"]))


@pytest.mark.parametrize("value", NUMBERS, ids=ids(NUMBERS))
def test_agent_training_modules_take_only_0_to_4(world, value):
    w = world
    result, err = attempt(w.db, lambda: agents.create_agent(
        w.db, w.admin, _agent(w, training_modules=value), today=TODAY))
    if err is None:
        assert _agent_field(w.db, result, "training_modules") in range(5)


@pytest.mark.parametrize("value", DATES, ids=ids(DATES))
def test_agent_joined_dates_are_real_past_dates_or_refused(world, value):
    w = world
    result, err = attempt(w.db, lambda: agents.create_agent(
        w.db, w.admin, _agent(w, joined_on=value), today=TODAY))
    if err is None:
        assert date.fromisoformat(_agent_field(w.db, result, "joined_on")) <= TODAY


@pytest.mark.parametrize("field", ["barrio", "kind", "sector", "migrant_background"])
@pytest.mark.parametrize("value", hostile.SCRIPT_AND_HTML[:3] + hostile.SQL_LIKE[:3] + hostile.LONG[:1])
def test_agent_vocabulary_fields_refuse_anything_outside_their_lists(world, field, value):
    w = world
    _, err = attempt(w.db, lambda: agents.create_agent(w.db, w.admin, _agent(w, **{field: value}),
                                                       today=TODAY))
    assert err is not None


# ---------------------------------------------------------------- accounts and reference data

@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_usernames_are_stored_verbatim_or_refused(world, value):
    w = world
    err = stored_or_refused(
        w.db, lambda: auth.create_user(w.db, w.admin, value, PASSWORD, "staff"),
        lambda u: w.db.execute("SELECT username FROM users WHERE id = ?", [u.id]).fetchone()[0],
        value)
    if any(c.isspace() for c in str(value).strip()) or len(str(value)) > 64:
        assert err is not None


@pytest.mark.parametrize("value", TEXT[:30] + hostile.CONTROL_AND_WHITESPACE + hostile.LONG)
def test_passwords_of_any_content_are_hashed_or_refused_as_too_short(world, value):
    w = world
    result, err = attempt(w.db, lambda: auth.create_user(
        w.db, w.admin, f"pw{abs(hash(value)) % 10**9}", value, "staff"))
    if err is None:
        assert auth.authenticate(w.db, result.username, value, "test", now=time.time()) is not None


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_population_sources_are_stored_verbatim_or_refused(world, value):
    w = world
    stored_or_refused(w.db, lambda: reference.set_population(w.db, w.staff, w.d1, 2024, 1000, value),
                      lambda _: w.db.execute("SELECT source FROM populations WHERE district_id = ?"
                                             " AND year = 2024", [w.d1]).fetchone()[0], value,
                      refused=refused_text(value, textcheck.MAX_SOURCE))


@pytest.mark.parametrize("value", NUMBERS, ids=ids(NUMBERS))
def test_population_values_and_years_must_be_whole_numbers_in_range(world, value):
    w = world
    _, err_value = attempt(w.db, lambda: reference.set_population(w.db, w.staff, w.d1, 2023, value,
                                                                 "Eustat"))
    _, err_year = attempt(w.db, lambda: reference.set_population(w.db, w.staff, w.d1, value, 1000,
                                                                "Eustat"))
    assert err_year is not None
    if not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        assert err_value is not None


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_foreign_born_sources_are_stored_verbatim_or_refused(world, value):
    w = world
    stored_or_refused(w.db, lambda: dashboard.set_foreign_born_share(
        w.db, w.staff, w.d1, 2024, 12.5, value, today=TODAY),
        lambda _: w.db.execute("SELECT source FROM foreign_born_shares WHERE district_id = ?"
                               " AND year = 2024", [w.d1]).fetchone()[0], value,
        refused=refused_text(value, textcheck.MAX_SOURCE))


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_the_quiz_base_url_takes_only_plain_web_addresses(world, value):
    w = world
    result, err = attempt(w.db, lambda: sharing.set_base_url(w.db, w.staff, value))
    if err is None:
        assert result.startswith(("http://", "https://"))


def test_the_checksum_sees_a_one_character_change(world):
    """The guard the whole suite leans on: a real change moves the checksum."""
    w = world
    before = checksum(w.db)
    with w.db.conn:
        w.db.execute("UPDATE actions SET title = title || 'x' WHERE id = ?", [w.action_id])
    assert checksum(w.db) != before
    with w.db.conn:
        w.db.execute("UPDATE actions SET title = substr(title, 1, length(title) - 1) WHERE id = ?",
                     [w.action_id])
    assert checksum(w.db) == before


def test_refusals_carry_every_problem_in_every_language(world):
    w = world
    with pytest.raises(NetworkError) as caught:
        actions.create_action(w.db, w.admin, _action(w, title="", date="2025-02-30", type="x",
                                                     people_reached="-1"), today=TODAY)
    assert_translated(caught.value)
    assert len(caught.value.problems) == 4
