"""Quiz content: shipped items complete in three languages, validation, versioned edits."""

from dataclasses import replace

import pytest

from network import database
from network.core import i18n
from network.core.errors import PermissionDenied, ValidationFailed
from network.quiz import attempts, content, scoring

SHIPPED_VERSION, SHIPPED = content.read_shipped()


def test_the_shipped_quiz_has_at_least_twelve_items_of_both_kinds():
    assert len(SHIPPED) >= 12
    assert {i.kind for i in SHIPPED} == {"myth", "estimate"}
    assert len({i.code for i in SHIPPED}) == len(SHIPPED)
    # Both answers occur, so "always false" is not a winning strategy.
    assert {i.answer for i in SHIPPED if i.kind == "myth"} == {"true", "false"}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("item", SHIPPED, ids=[i.code for i in SHIPPED])
def test_every_item_has_text_explanation_and_source_in_each_language(item, lang):
    texts = item.texts[lang]
    for name in content.TEXT_FIELDS:
        assert texts[name].strip(), (item.code, lang, name)
    assert 2000 <= item.year <= 2030


@pytest.mark.parametrize("item", SHIPPED, ids=[i.code for i in SHIPPED])
def test_every_explanation_states_the_fact_first_and_again_at_the_end(item):
    # The fact's figure appears in the opening fact and in the recap, the myth in between.
    for lang in i18n.LANGUAGES:
        t = item.texts[lang]
        if item.kind == "estimate":
            figure = i18n.format_number(item.truth, lang, scoring.decimals(item.truth))
            assert figure in t["fact"] and figure in t["recap"], (item.code, lang, figure)
        assert t["myth"] not in (t["fact"], t["recap"])


def test_estimate_items_have_a_real_figure_and_a_tolerance():
    for item in SHIPPED:
        if item.kind == "estimate":
            assert 0 <= item.truth <= 100 and 0 < item.tolerance <= 10
            assert item.answer is None
        else:
            assert item.answer in ("true", "false") and item.truth is None


def test_the_born_abroad_item_carries_the_published_figures():
    item = next(i for i in SHIPPED if i.code == "born_abroad_euskadi")
    assert item.truth == 13.2 and item.year == 2024
    assert "23.4" in item.texts["en"]["why"] and "Ikuspegi" in item.texts["en"]["publisher"]


def test_the_rgi_residence_item_is_marked_historical_with_its_rules_and_the_reform():
    # The primer gives the 2011 rule and says to check the 2022-23 reform, not today's rule:
    # the item says which rules it describes, in the question itself, and is flagged historical.
    item = next(i for i in SHIPPED if i.code == "rgi_on_arrival")
    assert item.historical
    for lang in i18n.LANGUAGES:
        assert "2011" in item.texts[lang]["statement"] and "2011" in item.texts[lang]["fact"]
        assert "2011" in item.texts[lang]["recap"] and "2022" in item.texts[lang]["why"]


def test_only_the_rgi_residence_item_is_historical():
    assert [i.code for i in SHIPPED if i.historical] == ["rgi_on_arrival"]


def test_a_new_database_holds_the_shipped_content_as_version_1(db):
    version_id = content.current_version(db)
    assert db.execute("SELECT number FROM quiz_versions WHERE id = ?", [version_id]).fetchone()[0] == 1
    assert [i.code for i in content.items_for_version(db, version_id)] == [i.code for i in SHIPPED]


def _broken(**changes):
    return [replace(SHIPPED[0], **changes), *SHIPPED[1:]]


@pytest.mark.parametrize("items,key", [
    ([], "quiz.error.no_items"),
    (_broken(code="Bad Code"), "quiz.error.code_invalid"),
    ([SHIPPED[0], SHIPPED[0]], "quiz.error.code_duplicate"),
    (_broken(kind="poll"), "quiz.error.kind_invalid"),
    (_broken(year=1800), "quiz.error.year_invalid"),
    (_broken(truth=130.0), "quiz.error.truth_range"),
    (_broken(tolerance=None), "quiz.error.tolerance_range"),
    ([replace(SHIPPED[1], answer=None)], "quiz.error.answer_missing"),
    (_broken(texts={**SHIPPED[0].texts, "eu": {**SHIPPED[0].texts["eu"], "source": " "}}),
     "quiz.error.text_missing"),
    (_broken(texts={**SHIPPED[0].texts, "en": {**SHIPPED[0].texts["en"], "why": "x" * 601}}),
     "quiz.error.text_too_long"),
])
def test_invalid_content_is_refused_with_the_reason(items, key):
    with pytest.raises(ValidationFailed) as err:
        content.validate_items(items)
    assert key in [p.key for p in err.value.problems]


