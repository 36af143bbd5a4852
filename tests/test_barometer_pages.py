"""AppTest of the barometer charts page and the staff admin page: roles, empty states, the
import-to-chart path."""

import pytest

from network import database
from network.accounts import auth
from network.barometer import io, waves
from network.core import i18n
from tests.barometer_data import csv_bytes, fieldwork_rows, import_rows, make_wave
from tests.conftest import PASSWORD, app_test

LANGS = list(i18n.LANGUAGES)
CHARTS, ADMIN = "pages/barometer.py", "pages/barometer_admin.py"
MARGINS = "pages/barometer_margins.py"


def demo_user(db, username):
    return auth.get_user(db, db.execute("SELECT id FROM users WHERE username = ?",
                                        [username]).fetchone()[0])


def button(at, key: str, lang: str = "en"):
    """A button (form submit buttons included) by its translated label."""
    label = i18n.translate(key, lang)
    return next(b for b in at.button if b.label == label)


def charts_of(at):
    return at.get("vega_lite_chart")


def texts(at):
    return " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.warning))


@pytest.mark.parametrize("lang", LANGS)
def test_staff_see_the_weighted_index_with_intervals_beside_the_published_series(demo_db, lang):
    at = app_test(CHARTS, lang=lang, user=demo_user(demo_db, "demo-staff")).run(timeout=60)
    assert not at.exception
    assert at.title[0].value == i18n.translate("barometer.title", lang)
    assert len(charts_of(at)) == 2  # the index tab; the others run when opened
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0])[0] == "Bilbao" and len(table) == 9
    cells = " ".join(str(v) for v in table.to_numpy().ravel())
    assert i18n.translate("barometer.not_enough", lang) in cells  # the demo's small district
    assert "–" in table.iloc[0, 1]  # an interval next to the figure
    assert i18n.translate("barometer.published_note", lang) in texts(at)


@pytest.mark.parametrize("tab, charts", [("index", 2), ("map", 1), ("bands", 1), ("items", 1),
                                         ("groups", 3), ("method", 0)])
def test_each_tab_draws_its_charts_when_opened(demo_db, tab, charts):
    at = app_test(CHARTS, user=demo_user(demo_db, "demo-staff"))
    at.session_state["barometer_tab"] = i18n.translate(f"barometer.tab.{tab}", "en")
    at.run(timeout=60)
    assert not at.exception
    assert len(charts_of(at)) == charts
    if tab == "method":
        assert len(at.dataframe) == 3  # weighting per wave, the technical sheet, the items


@pytest.mark.parametrize("lang", LANGS)
def test_the_method_tab_shows_each_waves_technical_sheet(demo_db, lang):
    import math

    at = app_test(CHARTS, lang=lang, user=demo_user(demo_db, "demo-staff"))
    at.session_state["barometer_tab"] = i18n.translate("barometer.tab.method", lang)
    at.run(timeout=60)
    assert not at.exception
    sheet = dict(zip(*(at.dataframe[1].value.iloc[:, i] for i in (0, 1)), strict=True))
    assert i18n.translate("barometer.sheet.universe", lang) in sheet
    n = demo_db.execute("SELECT count(*) FROM barometer_responses WHERE wave_id = ? AND valid = 1"
                        " AND idx IS NOT NULL", [at.selectbox(key="barometer_sheet_wave").value]
                        ).fetchone()[0]
    before = 100 * 1.959963984540054 * math.sqrt(0.25 / n)  # written out: 1.96 sqrt(pq / n)
    assert sheet[i18n.translate("barometer.sheet.moe_before", lang)] == i18n.translate(
        "barometer.sheet.points", lang, value=i18n.format_number(before, lang, 2))


def test_the_published_series_is_drawn_beside_the_app_series(demo_db):
    at = app_test(CHARTS, user=demo_user(demo_db, "demo-staff")).run(timeout=60)
    spec = charts_of(at)[0].proto.spec
    assert "Basque Country (Ikuspegi, published)" in spec and "Bilbao (Biltzen, published)" in spec
    assert "This barometer (weighted index, 95% CI)" in spec


