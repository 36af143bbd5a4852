"""The agents registry's display table, in a language (contacts only where the user may see them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from network.core import i18n
from network.core.vocab import AGENT_KINDS, SECTORS, label_key


def registry_table(rows: Sequence[Mapping[str, Any]], district_names: Mapping[int, str], lang: str,
                   *, with_district: bool) -> pd.DataFrame:
    """One row per agent; the contact columns appear only when some row's contacts are visible."""
    def t(key: str) -> str:
        return i18n.translate(key, lang)

    kinds = {c: t(label_key("agent_kind", c)) for c in AGENT_KINDS}
    sectors = {c: t(label_key("sector", c)) for c in SECTORS}
    contacts = any(r["contacts_visible"] for r in rows)
    columns = ["name", "kind", "sector", *(["district"] if with_district else []), "barrio",
               *(["contact_email", "contact_phone"] if contacts else []), "joined_on",
               "training_modules", "active", "languages", "actions", "last_action"]
    values = {"kind": lambda r: kinds[r["kind"]], "sector": lambda r: sectors[r["sector"]],
              "district": lambda r: district_names[r["district_id"]],
              "active": lambda r: t("common.yes" if r["active"] else "common.no"),
              "languages": lambda r: ", ".join(t(label_key("language", x)) for x in r["languages"])}
    return pd.DataFrame({t(f"agents.column.{c}"): [values.get(c, lambda r, c=c: r[c])(r) for r in rows]
                         for c in columns})
