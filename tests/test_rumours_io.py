"""Actions' CSV import and export carry the codes of the rumours each action addresses."""

import csv
import hashlib
import io
from datetime import date

import pytest

from network import rumours
from network.actions import io as action_io
from network.core.errors import ImportRejected

TODAY = date(2025, 6, 15)
HEADER = "date,district,barrio,type,title,description,place,lat,lon,people_reached,rumours\n"


def checksum(db) -> str:
    return hashlib.sha256("\n".join(db.conn.iterdump()).encode()).hexdigest()


def codes_of(db) -> dict[str, list[str]]:
    titles = dict(db.execute("SELECT id, title FROM actions").fetchall())
    return {titles[a]: c for a, c in rumours.codes_by_action(db).items()}


def test_rumour_codes_in_an_import_link_the_actions(db, admin):
    data = (HEADER
            + "2025-03-01,1,,workshop,Taller A,,,,,25,\"R01, r06\"\n"
            + "2025-03-02,2,,workshop,Taller B,,,,,10,R03;R04\n"
            + "2025-03-03,3,,workshop,Taller C,,,,,10,\n").encode()
    assert action_io.import_actions(db, admin, data, TODAY) == 3
    assert codes_of(db) == {"Taller A": ["R01", "R06"], "Taller B": ["R03", "R04"]}


def test_a_file_without_the_rumours_column_still_imports(db, admin):
    data = (HEADER.replace(",rumours", "") + "2025-03-01,1,,workshop,Taller,,,,,25\n").encode()
    assert action_io.import_actions(db, admin, data, TODAY) == 1


@pytest.mark.parametrize("cell", ["R99", "R01,NOPE", "<script>", "=1+1"])
def test_an_unknown_code_is_a_row_error_and_the_database_is_unchanged(db, admin, cell):
    data = (HEADER + "2025-03-01,1,,workshop,Bien,,,,,25,R01\n"
            + f"2025-03-02,1,,workshop,Mal,,,,,25,\"{cell}\"\n").encode()
    before = checksum(db)
    with pytest.raises(ImportRejected) as err:
        action_io.import_actions(db, admin, data, TODAY)
    problems = [p for p in err.value.problems if p.key == "rumours.error.unknown_code"]
    assert problems and all(p.row == 3 and p.field == "rumours" for p in problems)
    assert checksum(db) == before


def test_the_export_has_a_rumours_column_of_codes(db, admin):
    data = (HEADER + "2025-03-01,1,,workshop,Taller A,,,,,25,R02 R01\n").encode()
    action_io.import_actions(db, admin, data, TODAY)
    out = action_io.export_actions(db, admin, "en").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["Rumours"] == "R01, R02"
    # The export reads back through the import: codes round-trip.
    assert action_io.REQUIRED_COLUMNS and "rumours" in action_io.IMPORT_COLUMNS
