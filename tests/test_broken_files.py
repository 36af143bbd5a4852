"""Broken CSV files through both importers (actions, barometer fieldwork): each has one clear
result, and a refused file leaves the database byte-identical (all-or-nothing)."""

from __future__ import annotations

from datetime import date

import pytest

from network.actions import io as action_io
from network.barometer import io as barometer_io
from network.barometer import waves
from network.core.errors import ImportRejected
from tests.barometer_data import csv_bytes, fieldwork_rows, make_wave
from tests.integrity import assert_translated, checksum

TODAY = date(2025, 6, 15)
A_HEADER = "date,district,barrio,type,title,description,place,lat,lon,people_reached"
A_ROWS = ["2025-03-01,1,Arangoiti,workshop,Taller en Deusto,Con vecinas,Centro cívico,,,25",
          "2025-03-08,Errekalde,,Charla / café-tertulia,Café en Rekalde,,Bar,,,12",
          "2025-03-09,Deustu,,Kaleko ekintza,Mesa en la calle,,Plaza,,,0"]


def actions_csv(rows=A_ROWS, header=A_HEADER, sep=",", end="\r\n") -> bytes:
    lines = [header.replace(",", sep)] + [r.replace(",", sep) for r in rows]
    return (end.join(lines) + end).encode("utf-8")


def baro_csv(n=40, **kwargs) -> bytes:
    return csv_bytes(fieldwork_rows(n), **kwargs)


A_HEADER_ONLY = (A_HEADER + "\r\n").encode()
B_HEADER = baro_csv(1).split(b"\r\n")[0]

# name -> (actions file, barometer file, error key expected or None for "imports", rows)
BROKEN = {
    "empty": (b"", b"", "error.csv_empty"),
    "only blank lines": (b"\r\n\r\n  \r\n", b"\n\n", "error.csv_empty"),
    "header only": (A_HEADER_ONLY, B_HEADER + b"\r\n", "error.csv_no_rows"),
    "missing columns": (actions_csv([r.rsplit(",", 7)[0] for r in A_ROWS],
                                    header="date,district,barrio"),
                        baro_csv().replace(b",q16", b"").replace(b"\r\n", b"\n"),
                        "error.csv_missing_columns"),
    "extra columns": (actions_csv([r + ",x" for r in A_ROWS], header=A_HEADER + ",secret"),
                      None, "error.csv_unknown_columns"),
    "duplicated columns": (actions_csv([r + ",x" for r in A_ROWS], header=A_HEADER + ",title"),
                           None, "error.csv_duplicate_columns"),
    "truncated last line": (actions_csv(A_ROWS[:-1] + [A_ROWS[-1][:20]]),
                            baro_csv()[:-25], "error.csv_wrong_cell_count"),
    "unterminated quote at the end": (actions_csv(A_ROWS) + b'2025-03-01,1,,workshop,"Taller',
                                      baro_csv() + b'R99999,"1', "error.csv_malformed"),
    "binary garbage": (bytes(range(256)) * 40, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50,
                       "error.csv_binary"),
    "a zip file": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100,
                   b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100, "error.csv_binary"),
}


def _baro_extra_columns() -> bytes:
    lines = baro_csv().split(b"\r\n")
    return b"\r\n".join([lines[0] + b",notes"] + [ln + b",x" for ln in lines[1:] if ln]) + b"\r\n"


def _baro_duplicated_column() -> bytes:
    lines = baro_csv().split(b"\r\n")
    return b"\r\n".join([lines[0] + b",q01"] + [ln + b",3" for ln in lines[1:] if ln]) + b"\r\n"


@pytest.fixture
def wave(db, staff):
    return make_wave(db, staff)


def refused(db, run, key: str | None = None) -> ImportRejected:
    before = checksum(db)
    with pytest.raises(ImportRejected) as caught:
        run()
    assert checksum(db) == before, "a refused file changed the database"
    assert_translated(caught.value)
    if key:
        assert key in [p.key for p in caught.value.problems], caught.value.problems
    return caught.value


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_actions_files_are_refused_whole_with_a_clear_reason(db, admin, case):
    data, _, key = BROKEN[case]
    refused(db, lambda: action_io.import_actions(db, admin, data, TODAY), key)
    assert db["actions"].count == 0


