"""AppTest runs of the quiz pages: a whole quiz in each language, sharing, results, editing."""

import time

import pytest
import streamlit as st

from network import database
from network.core import i18n, safe_html, storage
from network.core.safe_html import escape_markdown as md
from network.quiz import content, reviews, scoring, sources
from tests.conftest import app_test, district_id, make_agent, shown

LANGS = list(i18n.LANGUAGES)


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()  # pages cache loads per database path; tests reuse none
    yield


def t(key, lang="en", **params):
    return i18n.translate(key, lang, **params)


def button(at, label):
    return next(b for b in at.button if b.label == label)


def reference_caption(item, lang):
    """The source caption as the page writes it (text parameters Markdown-escaped)."""
    return t("quiz.reference", lang, **{k: md(v) for k, v in
                                        sources.reference_parts(item, lang).items()})


def assert_fact_first(at, item, lang):
    """The feedback: the fact as the heading, the myth once, why, the fact again, the source."""
    texts = [m.value for m in at.markdown]
    assert texts[0] == f"#### {md(item.text(lang, 'fact'))}"
    assert texts[-3:] == [md(item.text(lang, "myth")), md(item.text(lang, "why")),
                          f"**{md(item.text(lang, 'recap'))}**"]
    assert sum(md(item.text(lang, "myth")) in x for x in texts) == 1
    assert not any(md(item.text(lang, "statement")) in x for x in texts)
    assert at.caption[-1].value == reference_caption(item, lang)


def answer_all(at, items, lang, answers=None, human=True):
    """Start and answer every item (myths 'false', estimates 20 unless given); returns `at`."""
    at.button(key="quiz_start").click().run()
    assert not at.exception
    if human:
        at.session_state["quiz_started_at"] = time.time() - 600
    for n, item in enumerate(items):
        assert at.progress[0].value == int(100 * n / len(items))
        assert at.markdown[0].value == f"#### {md(item.text(lang, 'statement'))}"
        value = (answers or {}).get(item.code, "false" if item.kind == "myth" else 20)
        widget = (at.radio if item.kind == "myth" else at.number_input)(key=f"quiz_answer_{item.id}")
        widget.set_value(value).run()
        at.button(key="quiz_check").click().run()
        assert not at.exception
        assert_fact_first(at, item, lang)
        assert at.button(key="quiz_next").label == t(
            "quiz.see_result" if n + 1 == len(items) else "quiz.next", lang)
        at.button(key="quiz_next").click().run()
        assert not at.exception
    return at


@pytest.fixture
def items(db):
    return content.items_for_version(db, content.current_version(db))


@pytest.mark.parametrize("lang", LANGS)
def test_a_whole_quiz_in_each_language(db, items, lang):
    agent = make_agent(db, 5)
    code = db.execute("SELECT share_code FROM agents WHERE id = ?", [agent]).fetchone()[0]
    at = app_test("pages/quiz.py", lang=lang, query={"ref": code}).run()
    assert not at.exception
    assert at.title[0].value == t("quiz.title", lang)
    at.selectbox(key="quiz_district").set_value(district_id(db, 5))
    at.selectbox(key="quiz_age_band").set_value("45_64")
    answer_all(at, items, lang)
    expected = scoring.score_attempt(items, {i.id: ("false" if i.kind == "myth" else 20)
                                             for i in items})
    assert at.title[0].value == t("quiz.result_title", lang)
    assert at.metric[0].value == f"{expected.correct} / {len(items)}"
    # Each recap ends on the fact (bold), followed by its source.
    lines = [m.value for m in at.markdown]
    for i in items:
        line = next(x for x in lines if md(i.text(lang, "title")) in x)
        assert line.endswith(f"  \n**{md(i.text(lang, 'recap'))}**")
    captions = [c.value for c in at.caption]
    assert all(reference_caption(i, lang) in captions for i in items)
    assert f"ref={code}" in at.code[0].value and f"lang={lang}" in at.code[0].value
    row = db.execute("SELECT lang, agent_id, district_id, age_band, flags, score FROM quiz_attempts"
                     ).fetchone()
    assert row == (lang, agent, district_id(db, 5), "45_64", "", expected.correct)


