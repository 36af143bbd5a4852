"""Rules that keep small groups from being shown where they could identify someone."""

from __future__ import annotations

PUBLIC_MIN_COUNT = 5  # counts of people below this are shown as "fewer than 5"
SURVEY_MIN_CELL = 10  # survey cells with fewer respondents are suppressed


def is_small(count: int | None, threshold: int = PUBLIC_MIN_COUNT) -> bool:
    """True when a count of people is too small to show (0 is not a group, so it may be shown)."""
    return count is not None and 0 < count < threshold


def masked_count(count: int | None, threshold: int = PUBLIC_MIN_COUNT) -> int | None:
    """The count, or None where it must not be shown."""
    return None if is_small(count, threshold) else count
