"""Published tolerance index values from other instruments (data/barometer/published.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from network import DATA_DIR

PUBLISHED_FILE = DATA_DIR / "barometer" / "published.toml"


@dataclass(frozen=True)
class PublishedValue:
    """One published index value with its series, year and source."""

    series: str
    year: int
    value: float
    source: str


@lru_cache(maxsize=1)
def _read() -> dict:
    return tomllib.loads(PUBLISHED_FILE.read_text(encoding="utf-8"))


def published_values() -> list[PublishedValue]:
    """Every published value, by series then year."""
    values = [PublishedValue(v["series"], int(v["year"]), float(v["value"]), v["source"])
              for v in _read()["values"]]
    return sorted(values, key=lambda v: (v.series, v.year))


def series_label(series: str, lang: str) -> str:
    """A published series' name in `lang` (it says 'published' and whose)."""
    return _read()["series"][series][lang]


def series_codes() -> list[str]:
    """The published series, in file order."""
    return list(_read()["series"])