def test_feedback_shows_the_real_figure_and_the_gap(db, items):
    at = app_test("pages/quiz.py", lang="es").run()
    at.button(key="quiz_start").click().run()
    first = items[0]
    at.number_input(key=f"quiz_answer_{first.id}").set_value(25).run()
    at.button(key="quiz_check").click().run()
    assert at.warning[0].value == t("quiz.estimate_over", "es", estimate="25", truth=md("13,2"),
                                    gap=md("+11,8"))
    assert not at.number_input  # the question's widget gives way to the fact
    assert_fact_first(at, first, "es")


def test_a_historical_item_says_so_in_its_feedback(db, items):
    at = app_test("pages/quiz.py").run()
    at.button(key="quiz_start").click().run()
    at.session_state["quiz_step"] = step = next(n for n, i in enumerate(items) if i.historical)
    at.run()
    at.radio(key=f"quiz_answer_{items[step].id}").set_value("false").run()
    at.button(key="quiz_check").click().run()
    assert not at.exception
    assert t("quiz.historical") in [c.value for c in at.caption]
    assert_fact_first(at, items[step], "en")


def test_checking_without_an_answer_asks_for_one_and_stays(db, items):
    at = app_test("pages/quiz.py").run()
    at.button(key="quiz_start").click().run()
    at.button(key="quiz_check").click().run()
    assert at.warning[0].value == t("quiz.answer_first")
    assert at.session_state["quiz_step"] == 0


def test_rerunning_the_result_page_does_not_count_twice(db, items):
    at = answer_all(app_test("pages/quiz.py").run(), items, "en")
    at.run()
    at.run()
    assert not at.exception
    assert db["quiz_attempts"].count == 1 and db["quiz_answers"].count == len(items)
    button(at, t("quiz.again")).click().run()
    assert at.title[0].value == t("quiz.title")
    answer_all(at, items, "en")
    assert db["quiz_attempts"].count == 2
    assert len({r[0] for r in db.execute("SELECT token FROM quiz_attempts")}) == 2


@pytest.mark.parametrize("query", [
    {"ref": "<script>alert(1)</script>", "action": "1 OR 1=1"},
    {"ref": "NOSUCHAGENT", "action": "424242"},
    {"ref": "x" * 3000},
])
def test_a_bad_link_never_breaks_the_quiz(db, items, query):
    at = app_test("pages/quiz.py", query=query).run()
    assert not at.exception
    answer_all(at, items, "en")
    assert at.title[0].value == t("quiz.result_title")
    assert db.execute("SELECT agent_id, action_id FROM quiz_attempts").fetchone() == (None, None)
    assert "ref=" not in at.code[0].value


def test_an_action_link_attributes_the_attempt(db, items):
    with db.atomic():
        action = db["actions"].insert({"district_id": district_id(db, 2), "date": "2025-02-02",
                                       "type": "workshop", "title": "Taller"}).last_pk
    answer_all(app_test("pages/quiz.py", query={"action": str(action)}).run(), items, "en")
    assert db.execute("SELECT action_id FROM quiz_attempts").fetchone()[0] == action


def test_a_filled_honeypot_or_a_rushed_run_is_kept_but_flagged(db, items):
    at = app_test("pages/quiz.py").run()
    at.text_input(key="quiz_website").input("http://spam.example")
    answer_all(at, items, "en", human=False)
    assert at.title[0].value == t("quiz.result_title")
    assert db.execute("SELECT flags FROM quiz_attempts").fetchone()[0] == "honeypot,too_fast"


def test_choosing_a_language_on_the_first_screen_switches_it(db):
    at = app_test("pages/quiz.py", lang="es").run()
    at.radio(key="quiz_lang_choice").set_value("eu").run()
    assert not at.exception
    assert at.title[0].value == t("quiz.title", "eu")
    assert at.session_state["lang"] == "eu"


