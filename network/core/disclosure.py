"""Disclosure control for every published barometer and quiz table: which cells to hide.

Primary suppression hides a cell of fewer than the threshold (barometer: 10 respondents;
quiz: 5 completions). Complementary suppression then hides more cells of the same partition
(the districts of a wave, the months of an agent's reach, the groups of a breakdown) whose
total is shown, until no hidden cell can be worked out by subtraction: a lone hidden cell is
the total minus the shown ones; and because a primary cell is known to hold 1 to
threshold - 1 and a complementary one at least the threshold, cells are added (or every
hidden cell reads "hidden") until every hidden count has more than one value consistent with
the total (Eurostat's threshold rule
with complementary suppression; Hundepool et al. 2012, *Statistical Disclosure Control*,
ch. 4). For weighted means the same cells are hidden: with two or more unknown means the
raked population shares give one equation, not the values. Hidden cells print no n, no
n_eff and no figure: a primary cell reads "fewer than N", a complementary one "hidden".
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from network.core import i18n

PRIMARY = "primary"
COMPLEMENTARY = "complementary"
K = TypeVar("K", bound=Hashable)


def _pinned(counts: Mapping[K, int], hidden: Mapping[K, str], threshold: int) -> bool:
    """True when some hidden count has a single value consistent with the sum of the hidden
    counts (known from the total) and what the markers say: where some cell reads 'fewer than
    N', a 'hidden' one holds at least N; where all read 'hidden', each holds at least 1."""
    total = sum(counts[k] for k in hidden)
    mixed = PRIMARY in hidden.values()
    bounds = [(1, threshold - 1) if why == PRIMARY else (threshold if mixed else 1, total)
              for why in hidden.values()]
    low_sum = sum(lo for lo, _ in bounds)
    high_sum = sum(hi for _, hi in bounds)
    return any(max(lo, total - (high_sum - hi)) >= min(hi, total - (low_sum - lo))
               for lo, hi in bounds)


def hide(counts: Mapping[K, int], threshold: int, total_shown: bool = True) -> dict[K, str]:
    """The cells of one partition to hide, with their marker (PRIMARY: 'fewer than N';
    COMPLEMENTARY: 'hidden'), given each cell's count of people; `total_shown` says whether
    the partition's total is published. Where 'fewer than N' beside 'hidden' would pin a
    value, every hidden cell reads 'hidden'; then the next smallest cell is hidden too."""
    hidden = {k: PRIMARY for k, n in counts.items() if 0 < n < threshold}
    if not total_shown or not hidden:
        return hidden
    shown = sorted((k for k in counts if k not in hidden and counts[k] > 0),
                   key=lambda k: (counts[k], str(k)))
    while True:
        if not _pinned(counts, hidden, threshold):
            return hidden
        neutral = dict.fromkeys(hidden, COMPLEMENTARY)
        if not _pinned(counts, neutral, threshold):
            return neutral
        if not shown:
            return neutral  # every cell hidden: only the total is left, as published
        hidden[shown.pop(0)] = COMPLEMENTARY


def exposed(counts: Mapping[K, int], hidden: Mapping[K, str], threshold: int) -> bool:
    """True when hide() could not protect the partition (every cell hidden and still pinned:
    say, five months of one completion each beside a total of 5); the total must go too."""
    return bool(hidden) and _pinned(counts, hidden, threshold)


def marker(why: str, threshold: int, lang: str) -> str:
    """What a hidden cell reads in a table: 'fewer than N' (primary) or 'hidden' (complementary)."""
    if why == COMPLEMENTARY:
        return i18n.translate("disclosure.hidden", lang)
    return i18n.translate("common.fewer_than", lang, n=threshold)
