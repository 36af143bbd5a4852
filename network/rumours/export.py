"""The catalogue as CSV: each rumour with its facts and arguments, and per district how often
it was heard and how many actions answered it (heard counts under the disclosure rules)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from network import reference
from network.core import csvio, i18n, permissions
from network.core.permissions import User
from network.rumours import rules, store, views
from network.rumours.board import build


def export_table(db: Database, lang: str, start: str | None = None, end: str | None = None,
                 today: date | None = None) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the catalogue export (pure reading; no permission check)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    board = build(db, start, end, today, statuses=("proposed", "active", "dormant", "retired"),
                  measures=False)
    districts = {d.id: d for d in reference.districts(db)}
    themes = store.themes(db)
    facts = store.facts(db)
    headers = [t("rumours.column.code"), t("rumours.column.theme"), t("rumours.column.status"),
               t("rumours.column.merged_into"), t("rumours.column.statement"),
               t("rumours.column.facts"), t("rumours.column.argument"),
               t("rumours.column.quiz_codes"), t("rumours.column.barometer_codes"),
               t("rumours.column.heard_total"), t("rumours.column.actions_total")]
    for d in board.district_ids:
        name = districts[d].name(lang)
        headers += [t("rumours.column.heard_in", district=name),
                    t("rumours.column.actions_in", district=name)]
    rows = []
    for r in board.rumours:
        totals = board.totals(r["id"])
        row: list[Any] = [
            r["code"], views.theme_label(r["theme"], themes, lang),
            t(f"rumours.status.{r['status']}"), r.get("merged_code") or "",
            views.text(r, "statement", lang),
            " | ".join(views.fact_line(f, lang) for f in facts.get(r["id"], [])),
            views.text(r, "argument", lang), ", ".join(r["quiz"]), ", ".join(r["barometer"]),
            totals["heard"] if rules.public_count(totals["heard"]) is not None
            else views.total_text(totals["heard"], lang), totals["actions"]]
        for d in board.district_ids:
            cell = board.cells[(r["id"], d)]
            row += [views.heard_text(cell, lang) if cell.heard_hidden else cell.heard, cell.actions]
        rows.append(row)
    return headers, rows


def export_csv(db: Database, user: User | None, lang: str, start: str | None = None,
               end: str | None = None, system: bool = False) -> bytes:
    """The catalogue export as CSV bytes (coordinators and staff; the CLI as system)."""
    if not system:
        permissions.require(user, "rumour.board")
    return csvio.to_csv_bytes(*export_table(db, lang, start, end))