def test_the_quiz_works_without_reference_data(empty_db_path):
    at = app_test("pages/quiz.py").run()
    assert not at.exception and at.title[0].value == t("quiz.title")


def test_a_database_without_quiz_content_says_so(db):
    storage.write(db, lambda d: (d.execute("DELETE FROM quiz_items"),
                                 d.execute("DELETE FROM quiz_versions")))
    at = app_test("pages/quiz.py").run()
    assert not at.exception and at.info[0].value == t("quiz.no_content")


# --- sharing ------------------------------------------------------------------------------

@pytest.mark.parametrize("who", [None, "staff"])
def test_the_share_page_is_for_agents_coordinators_and_admins(db, request, who):
    user = request.getfixturevalue(who) if who else None
    at = app_test("pages/quiz_share.py", user=user).run()
    assert at.warning[0].value == t("error.permission_denied")


@pytest.fixture
def demo_agent(demo_db):
    from network.accounts import auth

    user_id = demo_db.execute("SELECT id FROM users WHERE username = 'demo-agent'").fetchone()[0]
    return auth.get_user(demo_db, user_id)


@pytest.mark.parametrize("lang", LANGS)
def test_an_agent_sees_their_link_qr_and_reach_next_to_the_city(demo_db, demo_agent, lang):
    code = demo_db.execute("SELECT share_code FROM agents WHERE id = ?",
                           [demo_agent.agent_id]).fetchone()[0]
    at = app_test("pages/quiz_share.py", lang=lang, user=demo_agent).run()
    assert not at.exception
    assert f"/quiz?ref={code}" in at.code[0].value
    expected = demo_db.execute("SELECT count(*) FROM quiz_attempts WHERE agent_id = ? AND flags = ''",
                               [demo_agent.agent_id]).fetchone()[0]
    completions = next(m for m in at.metric if m.label == t("quiz.share.completions", lang))
    assert int(completions.value.replace(".", "").replace(",", "")) == expected >= 5
    assert any(t("quiz.share.city_value", lang, value="").strip() in shown(c.value) for c in at.caption)
    assert len(at.dataframe) == 1
    assert not [s for s in at.header if s.value == t("quiz.share.action_links", lang)]


def test_the_link_language_is_added_to_the_link(demo_db, demo_agent):
    at = app_test("pages/quiz_share.py", user=demo_agent).run()
    at.radio(key="quiz_share_lang").set_value("eu").run()
    assert at.code[0].value.endswith("&lang=eu")


def test_an_agent_with_few_completions_sees_fewer_than_five(db, agent_user, items):
    at = app_test("pages/quiz_share.py", user=agent_user).run()
    assert not at.exception
    assert at.info[0].value == t("quiz.share.no_completions")
    code = db.execute("SELECT share_code FROM agents WHERE id = ?",
                      [agent_user.agent_id]).fetchone()[0]
    for _ in range(2):
        answer_all(app_test("pages/quiz.py", query={"ref": code}).run(), items, "en")
    st.cache_data.clear()
    at = app_test("pages/quiz_share.py", user=agent_user).run()
    fewer = t("common.fewer_than", n=5)
    assert at.metric[0].value == fewer
    assert at.dataframe[0].value.iloc[0, 1] == fewer
    assert at.caption[-1].value == t("quiz.share.small_note", n=5)


def test_a_coordinator_makes_a_link_for_an_action_of_their_district(demo_db_path):
    from network.accounts import auth

    with database.open_db(demo_db_path) as db:
        user_id = db.execute("SELECT id FROM users WHERE username = 'demo-coordinator'").fetchone()[0]
        coordinator = auth.get_user(db, user_id)
        action = db.execute("SELECT id FROM actions WHERE district_id IN (SELECT district_id FROM"
                            " user_districts WHERE user_id = ?) ORDER BY date DESC LIMIT 1",
                            [user_id]).fetchone()[0]
    at = app_test("pages/quiz_share.py", user=coordinator).run()
    assert not at.exception
    assert at.info[0].value == t("quiz.share.no_agent")
    at.selectbox(key="quiz_share_action").set_value(action).run()
    assert not at.exception
    assert at.code[0].value.endswith(f"/quiz?action={action}")


