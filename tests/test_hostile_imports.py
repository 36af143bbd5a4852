"""The hostile corpus through both importers: every input in a text cell of an actions file
and of a fieldwork file is refused whole with a translated reason (database byte-identical)
or stored as typed (cells are trimmed of surrounding whitespace, as documented)."""

from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace

import pytest

from network import database
from network.accounts import auth
from network.actions import io as action_io
from network.barometer import io as barometer_io
from network.barometer import waves
from network.core.errors import ImportRejected
from network.setup import initialize
from tests import hostile
from tests.barometer_data import fieldwork_rows
from tests.conftest import PASSWORD
from tests.integrity import attempt

TODAY = date(2025, 6, 1)
TEXT = hostile.ALL
A_COLUMNS = ["date", "district", "barrio", "type", "title", "description", "place", "lat", "lon",
             "people_reached"]
A_ROW = {"date": "2024-05-01", "district": "1", "barrio": "", "type": "workshop",
         "title": "Taller", "description": "", "place": "", "lat": "", "lon": "",
         "people_reached": "3"}


def ids(values):
    return [f"{i}:{repr(v)[:24]}" for i, v in enumerate(values)]


def to_csv(columns, rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("imports") / "imports.db"
    with database.open_db(path) as db:
        initialize(db)
    db = database.connect(path)
    staff = auth.create_user(db, None, "i-staff", PASSWORD, "staff", system=True)
    yield SimpleNamespace(db=db, staff=staff)
    db.close()


@pytest.fixture(autouse=True)
def forget_imported_rows(world):
    """Each test starts from the module's state (keeps checksums cheap, tests independent)."""
    db = world.db
    tables = ("actions", "audit_log", "barometer_responses", "barometer_imports",
              "barometer_waves")
    marks = {t: db.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0]  # noqa: S608
             for t in tables}
    yield
    with db.conn:
        db.execute("DELETE FROM barometer_answers WHERE response_id > ?",
                   [marks["barometer_responses"]])
        for t in tables:
            db.execute(f"DELETE FROM {t} WHERE rowid > ?", [marks[t]])  # noqa: S608


@pytest.mark.parametrize("column", ["title", "description", "place"])
@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_hostile_text_in_an_actions_file_is_imported_as_typed_or_refused(world, column, value):
    w = world
    data = to_csv(A_COLUMNS, [A_ROW, {**A_ROW, column: value}])
    count, err = attempt(w.db, lambda: action_io.import_actions(w.db, w.staff, data, TODAY))
    if err is None:
        assert count == 2
        stored = w.db.execute(f"SELECT {column} FROM actions ORDER BY id DESC LIMIT 1"  # noqa: S608
                              ).fetchone()[0]
        assert stored == value.strip()
    else:
        assert isinstance(err, ImportRejected)


@pytest.mark.parametrize("column", ["date", "district", "barrio", "type", "people_reached", "lat"])
@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_hostile_values_in_checked_columns_of_an_actions_file_are_refused(world, column, value):
    w = world
    data = to_csv(A_COLUMNS, [A_ROW, {**A_ROW, column: value}])
    count, err = attempt(w.db, lambda: action_io.import_actions(w.db, w.staff, data, TODAY))
    if err is None:  # only values that are valid for the column get through
        assert count == 2
        row = w.db.execute("SELECT date, district_id, barrio, type, people_reached, lat FROM "
                           "actions ORDER BY id DESC LIMIT 1").fetchone()
        assert date.fromisoformat(row[0]) <= TODAY and row[3] == "workshop"
        assert 0 <= row[4] <= 1_000_000


def _wave(w):
    wave_id = waves.create_wave(w.db, w.staff, {
        "label": "Import wave", "year": 2025, "fieldwork_start": "2025-01-01",
        "fieldwork_end": "2025-02-01", "mode": "online", "target_per_district": 10})
    return waves.get_wave(w.db, wave_id)


@pytest.mark.parametrize("column", ["respondent_id", "barrio", "district", "sex", "q01",
                                    "years_in_bilbao"])
@pytest.mark.parametrize("value", TEXT, ids=ids(TEXT))
def test_hostile_values_in_a_fieldwork_file_are_imported_as_typed_or_refused(world, column, value):
    w = world
    wave = _wave(w)
    rows = fieldwork_rows(12)
    rows[5][column] = value
    columns = list(rows[0]) + (["barrio", "years_in_bilbao"])
    data = to_csv(columns, rows)
    result, err = attempt(w.db, lambda: barometer_io.import_csv(w.db, w.staff, wave, data, "f.csv"))
    if err is None:
        assert result.rows == 12
        if column == "respondent_id":
            assert w.db.execute("SELECT 1 FROM barometer_responses WHERE respondent_id = ?",
                                [value.strip()]).fetchone()
    else:
        assert isinstance(err, ImportRejected)
    if column in ("respondent_id", "barrio") and any(ord(c) < 32 for c in value.strip()):
        assert err is not None  # control characters in an id or a barrio are refused
