"""Every figure in the quiz traces to its item's source; references are complete; review age."""

from dataclasses import replace
from datetime import date

import pytest

from network.core import i18n
from network.quiz import content, sources

SHIPPED_VERSION, SHIPPED = content.read_shipped()
BY_CODE = {i.code: i for i in SHIPPED}
IDS = [i.code for i in SHIPPED]


@pytest.mark.parametrize("item", SHIPPED, ids=IDS)
def test_every_figure_in_every_text_is_stated_by_the_items_source(item):
    assert sources.unsourced_figures(item) == []


@pytest.mark.parametrize("item", SHIPPED, ids=IDS)
def test_the_fact_and_its_recap_say_the_year_of_their_source(item):
    source_years = {int(v) for v in sources.source_figures(item) if 1900 <= v <= 2100}
    for lang in i18n.LANGUAGES:
        for name in ("fact", "recap"):
            years = sources.years_stated(item.texts[lang][name])
            assert years and years <= source_years, (lang, name, years)


@pytest.mark.parametrize("item", SHIPPED, ids=IDS)
def test_every_item_has_a_full_reference(item):
    assert sources.DATE_PATTERN.match(item.source_date)
    assert item.source_url == "" or sources.URL_PATTERN.match(item.source_url)
    assert item.evidence.strip()
    for lang in i18n.LANGUAGES:
        parts = sources.reference_parts(item, lang)
        assert parts["publisher"] and parts["source"] and parts["date"] == item.source_date
        line = sources.reference_text(item, lang)
        assert line.startswith(parts["publisher"]) and f"({item.source_date})" in line


def test_the_taxes_item_no_longer_divides_two_shares():
    # 10.1 % of GDP and 1 % of public spending have different totals: no "ten times" ratio.
    assert "taxes_contribution" not in BY_CODE
    item = BY_CODE["gdp_share"]
    for lang, times in (("en", "times"), ("es", "veces"), ("eu", "aldiz")):
        text = " ".join(item.texts[lang].values())
        assert [v for _, v in sources.figures(text, lang) if v == 10] == [], lang
        assert times not in text.lower(), lang


# The check must be able to fail: the texts the issue found, with the sources they had.
OLD_TEXTS = [
    ("gdp_share", "en", "why", "What migrants produce is about ten times what they account for "
     "in public spending.", {"ten"}),
    ("gdp_share", "es", "why", "Lo que producen es unas diez veces lo que suponen en gasto "
     "público.", {"diez"}),
    ("gdp_share", "eu", "why", "Sortzen dutena gastu publikoan direnaren hamar bat aldiz da.",
     {"hamar"}),
    ("health_consultations", "en", "why", "Eleven consultations in a hundred are a small part of "
     "the total: the other 89 are by the rest of the population.", {"89"}),
    ("foreign_nationals_bilbao", "es", "why", "Casi nueve de cada diez residentes tienen "
     "nacionalidad española.", {"nueve", "diez"}),
    ("economy_better", "eu", "why", "Euskadiko hiru pertsonatik bik zurrumurruaren kontrakoa "
     "uste dute.", {"hiru", "bik"}),
    ("immigration_problem", "en", "recap", "More than 90 of every 100 people did not mention it.",
     {"90"}),
    ("born_abroad_euskadi", "en", "recap", "The real figure: 13.2 of every 100, not 25.", set()),
    ("born_abroad_euskadi", "en", "fact", "In 2024, 13.3 of every 100 residents were born "
     "abroad.", {"13.3"}),
    ("bilbao_growth", "es", "fact", "En 2024 Bilbao ganó 1.687 residentes.", {"1.687"}),
    ("rgi_on_arrival", "es", "why", "La RGI se reformó en 2022-2023.", {"2023"}),
]


@pytest.mark.parametrize("code,lang,field,text,flagged", OLD_TEXTS)
def test_a_figure_its_source_does_not_state_is_caught(code, lang, field, text, flagged):
    item = BY_CODE[code]
    texts = {**item.texts, lang: {**item.texts[lang], field: text}}
    found = {fig for la, name, fig in sources.unsourced_figures(replace(item, texts=texts))}
    assert found == flagged
    # "not 25" is the rumour's own quarter, which the source records: allowed, but the recap
    # must end on the fact (checked in the layout tests), not on the myth's figure.


def test_an_estimates_real_figure_must_be_in_its_source():
    item = replace(BY_CODE["born_abroad_euskadi"], truth=14.0)
    assert ("", "truth", "14") in sources.unsourced_figures(item)


@pytest.mark.parametrize("text,lang,values", [
    ("51.400 y 13,2", "es", [51400, 13.2]),
    ("51,400 and 13.2", "en", [51400, 13.2]),
    ("2022-23an", "eu", [2022, 23]),
    ("100etik 11,9k", "eu", [100, 11.9]),
    ("hiru hartzailetik bik", "eu", [3, 2]),
    ("un tercio, la mitad", "es", [33, 50]),
    ("one in four", "en", [4]),
    ("Bat, lan baten truke", "eu", []),
])
def test_figures_are_read_as_written_in_each_language(text, lang, values):
    assert sorted(v for _, v in sources.figures(text, lang)) == sorted(values)


def test_the_reference_line_has_publisher_title_date_and_link():
    item = replace(BY_CODE["jobs_share"], source_url="https://www.rtve.es/x")
    assert sources.reference_text(item, "en") == (
        "RTVE (rtve.es): Social Security affiliation in January 2021 (2021). https://www.rtve.es/x")


@pytest.mark.parametrize("checked,due", [
    (None, True), ("", True), ("2025-12-01", False), ("2025-11-30", True),
    ("2026-06-01", False), ("not a date", True),
])
def test_an_item_is_due_when_never_checked_or_checked_over_12_months_ago(checked, due):
    assert sources.review_due(checked, date(2026, 12, 1)) is due


@pytest.mark.parametrize("change,key", [
    (dict(source_date="2024-13"), "quiz.error.source_date"),
    (dict(source_date=""), "quiz.error.source_date"),
    (dict(source_url="javascript:alert(1)"), "quiz.error.source_url"),
    (dict(source_url="https://x.example/a b"), "quiz.error.source_url"),
    (dict(evidence=" "), "quiz.error.evidence_missing"),
    (dict(evidence="x" * 1001), "quiz.error.evidence_invalid"),
])
def test_an_incomplete_reference_is_refused(change, key):
    from network.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as err:
        content.validate_items([replace(SHIPPED[0], **change), *SHIPPED[1:]])
    assert key in [p.key for p in err.value.problems]