# --- results ------------------------------------------------------------------------------

@pytest.mark.parametrize("who", [None, "agent_user"])
def test_results_are_for_coordinators_and_staff(db, request, who):
    user = request.getfixturevalue(who) if who else None
    at = app_test("pages/quiz_results.py", user=user).run()
    assert at.warning[0].value == t("error.permission_denied")


def test_results_on_an_empty_database_explain_themselves(db, staff):
    at = app_test("pages/quiz_results.py", user=staff).run()
    assert not at.exception and at.info[0].value == t("quiz.results.empty")


@pytest.fixture
def demo_staff(demo_db):
    from network.accounts import auth

    return {name: auth.get_user(demo_db, demo_db.execute(
        "SELECT id FROM users WHERE username = ?", [f"demo-{name}"]).fetchone()[0])
        for name in ("staff", "coordinator")}


@pytest.mark.parametrize("lang", LANGS)
def test_staff_read_the_misperception_by_district_with_intervals(demo_db, demo_staff, lang):
    at = app_test("pages/quiz_results.py", lang=lang, user=demo_staff["staff"]).run()
    assert not at.exception
    by_item, item_sources, by_group, by_origin = (d.value for d in at.dataframe)
    assert len(by_item) == 12
    # Each item's fact with its full reference (publisher, title, date).
    latest = content.latest_items_by_code(demo_db).values()
    assert list(item_sources[t("field.source", lang)]) == [sources.reference_text(i, lang)
                                                           for i in latest]
    assert len(by_group) == 9  # eight districts and "not given"
    gaps = by_group[t("quiz.column.mean_gap", lang)]
    assert all("(" in g and "–" in g for g in gaps)
    assert list(by_origin.iloc[:, 0]) == [t(f"quiz.results.group.{g}", lang)
                                          for g in ("action", "agent_link", "unattributed")]
    assert at.get("download_button")


@pytest.mark.parametrize("dimension", ["age_band", "lang", "month", "attribution"])
def test_results_group_by_each_dimension_and_item(demo_db, demo_staff, dimension):
    at = app_test("pages/quiz_results.py", user=demo_staff["coordinator"]).run()
    at.selectbox(key="quiz_results_dimension").set_value(dimension).run()
    at.selectbox(key="quiz_results_item").set_value("rgi_job_search").run()
    assert not at.exception
    assert not at.get("download_button")  # coordinators do not export


def test_results_of_one_year(demo_db, demo_staff):
    at = app_test("pages/quiz_results.py", user=demo_staff["staff"]).run()
    year = at.selectbox(key="quiz_results_year").options[1]
    at.selectbox(key="quiz_results_year").set_value(int(year)).run()
    assert not at.exception
    expected = demo_db.execute("SELECT count(*) FROM quiz_attempts WHERE flags = '' AND"
                               " finished_on LIKE ?", [f"{year}-%"]).fetchone()[0]
    shown = at.dataframe[0].value.iloc[0, 1]
    assert int(shown.replace(",", "").replace(".", "")) == expected


# --- editing ------------------------------------------------------------------------------

@pytest.mark.parametrize("who", [None, "coordinator", "agent_user"])
def test_only_staff_and_admins_edit_quiz_content(db, request, who):
    user = request.getfixturevalue(who) if who else None
    at = app_test("pages/quiz_editor.py", user=user).run()
    assert at.warning[0].value == t("error.permission_denied")


def prefix(db, item):
    return f"quiz_edit_{content.current_version(db)}_{item.code}_{item.kind}"


