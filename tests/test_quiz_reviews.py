"""Content review: staff record checks of items against their sources; the migration that
brought references and reviews leaves staff-edited content alone."""

import json
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from network import database
from network.core.errors import NotFound, PermissionDenied, ValidationFailed
from network.quiz import content, reviews

OLD_SHIPPED = Path(__file__).parent / "quiz_items_v1.toml"  # the content first shipped


def current_items(db):
    return content.items_for_version(db, content.current_version(db))


def test_a_check_is_recorded_with_date_reviewer_and_version_and_publishes_nothing(db, staff):
    code = current_items(db)[0].code
    reviews.record_review(db, staff, code, "checked against eitb.eus", today=date(2026, 11, 3))
    last = reviews.last_reviews(db)[code]
    assert (last.checked_on, last.reviewer, last.version, last.note) == (
        "2026-11-03", "staff1", 1, "checked against eitb.eus")
    assert db["quiz_versions"].count == 1
    assert db.execute("SELECT verb FROM audit_log WHERE entity = 'quiz_reviews'").fetchone()[0] == "review"


def test_the_newest_check_counts_and_the_history_keeps_every_check(db, staff, admin):
    code = current_items(db)[0].code
    reviews.record_review(db, staff, code, today=date(2025, 1, 10))
    reviews.record_review(db, admin, code, today=date(2026, 2, 1))
    assert reviews.last_reviews(db)[code].reviewer == "admin1"
    assert [r.checked_on for r in reviews.history(db, code)] == ["2026-02-01", "2025-01-10"]


def test_items_never_checked_or_checked_over_12_months_ago_are_due(db, staff):
    items = current_items(db)
    reviews.record_review(db, staff, items[0].code, today=date(2025, 11, 1))
    reviews.record_review(db, staff, items[1].code, today=date(2026, 11, 1))
    due = reviews.due(items, reviews.last_reviews(db), date(2026, 12, 1))
    assert items[0].code in due and items[1].code not in due
    assert due == [i.code for i in items if i.code != items[1].code]


def test_a_check_survives_an_edit_of_the_item(db, staff):
    items = current_items(db)
    reviews.record_review(db, staff, items[0].code, today=date(2026, 11, 1))
    edited = replace(items[0], texts={**items[0].texts, "en": {**items[0].texts["en"],
                                                                "title": "Born abroad"}})
    content.publish_version(db, staff, content.edited(items, items[0].code, edited), "title")
    assert reviews.last_reviews(db)[items[0].code].version == 1  # the version that was checked


@pytest.mark.parametrize("who", [None, "coordinator", "agent_user"])
def test_only_staff_and_admins_record_checks(db, request, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):
        reviews.record_review(db, user, current_items(db)[0].code)
    assert db["quiz_reviews"].count == 0


def test_a_check_of_an_unknown_item_or_with_a_bad_note_is_refused(db, staff):
    with pytest.raises(NotFound):
        reviews.record_review(db, staff, "no_such_item")
    with pytest.raises(ValidationFailed):
        reviews.record_review(db, staff, current_items(db)[0].code, "line\nbreak")
    with pytest.raises(ValidationFailed):
        reviews.record_review(db, staff, current_items(db)[0].code, "x" * 201)
    assert db["quiz_reviews"].count == 0


def _database_with_old_content(tmp_path, edited=False):
    """A database migrated up to m003 whose content is the first shipped file's."""
    from network.core.schema import core
    from network.quiz.schema import migrations

    path = tmp_path / "old.db"
    old = database.connect(path, migrate=False)
    core.apply(old)
    migrations.apply(old, stop_before="m004_references_and_reviews")
    data = tomllib.loads(OLD_SHIPPED.read_text(encoding="utf-8"))
    if edited:
        from network.accounts import auth

        user = auth.create_user(old, None, "staff9", "a-long-password", "staff", system=True)
    with old.atomic():
        old.execute("DELETE FROM quiz_items")
        if edited:
            old.execute("UPDATE quiz_versions SET note = 'typo', created_by = ?", [user.id])
        old["quiz_items"].insert_all(
            {"version_id": 1, "position": n, "code": i.code, "kind": i.kind, "answer": i.answer,
             "truth": i.truth, "tolerance": i.tolerance, "year": i.year,
             "texts": json.dumps(i.texts, ensure_ascii=False)}
            for n, i in enumerate(map(content.item_from_dict, data["items"]), start=1))
    old.close()
    return path


def test_untouched_old_shipped_content_becomes_a_new_version_on_open(tmp_path):
    db = database.connect(_database_with_old_content(tmp_path))
    assert [v["number"] for v in content.versions(db)] == [2, 1]
    _, shipped = content.read_shipped()
    assert [i.code for i in current_items(db)] == [i.code for i in shipped]
    assert current_items(db)[0].evidence == shipped[0].evidence
    old = content.items_for_version(db, db.execute(
        "SELECT id FROM quiz_versions WHERE number = 1").fetchone()[0])
    assert "taxes_contribution" in [i.code for i in old]  # attempts keep what they answered


def test_content_edited_by_staff_is_left_alone_by_the_migration(tmp_path):
    db = database.connect(_database_with_old_content(tmp_path, edited=True))
    assert db["quiz_versions"].count == 1
    assert "taxes_contribution" in [i.code for i in current_items(db)]
    assert all(i.evidence == "" for i in current_items(db))  # shown as unsourced in the editor
