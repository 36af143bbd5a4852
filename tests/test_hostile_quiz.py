"""Hostile input through the quiz: content edits and recorded attempts (see
tests/test_hostile_inputs.py for what refused and stored mean)."""

from __future__ import annotations

import json

import pytest

from network.quiz import attempts, content, sharing
from tests import hostile
from tests.conftest import PASSWORD, district_id  # noqa: F401
from tests.hostile_world import DATES, NUMBERS, TEXT, TODAY, ids, stored_or_refused  # noqa: F401
from tests.integrity import assert_translated, attempt, checksum  # noqa: F401

# ---------------------------------------------------------------- quiz content and attempts

@pytest.fixture(autouse=True)
def forget_what_each_test_stored(world):
    """Remove the versions and attempts a test added, so checksums stay cheap and tests independent."""
    db = world.db
    marks = {t: db.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0]  # noqa: S608
             for t in ("quiz_versions", "quiz_items", "quiz_attempts", "quiz_answers",
                       "submission_log", "audit_log")}
    yield
    with db.conn:
        for table in ("quiz_answers", "quiz_attempts", "quiz_items", "quiz_versions",
                      "submission_log", "audit_log"):
            db.execute(f"DELETE FROM {table} WHERE rowid > ?", [marks[table]])  # noqa: S608


def _reference(item):
    return {"source_date": item.source_date, "source_url": item.source_url,
            "evidence": item.evidence, "historical": item.historical}


def _edited_item(w, lang, field, value):
    items = content.items_for_version(w.db, content.current_version(w.db))
    first = items[0]
    texts = {lg: dict(t) for lg, t in first.texts.items()}
    texts[lang][field] = value
    data = {"code": first.code, "kind": first.kind, "year": first.year, "answer": first.answer,
            "truth": first.truth, "tolerance": first.tolerance, **_reference(first), **texts}
    return content.edited(items, first.code, content.item_from_dict(data)), first.code


@pytest.mark.parametrize("field", ["title", "statement", "source"])
@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_quiz_content_edits_store_hostile_text_verbatim_or_refuse_it(world, field, value):
    w = world
    items, code = _edited_item(w, "eu", field, value)

    def read(version_id):
        row = w.db.execute("SELECT texts FROM quiz_items WHERE version_id = ? AND code = ?",
                           [version_id, code]).fetchone()
        return json.loads(row[0])["eu"][field]

    stored_or_refused(w.db, lambda: content.publish_version(w.db, w.staff, items, "hostile"),
                      read, value)


@pytest.mark.parametrize("value", NUMBERS, ids=ids(NUMBERS))
def test_quiz_item_numbers_out_of_range_are_refused(world, value):
    w = world
    items = content.items_for_version(w.db, content.current_version(w.db))
    estimate = next(i for i in items if i.kind == "estimate")
    for changed in ({"truth": value}, {"tolerance": value}, {"year": value}):
        data = {"code": estimate.code, "kind": "estimate", "year": estimate.year,
                "truth": estimate.truth, "tolerance": estimate.tolerance, **_reference(estimate),
                **estimate.texts, **changed}
        new = content.edited(items, estimate.code, content.item_from_dict(data))
        result, err = attempt(w.db, lambda new=new: content.publish_version(w.db, w.staff, new))
        if err is None:
            row = w.db.execute("SELECT truth, tolerance, year FROM quiz_items WHERE version_id = ?"
                               " AND code = ?", [result, estimate.code]).fetchone()
            assert 0 <= row[0] <= 100 and 0 <= row[1] <= 50 and 1900 <= row[2] <= 2100


def _answers(w):
    items = attempts.scoring_items(w.db, w.version)
    return {i.id: i.answer if i.kind == "myth" else i.truth for i in items}


@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_quiz_attempts_ignore_hostile_ref_and_action_links(world, value):
    w = world
    sub = attempts.Submission(token=attempts.new_token(), version_id=w.version, lang="eu",
                              answers=_answers(w), started_at=0.0, ref=value, action=value,
                              honeypot=value if isinstance(value, str) else "")
    rec, err = attempt(w.db, lambda: attempts.record_attempt(w.db, sub, "client", now=1e9))
    assert err is None  # a bad link never costs the resident their result
    row = w.db.execute("SELECT agent_id, action_id FROM quiz_attempts WHERE id = ?",
                       [rec.attempt_id]).fetchone()
    assert row == (rec.attribution.agent_id, rec.attribution.action_id)
    if sharing.normalize_ref(value) is None:
        assert row[0] is None
    if sharing.normalize_action(value) is None:
        assert row[1] is None


@pytest.mark.parametrize("field", ["lang", "age_band", "district_id", "token"])
@pytest.mark.parametrize("value", TEXT[:20] + hostile.LONG[:1] + NUMBERS[:10])
def test_quiz_attempts_with_a_hostile_profile_are_refused(world, field, value):
    w = world
    base = {"token": attempts.new_token(), "version_id": w.version, "lang": "es",
            "answers": _answers(w), "started_at": 0.0}
    sub = attempts.Submission(**{**base, field: value})
    _, err = attempt(w.db, lambda: attempts.record_attempt(w.db, sub, "client", now=1e9))
    assert err is not None


@pytest.mark.parametrize("value", TEXT[:20] + NUMBERS)
def test_quiz_answers_out_of_range_are_refused(world, value):
    w = world
    answers = _answers(w)
    first_myth = next(k for k, a in answers.items() if isinstance(a, str))
    first_estimate = next(k for k, a in answers.items() if not isinstance(a, str))
    for changed in ({first_myth: value}, {first_estimate: value}):
        sub = attempts.Submission(token=attempts.new_token(), version_id=w.version, lang="es",
                                  answers={**answers, **changed}, started_at=0.0)
        rec, err = attempt(w.db, lambda sub=sub: attempts.record_attempt(w.db, sub, "c", now=1e9))
        if err is None:
            gaps = [r[0] for r in w.db.execute(
                "SELECT estimate FROM quiz_answers WHERE attempt_id = ? AND estimate IS NOT NULL",
                [rec.attempt_id])]
            assert all(0 <= g <= 100 for g in gaps)