@pytest.mark.parametrize("case", [c for c in BROKEN if BROKEN[c][1] is not None])
def test_broken_barometer_files_are_refused_whole_with_a_clear_reason(db, staff, wave, case):
    _, data, key = BROKEN[case]
    refused(db, lambda: barometer_io.import_csv(db, staff, wave, data, "f.csv"), key)
    assert db["barometer_responses"].count == 0


@pytest.mark.parametrize("data,key", [(_baro_extra_columns(), "error.csv_unknown_columns"),
                                      (_baro_duplicated_column(), "error.csv_duplicate_columns")])
def test_barometer_files_with_unknown_or_repeated_columns_are_refused(db, staff, wave, data, key):
    refused(db, lambda: barometer_io.import_csv(db, staff, wave, data, "f.csv"), key)


def test_duplicated_respondent_ids_in_a_file_are_refused_with_both_lines(db, staff, wave):
    rows = fieldwork_rows(40)
    rows[30]["respondent_id"] = rows[3]["respondent_id"]
    err = refused(db, lambda: barometer_io.import_csv(db, staff, wave, csv_bytes(rows), "f.csv"),
                  "barometer.error.duplicate_in_file")
    dup = next(p for p in err.problems if p.key == "barometer.error.duplicate_in_file")
    assert dup.row == 32 and dup.params["first"] == 5


def test_respondent_ids_already_in_the_wave_are_refused(db, staff, wave):
    barometer_io.import_csv(db, staff, wave, baro_csv(40), "first.csv")
    refused(db, lambda: barometer_io.import_csv(db, staff, wave, baro_csv(40), "again.csv"),
            "barometer.error.duplicate_in_wave")


def test_the_same_actions_file_twice_imports_twice_as_separate_actions(db, admin):
    """Actions have no natural id: two identical rows are two actions (a weekly stall)."""
    assert action_io.import_actions(db, admin, actions_csv(A_ROWS + A_ROWS[:1]), TODAY) == 4
    assert action_io.import_actions(db, admin, actions_csv(), TODAY) == 3
    assert db["actions"].count == 7


@pytest.mark.parametrize("variant", ["bom", "semicolons", "latin-1", "cp1252", "lf endings",
                                     "no final newline", "spaces around cells", "upper-case header"])
def test_spreadsheet_variants_of_a_good_actions_file_import(db, admin, variant):
    data = {
        "bom": b"\xef\xbb\xbf" + actions_csv(),
        "semicolons": actions_csv(sep=";"),
        "latin-1": actions_csv().decode().encode("latin-1"),
        "cp1252": actions_csv([A_ROWS[0].replace("Taller", "Taller “nuevo”")]).decode().encode("cp1252"),
        "lf endings": actions_csv(end="\n"),
        "no final newline": actions_csv().rstrip(b"\r\n"),
        "spaces around cells": actions_csv([r.replace(",", " , ") for r in A_ROWS]),
        "upper-case header": actions_csv(header=A_HEADER.upper()),
    }[variant]
    count = action_io.import_actions(db, admin, data, TODAY)
    assert count == db["actions"].count == (1 if variant == "cp1252" else 3)
    titles = {r[0] for r in db.execute("SELECT title FROM actions")}
    assert titles & {"Taller en Deusto", "Taller “nuevo” en Deusto"}
    if variant in ("latin-1", "bom"):
        assert "Café en Rekalde" in titles


@pytest.mark.parametrize("variant", ["bom", "semicolons", "latin-1", "lf endings"])
def test_spreadsheet_variants_of_a_good_barometer_file_import(db, staff, wave, variant):
    rows = fieldwork_rows(40)
    rows[0]["barrio"] = "Zorrotzaurre"  # a barrio of district 1 ...
    for r in rows[1:]:
        r["barrio"] = ""
    rows[0]["district"] = "Deusto"
    data = {
        "bom": b"\xef\xbb\xbf" + csv_bytes(rows),
        "semicolons": csv_bytes(rows, sep=";"),
        "latin-1": csv_bytes(rows).decode().encode("latin-1"),
        "lf endings": csv_bytes(rows).replace(b"\r\n", b"\n"),
    }[variant]
    result = barometer_io.import_csv(db, staff, wave, data, "f.csv")
    assert result.rows == 40 == db["barometer_responses"].count


