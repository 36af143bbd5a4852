"""The action log: validation tables, writes, permissions and queries (network/actions.py)."""

from datetime import date, timedelta

import pytest

from network import actions, reference
from network.accounts import auth
from network.actions import DistrictContext, check_action
from network.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.conftest import PASSWORD, district_id, make_agent

TODAY = date(2025, 6, 15)
SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}





def valid(db, number: int = 1, **changes) -> dict:
    data = {"district_id": district_id(db, number), "date": "2025-05-10", "type": "workshop",
            "title": "Taller «Desmontando rumores»", "description": "Con el AMPA",
            "place": "Biblioteca", "barrio": "", "lat": None, "lon": None,
            "people_reached": 23, "languages": ["es", "eu"], "agent_ids": []}
    return data | changes


def action_count(db) -> int:
    return db.execute("SELECT count(*) FROM actions").fetchone()[0]


def problems_of(excinfo) -> set[tuple[str, str]]:
    return {(p.field, p.key) for p in excinfo.value.problems}


def test_a_coordinator_records_an_action_in_their_district(db, coordinator):
    agent = make_agent(db, 1, "Ane Agirre")
    action_id = actions.create_action(db, coordinator, valid(db, agent_ids=[agent]), TODAY)
    saved = actions.get_action(db, action_id)
    district = reference.district_by_id(db, district_id(db, 1))
    assert saved["title"] == "Taller «Desmontando rumores»"
    assert saved["languages"] == ["es", "eu"] and saved["agent_ids"] == [agent]
    assert (saved["lat"], saved["lon"]) == (district.label_lat, district.label_lon)
    assert saved["created_by"] == coordinator.id and saved["demo"] == 0
    assert db.execute("SELECT verb FROM audit_log WHERE entity = 'actions'").fetchone()[0] == "create"


BAD_INPUT = [
    ({"date": (TODAY + timedelta(days=1)).isoformat()}, "action_date", "actions.error.date_future"),
    ({"date": "31/02/2025"}, "action_date", "actions.error.date_invalid"),
    ({"date": ""}, "action_date", "actions.error.date_invalid"),
    ({"date": "2012-12-31"}, "action_date", "actions.error.date_too_old"),
    ({"people_reached": -1}, "action_people", "actions.error.negative"),
    ({"people_reached": "-4"}, "action_people", "actions.error.negative"),
    ({"people_reached": 2.5}, "action_people", "actions.error.not_whole_number"),
    ({"people_reached": "12.0"}, "action_people", "actions.error.not_whole_number"),
    ({"people_reached": "many"}, "action_people", "actions.error.not_whole_number"),
    ({"people_reached": True}, "action_people", "actions.error.not_whole_number"),
    ({"people_reached": 10_000_000}, "action_people", "actions.error.too_many_people"),
    ({"title": ""}, "action_title", "actions.error.title_required"),
    ({"title": "   "}, "action_title", "actions.error.title_required"),
    ({"title": "x" * (actions.MAX_TITLE + 1)}, "action_title", "actions.error.too_long"),
    ({"description": "x" * (actions.MAX_DESCRIPTION + 1)}, "action_description",
     "actions.error.too_long"),
    ({"place": "x" * (actions.MAX_PLACE + 1)}, "action_place", "actions.error.too_long"),
    ({"type": "party"}, "action_type", "actions.error.unknown_type"),
    ({"type": None}, "action_type", "actions.error.unknown_type"),
    ({"barrio": "Indautxu"}, "action_barrio", "actions.error.unknown_barrio"),
    ({"languages": ["es", "klingon"]}, "action_languages", "actions.error.unknown_language"),
    ({"lat": 43.26}, "action_point", "actions.error.point_incomplete"),
    ({"lat": "north", "lon": -2.93}, "action_point", "actions.error.point_incomplete"),
    ({"lat": 123.0, "lon": -2.93}, "action_point", "actions.error.point_invalid"),
    ({"lat": 43.2580, "lon": -2.9240}, "action_point", "actions.error.point_outside"),  # Ibaiondo
]


@pytest.mark.parametrize("changes,field,key", BAD_INPUT)
def test_bad_input_is_refused_with_its_reason_and_nothing_is_saved(db, coordinator, changes,
                                                                  field, key):
    with pytest.raises(ValidationFailed) as excinfo:
        actions.create_action(db, coordinator, valid(db, **changes), TODAY)
    assert (field, key) in problems_of(excinfo)
    assert action_count(db) == 0