def test_validation_lists_every_problem_at_once():
    bad = replace(SHIPPED[0], year=1, texts={})
    with pytest.raises(ValidationFailed) as err:
        content.validate_items([bad])
    assert len(err.value.problems) == 1 + 3 * len(content.TEXT_FIELDS)


def test_an_edit_publishes_a_new_version_and_old_attempts_keep_theirs(db, staff):
    old = content.current_version(db)
    items = content.items_for_version(db, old)
    answers = {i.id: ("false" if i.kind == "myth" else 20) for i in items}
    sub = attempts.Submission(attempts.new_token(), old, "es", answers, started_at=0.0)
    attempt_id = attempts.record_attempt(db, sub, "client").attempt_id
    first = items[0]
    texts = {**first.texts, "en": {**first.texts["en"], "title": "Born abroad (edited)"}}
    new = content.publish_version(db, staff, content.edited(items, first.code,
                                                            replace(first, texts=texts)), "typo")
    assert new != old and content.current_version(db) == new
    assert content.items_for_version(db, new)[0].text("en", "title") == "Born abroad (edited)"
    assert content.items_for_version(db, old)[0].text("en", "title") == first.text("en", "title")
    assert db.execute("SELECT version_id FROM quiz_attempts WHERE id = ?",
                      [attempt_id]).fetchone()[0] == old
    assert content.latest_items_by_code(db)[first.code].text("en", "title") == "Born abroad (edited)"
    assert db.execute("SELECT verb FROM audit_log WHERE entity = 'quiz_versions'").fetchone()[0] == "publish"


def test_retiring_and_adding_items_make_new_versions(db, staff):
    items = content.items_for_version(db, content.current_version(db))
    content.publish_version(db, staff, content.edited(items, items[-1].code, None))
    fewer = content.items_for_version(db, content.current_version(db))
    assert len(fewer) == len(items) - 1
    added = replace(items[-1], code=content.new_code(fewer))
    content.publish_version(db, staff, content.edited(fewer, added.code, added))
    assert len(content.items_for_version(db, content.current_version(db))) == len(items)
    assert [v["number"] for v in content.versions(db)] == [3, 2, 1]
    # The retired code still has a label for results.
    assert items[-1].code in content.latest_items_by_code(db)


@pytest.mark.parametrize("who", [None, "coordinator", "agent_user"])
def test_only_staff_and_admins_edit_content(db, request, who):
    user = request.getfixturevalue(who) if who else None
    items = content.items_for_version(db, content.current_version(db))
    with pytest.raises(PermissionDenied):
        content.publish_version(db, user, items)
    assert db["quiz_versions"].count == 1


def test_an_invalid_edit_changes_nothing(db, admin):
    items = content.items_for_version(db, content.current_version(db))
    with pytest.raises(ValidationFailed):
        content.publish_version(db, admin, content.edited(items, items[0].code,
                                                          replace(items[0], year=3000)))
    assert db["quiz_versions"].count == 1 and db["quiz_items"].count == len(items)


def test_a_database_created_before_the_content_migration_gets_it_on_open(tmp_path):
    from network.core.schema import core
    from network.quiz.schema import migrations

    path = tmp_path / "old.db"
    old = database.connect(path, migrate=False)
    core.apply(old)
    migrations.apply(old, stop_before="m002_shipped_content")
    assert old["quiz_versions"].count == 0
    old.close()
    db = database.connect(path)
    assert db["quiz_versions"].count == 1 and db["quiz_items"].count == len(SHIPPED)
    assert content.load_shipped(db) is None  # loading twice adds nothing
    assert db["quiz_versions"].count == 1