def test_a_latin_1_file_keeps_its_accents(db, admin):
    data = actions_csv(["2025-03-08,Errekalde,,workshop,Año de la señora Muñoz,,,,,1"])
    action_io.import_actions(db, admin, data.decode().encode("latin-1"), TODAY)
    assert db.execute("SELECT title FROM actions").fetchone()[0] == "Año de la señora Muñoz"


def test_one_bad_row_among_good_ones_refuses_the_whole_actions_file(db, admin):
    rows = A_ROWS * 30 + ["2025-02-30,1,,workshop,Bad date,,,,,1"]
    err = refused(db, lambda: action_io.import_actions(db, admin, actions_csv(rows), TODAY),
                  "actions.error.date_invalid")
    assert [p.row for p in err.problems] == [92]


def test_a_file_with_thousands_of_bad_rows_lists_the_first_hundred_problems(db, admin):
    rows = ["2025-02-30,1,,nonsense,,,,,,-1"] * 3000
    err = refused(db, lambda: action_io.import_actions(db, admin, actions_csv(rows), TODAY))
    assert len(err.problems) == 101
    assert err.problems[-1].key == "input.error.more_problems"


# ---------------------------------------------------------------- 200,000 rows

BIG = 200_000


@pytest.fixture(scope="module")
def big_actions() -> bytes:
    rows = [f"2025-03-{i % 28 + 1:02d},{i % 8 + 1},,workshop,Taller {i},,,,,{i % 50}"
            for i in range(BIG)]
    return actions_csv(rows)


@pytest.fixture(scope="module")
def big_barometer() -> bytes:
    return baro_csv(BIG)


def test_200000_actions_are_refused_at_once_with_a_size_error(db, admin, big_actions):
    err = refused(db, lambda: action_io.import_actions(db, admin, big_actions, TODAY),
                  "input.error.too_many_rows")
    assert err.problems[0].params == {"rows": BIG, "max": action_io.MAX_IMPORT_ROWS}


def test_200000_actions_with_a_bad_last_row_are_refused_the_same_way(db, admin, big_actions):
    data = big_actions + b"2025-02-30,1,,workshop,Bad,,,,,1\r\n"
    refused(db, lambda: action_io.import_actions(db, admin, data, TODAY), "input.error.too_many_rows")


def test_200000_survey_respondents_are_refused_at_once_with_a_size_error(db, staff, wave,
                                                                           big_barometer):
    err = refused(db, lambda: barometer_io.import_csv(db, staff, wave, big_barometer, "big.csv"),
                  "input.error.too_many_rows")
    assert err.problems[0].params == {"rows": BIG, "max": barometer_io.MAX_ROWS}


def test_200000_survey_respondents_with_a_bad_last_row_are_refused(db, staff, wave, big_barometer):
    data = big_barometer + b"R999999,1,woman,30-44,no" + b",9" * 16 + b"\r\n"
    refused(db, lambda: barometer_io.import_csv(db, staff, wave, data, "big.csv"),
            "input.error.too_many_rows")


def test_a_file_at_the_row_limit_imports_and_one_row_more_is_refused(db, admin, monkeypatch):
    monkeypatch.setattr(action_io, "MAX_IMPORT_ROWS", 300)
    rows = (A_ROWS * 100)
    assert action_io.import_actions(db, admin, actions_csv(rows), TODAY) == 300
    refused(db, lambda: action_io.import_actions(db, admin, actions_csv(rows + A_ROWS[:1]), TODAY),
            "input.error.too_many_rows")


def test_a_barometer_file_at_the_row_limit_imports_and_a_bad_last_row_rejects_it_whole(
        db, staff, wave, monkeypatch):
    monkeypatch.setattr(barometer_io, "MAX_ROWS", 3000)
    rows = fieldwork_rows(3000)
    rows[-1]["q16"] = 9
    refused(db, lambda: barometer_io.import_csv(db, staff, wave, csv_bytes(rows), "f.csv"),
            "barometer.error.item_value")
    rows[-1]["q16"] = 4
    assert barometer_io.import_csv(db, staff, wave, csv_bytes(rows), "f.csv").rows == 3000
    assert db["barometer_responses"].count == 3000
    assert waves.get_wave(db, wave.id).id == wave.id
    refused(db, lambda: barometer_io.import_csv(db, staff, wave, csv_bytes(fieldwork_rows(3001)),
                                                "f.csv"), "input.error.too_many_rows")
