"""The action log's display tables, in a language (plain values: Streamlit's grid draws text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from network.actions.maps import count_text, metric_label
from network.core import i18n
from network.core.vocab import ACTION_TYPES, label_key


def type_labels(lang: str) -> dict[str, str]:
    """Action type code -> its label in `lang`."""
    return {c: i18n.translate(label_key("action_type", c), lang) for c in ACTION_TYPES}


def log_table(rows: Sequence[Mapping[str, Any]], lang: str) -> pd.DataFrame:
    """A district's action log for its coordinators: id, date, demo mark, barrio, type, title,
    place, people reached and agents."""
    t, types = (lambda key: i18n.translate(key, lang)), type_labels(lang)
    return pd.DataFrame({
        t("actions.column.id"): [r["id"] for r in rows],
        t("actions.column.date"): [r["date"] for r in rows],
        t("actions.column.demo"): [t("demo.label") if r["demo"] else "" for r in rows],
        t("actions.column.barrio"): [r["barrio"] or "" for r in rows],
        t("actions.column.type"): [types.get(r["type"], r["type"]) for r in rows],
        t("actions.column.title"): [r["title"] for r in rows],
        t("actions.column.place"): [r["place"] for r in rows],
        t("actions.column.people_reached"): [r["people_reached"] for r in rows],
        t("actions.column.agents"): [r["agents"] for r in rows],
    })


def map_table(rows: Sequence[Mapping[str, Any]], district_names: Mapping[int, str], lang: str,
              public: bool) -> pd.DataFrame:
    """The actions under the map: no personal data; small counts hidden on public views."""
    t, types = (lambda key: i18n.translate(key, lang)), type_labels(lang)
    return pd.DataFrame({
        t("actions.column.date"): [r["date"] for r in rows],
        t("actions.column.district"): [district_names[r["district_id"]] for r in rows],
        t("actions.column.barrio"): [r["barrio"] or "" for r in rows],
        t("actions.column.type"): [types.get(r["type"], r["type"]) for r in rows],
        t("actions.column.title"): [r["title"] for r in rows],
        t("actions.column.people_reached"): [
            count_text(r["people_reached"], lang, public) if public else r["people_reached"]
            for r in rows],
        t("demo.label"): [t("common.yes") if r["demo"] else "" for r in rows],
    })


def district_figures_table(figures: Sequence[Any], metric: str, per_1000: bool,
                           lang: str) -> pd.DataFrame:
    """The choropleth's figures as a table (the map's text alternative): each district and the
    same text its tooltip shows, so small counts stay hidden here too."""
    return pd.DataFrame({
        i18n.translate("field.district", lang): [f"{f.number}. {f.name}" for f in figures],
        metric_label(metric, per_1000, lang): [f.text for f in figures],
    })
