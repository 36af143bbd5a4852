"""The contest's pure rules: text normalisation and word counts, the call's and a submission's
checks, the jury's order, and the ranking from normalised scores (against an independent
computation with numpy), ties and jurors left out."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest

from network.contest import rules


def test_word_count_counts_words_as_a_reader_does():
    assert rules.word_count("") == 0
    assert rules.word_count("Hola, mundo.") == 2
    assert rules.word_count("egun-argia l'aigua  d’ahí\n\nbat") == 4
    assert rules.word_count("— ¡¿…?! —") == 0
    assert rules.word_count("Ane 12 urte") == 3


def test_normalised_text_ignores_case_spacing_punctuation_and_composition():
    a = "«El rumor» corría,\r\npor la ESCALERA."
    b = 'el  rumor "corría" por la escalera'
    c = "El rumor corri\u0301a por la escalera"  # a decomposed accent
    assert rules.text_hash(a) == rules.text_hash(b) == rules.text_hash(c)
    assert rules.text_hash(a) != rules.text_hash("El rumor corría por otra escalera")


def test_clean_text_keeps_lines_and_drops_control_characters():
    assert rules.clean_text("\n\nUno\x00 \r\nDos\x07\r\n\n") == "Uno\nDos"


def test_receipts_are_readable_and_normalised_as_typed():
    code = rules.receipt_code(random.Random(1))
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(rules.RECEIPT_ALPHABET)
    assert rules.normal_receipt(code.lower().replace("-", " ")) == code


def test_the_jurors_order_is_fixed_per_juror_and_differs_between_jurors():
    ids = list(range(1, 41))
    first = rules.juror_order(ids, 7, 3)
    assert first == rules.juror_order(list(reversed(ids)), 7, 3)
    assert sorted(first) == ids
    assert first != rules.juror_order(ids, 8, 3)
    assert first != rules.juror_order(ids, 7, 4)


CONTEST = {"opens_on": "2025-02-01", "closes_on": "2025-04-30", "age_groups": ["under18", "adult"],
           "languages": ["es", "eu"], "min_words": 3, "max_words": 10}
GOOD = {"title": "T", "body": "uno dos tres cuatro", "age_group": "adult", "language": "eu",
        "name": "N", "contact": "c@example.org", "age_band": "18_29", "pseudonym": "",
        "publish_as": "name", "consent_rules": True, "consent_publication": True}


def keys(problems):
    return {(p.field, p.key) for p in problems}


def test_a_good_submission_passes_on_the_first_and_last_day():
    assert rules.submission_problems(GOOD, CONTEST, date(2025, 2, 1)) == []
    assert rules.submission_problems(GOOD, CONTEST, date(2025, 4, 30)) == []


@pytest.mark.parametrize("change,today,expected", [
    ({}, date(2025, 1, 31), ("contest_contest", "contest.error.closed")),
    ({}, date(2025, 5, 1), ("contest_contest", "contest.error.closed")),
    ({"body": "uno dos"}, None, ("contest_body", "contest.error.too_few_words")),
    ({"body": "x " * 11}, None, ("contest_body", "contest.error.too_many_words")),
    ({"body": "  "}, None, ("contest_body", "contest.error.no_text")),
    ({"title": " "}, None, ("contest_title", "contest.error.required")),
    ({"age_group": "senior"}, None, ("contest_age_group", "contest.error.category")),
    ({"language": "fr"}, None, ("contest_language", "contest.error.language")),
    ({"age_group": "under18"}, None, ("contest_age_band", "contest.error.band_category")),
    ({"age_band": "14_17"}, None, ("contest_age_band", "contest.error.band_category")),
    ({"publish_as": "pseudonym"}, None, ("contest_pseudonym", "contest.error.pseudonym_needed")),
    ({"consent_rules": False}, None, ("contest_consent_rules", "contest.error.consent_rules")),
    ({"consent_publication": False}, None,
     ("contest_consent_publication", "contest.error.consent_publication")),
    ({"contact": ""}, None, ("contest_contact", "contest.error.required")),
])
def test_a_submission_breaking_a_rule_names_the_rule(change, today, expected):
    problems = rules.submission_problems({**GOOD, **change}, CONTEST, today or date(2025, 3, 1))
    assert expected in keys(problems)


def test_a_call_with_every_mistake_lists_them_all():
    bad = {"year": 1999, "opens_on": date(2025, 5, 1), "closes_on": date(2025, 4, 1),
           "age_groups": [], "languages": ["fr"], "min_words": 50, "max_words": 10,
           "winners": 0}
    assert {p.field for p in rules.call_problems(bad)} == {
        "contest_year", "contest_closes_on", "contest_age_groups", "contest_languages",
        "contest_max_words", "contest_winners"}


def test_bylines_follow_the_authors_choice():
    assert rules.byline({"name": "Ane", "pseudonym": "Txoria", "publish_as": "pseudonym"}) == "Txoria"
    assert rules.byline({"name": "Ane", "pseudonym": "Txoria", "publish_as": "name"}) == "Ane"
    assert rules.byline({"name": "Ane", "pseudonym": " ", "publish_as": "pseudonym"}) == "Ane"


@pytest.mark.parametrize("value", [0, 11, 5.5, "7", True, None])
def test_scores_are_whole_numbers_from_1_to_10(value):
    problems = rules.score_problems({"quality": value, "clarity": 5, "originality": 5}, "")
    assert keys(problems) == {("contest_quality", "contest.error.score")}


def _row(work, juror, q, c=None, o=None):
    return {"work_id": work, "juror_id": juror, "quality": q, "clarity": q if c is None else c,
            "originality": q if o is None else o}


def test_ranking_is_the_mean_of_z_scores_within_jurors_checked_with_numpy():
    rng = random.Random(5)
    rows = [_row(w, j, rng.randint(1, 10), rng.randint(1, 10), rng.randint(1, 10))
            for j in (1, 2, 3) for w in range(1, 13) if not (j == 2 and w == 4)]
    result = rules.rank(rows)
    # independent: a jurors x works matrix of totals, z per row with numpy, nan-mean per column
    matrix = np.full((3, 12), np.nan)
    for r in rows:
        matrix[r["juror_id"] - 1, r["work_id"] - 1] = (r["quality"] + r["clarity"]
                                                       + r["originality"]) / 3
    z = (matrix - np.nanmean(matrix, axis=1, keepdims=True)) / np.nanstd(matrix, axis=1,
                                                                         keepdims=True)
    expected = np.nanmean(z, axis=0)
    got = {r.work_id: r.value for r in result.works}
    for w in range(1, 13):
        assert got[w] == pytest.approx(expected[w - 1])
    assert [r.work_id for r in result.works] == sorted(got, key=lambda w: (-got[w], w))
    assert [r.rank for r in result.works] == list(range(1, 13))  # no ties with these numbers


def test_a_harsh_juror_does_not_sink_a_work():
    # Juror 1 scores everything 3 points lower than juror 2, in the same order.
    rows = [_row(w, 1, s - 3) for w, s in ((1, 9), (2, 7), (3, 5))]
    rows += [_row(w, 2, s) for w, s in ((1, 9), (2, 7), (3, 5))]
    rows += [_row(4, 2, 9)]  # read only by the generous juror
    result = {r.work_id: r for r in rules.rank(rows).works}
    # Work 1 was read by both; its z from the harsh juror equals that from the generous one.
    assert result[1].value > result[2].value > result[3].value
    assert result[4].raw_mean == 9 and result[1].raw_mean == 7.5


def test_ties_share_a_rank_and_are_marked():
    rows = [_row(1, 1, 8), _row(2, 1, 8), _row(3, 1, 4), _row(4, 1, 2)]
    result = rules.rank(rows).works
    assert [(r.work_id, r.rank, r.tied) for r in result] == [
        (1, 1, True), (2, 1, True), (3, 3, False), (4, 4, False)]


def test_jurors_with_one_score_or_no_variance_are_left_out_and_said_so():
    rows = [_row(1, 1, 9), _row(2, 1, 3),  # juror 1: usable
            _row(1, 2, 7),  # juror 2: one score
            _row(1, 3, 6), _row(3, 3, 6)]  # juror 3: all equal
    result = rules.rank(rows, work_ids=[1, 2, 3, 4])
    assert result.left_out == [2, 3]
    by_work = {r.work_id: r for r in result.works}
    assert by_work[1].scores == 1 and by_work[1].value == pytest.approx(1.0)
    assert by_work[3].value is None and by_work[3].rank is None  # only juror 3 read it
    assert by_work[4].value is None and by_work[4].raw_mean is None  # nobody read it
    assert [r.work_id for r in result.works][-2:] == [3, 4]


def test_partitions_count_every_dimension():
    rows = [{"age_group": "adult", "language": "es", "district_id": 1, "age_band": "18_29"},
            {"age_group": "adult", "language": "eu", "district_id": None, "age_band": "18_29"}]
    counts = rules.partitions(rows)
    assert counts["language"] == {"es": 1, "eu": 1}
    assert counts["district_id"] == {1: 1, None: 1}


def test_one_line_fields_lose_control_characters_that_xml_cannot_hold():
    assert rules.clean_line(" nul\x00byte\tand\nlines\x1b ") == "nulbyte and lines"
    assert rules.clean_line("\u202eevil\u202c «Ibaiondo»") == "\u202eevil\u202c «Ibaiondo»"


def test_places_share_ranks_on_ties_and_put_unvalued_last():
    assert rules.places({1: 0.5, 2: 1.0, 3: 0.5, 4: None, 5: -1.0}) == {
        2: (1, False), 1: (2, True), 3: (2, True), 5: (4, False), 4: (None, False)}
