"""Pure rules for quiz content and its sources: the reference line, the figure check, review age.

Plain data in and out: no database, no streamlit.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# The fields that tell the reader something; `publisher` and `source` are the reference itself.
CLAIM_FIELDS = ("title", "statement", "fact", "myth", "why", "recap")
REFERENCE_FIELDS = ("publisher", "source")
REVIEW_DAYS = 365
DATE_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"'`{}|\\^]+$")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Spelled-out figures count as figures: "about ten times", "nine in ten", "the other 89" all
# state a number the reader takes as sourced. Articles ("un", "one", Basque "bat") are left out.
_WORDS = {
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
           "forty": 40, "fifty": 50, "hundred": 100, "hundreds": 100, "thousand": 1000,
           "thousands": 1000, "million": 1e6, "millions": 1e6, "half": 50, "quarter": 25,
           "third": 33, "twice": 2, "double": 2, "triple": 3, "dozen": 12, "dozens": 12},
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
           "nueve": 9, "diez": 10, "once": 11, "doce": 12, "veinte": 20, "treinta": 30,
           "cuarenta": 40, "cincuenta": 50, "cien": 100, "ciento": 100, "cientos": 100,
           "mil": 1000, "miles": 1000, "millón": 1e6, "millones": 1e6, "mitad": 50,
           "cuarta": 25, "cuarto": 25, "tercio": 33, "doble": 2, "triple": 3, "docena": 12},
    "eu": {"bi": 2, "hiru": 3, "lau": 4, "bost": 5, "sei": 6, "zazpi": 7, "zortzi": 8,
           "bederatzi": 9, "hamar": 10, "hamaika": 11, "hamabi": 12, "hogei": 20,
           "berrogei": 40, "ehun": 100, "mila": 1000, "milaka": 1000, "milioi": 1e6,
           "erdia": 50, "laurden": 25, "laurdena": 25, "herena": 33, "bikoitza": 2,
           "bikoitz": 2, "hirukoitza": 3},
}
# Basque declines numerals ("bik", "hirutik", "ehuneko"): accept the word with a case ending.
_EU_ENDINGS = ("", "k", "ak", "ek", "tik", "etatik", "ko", "ren", "ri", "rekin", "z", "an")
_WORD = re.compile(r"[^\W\d_]+")


def parse_figure(token: str, lang: str) -> float:
    """A number as written in `lang` (es/eu: 51.400 and 13,2; en: 51,400 and 13.2)."""
    if lang == "en":
        return float(token.replace(",", ""))
    return float(token.replace(".", "").replace(",", "."))


def _word_value(word: str, lang: str) -> float | None:
    words = _WORDS.get(lang, {})
    word = word.lower()
    if word in words:
        return words[word]
    if lang == "eu":
        for ending in _EU_ENDINGS[1:]:
            if word.endswith(ending) and word[: -len(ending)] in words:
                return words[word[: -len(ending)]]
    return None


def figures(text: str, lang: str) -> list[tuple[str, float]]:
    """Every figure stated in `text`: numbers in digits and spelled-out numbers, with values."""
    found = [(m.group(), parse_figure(m.group(), lang)) for m in _NUMBER.finditer(text or "")]
    for m in _WORD.finditer(text or ""):
        value = _word_value(m.group(), lang)
        if value is not None:
            found.append((m.group(), value))
    return found


def source_figures(item: Any) -> set[float]:
    """The figures the item's sources state: its evidence, reference texts, date and year."""
    values = {v for _, v in figures(item.evidence, "en")}
    values |= {v for _, v in figures(item.source_date, "en")}
    values.add(float(item.year))
    for lang, texts in item.texts.items():
        for name in REFERENCE_FIELDS:
            values |= {v for _, v in figures(texts.get(name, ""), lang)}
    if item.kind == "estimate":
        values.add(100.0)  # the answer's scale ("out of every 100"), not a claim
    return values


def unsourced_figures(item: Any) -> list[tuple[str, str, str]]:
    """(language, field, figure) for every figure in the item's texts that its sources do not
    state; the real figure of an estimate item is checked too (field 'truth')."""
    allowed = source_figures(item)

    def sourced(value: float) -> bool:
        return any(abs(value - a) < 1e-9 for a in allowed)

    out = []
    if item.kind == "estimate" and item.truth is not None and not sourced(float(item.truth)):
        out.append(("", "truth", f"{item.truth:g}"))
    for lang, texts in item.texts.items():
        for name in CLAIM_FIELDS:
            out += [(lang, name, token) for token, value in figures(texts.get(name, ""), lang)
                    if not sourced(value)]
    return out


def years_stated(text: str) -> set[int]:
    """The four-digit years (1900-2100) a text mentions."""
    return {int(m) for m in re.findall(r"(?<![\d.,])(19\d\d|20\d\d|2100)(?![\d])", text or "")}


def reference_parts(item: Any, lang: str) -> dict[str, str]:
    """The item's reference in `lang`: publisher, source (title), date and link (may be '')."""
    return {"publisher": item.text(lang, "publisher"), "source": item.text(lang, "source"),
            "date": item.source_date or str(item.year), "url": item.source_url or ""}


def reference_text(item: Any, lang: str) -> str:
    """The full reference as one plain-text line: 'Publisher: title (date). link'."""
    p = reference_parts(item, lang)
    head = ": ".join(x for x in (p["publisher"], p["source"]) if x)
    line = f"{head} ({p['date']})." if head else f"({p['date']})."
    return f"{line} {p['url']}" if p["url"] else line


def review_due(last_checked: str | None, today: date, days: int = REVIEW_DAYS) -> bool:
    """True when an item was never checked, or last checked more than `days` days before today."""
    if not last_checked:
        return True
    try:
        checked = date.fromisoformat(last_checked[:10])
    except ValueError:
        return True
    return (today - checked).days > days