def test_coordinators_see_the_charts_but_not_the_export(demo_db):
    at = app_test(CHARTS, user=demo_user(demo_db, "demo-coordinator")).run(timeout=60)
    assert not at.exception and charts_of(at)
    assert not at.get("download_button")


def test_staff_can_download_microdata_estimates_and_tests_of_change(demo_db):
    staff = demo_user(demo_db, "demo-staff")
    at = app_test(CHARTS, user=staff).run(timeout=60)
    assert not at.exception and len(at.get("download_button")) == 3
    changes = io.export_for(demo_db, staff, "changes", "es").decode("utf-8-sig")
    assert changes.splitlines()[0] == ("medida,oleada_1,oleada_2,tipo_grupo,grupo,estimacion_1,"
                                       "estimacion_2,cambio,ee,z,p")


@pytest.mark.parametrize("who", [None, "agent_user"])
@pytest.mark.parametrize("page", [CHARTS, ADMIN])
def test_the_public_and_agents_are_refused(db, request, who, page):
    user = request.getfixturevalue(who) if who else None
    at = app_test(page, user=user).run()
    assert not at.exception
    assert at.warning[0].value == i18n.translate("error.permission_denied", "en")
    assert not charts_of(at)


def test_coordinators_cannot_open_the_admin_page(db, coordinator):
    at = app_test(ADMIN, user=coordinator).run()
    assert at.warning[0].value == i18n.translate("error.permission_denied", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_charts_page_on_an_empty_database_says_what_to_do(db, staff, lang):
    at = app_test(CHARTS, lang=lang, user=staff).run()
    assert not at.exception
    assert at.info[0].value == i18n.translate("barometer.empty_no_waves", lang)


def test_charts_page_with_a_wave_but_no_answers(db, staff):
    make_wave(db, staff)
    at = app_test(CHARTS, user=staff).run()
    assert at.info[0].value == i18n.translate("barometer.empty_no_data", "en")


def test_without_margins_the_page_warns_that_estimates_are_unweighted(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 40)
    at = app_test(CHARTS, user=staff).run()
    assert not at.exception
    assert at.warning[0].value.startswith("No population margins")
    assert "Test 2025" in at.warning[0].value


def test_admin_page_on_an_empty_database(db, staff):
    at = app_test(ADMIN, user=staff).run()
    assert not at.exception
    assert any(i.value == i18n.translate("barometer.admin.no_waves", "en") for i in at.info)
    at = app_test(MARGINS, user=staff).run()
    assert not at.exception
    assert any(i.value == i18n.translate("barometer.admin.no_margins", "en") for i in at.info)


def test_admin_page_without_reference_data(empty_db_path):
    user = None

    with database.open_db(empty_db_path) as db:
        user = auth.create_user(db, None, "s1", PASSWORD, "staff", system=True)
    at = app_test(ADMIN, user=user).run()
    assert not at.exception and "python -m network init" in at.info[0].value


@pytest.mark.parametrize("lang", LANGS)
def test_staff_create_a_wave_from_the_admin_page(db, staff, lang):
    at = app_test(ADMIN, lang=lang, user=staff).run()
    at.text_input(key="barometer_admin_label").input("Barómetro 2027")
    at.number_input(key="barometer_admin_year").set_value(2027)
    at.radio(key="barometer_admin_mode").set_value("online")
    button(at, "barometer.admin.create_button", lang).click().run()
    assert not at.exception
    assert db.execute("SELECT label, year, mode, status FROM barometer_waves").fetchone() == (
        "Barómetro 2027", 2027, "online", "draft")
    assert at.success[0].value == i18n.translate("barometer.admin.created", lang,
                                                 label="Barómetro 2027")


def test_a_refused_wave_keeps_what_was_typed(db, staff):
    make_wave(db, staff)
    at = app_test(ADMIN, user=staff).run()
    at.text_input(key="barometer_admin_label").input("Test 2025")
    button(at, "barometer.admin.create_button").click().run()
    assert at.error and "already exists" in at.error[0].value
    assert at.text_input(key="barometer_admin_label").value == "Test 2025"
    assert db["barometer_waves"].count == 1


def test_staff_import_a_wave_from_csv_and_see_it_charted(db, staff):
    """Done means: import a CSV, see the city and each district with intervals; a district
    with too few respondents says so instead of a number."""
    wave = make_wave(db, staff)
    rows = [r for r in fieldwork_rows(8 * 20) if not (r["district"] == "3"
                                                    and int(r["respondent_id"][1:]) > 60)]
    at = app_test(ADMIN, user=staff).run()
    at.selectbox(key="barometer_admin_import_wave").set_value(wave.id)
    at.file_uploader(key="barometer_admin_file").set_value(
        ("fieldwork.csv", csv_bytes(rows), "text/csv"))
    at.run()
    at.button(key="barometer_admin_import").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith(f"{len(rows)} responses imported into Test 2025")
    charts = app_test(CHARTS, user=staff).run()
    assert not charts.exception
    table = charts.dataframe[0].value
    row = dict(zip(table.iloc[:, 0], table["Test 2025"], strict=True))
    assert row["3. Otxarkoaga-Txurdinaga"] == "not enough responses"
    # alone it would follow from the city and the other districts: one more is hidden
    assert list(row.values()).count("hidden to protect a small group") == 1
    assert "(" in row["Bilbao"] and "–" in row["2. Uribarri"]


def test_a_broken_upload_lists_its_rows_and_imports_nothing(db, staff):
    wave = make_wave(db, staff)
    rows = fieldwork_rows(5)
    rows[1]["q02"], rows[3]["district"] = "8", "Atlantis"
    at = app_test(ADMIN, user=staff).run()
    at.selectbox(key="barometer_admin_import_wave").set_value(wave.id)
    at.file_uploader(key="barometer_admin_file").set_value(("bad.csv", csv_bytes(rows), "text/csv"))
    at.run()
    at.button(key="barometer_admin_import").click().run()
    assert not at.exception
    message = at.error[0].value
    assert "Row 3: column q02" in message and "Row 5: District: Unknown district: Atlantis" in message
    assert db["barometer_responses"].count == 0


def test_staff_open_and_close_a_wave(db, staff):
    wave = make_wave(db, staff)
    at = app_test(ADMIN, user=staff).run()
    at.button(key="barometer_admin_status").click().run()
    assert waves.get_wave(db, wave.id).status == "open"
    assert at.success[0].value == "Wave Test 2025 is open: the public survey takes answers."
    at.button(key="barometer_admin_status").click().run()
    assert waves.get_wave(db, wave.id).status == "closed"


def test_staff_save_margins_and_the_waves_are_reweighted(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 80)
    at = app_test(MARGINS, user=staff).run()
    at.selectbox(key="barometer_admin_dimension").set_value("sex").run()
    at.number_input(key="barometer_admin_m_sex_woman").set_value(180000)
    at.number_input(key="barometer_admin_m_sex_man").set_value(160000)
    at.text_input(key="barometer_admin_m_source").input("Padrón municipal 2024")
    at.number_input(key="barometer_admin_m_year").set_value(2024)
    button(at, "barometer.admin.save_margins").click().run()
    assert not at.exception and not at.error
    assert db.execute("SELECT count(*) FROM barometer_margins WHERE source = ?",
                      ["Padrón municipal 2024"]).fetchone()[0] == 2
    assert db.execute("SELECT count(DISTINCT round(weight, 6)) FROM barometer_responses"
                      ).fetchone()[0] == 2


def test_margins_without_a_source_are_refused_and_the_form_keeps_its_values(db, staff):
    at = app_test(MARGINS, user=staff).run()
    at.selectbox(key="barometer_admin_dimension").set_value("age_band").run()
    at.number_input(key="barometer_admin_m_age_band_18-29").set_value(40000)
    button(at, "barometer.admin.save_margins").click().run()
    message = at.error[0].value
    assert "Source" in message and "45 to 64" in message
    assert at.number_input(key="barometer_admin_m_age_band_18-29").value == 40000
    assert db["barometer_margins"].count == 0


def test_staff_undo_an_import(db, staff):
    wave = make_wave(db, staff)
    import_rows(db, staff, wave, 15)
    at = app_test(ADMIN, user=staff).run()
    at.button(key="barometer_admin_undo").click().run()
    assert not at.exception
    assert db["barometer_responses"].count == 0 and db["barometer_imports"].count == 0


@pytest.mark.parametrize("page", ["pages/survey.py", CHARTS, ADMIN, MARGINS])
def test_pages_without_reference_data_do_not_break(empty_db_path, page):

    with database.open_db(empty_db_path) as db:
        user = auth.create_user(db, None, "s2", PASSWORD, "staff", system=True)
    at = app_test(page, user=user).run()
    assert not at.exception and at.info


def test_margin_form_defaults_never_come_from_demo_figures(demo_db):
    from network import reference
    from network.barometer import margins, views

    sets = margins.margin_sets(demo_db)
    register = reference.latest_populations(demo_db)
    districts = reference.districts(demo_db)
    values, year = views.margin_defaults(sets, register, districts, "district")
    assert values == {"5": 62447, "6": 51444, "7": 49449} and year == 2022  # the register's
    assert views.margin_defaults(sets, register, districts, "sex") == ({}, None)


@pytest.mark.parametrize("tab, header", [("map", "field.district"), ("bands", "barometer.chart.band"),
                                         ("items", "barometer.chart.item"),
                                         ("groups", "barometer.chart.group")])
def test_each_chart_has_its_figures_as_a_table_beneath_it(demo_db, tab, header):
    """WCAG 1.1.1 / 1.4.1: every chart's estimates and intervals are also in a table, with the
    same words for cells too small to show (the chart leaves them out)."""
    at = app_test(CHARTS, lang="es", user=demo_user(demo_db, "demo-staff"))
    at.session_state["barometer_tab"] = i18n.translate(f"barometer.tab.{tab}", "es")
    at.run(timeout=60)
    assert not at.exception
    assert i18n.translate("common.chart_table", "es") in [e.label for e in at.expander]
    table = next(d.value for d in at.dataframe
                 if i18n.translate(header, "es") in d.value.columns)
    estimates = list(table[i18n.translate("barometer.chart.estimate_ci", "es")])
    assert estimates and all(("–" in e) or e in (i18n.translate("barometer.not_enough", "es"),
                                                  i18n.translate("barometer.hidden", "es"))
                             for e in estimates)


def test_the_chart_tables_repeat_the_estimates_the_charts_draw(demo_db):
    from network.barometer import views
    from network.barometer.charts import estimate_text
    from network.barometer.instrument import instrument

    dash = views.load_dashboard(demo_db)
    last = views.waves_with_data(dash)[-1].id
    table = views.map_table_frame(dash, last, "en")
    expected = {r["district_id"]: estimate_text(r, "en") for r in views.map_rows(dash, last)}
    names = {d.id: f"{d.number}. {d.name('en')}" for d in dash.districts}
    assert dict(zip(table["District"], table["Estimate (95% CI)"], strict=True)) == {
        names[k]: v for k, v in expected.items()}
    bands = views.bands_table_frame(dash, "en")
    assert len(bands) == len(dash.bands)
    assert all(e.endswith("%)") for e, r in zip(bands["Estimate (95% CI)"], dash.bands, strict=True)
               if not r["suppressed"])
    items = views.items_table_frame(dash.items, dash, instrument(), "en")
    assert len(items) == len(dash.items) > 0
