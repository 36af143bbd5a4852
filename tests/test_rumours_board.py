"""The rumour board against independent computations, and its disclosure rules (board and
export): counts under 5 never shown, hidden ones not recoverable from the city total."""

import csv
import io
from datetime import date

import numpy as np

from network import rumours
from network.core import i18n
from network.rumours import board as rumour_board
from network.rumours import export, views
from tests.conftest import district_id

TODAY = date(2025, 6, 15)


def rid(db, code):
    return db.execute("SELECT id FROM rumours WHERE code = ?", [code]).fetchone()[0]


def log(db, user, code, number, n, day="2025-06-01"):
    for _ in range(n):
        rumours.report_heard(db, user, {"rumour_id": rid(db, code), "district_id": district_id(db, number),
                                        "channel": "shop", "heard_on": day, "frequency": "once"},
                             TODAY)


def test_heard_and_answered_match_a_direct_count_on_the_demo(demo_db):
    today = date.today()
    board = rumour_board.build(demo_db, today=today)
    raw = {(r, d): n for r, d, n in demo_db.execute(
        "SELECT rumour_id, district_id, count(*) FROM rumour_heard WHERE rumour_id IS NOT NULL "
        "GROUP BY 1, 2")}
    acts = {(r, d): n for r, d, n in demo_db.execute(
        "SELECT l.rumour_id, a.district_id, count(*) FROM action_rumours l "
        "JOIN actions a ON a.id = l.action_id GROUP BY 1, 2")}
    for (r, d), cell in board.cells.items():
        assert cell.heard == raw.get((r, d), 0)
        assert cell.actions == acts.get((r, d), 0)
    assert any(c.unanswered for c in board.cells.values())
    assert any(c.heard_hidden for c in board.cells.values())


def test_quiz_measures_match_a_direct_share_of_right_answers(demo_db):
    board = rumour_board.build(demo_db)
    code = "rgi_foreign_share"
    n, right = demo_db.execute(
        "SELECT count(*), sum(x.correct) FROM quiz_answers x JOIN quiz_items i ON i.id = x.item_id "
        "JOIN quiz_attempts a ON a.id = x.attempt_id WHERE i.code = ? AND a.flags = ''",
        [code]).fetchone()
    cell = board.quiz[(code, None)]
    assert cell.n == n and abs(cell.share - right / n) < 1e-12
    assert cell.share_low < cell.share < cell.share_high


def test_barometer_agreement_matches_a_weighted_share_from_the_microdata(demo_db):
    board = rumour_board.build(demo_db)
    wave = board.wave["id"]
    rows = demo_db.execute(
        "SELECT r.weight, a.value FROM barometer_answers a JOIN barometer_responses r "
        "ON r.id = a.response_id WHERE r.wave_id = ? AND a.item = 'q06' AND r.valid = 1 "
        "AND r.weight IS NOT NULL", [wave]).fetchall()
    w, v = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    expected = 100 * w[v >= 4].sum() / w.sum()
    est = board.barometer[("q06", None)]
    assert abs(est["mean"] - expected) < 1e-9 and est["low"] < est["mean"] < est["high"]
    status = demo_db.execute("SELECT status FROM barometer_waves WHERE id = ?", [wave]).fetchone()[0]
    assert status == "closed"


def test_small_counts_are_hidden_on_the_board_and_in_the_export(db, staff):
    log(db, staff, "R06", 1, 2)
    log(db, staff, "R06", 2, 12)
    log(db, staff, "R06", 3, 9)
    board = rumour_board.build(db, today=TODAY)
    r = rid(db, "R06")
    cells = {d: board.cells[(r, district_id(db, d))] for d in (1, 2, 3)}
    assert cells[1].heard_hidden and views.heard_text(cells[1], "en") == "fewer than 5"
    hidden = [c for c in cells.values() if c.heard_hidden]
    assert len(hidden) >= 2  # the city total (23) would reveal a lone hidden cell
    headers, rows = views.detail_rows(board, district_id(db, 1), "en")
    row = next(x for x in rows if x[0] == "R06")
    assert row[3] == "fewer than 5" and row[4] == ""  # no last-seen date either
    data = export.export_csv(db, staff, "en", system=False).decode("utf-8-sig")
    exported = next(x for x in csv.DictReader(io.StringIO(data)) if x["Code"] == "R06")
    assert exported["Heard (city)"] == "23"
    shown = [exported[f"Heard: {name}"] for name in ("Deusto", "Uribarri",
                                                      "Otxarkoaga-Txurdinaga")]
    assert shown[0] == "fewer than 5"
    assert sum(1 for s in shown if not s.isdigit()) == len(hidden)
    visible = sum(int(s) for s in shown if s.isdigit())
    assert 23 - visible >= 2 * 1 + (len(hidden) - 1)  # more than one hidden cell shares the rest


def test_the_public_catalogue_hides_small_city_counts(db, staff):
    log(db, staff, "R06", 1, 3)
    log(db, staff, "R01", 1, 7)
    entries = {e["code"]: e for e in views.public_catalogue(db, "en", TODAY)}
    assert entries["R06"]["heard"] is None and entries["R01"]["heard"] == 7
    assert entries["R13"]["facts"] == [] and entries["R01"]["facts"][0].endswith("eitb.eus, 2024)")


def test_the_matrix_says_not_answered_in_words(db, staff):
    log(db, staff, "R06", 1, 6)
    board = rumour_board.build(db, today=TODAY)
    for lang in i18n.LANGUAGES:
        frame = views.matrix_frame(board, {d: str(d) for d in board.district_ids}, lang)
        cell = frame.loc[frame.iloc[:, 0] == "R06", str(district_id(db, 1))].iloc[0]
        assert i18n.translate("rumours.matrix.unanswered", lang) in cell


def test_the_trend_compares_the_last_half_year_with_the_one_before(db, staff):
    log(db, staff, "R06", 1, 10, day="2025-05-01")
    log(db, staff, "R06", 1, 2, day="2024-10-01")
    cell = rumour_board.build(db, today=TODAY).cells[(rid(db, "R06"), district_id(db, 1))]
    assert cell.trend == "up" and cell.last_seen == "2025-05-01"


def test_a_small_city_total_is_hidden_too(db, staff):
    log(db, staff, "R06", 1, 3)
    board = rumour_board.build(db, today=TODAY)
    _, rows = views.detail_rows(board, None, "en")
    assert next(r for r in rows if r[0] == "R06")[3] == "fewer than 5"
    data = export.export_csv(db, staff, "en").decode("utf-8-sig")
    exported = next(x for x in csv.DictReader(io.StringIO(data)) if x["Code"] == "R06")
    assert exported["Heard (city)"] == "fewer than 5" and exported["Heard: Deusto"] == "fewer than 5"


def test_the_editor_names_a_rumour_by_code_statement_and_status():
    row = {"code": "R07", "status": "proposed", "statement_es": "Dicen que *todo*", "statement_en": ""}
    assert views.rumour_label(row, "en") == "R07 · Dicen que *todo* (Proposed)"
    assert views.rumour_label(row | {"statement_en": "They say", "status": "active"}, "en") == (
        "R07 · They say (Active)")
