"""AppTest runs of pages/map.py and pages/actions.py, signed out and with each relevant role."""

import json
import sqlite3
from datetime import date

import pytest

from network import database
from network.accounts import auth
from network.core import i18n
from network.core.vocab import label_key
from tests.conftest import PASSWORD, app_test, district_id, shown

LANGS = list(i18n.LANGUAGES)


def demo_user(db_path, username):
    conn = sqlite3.connect(db_path)
    user_id = conn.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]

    with database.open_db(db_path) as db:
        return auth.get_user(db, user_id)


def component_args(at) -> dict:
    """The arguments the page sent to the st_folium component (the map's script and links)."""
    [component] = [e for e in at.main if e.type == "component_instance"]
    return json.loads(component.proto.json_args)


def all_text(at) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "info", "subheader")
             for e in getattr(at, kind)]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", LANGS)
def test_the_public_map_shows_districts_and_actions_without_names(demo_db_path, lang):
    at = app_test("pages/map.py", lang=lang).run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("map.title", lang)
    names = [r[0] for r in sqlite3.connect(demo_db_path).execute("SELECT name FROM agents")]
    args = component_args(at)
    text = all_text(at) + args["script"]
    assert not [n for n in names if n in text]
    assert "L.markerClusterGroup" in args["script"] and "Ibaiondo" in args["script"]
    assert i18n.translate("map.public_note", lang) in all_text(at)
    assert len(at.dataframe[-1].value) > 0


def test_the_public_table_masks_small_reach(demo_db_path):
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("UPDATE actions SET people_reached = 3")
    at = app_test("pages/map.py").run()
    column = at.dataframe[-1].value[i18n.translate("actions.column.people_reached", "en")]
    assert set(column) == {"fewer than 5"}


def test_the_map_loads_leaflet_from_the_app_not_a_cdn_when_static_serving_is_on(demo_db_path):
    from streamlit import config

    config.set_option("server.enableStaticServing", True)
    try:
        at = app_test("pages/map.py").run()
    finally:
        config.set_option("server.enableStaticServing", False)
    args = component_args(at)
    assert args["js_links"] and all(u.startswith("/app/static/vendor/") for u in args["js_links"])
    assert all(u.startswith("/app/static/vendor/") for u in args["css_links"])
    assert args["returned_objects"] == ["last_active_drawing"]


def test_the_districts_figures_are_also_a_table_with_small_counts_hidden(demo_db_path):
    """The map's text alternative: each district with the same text as its tooltip; a public
    visitor sees 'fewer than 5' where a tooltip does."""
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("UPDATE actions SET people_reached = 0")
        conn.execute("UPDATE actions SET people_reached = 3 WHERE id = "
                     "(SELECT max(id) FROM actions WHERE date = (SELECT max(date) FROM actions))")
    at = app_test("pages/map.py").run()
    at.selectbox(key="map_metric").select("reached").run()
    assert i18n.translate("map.figures_table", "en") in [e.label for e in at.expander]
    table = at.dataframe[0].value
    assert len(table) == 8 and list(table.columns) == ["District", "People reached"]
    assert "3" not in set(table["People reached"])
    assert "fewer than 5" in set(table["People reached"])


def test_every_filter_combination_runs(demo_db_path):
    at = app_test("pages/map.py").run()
    for metric in ("agents", "actions", "reached"):
        at.selectbox(key="map_metric").select(metric).run()
        at.toggle(key="map_per_1000").set_value(True).run()
        assert not at.exception
    at.selectbox(key="map_period").select("all").run()
    at.multiselect(key="map_types").select("workshop").run()
    assert not at.exception
    type_column = at.dataframe[-1].value[i18n.translate("actions.column.type", "en")]
    assert set(type_column) == {i18n.translate(label_key("action_type", "workshop"), "en")}
    script = component_args(at)["script"]
    assert "no data" in script  # districts without population are grey, not invented


def test_choosing_a_district_filters_the_table(demo_db_path):
    at = app_test("pages/map.py").run()
    at.selectbox(key="map_period").select("all").run()
    deusto = district_id(sqlite3.connect(demo_db_path), 1)
    at.selectbox(key="map_district").select(deusto).run()
    districts = set(at.dataframe[-1].value[i18n.translate("actions.column.district", "en")])
    assert districts == {"1. Deusto"}


def test_the_coordinator_view_opens_on_their_district_with_full_figures(demo_db_path):
    user = demo_user(demo_db_path, "demo-coordinator")
    at = app_test("pages/map.py", user=user).run()
    assert not at.exception
    assert at.selectbox(key="map_district").value == min(user.district_ids)
    assert i18n.translate("map.coordinator_note", "en") in all_text(at)


def test_the_map_works_on_a_database_without_actions(db_path):
    at = app_test("pages/map.py").run()
    assert not at.exception
    assert at.info[0].value == i18n.translate("map.empty", "en")
    assert "Deusto" in component_args(at)["script"]


def test_the_map_says_how_to_load_districts_when_there_are_none(empty_db_path):
    at = app_test("pages/map.py").run()
    assert not at.exception
    assert "python -m network init" in at.info[0].value


@pytest.mark.parametrize("who", [None, "agent_user"])
def test_the_action_log_is_refused_to_the_public_and_agents(db, request, who):
    user = request.getfixturevalue(who) if who else None
    at = app_test("pages/actions.py", user=user).run()
    assert not at.exception
    assert at.warning[0].value == i18n.translate("error.permission_denied", "en")


