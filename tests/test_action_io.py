"""CSV import (all-or-nothing) and export of actions, in the library and on the command line."""

import hashlib
from datetime import date

import pytest
from click.testing import CliRunner

from network import database
from network.actions import io as action_io
from network.cli import cli
from network.core import i18n, permissions
from network.core.errors import ImportRejected, PermissionDenied
from tests.conftest import district_id

TODAY = date(2025, 6, 15)
HEADER = "date,district,barrio,type,title,description,place,lat,lon,people_reached\n"
GOOD_ROWS = (
    "2025-03-01,1,Arangoiti,workshop,Taller en Deusto,Con vecinas,Centro cívico,,,25\n"
    "2025-03-08,Errekalde,,Charla / café-tertulia,Café en Rekalde,,Bar,,,12\n"
    "2025-03-09,Deustu,,Kaleko ekintza,Mesa en la calle,,Plaza,,,0\n"
)





def checksum(db) -> str:
    """A digest of the whole database dump (schema and rows)."""
    return hashlib.sha256("\n".join(db.conn.iterdump()).encode()).hexdigest()


def rows_of(db) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM actions ORDER BY id")]


def test_a_good_file_is_imported_whole(db, admin):
    count = action_io.import_actions(db, admin, (HEADER + GOOD_ROWS).encode(), TODAY)
    assert count == 3
    saved = rows_of(db)
    assert [r["district_id"] for r in saved] == [district_id(db, n) for n in (1, 7, 1)]
    assert [r["type"] for r in saved] == ["workshop", "talk_cafe", "street_action"]
    assert saved[0]["barrio"] == "Arangoiti" and saved[0]["people_reached"] == 25
    assert all(r["lat"] is not None for r in saved)


def test_excel_files_with_semicolons_latin1_and_decimal_commas_are_accepted(db, admin):
    text = ("date;district;barrio;type;title;lat;lon;people_reached\r\n"
            "05/03/2025;Begoña;Santutxu;Taller;Taller en Santutxu;43,2530;-2,9150;8\r\n")
    data = text.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert action_io.import_actions(db, admin, data, TODAY) == 1
    saved = rows_of(db)[0]
    assert (saved["date"], saved["barrio"], saved["lat"]) == ("2025-03-05", "Santutxu", 43.253)


