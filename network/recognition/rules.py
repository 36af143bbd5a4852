"""Pure rules of recognition: who is named (consent) and who is counted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Recognition:
    """Named contributors (consenting), and how many more contributed without being named."""

    year: int
    named: list[dict[str, Any]]
    unnamed: int


def recognise(rows: list[dict[str, Any]], year: int) -> Recognition:
    """Keep consenting agents (without contact fields), most actions first; count the rest."""
    named = [{k: r[k] for k in ("id", "kind", "name", "district_id", "sector", "actions",
                                "reached", "quiz")}
             for r in rows if r["consent_named"]]
    named.sort(key=lambda r: (-r["actions"], -r["quiz"], r["name"].casefold()))
    return Recognition(year, named, sum(1 for r in rows if not r["consent_named"]))