def test_staff_edit_an_item_and_a_new_version_is_published(db, staff, items):
    at = app_test("pages/quiz_editor.py", lang="eu", user=staff).run()
    assert not at.exception
    key = prefix(db, items[0])
    at.text_input(key=f"{key}_eu_title").input("Atzerrian jaioak (EAE)")
    at.text_input(key=f"{key}_note").input("izenburua")
    button(at, t("quiz.editor.publish", "eu")).click().run()
    assert not at.exception
    assert at.success[0].value == t("quiz.editor.published", "eu", number=2)
    latest = content.items_for_version(db, content.current_version(db))
    assert latest[0].text("eu", "title") == "Atzerrian jaioak (EAE)"
    assert latest[0].text("es", "title") == items[0].text("es", "title")


def test_an_incomplete_edit_lists_the_problems_and_keeps_the_text(db, staff, items):
    at = app_test("pages/quiz_editor.py", user=staff).run()
    key = prefix(db, items[0])
    at.text_area(key=f"{key}_en_why").input("")
    at.text_input(key=f"{key}_es_title").input("Título nuevo")
    button(at, t("quiz.editor.publish")).click().run()
    assert not at.exception
    assert "question 1, English: the text is missing." in shown(at.error[0].value)
    assert at.text_input(key=f"{key}_es_title").value == "Título nuevo"
    assert db["quiz_versions"].count == 1


def test_the_editor_flags_unchecked_items_and_records_a_check(db, staff, items):
    at = app_test("pages/quiz_editor.py", user=staff).run()
    assert not at.exception
    assert at.warning[0].value.startswith(t("quiz.review.due", n=12, titles="")[:-1])
    table = at.dataframe[1].value
    assert list(table[t("quiz.review.status")]) == [t("quiz.review.status_due")] * 12
    assert list(table[t("quiz.review.reference")]) == [sources.reference_text(i, "en")
                                                       for i in items]
    assert t("quiz.review.never") in [c.value for c in at.caption]
    at.text_input(key=f"{prefix(db, items[0])}_review_note").input("eitb.eus, 2024")
    button(at, t("quiz.review.check_button")).click().run()
    assert not at.exception
    last = reviews.last_reviews(db)[items[0].code]
    assert (last.reviewer, last.note, last.version) == ("staff1", "eitb.eus, 2024", 1)
    assert at.dataframe[1].value[t("quiz.review.checked_by")][0] == "staff1"
    assert at.warning[0].value.startswith(t("quiz.review.due", n=11, titles="")[:-1])
    assert db["quiz_versions"].count == 1


def test_the_editor_warns_of_a_figure_the_source_does_not_state(db, staff, items):
    at = app_test("pages/quiz_editor.py", user=staff).run()
    at.selectbox(key="quiz_edit_item").set_value(items[8].code).run()
    assert not [w for w in at.warning if "89" in w.value]
    key = prefix(db, items[8])  # health care: 11 % of consultations
    at.text_area(key=f"{key}_en_why").input("The other 89 are by the rest of the population.")
    button(at, t("quiz.editor.publish")).click().run()
    assert not at.exception and db["quiz_versions"].count == 2
    warning = next(w.value for w in at.warning if "89" in w.value)
    assert warning == t("quiz.review.unsourced", figures=md(
        f"English {t('field.quiz_why')}: 89"))


def test_the_demo_shows_review_dates_and_due_items(demo_db, demo_staff):
    at = app_test("pages/quiz_editor.py", user=demo_staff["staff"]).run()
    assert not at.exception
    table = at.dataframe[1].value
    checked = [d for d in table[t("quiz.review.checked_on")] if d != "—"]
    assert len(checked) == 9 and all(len(d) == 10 for d in checked)
    assert set(table[t("quiz.review.checked_by")]) == {"demo-staff (demo)", "—"}
    due = list(table[t("quiz.review.status")]).count(t("quiz.review.status_due"))
    assert due == 6  # three never checked, three last checked 13-20 months ago


def test_staff_retire_an_item(db, staff, items):
    at = app_test("pages/quiz_editor.py", user=staff).run()
    at.selectbox(key="quiz_edit_item").set_value(items[-1].code).run()
    button(at, t("quiz.editor.retire_button")).click().run()
    assert not at.exception
    assert len(content.items_for_version(db, content.current_version(db))) == len(items) - 1


