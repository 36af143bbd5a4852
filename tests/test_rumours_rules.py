"""Pure rules of the rumour catalogue: validation, the personal-data warning, trends, and the
board's disclosure control (no hidden count recoverable by subtraction)."""

from datetime import date
from itertools import product

import pytest

from network.core import disclosure
from network.rumours import rules

TODAY = date(2025, 6, 15)


@pytest.mark.parametrize("text, kinds", [
    ("Dicen que los del barrio no pagan impuestos", []),
    ("Lo dijo Juan Pérez en el bar", ["name"]),
    ("Escríbeme a vecina@example.org", ["email"]),
    ("Llamó al 600 123 456 para contarlo", ["phone"]),
    ("Llamó al +34 944 20 20 20", ["phone"]),
    ("En 2024 eran el 35 %", []),
    ("Los extranjeros cobran la RGI", []),
])
def test_personal_data_is_noticed_in_free_text(text, kinds):
    assert rules.personal_data(text) == kinds


def good_rumour(**changes):
    data = {"code": "r20", "theme": "labour", "statement_es": "Nos quitan el trabajo",
            "argument_es": "Compartimos el mismo mercado", "status": "active",
            "quiz": ["jobs_share"], "barometer": ["q06"]}
    return data | changes


def test_a_good_rumour_is_cleaned():
    record, problems = rules.check_rumour(good_rumour(), [], ["jobs_share"], ["q06"])
    assert problems == []
    assert record["code"] == "R20" and record["quiz"] == ["jobs_share"]


@pytest.mark.parametrize("changes, field", [
    ({"code": ""}, "rumour_code"),
    ({"code": "R 1"}, "rumour_code"),
    ({"theme": "weather"}, "rumour_theme"),
    ({"statement_es": ""}, "rumour_statement_es"),
    ({"status": "lost"}, "rumour_status"),
    ({"quiz": ["nope"]}, "rumour_quiz"),
    ({"barometer": ["q99"]}, "rumour_barometer"),
    ({"statement_en": "a\x00b"}, "rumour_statement_en"),
    ({"argument_eu": "x" * 2001}, "rumour_argument_eu"),
])
def test_a_bad_rumour_names_the_field(changes, field):
    _, problems = rules.check_rumour(good_rumour(**changes), [], ["jobs_share"], ["q06"])
    assert field in {p.field for p in problems}


def test_a_staff_defined_theme_is_accepted():
    _, problems = rules.check_rumour(good_rumour(theme="housing"), ["housing"], ["jobs_share"],
                                     ["q06"])
    assert problems == []


def test_a_fact_needs_text_and_source_and_a_year_in_range_when_given():
    assert rules.check_fact({"text_en": "x", "source": "rtve.es", "year": None})[1] == []
    fields = {p.field for p in rules.check_fact({"source": "", "year": 1800})[1]}
    assert fields == {"rumour_text_es", "source", "year"}


def heard(**changes):
    data = {"rumour_id": 1, "new_text": "", "barrio": "Arangoiti", "channel": "street",
            "heard_on": "2025-06-01", "frequency": "often"}
    return data | changes


def test_a_good_heard_report_is_cleaned():
    record, problems = rules.check_heard(heard(), [1], ["Arangoiti"], TODAY)
    assert problems == [] and record["heard_on"] == "2025-06-01"


@pytest.mark.parametrize("changes, field", [
    ({"rumour_id": 7}, "rumour_rumour_id"),
    ({"rumour_id": None, "new_text": "  "}, "rumour_rumour_id"),
    ({"barrio": "Atlantis"}, "rumour_barrio"),
    ({"channel": "radio"}, "rumour_channel"),
    ({"channel": "action"}, "rumour_channel"),  # only close-outs log rumours heard at actions
    ({"frequency": "daily"}, "rumour_frequency"),
    ({"heard_on": "2025-06-16"}, "rumour_heard_on"),
    ({"heard_on": "2012-12-31"}, "rumour_heard_on"),
    ({"heard_on": "yesterday"}, "rumour_heard_on"),
])
def test_a_bad_heard_report_names_the_field(changes, field):
    _, problems = rules.check_heard(heard(**changes), [1], ["Arangoiti"], TODAY)
    assert field in {p.field for p in problems}


def test_a_new_rumour_keeps_its_text_and_a_catalogue_one_drops_it():
    record, _ = rules.check_heard(heard(rumour_id=None, new_text=" algo nuevo "), [1], [], TODAY)
    assert record["new_text"] == "algo nuevo"
    record, _ = rules.check_heard(heard(new_text="ignored"), [1], ["Arangoiti"], TODAY)
    assert record["new_text"] == ""


@pytest.mark.parametrize("attendance", [-1, 1.5, "12", True, None, 10**7])
def test_closeout_attendance_is_a_whole_number(attendance):
    _, problems = rules.check_closeout({"attendance": attendance}, [])
    assert [p.field for p in problems] == ["rumour_attendance"]


@pytest.mark.parametrize("cell, codes", [
    ("R01, r02;R03|R04 R05", ["R01", "R02", "R03", "R04", "R05"]),
    ("", []), ("R01,R01", ["R01"]),
])
def test_codes_are_split_from_a_csv_cell(cell, codes):
    assert rules.split_codes(cell) == codes


@pytest.mark.parametrize("recent, before, expected", [
    (0, 0, ""), (3, 0, "new"), (9, 4, "up"), (2, 8, "down"), (5, 5, "steady"), (2, 1, "steady"),
])
def test_trend(recent, before, expected):
    assert rules.trend(recent, before) == expected


def test_board_cells_count_and_flag_heard_but_not_answered():
    heard_rows = [{"rumour_id": 1, "district_id": d, "heard": n, "last_seen": "2025-05-01",
                   "recent": n, "before": 0} for d, n in ((1, 12), (2, 8), (3, 20))]
    answered = [{"rumour_id": 1, "district_id": 1, "actions": 2, "reached": 40}]
    cells = {c.district_id: c for c in rules.board_cells(heard_rows, answered, [1], [1, 2, 3, 4])}
    assert cells[1].heard == 12 and cells[1].actions == 2 and not cells[1].unanswered
    assert cells[2].unanswered and cells[3].unanswered and not cells[4].unanswered
    assert not any(c.heard_hidden for c in cells.values())


def test_small_heard_counts_are_hidden_and_cannot_be_recovered_from_the_total():
    heard_rows = [{"rumour_id": 1, "district_id": d, "heard": n, "last_seen": "2025-05-01",
                   "recent": 0, "before": 0} for d, n in ((1, 2), (2, 30), (3, 25))]
    cells = rules.board_cells(heard_rows, [], [1], [1, 2, 3])
    hidden = {c.district_id: c.heard_hidden for c in cells if c.heard_hidden}
    assert hidden.get(1) == disclosure.PRIMARY and len(hidden) >= 2
    assert all(c.last_seen is None for c in cells if c.heard_hidden)
    # Every split of the known total over the hidden cells consistent with their markers: more
    # than one value for each hidden cell.
    total = 57 - sum(c.heard for c in cells if not c.heard_hidden)
    ranges = [range(1, 5) if why == disclosure.PRIMARY else range(5, total + 1)
              for why in hidden.values()]
    splits = [s for s in product(*ranges) if sum(s) == total]
    for i in range(len(hidden)):
        assert len({s[i] for s in splits}) > 1
