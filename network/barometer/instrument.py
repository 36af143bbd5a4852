"""The questionnaire (data/barometer/instrument.toml) and the tolerance index: pure functions."""

from __future__ import annotations

import math
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from network import DATA_DIR

INSTRUMENT_FILE = DATA_DIR / "barometer" / "instrument.toml"
BANDS = ("tolerant", "ambivalent", "reluctant")
DEMOGRAPHICS = ("sex", "age_band", "born_abroad", "years_in_bilbao")


@dataclass(frozen=True)
class Item:
    """One Likert item: its code (q01...), block, direction and wording per language."""

    code: str
    block: str
    reverse: bool
    text: Mapping[str, str]
    short: Mapping[str, str]


@dataclass(frozen=True)
class Instrument:
    """The items, the answer scale, the demographic questions and the index rules."""

    items: tuple[Item, ...]
    scale: Mapping[int, Mapping[str, str]]
    blocks: Mapping[str, Mapping[str, str]]
    demographics: Mapping[str, Mapping]
    scale_min: int
    scale_max: int
    min_answered: int
    tolerant_from: float
    reluctant_below: float

    @property
    def codes(self) -> list[str]:
        """Item codes in questionnaire order."""
        return [i.code for i in self.items]

    def item(self, code: str) -> Item:
        """One item by code."""
        return next(i for i in self.items if i.code == code)

    def categories(self, question: str) -> list[str]:
        """The codes of a demographic question (sex, age_band, born_abroad, years_in_bilbao)."""
        return list(self.demographics[question]["codes"])

    def label(self, question: str, code: str, lang: str) -> str:
        """A demographic category's label in `lang`."""
        return self.demographics[question][code][lang]

    def question(self, question: str, lang: str) -> str:
        """A demographic question's wording in `lang`."""
        return self.demographics[question][lang]


def parse_instrument(text: str) -> Instrument:
    """Build an Instrument from the TOML text (validated: codes unique, scale complete)."""
    raw = tomllib.loads(text)
    idx = raw["index"]
    items = tuple(
        Item(code=i["code"], block=i["block"], reverse=bool(i["reverse"]),
             text={k: i[k] for k in ("es", "eu", "en")}, short=dict(i["short"]))
        for i in raw["items"]
    )
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate item codes in the instrument")
    unknown = {i.block for i in items} - set(raw["blocks"])
    if unknown:
        raise ValueError(f"items in unknown blocks: {sorted(unknown)}")
    scale = {int(k): v for k, v in raw["scale"].items()}
    if sorted(scale) != list(range(idx["scale_min"], idx["scale_max"] + 1)):
        raise ValueError("the scale must label every value from scale_min to scale_max")
    if not 0 < idx["min_answered"] <= len(items):
        raise ValueError("min_answered must be between 1 and the number of items")
    return Instrument(items, scale, raw["blocks"], raw["demographics"], idx["scale_min"],
                      idx["scale_max"], idx["min_answered"], float(idx["tolerant_from"]),
                      float(idx["reluctant_below"]))


@lru_cache(maxsize=1)
def instrument() -> Instrument:
    """The app's instrument, read once per process."""
    return parse_instrument(Path(INSTRUMENT_FILE).read_text(encoding="utf-8"))


def item_score(value: int, reverse: bool, scale_min: int = 1, scale_max: int = 5) -> float:
    """One answer on 0-100, where 100 is the most tolerant answer."""
    score = (value - scale_min) * 100.0 / (scale_max - scale_min)
    return 100.0 - score if reverse else score


def score_linear(reverse: bool, scale_min: int = 1, scale_max: int = 5) -> tuple[float, float]:
    """(a, b) such that item_score(v) = a + b * v: means and intervals map the same way."""
    step = 100.0 / (scale_max - scale_min)
    if reverse:
        return 100.0 + scale_min * step, -step
    return -scale_min * step, step


def tolerance_index(answers: Mapping[str, int | None], inst: Instrument | None = None) -> float | None:
    """A respondent's index: the mean of the answered items' scores, or None if too few answered."""
    inst = inst or instrument()
    scores = [item_score(answers[i.code], i.reverse, inst.scale_min, inst.scale_max)
              for i in inst.items if answers.get(i.code) is not None]
    if len(scores) < inst.min_answered:
        return None
    return math.fsum(scores) / len(scores)


def band(index: float | None, inst: Instrument | None = None) -> str | None:
    """'tolerant', 'ambivalent' or 'reluctant' by the instrument's thresholds."""
    if index is None:
        return None
    inst = inst or instrument()
    if index >= inst.tolerant_from:
        return "tolerant"
    if index < inst.reluctant_below:
        return "reluctant"
    return "ambivalent"


def fold(text: str) -> str:
    """Lower case without accents, for matching labels typed in a spreadsheet."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


# Accepted spellings of yes and no in imports, beyond the codes and labels.
_EXTRA_SPELLINGS = {"born_abroad": {"1": "yes", "0": "no", "si": "yes", "s": "yes", "y": "yes",
                                    "n": "no", "true": "yes", "false": "no"}}


def resolve_category(question: str, value: str, inst: Instrument | None = None) -> str | None:
    """The code of a demographic answer given as its code or a label in any language."""
    inst = inst or instrument()
    folded = fold(value)
    if not folded:
        return None
    for code in inst.categories(question):
        labels = inst.demographics[question][code]
        if folded == fold(code) or folded in {fold(v) for v in labels.values()}:
            return code
    return _EXTRA_SPELLINGS.get(question, {}).get(folded)
