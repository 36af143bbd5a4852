"""AppTest of pages/district.py with each role, in each language, and on empty databases."""

import sqlite3
from datetime import date

import pytest

from network import district as dashboard
from network.accounts import auth
from network.core import i18n
from network.core.vocab import TRAINING_MODULES
from tests.conftest import app_test, district_id, shown
from tests.quick_accounts import demo_user

PAGE = "pages/district.py"
LANGS = list(i18n.LANGUAGES)



def metric(at, key, lang="en"):
    label = i18n.translate(key, lang)
    return next(m.value for m in at.metric if m.label == label)


def as_int(text):
    return int(text.replace(".", "").replace(",", ""))


@pytest.mark.parametrize("lang", LANGS)
def test_a_coordinator_sees_their_district_with_names_to_reengage(demo_db, lang):
    coordinator = demo_user(demo_db, "demo-coordinator")
    at = app_test(PAGE, lang=lang, user=coordinator).run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("district.title", lang)
    district = next(iter(coordinator.district_ids))
    assert at.selectbox(key="district_choice").options == [
        at.selectbox(key="district_choice").format_func(district)]
    start = dashboard.period_start(dashboard.months_before(date.today(), 11).isoformat(), "month")
    count, reached = demo_db.execute(
        "SELECT count(*), coalesce(sum(people_reached), 0) FROM actions WHERE district_id = ? "
        "AND date >= ? AND date <= ?", [district, start.isoformat(), date.today().isoformat()]
    ).fetchone()
    assert as_int(metric(at, "district.actions", lang)) == count
    assert as_int(metric(at, "district.reached", lang)) == reached
    names = set(at.dataframe[0].value.iloc[:, 0])
    inactive = {r[0] for r in demo_db.execute(
        "SELECT name FROM agents WHERE district_id = ? AND active = 0", [district])}
    assert inactive <= names
    assert metric(at, "district.share_district", lang) == i18n.translate("common.unknown", lang)
    assert any("bilbaohiria.com" in shown(c.value) for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 5


@pytest.mark.parametrize("lang", LANGS)
def test_staff_choose_any_district_and_see_counts_without_names(demo_db, lang):
    at = app_test(PAGE, lang=lang, user=demo_user(demo_db, "demo-staff")).run()
    assert not at.exception
    assert len(at.selectbox(key="district_choice").options) == 8
    at.selectbox(key="district_choice").select(district_id(demo_db, 7)).run()
    assert not at.exception
    assert not at.dataframe
    assert as_int(metric(at, "district.reengage_count", lang)) > 0
    assert any(i18n.translate("district.names_hidden", lang) == c.value for c in at.caption)
    assert at.get("expander")  # staff may record the district's foreign-born share


def test_the_admin_sees_names_in_any_district(demo_db):
    at = app_test(PAGE, user=demo_user(demo_db, "demo-admin")).run()
    at.selectbox(key="district_choice").select(district_id(demo_db, 2)).run()
    assert not at.exception and len(at.dataframe[0].value) > 0


@pytest.mark.parametrize("who", ["agent_user", None])
def test_agents_and_the_public_are_refused(db, request, who):
    user = request.getfixturevalue(who) if who else None
    at = app_test(PAGE, user=user).run()
    assert not at.exception
    assert at.warning[0].value == i18n.translate("error.permission_denied", "en")
    assert not at.metric


def test_a_coordinator_cannot_record_foreign_born_shares(demo_db):
    at = app_test(PAGE, user=demo_user(demo_db, "demo-coordinator")).run()
    assert i18n.translate("district.record_share", "en") not in [e.label for e in at.expander]
    assert not at.get("form")


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_district_has_helpful_empty_states(db, coordinator, lang):
    at = app_test(PAGE, lang=lang, user=coordinator).run()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert infos == [i18n.translate(key, lang) for key in (
        "district.no_actions", "district.no_agents", "district.no_agents")]
    assert i18n.translate("district.share_none", lang, n=0, undeclared=0) in [
        c.value for c in at.caption]
    assert metric(at, "district.share_agents", lang) == i18n.translate("common.unknown", lang)


def test_a_database_without_districts_says_how_to_load_them(empty_db_path):
    conn = sqlite3.connect(empty_db_path)
    with conn:
        conn.execute("INSERT INTO users (username, password_hash, role) VALUES ('a', 'x', 'admin')")
    at = app_test(PAGE, user=auth.User(1, "a", "admin")).run()
    assert not at.exception
    assert "python -m network init" in at.info[0].value


def test_staff_record_the_foreign_born_share_and_see_it_with_its_source(db, staff):
    at = app_test(PAGE, user=staff).run()
    at.selectbox(key="district_choice").select(district_id(db, 5)).run()
    at.number_input(key="district_share_value").set_value(24.5)
    at.number_input(key="district_share_year").set_value(2024)
    at.text_input(key="district_share_source").input("Padrón municipal, 1 Jan 2024")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.success
    assert metric(at, "district.share_district") == "24.5 %"
    assert any("Padrón municipal, 1 Jan 2024" in shown(c.value) for c in at.caption)
    row = db.execute("SELECT district_id, share_pct FROM foreign_born_shares").fetchone()
    assert tuple(row) == (district_id(db, 5), 24.5)


def test_a_foreign_born_share_without_source_is_refused_and_kept(db, staff):
    at = app_test(PAGE, lang="eu", user=staff).run()
    at.number_input(key="district_share_value").set_value(12.0)
    at.button[0].click().run()
    assert at.error and i18n.translate("error.source_required", "eu") in at.error[0].value
    assert at.number_input(key="district_share_value").value == 12.0
    assert db["foreign_born_shares"].count == 0


@pytest.mark.parametrize("window", ["12", "36", "all"])
@pytest.mark.parametrize("period", ["month", "quarter"])
def test_every_time_span_and_grouping_renders(demo_db, window, period):
    at = app_test(PAGE, user=demo_user(demo_db, "demo-coordinator")).run()
    at.selectbox(key="district_window").select(window)
    at.radio(key="district_period").set_value(period).run()
    assert not at.exception
    assert as_int(metric(at, "district.actions")) > 0


def test_both_pages_sit_in_the_network_section_for_the_roles_that_may_see_them(db, admin, staff,
                                                                               coordinator,
                                                                               agent_user):
    import navigation

    specs = {p.url_path: p for p in navigation.PAGES}
    assert (specs["agents"].path, specs["agents"].capability, specs["agents"].section_key) == (
        "pages/agents.py", "agent.view", "nav.network")
    assert (specs["district"].path, specs["district"].capability,
            specs["district"].section_key) == ("pages/district.py", "district.dashboard",
                                               "nav.network")
    for user in (admin, staff, coordinator):
        assert {"agents", "district"} <= set(navigation.visible(user))
    for user in (agent_user, None):
        assert not {"agents", "district"} & set(navigation.visible(user))


def test_each_chart_has_a_table_with_the_same_figures_counted_from_the_database(demo_db):
    coordinator = demo_user(demo_db, "demo-coordinator")
    at = app_test(PAGE, lang="en", user=coordinator).run()
    assert not at.exception
    district = next(iter(coordinator.district_ids))
    t = lambda key, **kw: i18n.translate(key, "en", **kw)  # noqa: E731
    frames = {tuple(tb.value.columns): tb.value for tb in at.table}
    activity = frames[(t("district.axis_period"), t("district.axis_actions"),
                       t("district.axis_reached"))]
    start = dashboard.period_start(dashboard.months_before(date.today(), 11).isoformat(), "month")
    count, reached = demo_db.execute(
        "SELECT count(*), coalesce(sum(people_reached), 0) FROM actions WHERE district_id = ? "
        "AND date >= ? AND date <= ?", [district, start.isoformat(), date.today().isoformat()]
    ).fetchone()
    assert activity[t("district.axis_actions")].sum() == count
    assert activity[t("district.axis_reached")].sum() == reached
    sector = frames[(t("district.axis_sector"), t("district.status_active"),
                     t("district.status_inactive"))]
    active, inactive = demo_db.execute(
        "SELECT sum(active = 1), sum(active = 0) FROM agents WHERE district_id = ?", [district]
    ).fetchone()
    assert (sector[t("district.status_active")].sum(), sector[t("district.status_inactive")].sum()
            ) == (active, inactive)
    training = frames[(t("district.axis_modules", max=TRAINING_MODULES), t("district.axis_active_agents"))]
    assert training[t("district.axis_active_agents")].sum() == active