BROKEN = {
    "future date in row 3": (HEADER + GOOD_ROWS.replace("2025-03-08", "2030-01-01"), [3]),
    "unknown district": (HEADER + GOOD_ROWS.replace("Errekalde", "Gotham"), [3]),
    "unknown type": (HEADER + GOOD_ROWS.replace("workshop", "rave"), [2]),
    "negative reach": (HEADER + GOOD_ROWS.replace(",25\n", ",-25\n"), [2]),
    "fractional reach": (HEADER + GOOD_ROWS.replace(",25\n", ",2.5\n"), [2]),
    "missing title": (HEADER + GOOD_ROWS.replace("Mesa en la calle", ""), [4]),
    "point outside the district": (HEADER + GOOD_ROWS.replace("Bar,,,", "Bar,43.2580,-2.9240,"), [3]),
    "barrio of another district": (HEADER + GOOD_ROWS.replace("Arangoiti", "Indautxu"), [2]),
    "wrong number of cells": (HEADER + GOOD_ROWS + "2025-01-01,1,workshop\n", [5]),
    "missing column": (HEADER.replace(",title", "") + "2025-03-01,1,,workshop,,,,,1\n", [1]),
    "unknown column": (HEADER.replace("\n", ",secret\n") + GOOD_ROWS.replace("\n", ",x\n"), [1]),
    "two bad rows": (HEADER + GOOD_ROWS.replace("2025-03-01", "yesterday")
                     .replace(",0\n", ",-1\n"), [2, 4]),
    "header only": (HEADER, [None]),
    "empty file": ("", [None]),
    "binary": ("\x00\x01\x02", [None]),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_refused_with_row_numbers_and_changes_nothing(db, admin, name):
    text, bad_rows = BROKEN[name]
    action_io.import_actions(db, admin, (HEADER + GOOD_ROWS).encode(), TODAY)  # existing data
    before = checksum(db)
    with pytest.raises(ImportRejected) as excinfo:
        action_io.import_actions(db, admin, text.encode("utf-8"), TODAY)
    assert sorted({p.row for p in excinfo.value.problems}, key=str) == sorted(bad_rows, key=str)
    assert checksum(db) == before


def test_a_failure_inside_the_transaction_rolls_back_every_row(db, admin, monkeypatch):
    before = checksum(db)
    calls = []

    def failing_audit(*args):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    monkeypatch.setattr(permissions, "audit", failing_audit)
    with pytest.raises(RuntimeError):
        action_io.import_actions(db, admin, (HEADER + GOOD_ROWS).encode(), TODAY)
    assert checksum(db) == before


def test_a_coordinator_imports_only_rows_of_their_district(db, coordinator):
    before = checksum(db)
    with pytest.raises(ImportRejected) as excinfo:
        action_io.import_actions(db, coordinator, (HEADER + GOOD_ROWS).encode(), TODAY)
    assert [(p.row, p.key) for p in excinfo.value.problems] == [
        (3, "actions.error.district_not_allowed")]
    assert checksum(db) == before
    own = HEADER + GOOD_ROWS.splitlines(keepends=True)[0]
    assert action_io.import_actions(db, coordinator, own.encode(), TODAY) == 1


@pytest.mark.parametrize("who", [None, "agent_user"])
def test_the_public_and_agents_cannot_import(db, request, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):
        action_io.import_actions(db, user, (HEADER + GOOD_ROWS).encode(), TODAY)


def test_refusals_are_described_row_by_row_in_each_language(db, admin):
    text = HEADER + GOOD_ROWS.replace("2025-03-08", "2030-01-01")
    with pytest.raises(ImportRejected) as excinfo:
        action_io.import_actions(db, admin, text.encode(), TODAY)
    assert i18n.describe_error(excinfo.value, "en") == [
        "Row 3: Date: the date is in the future; record actions once they have taken place."]
    assert i18n.describe_error(excinfo.value, "es")[0].startswith("Fila 3: Fecha:")
    assert i18n.describe_error(excinfo.value, "eu")[0].startswith("3. errenkada: Data:")


@pytest.mark.parametrize("lang", list(i18n.LANGUAGES))
def test_the_export_has_translated_headers_and_a_bom(db, admin, lang):
    action_io.import_actions(db, admin, (HEADER + GOOD_ROWS).encode(), TODAY)
    data = action_io.export_actions(db, admin, lang)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == [i18n.translate(f"actions.column.{c}", lang)
                                       for c in ("id", "date", "district_number")]
    assert len(lines) == 4
    workshop = i18n.translate("vocab.action_type.workshop", lang)
    assert any(workshop in line and "Taller en Deusto" in line for line in lines)


def test_a_coordinators_export_holds_their_district_only(db, admin, coordinator):
    action_io.import_actions(db, admin, (HEADER + GOOD_ROWS).encode(), TODAY)
    lines = action_io.export_actions(db, coordinator, "en").decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and "Café en Rekalde" not in "".join(lines)
    with pytest.raises(PermissionDenied):
        action_io.export_actions(db, coordinator, "en", [district_id(db, 7)])


def test_exported_cells_that_look_like_formulas_are_defused(db, admin):
    text = HEADER + "2025-03-01,1,,workshop,=HYPERLINK(\"http://x\"),,,,,1\n"
    action_io.import_actions(db, admin, text.encode(), TODAY)
    exported = action_io.export_actions(db, admin, "en").decode("utf-8-sig")
    assert "'=HYPERLINK" in exported


def test_the_command_line_imports_and_exports_actions(db_path, tmp_path):
    runner = CliRunner()
    good = tmp_path / "good.csv"
    good.write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    result = runner.invoke(cli, ["import", "actions", str(good), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 actions" in result.output
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "actions", "-o", str(out), "--db", str(db_path),
                                 "--lang", "eu"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Data" in out.read_text(encoding="utf-8-sig").splitlines()[0]
    result = runner.invoke(cli, ["export", "actions", "--db", str(db_path)])
    assert result.exit_code == 0 and "Taller en Deusto" in result.output


def test_the_command_line_refuses_a_broken_file_with_row_numbers(db_path, tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD_ROWS.replace("2025-03-08", "2099-01-01"), encoding="utf-8")
    with database.open_db(db_path) as db:
        before = checksum(db)
    result = runner.invoke(cli, ["import", "actions", str(bad), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "Row 3: Date: the date is in the future" in result.output
    with database.open_db(db_path) as db:
        assert checksum(db) == before
