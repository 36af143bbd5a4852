"""One translation mechanism: TOML catalogs in data/i18n/, one message per key in es, eu, en.

A catalog file holds tables whose leaves are messages:

    [overview.title]
    es = "La red de un vistazo"
    eu = "Sarea begirada batean"
    en = "The network at a glance"

Keys are the dotted table paths ("overview.title"); a key may live in one file only.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from network import DATA_DIR
from network.core.errors import NetworkError, ValidationFailed

LANGUAGES = ("es", "eu", "en")
DEFAULT_LANGUAGE = "es"
LANGUAGE_NAMES = {"es": "Español", "eu": "Euskara", "en": "English"}
CATALOG_DIR = DATA_DIR / "i18n"

Catalog = dict[str, dict[str, str]]


def _flatten(table: dict[str, Any], prefix: str, out: Catalog, origin: dict[str, str],
             path: Path) -> None:
    for name, value in table.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict) and any(isinstance(value.get(lang), str) for lang in LANGUAGES):
            if key in out:
                raise ValueError(f"i18n key {key!r} defined in {origin[key]} and {path.name}")
            out[key] = {k: v for k, v in value.items() if isinstance(v, str)}
            origin[key] = path.name
        elif isinstance(value, dict):
            _flatten(value, key, out, origin, path)
        else:
            raise ValueError(f"{path.name}: {key!r} is not a message table")


def read_catalogs(directory: Path = CATALOG_DIR) -> Catalog:
    """Every message of every catalog file in `directory`, by key."""
    out: Catalog = {}
    origin: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        _flatten(tomllib.loads(path.read_text(encoding="utf-8")), "", out, origin, path)
    return out


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The app's catalog, read once per process."""
    return read_catalogs()


def missing_translations(cat: Catalog) -> list[tuple[str, str]]:
    """(key, language) pairs with no or empty text."""
    return [(k, lang) for k, msgs in cat.items() for lang in LANGUAGES
            if not (msgs.get(lang) or "").strip()]


def placeholder_mismatches(cat: Catalog) -> list[str]:
    """Keys whose languages use different {placeholders}."""
    bad = []
    for key, msgs in cat.items():
        fields = {
            lang: {f for _, f, _, _ in string.Formatter().parse(msgs.get(lang, "")) if f}
            for lang in LANGUAGES
        }
        if len({frozenset(v) for v in fields.values()}) > 1:
            bad.append(key)
    return bad


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def normalize_language(lang: str | None) -> str:
    """A supported language code from user input (query string, settings)."""
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str, /, **params: Any) -> str:
    """The message `key` in `lang`, with {params} filled in; the key itself if unknown."""
    msgs = catalog().get(key)
    if msgs is None:
        return key
    text = msgs.get(lang) or msgs.get("en") or key
    return text.format_map(_Defaulting(params)) if params else text


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """A number the way each language writes it: 12.345,6 in es and eu, 12,345.6 in en."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang in ("es", "eu"):
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


MAX_ECHO = 80  # an error quotes at most this much of what the user typed


def _excerpt(value: Any, escape: Callable[[str], str] | None = None) -> Any:
    if isinstance(value, str) and len(value) > MAX_ECHO:
        value = value[:MAX_ECHO - 1] + "…"
    return escape(value) if escape and isinstance(value, str) else value


def describe_error(err: NetworkError, lang: str,
                   escape: Callable[[str], str] | None = None) -> list[str]:
    """Human sentences for a domain error: one per problem, with row and field where known.

    Values the user typed are quoted up to MAX_ECHO characters (a pasted 100,000-character
    text gives a readable message), each passed through `escape` for the renderer that shows
    them (Markdown in the app)."""
    if isinstance(err, ValidationFailed) and err.problems:
        lines = []
        for p in err.problems:
            text = translate(p.key, lang, **{k: _excerpt(v, escape) for k, v in p.params.items()})
            field_label = translate(f"field.{p.field}", lang)
            if field_label != f"field.{p.field}":
                text = f"{field_label}: {text}"
            if p.row is not None:
                text = translate("error.row_prefix", lang, row=p.row) + " " + text
            lines.append(text)
        return lines
    return [translate(err.key, lang, **{k: _excerpt(v, escape) for k, v in err.params.items()})]