def fill(at, title="Café-tertulia en el barrio", people=35):
    at.text_input(key="actions_title").input(title)
    at.selectbox(key="actions_type").select("talk_cafe")
    at.text_area(key="actions_description").input("Con la asociación vecinal")
    at.text_input(key="actions_place").input("Centro cívico")
    at.number_input(key="actions_people").set_value(people)
    at.multiselect(key="actions_languages").select("es").select("eu")
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_a_coordinator_records_an_action_from_the_form(db, coordinator, lang):
    at = app_test("pages/actions.py", lang=lang, user=coordinator).run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("actions.title", lang)
    fill(at)
    at.selectbox(key="actions_barrio").select("Arangoiti")
    at.button(key="actions_save").click().run()
    assert not at.exception
    assert shown(at.success[0].value) == i18n.translate("actions.created", lang,
                                                 title="Café-tertulia en el barrio")
    row = db.execute("SELECT district_id, type, barrio, people_reached, languages, date "
                     "FROM actions").fetchone()
    assert row == (district_id(db, 1), "talk_cafe", "Arangoiti", 35, '["es", "eu"]',
                   date.today().isoformat())
    assert at.text_input(key="actions_title").value == ""  # the form is ready for the next one
    assert len(at.dataframe[0].value) == 1


def test_a_refused_form_keeps_what_was_typed(db, coordinator):
    at = fill(app_test("pages/actions.py", user=coordinator).run(), title="")
    at.button(key="actions_save").click().run()
    assert not at.exception
    assert i18n.translate("actions.error.title_required", "en") in at.error[0].value
    assert at.text_area(key="actions_description").value == "Con la asociación vecinal"
    assert at.number_input(key="actions_people").value == 35
    assert at.multiselect(key="actions_languages").value == ["es", "eu"]
    assert db.execute("SELECT count(*) FROM actions").fetchone()[0] == 0


def test_a_point_outside_the_district_is_refused_in_the_form(db, coordinator):
    at = fill(app_test("pages/actions.py", user=coordinator).run())
    at.number_input(key="actions_lat").set_value(43.2580)
    at.number_input(key="actions_lon").set_value(-2.9240)
    at.button(key="actions_save").click().run()
    assert i18n.translate("actions.error.point_outside", "en") in at.error[0].value
    assert at.number_input(key="actions_lat").value == pytest.approx(43.2580)


def test_a_coordinator_edits_and_deletes_an_action(demo_db_path):
    user = demo_user(demo_db_path, "demo-coordinator")
    at = app_test("pages/actions.py", user=user).run()
    at.selectbox(key="actions_period").select("all").run()
    conn = sqlite3.connect(demo_db_path)
    action_id, title = conn.execute(
        "SELECT id, title FROM actions WHERE district_id = ? ORDER BY date DESC LIMIT 1",
        [min(user.district_ids)]).fetchone()
    at.selectbox(key="actions_editing").select(action_id).run()
    assert at.text_input(key="actions_title").value == title
    at.text_input(key="actions_title").input("Edited title")
    at.button(key="actions_save").click().run()
    assert not at.exception
    assert conn.execute("SELECT title FROM actions WHERE id = ?", [action_id]).fetchone()[0] == (
        "Edited title")
    at.selectbox(key="actions_editing").select(action_id).run()
    at.checkbox(key="actions_delete_sure").check().run()
    at.button(key="actions_delete").click().run()
    assert not at.exception
    assert at.success[0].value == i18n.translate("actions.deleted", "en")
    assert conn.execute("SELECT 1 FROM actions WHERE id = ?", [action_id]).fetchone() is None


def test_the_coordinators_table_labels_demo_rows_and_offers_the_csv(demo_db_path):
    user = demo_user(demo_db_path, "demo-coordinator")
    at = app_test("pages/actions.py", user=user).run()
    frame = at.dataframe[0].value
    assert set(frame[i18n.translate("actions.column.demo", "en")]) == {"demo"}
    # The notice is Markdown, not a caption: a caption's faded colour took its badge below 4.5:1.
    assert any(i18n.translate("demo.notice", "en") in m.value for m in at.markdown)
    assert not at.exception


def test_staff_choose_any_district_and_record_there(db, staff):
    at = app_test("pages/actions.py", user=staff).run()
    assert len(at.selectbox(key="actions_district").options) == 8
    at.selectbox(key="actions_district").select(district_id(db, 3)).run()
    fill(at).button(key="actions_save").click().run()
    assert not at.exception
    assert db.execute("SELECT district_id FROM actions").fetchone()[0] == district_id(db, 3)


def test_a_coordinator_without_a_district_is_told_so(db):
    user = auth.create_user(db, None, "lonely", PASSWORD, "coordinator", [db.execute(
        "SELECT id FROM districts WHERE number = 1").fetchone()[0]], system=True)
    with db.atomic():
        db.execute("DELETE FROM user_districts WHERE user_id = ?", [user.id])
    at = app_test("pages/actions.py", user=user).run()
    assert not at.exception
    assert at.info[0].value == i18n.translate("actions.no_district", "en")


def test_the_map_frame_allows_pinch_zoom(demo_db_path):
    """folium's viewport tag (maximum-scale=1.0, user-scalable=no) would stop zoom (WCAG 1.4.4)."""
    args = component_args(app_test("pages/map.py").run())
    assert 'name="viewport"' in args["header"]
    assert "user-scalable" not in args["header"] and "maximum-scale" not in args["header"]