def test_agents_of_another_district_cannot_be_linked(db, coordinator):
    stranger = make_agent(db, 2, "Jon Urrutia")
    with pytest.raises(ValidationFailed) as excinfo:
        actions.create_action(db, coordinator, valid(db, agent_ids=[stranger]), TODAY)
    assert problems_of(excinfo) == {("action_agents", "actions.error.unknown_agent")}


def test_every_problem_is_listed_at_once(db, coordinator):
    with pytest.raises(ValidationFailed) as excinfo:
        actions.create_action(db, coordinator, valid(
            db, title="", people_reached=-3, date="2099-01-01", type="?", languages=["xx"]), TODAY)
    assert {f for f, _ in problems_of(excinfo)} == {
        "action_title", "action_people", "action_date", "action_type", "action_languages"}


@pytest.mark.parametrize("point,inside", [((0.5, 0.5), True), ((1.5, 0.5), False),
                                          ((0.5, -0.1), False), ((0.999, 0.001), True)])
def test_check_action_is_a_pure_function_of_its_district_context(point, inside):
    ctx = DistrictContext(9, ("Centro",), SQUARE, frozenset({4}), (0.2, 0.2))
    raw = {"date": "2024-01-02", "type": "other", "title": "t", "barrio": "centro",
           "lat": point[0], "lon": point[1], "agent_ids": [4]}
    record, problems = check_action(raw, ctx, TODAY)
    assert (problems == []) is inside
    assert record["barrio"] == "Centro" and record["district_id"] == 9
    if inside:
        assert (record["lat"], record["lon"]) == point


def test_barrio_names_match_whatever_the_case_and_accents(db, coordinator):
    action_id = actions.create_action(db, coordinator, valid(db, barrio="SAN IGNACIO-ELORRIETA"), TODAY)
    assert actions.get_action(db, action_id)["barrio"] == "San Ignacio-Elorrieta"


def test_without_a_point_the_barrios_point_is_used_when_known(db, coordinator):
    with db.atomic():
        db.execute("UPDATE barrios SET lat = 43.2801, lon = -2.9702 WHERE name = 'Arangoiti'")
    action_id = actions.create_action(db, coordinator, valid(db, barrio="Arangoiti"), TODAY)
    saved = actions.get_action(db, action_id)
    assert (saved["lat"], saved["lon"]) == (43.2801, -2.9702)


def test_a_point_inside_the_district_is_kept(db, coordinator):
    district = reference.district_by_id(db, district_id(db, 1))
    action_id = actions.create_action(db, coordinator, valid(
        db, lat=str(district.label_lat).replace(".", ","), lon=district.label_lon), TODAY)
    assert actions.get_action(db, action_id)["lat"] == round(district.label_lat, 6)


def test_editing_changes_the_fields_and_the_agents(db, coordinator):
    a, b = make_agent(db, 1, "Ane"), make_agent(db, 1, "Mikel")
    action_id = actions.create_action(db, coordinator, valid(db, agent_ids=[a]), TODAY)
    actions.update_action(db, coordinator, action_id,
                          valid(db, title="Café-tertulia", type="talk_cafe", agent_ids=[b]), TODAY)
    saved = actions.get_action(db, action_id)
    assert (saved["title"], saved["type"], saved["agent_ids"]) == ("Café-tertulia", "talk_cafe", [b])
    assert saved["updated_at"]


def test_a_refused_edit_changes_nothing(db, coordinator):
    action_id = actions.create_action(db, coordinator, valid(db), TODAY)
    with pytest.raises(ValidationFailed):
        actions.update_action(db, coordinator, action_id, valid(db, title=""), TODAY)
    assert actions.get_action(db, action_id)["title"] == valid(db)["title"]


def test_deleting_removes_the_action_and_its_links(db, coordinator):
    action_id = actions.create_action(db, coordinator, valid(db, agent_ids=[make_agent(db, 1)]), TODAY)
    actions.delete_action(db, coordinator, action_id)
    assert action_count(db) == 0
    assert db.execute("SELECT count(*) FROM action_agents").fetchone()[0] == 0
    with pytest.raises(NotFound):
        actions.get_action(db, action_id)


@pytest.fixture
def other_action(db, admin) -> int:
    """An action in district 2, which the coordinator (district 1) does not run."""
    return actions.create_action(db, admin, valid(db, 2), TODAY)


