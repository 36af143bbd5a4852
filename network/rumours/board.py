"""The rumour board: per rumour and district, heard (count, last seen, trend), answered
(actions, people reached) and measured (the linked quiz items' share correct and perception
gap, the linked barometer statements' agreement), every figure under the disclosure rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from network import reference
from network.barometer.estimates import share
from network.core import disclosure, permissions
from network.core.permissions import User
from network.core.privacy import SURVEY_MIN_CELL
from network.quiz.results import Cell, answer_sums, cells_from_sums
from network.rumours import rules, store

CITY = None  # the key of city-wide figures


@dataclass
class Board:
    """What the board and the diagnosis show (plain data)."""

    rumours: list[dict[str, Any]]
    district_ids: list[int]
    cells: dict[tuple[int, int], rules.BoardCell]
    quiz: dict[tuple[str, int | None], Cell] = field(default_factory=dict)
    barometer: dict[tuple[str, int | None], dict[str, Any]] = field(default_factory=dict)
    wave: dict[str, Any] | None = None

    def totals(self, rumour_id: int) -> dict[str, int]:
        """A rumour's city totals (heard reports, actions, people reached): always shown."""
        cells = [self.cells[(rumour_id, d)] for d in self.district_ids]
        return {"heard": sum(c.heard for c in cells), "actions": sum(c.actions for c in cells),
                "reached": sum(c.reached for c in cells)}


def quiz_cells(db: Database, codes: Iterable[str]) -> dict[tuple[str, int | None], Cell]:
    """Share correct and perception gap per quiz item, city-wide and per district (protected
    by the quiz's own disclosure rule)."""
    wanted = set(codes)
    out: dict[tuple[str, int | None], Cell] = {}
    if not wanted:
        return out
    for c in cells_from_sums(s for s in answer_sums(db) if s["code"] in wanted):
        out[(c.code, CITY)] = c
    for c in cells_from_sums(s for s in answer_sums(db, "district") if s["code"] in wanted):
        if c.group is not None:
            out[(c.code, c.group)] = c
    return out


def agreement(rows: list[tuple], district_ids: list[int]
              ) -> tuple[int | None, dict[tuple[str, int | None], dict[str, Any]]]:
    """Weighted share agreeing with each statement (95 % interval) in the latest wave that
    asked it, city-wide and per district, from agreement sums (pure). Districts under the
    survey threshold are hidden, and more where the city figure would reveal them."""
    if not rows:
        return None, {}
    wave = max(r[0] for r in rows)
    by_item: dict[str, dict[int, tuple]] = {}
    for wave_id, district_id, item, n, sw, sw2, sw_in in rows:
        if wave_id == wave:
            by_item.setdefault(item, {})[district_id] = (int(n), sw_in or 0.0, sw, sw2)
    out: dict[tuple[str, int | None], dict[str, Any]] = {}
    for item, parts in by_item.items():
        n = sum(p[0] for p in parts.values())
        out[(item, CITY)] = share(n, sum(p[1] for p in parts.values()),
                                  sum(p[2] for p in parts.values()),
                                  sum(p[3] for p in parts.values()))
        hidden = disclosure.hide({d: parts.get(d, (0,))[0] for d in district_ids},
                                 SURVEY_MIN_CELL)
        for d in district_ids:
            if d not in parts:
                continue
            est = share(*parts[d])
            if d in hidden:
                est = {**est, "mean": None, "low": None, "high": None, "se": None,
                       "n_eff": None, "suppressed": True, "hidden": hidden[d]}
            out[(item, d)] = est
    return wave, out


def build(db: Database, start: str | None = None, end: str | None = None,
          today: date | None = None, statuses: Iterable[str] = ("active", "dormant", "retired"),
          measures: bool = True) -> Board:
    """The board over a period (ISO start inclusive, end exclusive; None: open)."""
    today = today or date.today()
    rumours = store.rumours(db, statuses)
    codes = {r["id"]: r["code"] for r in store.rumours(db)}
    for r in rumours:
        r["merged_code"] = codes.get(r["merged_into"]) if r["merged_into"] else None
    district_ids = [d.id for d in reference.districts(db)]
    recent, before = rules.trend_bounds(today)
    cells = rules.board_cells(store.heard_sums(db, start, end, recent, before),
                              store.answered_sums(db, start, end),
                              [r["id"] for r in rumours], district_ids)
    board = Board(rumours, district_ids, {(c.rumour_id, c.district_id): c for c in cells})
    if measures:
        board.quiz = quiz_cells(db, {c for r in rumours for c in r["quiz"]})
        items = sorted({c for r in rumours for c in r["barometer"]})
        wave_id, board.barometer = agreement(store.barometer_agreement_sums(db, items),
                                             district_ids)
        board.wave = store.waves(db).get(wave_id) if wave_id else None
    return board


def board_for(db: Database, user: User | None, start: str | None = None, end: str | None = None,
              today: date | None = None) -> Board:
    """The board, for coordinators and staff."""
    permissions.require(user, "rumour.board")
    return build(db, start, end, today)