def test_staff_set_the_public_address_for_links(db, staff):
    at = app_test("pages/quiz_editor.py", user=staff).run()
    at.text_input(key="quiz_edit_base_url").input("https://antirumores.example.eus")
    button(at, t("common.save")).click().run()
    assert at.success[0].value == t("common.saved")
    at.text_input(key="quiz_edit_base_url").input("not a url")
    button(at, t("common.save")).click().run()
    assert at.error and db.execute("SELECT value FROM settings WHERE key = 'app.base_url'"
                                   ).fetchone()[0] == "https://antirumores.example.eus"


# --- navigation ---------------------------------------------------------------------------

def test_navigation_shows_the_quiz_pages_to_the_right_roles(db, admin, staff, coordinator,
                                                            agent_user):
    import navigation

    def pages(user):
        return {p for p in navigation.visible(user) if p.startswith("quiz")}

    assert pages(None) == {"quiz"}
    assert pages(agent_user) == {"quiz", "quiz_share"}
    assert pages(coordinator) == {"quiz", "quiz_share", "quiz_results"}
    assert pages(staff) == {"quiz", "quiz_results", "quiz_editor"}
    assert pages(admin) == {"quiz", "quiz_share", "quiz_results", "quiz_editor"}
    for user in (None, agent_user, coordinator, staff, admin):
        assert not app_test(user=user).run().exception


def test_an_admin_links_actions_of_every_district(demo_db_path):
    from network.accounts import auth

    with database.open_db(demo_db_path) as db:
        admin = auth.get_user(db, db.execute(
            "SELECT id FROM users WHERE username = 'demo-admin'").fetchone()[0])
        districts = db.execute("SELECT count(DISTINCT district_id) FROM (SELECT district_id FROM"
                               " actions ORDER BY date DESC, id DESC LIMIT 300)").fetchone()[0]
    at = app_test("pages/quiz_share.py", user=admin).run()
    assert not at.exception
    options = at.selectbox(key="quiz_share_action").options
    assert len(options) == 300 and districts == 8


def test_the_editor_starts_a_quiz_from_scratch_on_a_database_without_content(db, admin):
    storage.write(db, lambda d: (d.execute("DELETE FROM quiz_items"),
                                 d.execute("DELETE FROM quiz_versions")))
    at = app_test("pages/quiz_editor.py", user=admin).run()
    assert not at.exception
    assert at.selectbox(key="quiz_edit_item").value == "__new__"
    button(at, t("quiz.editor.publish")).click().run()
    assert at.error and db["quiz_versions"].count == 0


def test_an_untranslated_text_is_shown_in_its_original_and_marked_with_its_language(db, items):
    """WCAG 3.1.2: a text shown in another language (no Basque yet) carries lang="es" and the
    page says it is untranslated; the translated texts stay ordinary Markdown."""
    import json

    first = items[0]
    texts = dict(first.texts)
    texts["eu"] = {**texts["eu"], "statement": "", "why": ""}
    db.execute("UPDATE quiz_items SET texts = ? WHERE id = ?", [json.dumps(texts), first.id])
    db.conn.commit()
    at = app_test("pages/quiz.py", lang="eu").run()
    at.button(key="quiz_start").click().run()
    shown = [h.proto.body for h in at.get("html")]
    assert (f'<h4 lang="es">{safe_html.escape_html(first.text("es", "statement"))}</h4>'
            in shown)
    note = t("quiz.original_language", "eu", language="Español")
    assert note in [c.value for c in at.caption]
    at.number_input(key=f"quiz_answer_{first.id}").set_value(20).run()
    at.button(key="quiz_check").click().run()
    assert not at.exception
    shown = [h.proto.body for h in at.get("html")]
    assert f'<p lang="es">{safe_html.escape_html(first.text("es", "why"))}</p>' in shown
    markdown = [m.value for m in at.markdown]
    assert f"#### {md(first.text('eu', 'fact'))}" in markdown  # translated: plain Markdown
    assert md(first.text("eu", "myth")) in markdown
