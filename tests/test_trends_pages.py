"""AppTest of the trends, recognition and annual report pages: roles, empty states, caveats."""

import pytest

from network.accounts import auth
from network.core import i18n
from tests.conftest import app_test

LANGS = list(i18n.LANGUAGES)
TRENDS, RECOGNITION, REPORT = "pages/trends.py", "pages/recognition.py", "pages/report.py"


def demo_user(db, username):
    return auth.get_user(db, db.execute("SELECT id FROM users WHERE username = ?",
                                        [username]).fetchone()[0])


def texts(at):
    return " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.warning,
                                           *at.error, *at.subheader))


def refused(at, lang="en"):
    return any(w.value == i18n.translate("error.permission_denied", lang) for w in at.warning)


@pytest.mark.parametrize("lang", LANGS)
def test_staff_compare_two_waves_with_the_caveats_on_screen(demo_db, lang):
    at = app_test(TRENDS, lang=lang, user=demo_user(demo_db, "demo-staff")).run(timeout=60)
    assert not at.exception
    assert at.title[0].value == i18n.translate("trends.title", lang)
    shown = texts(at)
    assert i18n.translate("trends.caveats", lang) in shown
    assert len(at.get("vega_lite_chart")) == 1  # the open tab's chart; the others run when opened
    change = at.dataframe[0].value
    assert len(change) == 9  # the city and 8 districts
    # The demo's smallest district has too few responses in some waves: no figure, said so.
    statuses = " ".join(change.iloc[:, -1])
    assert (i18n.translate("trends.status.within", lang) in statuses
            or i18n.translate("trends.status.larger", lang) in statuses)


def test_choosing_two_waves_redraws_the_change_and_counts_the_comparisons(demo_db):
    at = app_test(TRENDS, user=demo_user(demo_db, "demo-staff")).run(timeout=60)
    labels = at.selectbox(key="trends_first").options
    at.selectbox(key="trends_first").set_value(at.selectbox(key="trends_first").options[0])
    at.run(timeout=60)
    assert not at.exception
    assert f"from {labels[0].split(' (')[0]} to" in texts(at)
    assert "comparisons on screen" in texts(at)
    assert "chance alone would flag about" in texts(at)


def test_a_second_wave_before_the_first_is_refused_with_a_message(demo_db):
    at = app_test(TRENDS, user=demo_user(demo_db, "demo-staff")).run(timeout=60)
    options = at.selectbox(key="trends_second").options
    at.selectbox(key="trends_second").set_value(options[0]).run(timeout=60)
    assert not at.exception
    assert i18n.translate("trends.change.order", "en") in texts(at)


def test_per_capita_small_multiples_can_be_chosen(demo_db):
    at = app_test(TRENDS, user=demo_user(demo_db, "demo-staff"))
    at.session_state["trends_tab"] = i18n.translate("trends.tab.panels", "en")
    at.run(timeout=60)
    at.toggle(key="trends_per_capita").set_value(True)
    at.selectbox(key="trends_measure").set_value("reached").run(timeout=60)
    assert not at.exception
    assert "People reached per 1,000 residents" in " ".join(
        c.proto.spec for c in at.get("vega_lite_chart"))


@pytest.mark.parametrize("tab", ["change", "panels", "quiz"])
def test_each_tab_draws_what_it_shows_when_opened(demo_db, tab):
    at = app_test(TRENDS, user=demo_user(demo_db, "demo-staff"))
    at.session_state["trends_tab"] = i18n.translate(f"trends.tab.{tab}", "en")
    at.run(timeout=60)
    assert not at.exception
    if tab == "quiz":
        assert len(at.dataframe[0].value) == 9
    else:
        assert len(at.get("vega_lite_chart")) == 1


def test_coordinators_see_the_trends_page(demo_db):
    at = app_test(TRENDS, user=demo_user(demo_db, "demo-coordinator")).run(timeout=60)
    assert not at.exception and at.get("vega_lite_chart")


@pytest.mark.parametrize("page", [TRENDS, RECOGNITION, REPORT])
def test_signed_out_visitors_and_agents_are_refused(demo_db, page):
    for user in (None, demo_user(demo_db, "demo-agent")):
        at = app_test(page, user=user).run(timeout=60)
        assert not at.exception and refused(at)
        assert not at.dataframe and not at.get("vega_lite_chart")


def test_the_trends_page_explains_an_empty_database(db, staff):
    at = app_test(TRENDS, user=staff).run(timeout=60)
    assert not at.exception
    assert i18n.translate("trends.empty", "en") in texts(at)


@pytest.mark.parametrize("lang", LANGS)
def test_recognition_names_only_consenting_agents(demo_db, lang):
    at = app_test(RECOGNITION, lang=lang, user=demo_user(demo_db, "demo-coordinator")).run(
        timeout=60)
    assert not at.exception
    year = at.selectbox(key="recognition_year").value
    listed = list(at.dataframe[0].value.iloc[:, 0])
    names = set(listed)
    private = {r[0] for r in demo_db.execute(
        "SELECT name FROM agents WHERE consent_named = 0 AND name NOT IN "
        "(SELECT name FROM agents WHERE consent_named = 1)")}
    assert names and not names & private
    start, end = f"{year}-01-01", f"{year + 1}-01-01"
    contributors = {r[0] for r in demo_db.execute(
        """SELECT l.agent_id FROM action_agents l JOIN actions a ON a.id = l.action_id
           WHERE a.date >= ? AND a.date < ?
           UNION SELECT agent_id FROM quiz_attempts WHERE agent_id IS NOT NULL AND flags = ''
           AND finished_on >= ? AND finished_on < ?""", [start, end, start, end])}
    hidden = demo_db.execute(
        f"SELECT count(*) FROM agents WHERE consent_named = 0 AND id IN ({','.join('?' * len(contributors))})",  # noqa: S608, E501
        list(contributors)).fetchone()[0]
    assert len(listed) == len(contributors) - hidden
    assert i18n.translate("recognition.unnamed", lang, n=i18n.format_number(hidden, lang)) in texts(at)


def test_recognition_on_an_empty_database(db, staff):
    at = app_test(RECOGNITION, user=staff).run(timeout=60)
    assert not at.exception
    assert i18n.translate("recognition.no_years", "en") in texts(at)


def test_staff_build_and_download_the_report(demo_db):
    at = app_test(REPORT, user=demo_user(demo_db, "demo-staff")).run(timeout=60)
    assert not at.exception
    at.selectbox(key="report_lang").set_value("eu")
    at.button(key="report_build").click().run(timeout=120)
    assert not at.exception
    assert at.get("download_button")
    assert "<html lang='eu'>" in at.session_state["report_html"][2]


def test_coordinators_cannot_build_the_report(demo_db):
    at = app_test(REPORT, user=demo_user(demo_db, "demo-coordinator")).run(timeout=60)
    assert refused(at) and not at.button


def test_the_report_page_on_an_empty_database(db, staff):
    at = app_test(REPORT, user=staff).run(timeout=60)
    assert not at.exception
    assert i18n.translate("report.no_years", "en") in texts(at)
    at.button(key="report_build").click().run(timeout=60)
    assert not at.exception and at.get("download_button")
