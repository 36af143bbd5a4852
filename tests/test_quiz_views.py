"""The quiz's display text and tables: what staff and coordinators read, in their language."""

from network.core import disclosure, privacy
from network.quiz import results, sources, views
from network.quiz.content import Item
from network.quiz.reviews import Review


def item(code, position, title, **extra):
    return Item(code=code, kind="myth", year=2024, texts={"en": {"title": title, "recap": f"{title}!"}},
                answer="false", position=position, **extra)


def cell(**values):
    base = dict(code="q1", group=None, n=12, correct=9, share=0.75, share_low=0.5, share_high=0.9,
                gap_mean=None, gap_low=None, gap_high=None, suppressed=False)
    return results.Cell(**(base | values))


def test_a_gap_carries_its_sign_and_the_language_s_decimal_comma():
    assert [views.signed(v, "en") for v in (3, -1.5, 0)] == ["+3", "-1.5", "0"]
    assert views.signed(2.5, "es") == "+2,5"


def test_an_interval_shows_the_estimate_then_its_bounds_and_a_dash_without_one():
    assert views.interval(0.755, 0.5, 0.9, "en", 100) == "76 (50 – 90)"
    assert views.interval(1.25, -0.5, 3.0, "es", 1, 1, True) == "+1,2 (-0,5 – 3,0)"
    assert views.interval(1.0, None, None, "en") == "1"
    assert views.interval(None, None, None, "en") == "–"


def test_a_small_group_shows_the_disclosure_marker_instead_of_its_count():
    assert views.n_text(1234, False, "en") == "1,234"
    assert views.n_text(3, True, "en") == f"fewer than {privacy.PUBLIC_MIN_COUNT}"
    assert views.n_text(30, True, "en", disclosure.COMPLEMENTARY) == disclosure.marker(
        disclosure.COMPLEMENTARY, privacy.PUBLIC_MIN_COUNT, "en")


def test_the_cell_table_has_translated_headers_and_formatted_cells():
    table = views.cell_table([cell(), cell(code="q2", n=2, suppressed=True, share=None)], "Question",
                             lambda c: c.code.upper(), "en")
    assert list(table.columns) == ["Question", "Answers", "% right (95% CI)", "Mean gap, points (95% CI)"]
    assert table.values.tolist() == [["Q1", "12", "75 (50 – 90)", "–"],
                                     ["Q2", "fewer than 5", "–", "–"]]


def test_the_attribution_table_names_each_group():
    score = results.GroupScore(group="action", n=40, score=0.6, score_low=0.5, score_high=0.7, gap=2.0,
                               gap_low=1.0, gap_high=3.0, suppressed=False)
    labels = views.group_labels([], "en")["attribution"]
    table = views.attribution_table([score], labels, "en")
    assert table.values.tolist() == [["At an action", "40", "60 (50 – 70)", "2.0 (1.0 – 3.0)"]]
    assert list(table.columns)[0] == "Where the quiz was taken"


def test_the_group_labels_cover_every_dimension():
    labels = views.group_labels([], "en")
    assert set(labels) == set(results.DIMENSIONS)
    assert labels["age_band"]["18_29"] == "18–29"


def test_the_versions_table_names_the_shipped_content_and_unknown_authors():
    table = views.versions_table([
        {"number": 2, "created_at": "2026-01-02T10:00:00", "created_by": "staff1", "note": "typo",
         "items": 10, "attempts": 3},
        {"number": 1, "created_at": "2025-01-01T09:00:00", "created_by": None, "note": "shipped",
         "items": 10, "attempts": 50}], "en")
    assert list(table.columns) == ["Version", "Published", "By", "Note on the change", "Questions", "Quizzes"]
    assert table.values.tolist() == [[2, "2026-01-02 10:00:00", "staff1", "typo", 10, 3],
                                     [1, "2025-01-01 09:00:00", "—", "Initial content", 10, 50]]


def test_the_review_tables_show_who_checked_what_and_what_is_due():
    items = [item("q1", 1, "Aid"), item("q2", 2, "Jobs")]
    last = {"q1": Review("q1", "2026-03-01", "staff1", 4, "ok", demo=True)}
    table = views.review_table(items, last, ["q2"], "en")
    assert list(table.columns) == ["Question", "Last checked", "By", "Status", "Source"]
    assert table.values.tolist() == [
        ["1. Aid", "2026-03-01", "staff1 (demo)", "up to date", sources.reference_text(items[0], "en")],
        ["2. Jobs", "—", "—", "due for a check", sources.reference_text(items[1], "en")]]
    history = views.history_table([last["q1"], Review("q1", "2025-03-01", "admin1", 3)], "en")
    assert history.values.tolist() == [["2026-03-01", "staff1 (demo)", 4, "ok"],
                                       ["2025-03-01", "admin1", 3, ""]]
    assert views.item_labels(items, ["q2"], "en") == {"q1": "1. Aid", "q2": "2. Jobs (due for a check)"}


def test_unsourced_figures_name_their_language_and_field():
    assert views.unsourced_text([("en", "fact", "40 %"), ("es", "title", "7")], "en") == (
        "English 1. The fact: 40 %; Español Short title: 7")


def test_the_sources_table_lists_fact_reference_and_the_historical_mark():
    items = {"q1": item("q1", 1, "Aid", historical=True)}
    table = views.sources_table(items, {"q1": "Aid"}, "en")
    assert list(table.columns) == ["Question", "Fact", "Source",
                                   "Historical: describes a past situation, not today's"]
    assert table.values.tolist() == [["Aid", "Aid!", sources.reference_text(items["q1"], "en"), "✓"]]
