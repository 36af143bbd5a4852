"""The limits every free-text field shares: control characters and maximum lengths.

Single-line fields (titles, names, places, labels, sources, usernames) refuse every control
character; multi-line fields (descriptions, notes, quiz texts) allow line breaks and tabs only.
Everything else (HTML, quotes, emoji, right-to-left text) is stored verbatim and escaped
where it is shown.
"""

from __future__ import annotations

import re
from typing import Any

from network.core.errors import Problem

MAX_SOURCE = 300  # sources of reference figures (populations, margins)
_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")
_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control(text: str, multiline: bool = False) -> bool:
    """True when `text` holds a control character its kind of field refuses."""
    return bool((_MULTI_LINE if multiline else _SINGLE_LINE).search(text))


def text_problems(field: str, text: str, limit: int, *, multiline: bool = False,
                  row: int | None = None) -> list[Problem]:
    """Why `text` cannot be stored in `field` (empty when it can)."""
    problems = []
    if len(text) > limit:
        problems.append(Problem(field, "input.error.too_long", {"max": limit}, row))
    if has_control(text, multiline):
        key = "input.error.control_multiline" if multiline else "input.error.control"
        problems.append(Problem(field, key, {}, row))
    return problems


def year_problems(year: object, field: str = "year") -> list[Problem]:
    """A figure's year must be a whole number from 1900 to 2100."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        return [Problem(field, "error.year_range")]
    return []


def source_problems(source: object) -> tuple[str, list[Problem]]:
    """A figure's source, trimmed, and why it cannot be stored (required, single line, at
    most MAX_SOURCE characters)."""
    text = source.strip() if isinstance(source, str) else ""
    problems = [] if text else [Problem("source", "error.source_required")]
    return text, problems + text_problems("source", text, MAX_SOURCE)


def form_text(value: Any) -> str:
    """A form or CSV value as stripped text ('' for None)."""
    return "" if value is None else str(value).strip()


def form_int(value: Any, digits: str = r"-?\d+") -> int | None:
    """A form or CSV value as a whole number, or None: ints and whole floats as they are,
    text when it matches `digits` entirely (booleans are never numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = form_text(value)
    return int(text) if re.fullmatch(digits, text) else None