@pytest.mark.parametrize("attempt", [
    "create_elsewhere", "edit_elsewhere", "move_own_elsewhere", "delete_elsewhere", "agents_elsewhere",
])
def test_a_coordinator_cannot_touch_another_districts_actions(db, coordinator, other_action, attempt):
    own = actions.create_action(db, coordinator, valid(db), TODAY)
    before = [dict(r) for r in db.query("SELECT * FROM actions ORDER BY id")]
    calls = {
        "create_elsewhere": lambda: actions.create_action(db, coordinator, valid(db, 2), TODAY),
        "edit_elsewhere": lambda: actions.update_action(db, coordinator, other_action,
                                                        valid(db, 1, title="mine now"), TODAY),
        "move_own_elsewhere": lambda: actions.update_action(db, coordinator, own, valid(db, 2), TODAY),
        "delete_elsewhere": lambda: actions.delete_action(db, coordinator, other_action),
        "agents_elsewhere": lambda: actions.district_agents(db, coordinator, district_id(db, 2)),
    }
    with pytest.raises(PermissionDenied):
        calls[attempt]()
    assert [dict(r) for r in db.query("SELECT * FROM actions ORDER BY id")] == before


@pytest.mark.parametrize("who", [None, "agent_user"])
def test_the_public_and_agents_cannot_record_actions(db, request, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):
        actions.create_action(db, user, valid(db), TODAY)
    assert action_count(db) == 0


@pytest.mark.parametrize("who", ["staff", "admin"])
def test_staff_and_admins_record_edit_and_delete_in_every_district(db, request, who):
    user = request.getfixturevalue(who)
    for number in range(1, 9):
        data = valid(db, number)
        action_id = actions.create_action(db, user, data, TODAY)
        actions.update_action(db, user, action_id, data | {"title": "edited"}, TODAY)
    assert action_count(db) == 8
    actions.delete_action(db, user, action_id)
    assert action_count(db) == 7


def test_a_coordinator_of_two_districts_may_move_an_action_between_them(db):
    both = auth.create_user(db, None, "coord27", PASSWORD, "coordinator",
                            [district_id(db, 2), district_id(db, 7)], system=True)
    action_id = actions.create_action(db, both, valid(db, 2), TODAY)
    actions.update_action(db, both, action_id, valid(db, 7), TODAY)
    assert actions.get_action(db, action_id)["district_id"] == district_id(db, 7)


@pytest.mark.parametrize("period,expected", [
    ("all", (None, None)),
    ("2024", ("2024-01-01", "2025-01-01")),
    ("12m", ("2024-06-15", "2025-06-16")),
])
def test_periods_have_plain_bounds(period, expected):
    assert actions.period_bounds(period, TODAY) == expected


@pytest.mark.parametrize("text,code", [
    ("workshop", "workshop"), ("Taller", "workshop"), ("tailerra", "workshop"),
    ("SESION EN UN CENTRO ESCOLAR", "school_session"), ("Kaleko ekintza", "street_action"),
    ("Talk / café", "talk_cafe"), ("  online_campaign ", "online_campaign"), ("fiesta", None),
    ("", None),
])
def test_action_types_are_recognised_by_code_or_by_label_in_any_language(text, code):
    assert actions.resolve_type(text) == code


def test_queries_filter_by_district_period_and_type_and_totals_agree(demo_db):
    rows = actions.list_actions(demo_db)
    start, end = "2023-01-01", "2024-01-01"
    kinds = ["workshop", "street_action"]
    picked = actions.list_actions(demo_db, None, start, end, kinds)
    expected = [r for r in rows if start <= r["date"] < end and r["type"] in kinds]
    assert [r["id"] for r in picked] == [r["id"] for r in expected] and picked
    totals = actions.district_totals(demo_db, start, end, kinds)
    for d in reference.districts(demo_db):
        mine = [r for r in expected if r["district_id"] == d.id]
        assert totals[d.id]["actions"] == len(mine)
        assert totals[d.id]["reached"] == sum(r["people_reached"] for r in mine)
        agents = demo_db.execute(
            "SELECT count(*) FROM agents WHERE active = 1 AND district_id = ? AND joined_on < ?",
            [d.id, end]).fetchone()[0]
        assert totals[d.id]["agents"] == agents
    one = reference.districts(demo_db)[4].id
    assert {r["district_id"] for r in actions.list_actions(demo_db, [one])} == {one}
    assert actions.list_actions(demo_db, []) == []
