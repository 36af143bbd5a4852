"""Display tables of the accounts feature, in a language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from network.core import i18n


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def sessions_table(rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    tr = lambda key: i18n.translate(key, lang)  # noqa: E731
    return pd.DataFrame({
        tr("auth.username"): [r["username"] for r in rows],
        tr("field.role"): [tr(f"role.{r['role']}") for r in rows],
        tr("accounts.session.started"): [_when(r["created_at"]) for r in rows],
        tr("accounts.session.last_use"): [_when(r["last_seen_at"]) for r in rows],
        tr("accounts.session.expires"): [_when(r["expires_at"]) for r in rows],
    })


def consent_table(rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    tr = lambda key: i18n.translate(key, lang)  # noqa: E731
    return pd.DataFrame({
        tr("accounts.consent.purpose"): [tr(f"accounts.purpose.{r['purpose']}") for r in rows],
        tr("accounts.consent.state"): [tr(f"accounts.state.{r['state']}") for r in rows],
        tr("accounts.consent.at"): [(r["at"] or "").replace("T", " ") for r in rows],
        tr("accounts.consent.how"): [tr(f"accounts.how.{r['how']}") if r["how"] else ""
                                     for r in rows],
    })


def history_table(rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    tr = lambda key: i18n.translate(key, lang)  # noqa: E731
    return pd.DataFrame({
        tr("accounts.consent.at"): [r["at"].replace("T", " ") for r in rows],
        tr("accounts.consent.purpose"): [tr(f"accounts.purpose.{r['purpose']}") for r in rows],
        tr("accounts.consent.state"): [tr("accounts.state.given" if r["given"]
                                          else "accounts.state.withdrawn") for r in rows],
        tr("accounts.consent.how"): [tr(f"accounts.how.{r['how']}") for r in rows],
        tr("accounts.consent.by"): [r["recorded_by"] or "" for r in rows],
    })


def access_table(rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    from network.accounts.access import verb_label

    tr = lambda key: i18n.translate(key, lang)  # noqa: E731
    return pd.DataFrame({
        tr("accounts.log.at"): [r["at"].replace("T", " ") for r in rows],
        tr("accounts.log.username"): [r["username"] or tr("accounts.log.operator")
                                      for r in rows],
        tr("accounts.log.verb"): [verb_label(r["verb"], lang) for r in rows],
        tr("accounts.log.entity"): [tr(f"accounts.entity.{r['entity']}") for r in rows],
        tr("accounts.log.entity_id"): [r["entity_id"] for r in rows],
    })
