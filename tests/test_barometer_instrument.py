"""The questionnaire and the tolerance index: scoring, reverse coding, bands, categories."""

import pytest

from network.barometer import instrument as instr
from network.barometer.instrument import band, item_score, score_linear, tolerance_index
from network.core.i18n import LANGUAGES

INST = instr.instrument()


def test_the_instrument_has_at_least_12_items_in_every_block_some_reverse_coded():
    assert len(INST.items) >= 12
    assert {i.block for i in INST.items} == {"perception", "problem", "effects", "coexistence",
                                             "rights"}
    assert any(i.reverse for i in INST.items) and not all(i.reverse for i in INST.items)
    assert INST.codes == [f"q{n:02d}" for n in range(1, len(INST.items) + 1)]


def test_every_text_of_the_instrument_exists_in_every_language():
    for item in INST.items:
        for lang in LANGUAGES:
            assert item.text[lang].strip() and item.short[lang].strip()
    for labels in (*INST.scale.values(), *INST.blocks.values()):
        assert all(labels[lang].strip() for lang in LANGUAGES)
    for question in instr.DEMOGRAPHICS:
        assert all(INST.question(question, lang) for lang in LANGUAGES)
        for code in INST.categories(question):
            assert all(INST.label(question, code, lang) for lang in LANGUAGES)


@pytest.mark.parametrize("value,reverse,expected", [
    (1, False, 0.0), (2, False, 25.0), (3, False, 50.0), (5, False, 100.0),
    (1, True, 100.0), (4, True, 25.0), (5, True, 0.0),
])
def test_items_are_rescaled_to_0_100_with_reverse_coding(value, reverse, expected):
    assert item_score(value, reverse) == expected


@pytest.mark.parametrize("reverse", [False, True])
def test_the_linear_form_of_the_score_matches_the_score(reverse):
    a, b = score_linear(reverse)
    assert [a + b * v for v in range(1, 6)] == [item_score(v, reverse) for v in range(1, 6)]


def test_index_of_a_respondent_who_agrees_with_everything():
    # Agreeing fully: direct items score 100, reverse-coded items 0.
    answers = {code: 5 for code in INST.codes}
    direct = sum(1 for i in INST.items if not i.reverse)
    assert tolerance_index(answers) == pytest.approx(100 * direct / len(INST.items))


def test_index_of_the_most_tolerant_respondent_is_100_and_the_least_0():
    most = {i.code: 1 if i.reverse else 5 for i in INST.items}
    least = {i.code: 5 if i.reverse else 1 for i in INST.items}
    assert tolerance_index(most) == 100.0
    assert tolerance_index(least) == 0.0


def test_index_is_the_mean_of_answered_items_written_out_by_hand():
    answers = {i.code: (n % 5) + 1 for n, i in enumerate(INST.items)}
    answers[INST.codes[0]] = None  # one unanswered item is left out of the mean
    scores = []
    for item in INST.items[1:]:
        raw = (answers[item.code] - 1) / 4 * 100
        scores.append(100 - raw if item.reverse else raw)
    assert tolerance_index(answers) == pytest.approx(sum(scores) / len(scores))


def test_too_few_answers_give_no_index():
    answers = {code: 3 for code in INST.codes[:INST.min_answered - 1]}
    assert tolerance_index(answers) is None
    answers[INST.codes[INST.min_answered - 1]] = 3
    assert tolerance_index(answers) == 50.0


@pytest.mark.parametrize("index,expected", [
    (None, None), (0.0, "reluctant"), (39.99, "reluctant"), (40.0, "ambivalent"),
    (59.99, "ambivalent"), (60.0, "tolerant"), (100.0, "tolerant"),
])
def test_bands_follow_the_documented_thresholds(index, expected):
    assert INST.reluctant_below == 40.0 and INST.tolerant_from == 60.0
    assert band(index) == expected


@pytest.mark.parametrize("question,value,code", [
    ("sex", "woman", "woman"), ("sex", "Mujer", "woman"), ("sex", "GIZONA", "man"),
    ("born_abroad", "sí", "yes"), ("born_abroad", "Si", "yes"), ("born_abroad", "bai", "yes"),
    ("born_abroad", "0", "no"), ("age_band", "65+", "65+"), ("age_band", "65 or over", "65+"),
    ("years_in_bilbao", "Toda mi vida", "always"), ("sex", "x", None), ("age_band", "", None),
])
def test_demographic_answers_resolve_from_codes_and_labels(question, value, code):
    assert instr.resolve_category(question, value) == code


def test_a_broken_instrument_is_refused():
    text = instr.INSTRUMENT_FILE.read_text(encoding="utf-8").replace('code = "q02"', 'code = "q01"')
    with pytest.raises(ValueError, match="duplicate"):
        instr.parse_instrument(text)
