import subprocess
import sys

import pytest
from click.testing import CliRunner

from network.cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def test_init_then_check_succeed_on_an_empty_path(runner, tmp_path):
    path = tmp_path / "sub" / "new.db"
    result = runner.invoke(cli, ["init", "--db", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["check", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "Integrity: ok" in result.output and "pending: 0" in result.output
    assert "demo data: no" in result.output


def test_init_demo_then_demo_remove(runner, tmp_path):
    path = str(tmp_path / "d.db")
    assert runner.invoke(cli, ["init", "--db", path, "--demo"]).exit_code == 0
    assert "demo data: yes" in runner.invoke(cli, ["check", "--db", path]).output
    result = runner.invoke(cli, ["demo", "remove", "--db", path])
    assert result.exit_code == 0 and "Removed" in result.output
    assert "demo data: no" in runner.invoke(cli, ["check", "--db", path]).output


def test_user_add_reads_the_password_from_stdin_and_lists(runner, tmp_path):
    path = str(tmp_path / "u.db")
    runner.invoke(cli, ["init", "--db", path])
    result = runner.invoke(cli, ["user", "add", "maite", "--role", "coordinator",
                                 "--district", "Deustu", "--district", "7", "--db", path],
                           input="a long password\n")
    assert result.exit_code == 0, result.output
    listing = runner.invoke(cli, ["user", "list", "--db", path]).output
    assert "maite" in listing and "1,7" in listing


@pytest.mark.parametrize("args,message", [
    (["user", "add", "x", "--role", "coordinator"], "needs at least one district"),
    (["user", "add", "x", "--role", "staff", "--district", "99"], "Unknown district"),
    (["user", "add", "x", "--role", "emperor"], "Invalid value"),
])
def test_user_add_errors_are_clear_and_exit_non_zero(runner, tmp_path, args, message):
    path = str(tmp_path / "e.db")
    runner.invoke(cli, ["init", "--db", path])
    result = runner.invoke(cli, [*args, "--db", path], input="a long password\n")
    assert result.exit_code != 0
    assert message in result.output


def test_short_password_is_refused(runner, tmp_path):
    path = str(tmp_path / "p.db")
    runner.invoke(cli, ["init", "--db", path])
    result = runner.invoke(cli, ["user", "add", "x", "--role", "admin", "--db", path],
                           input="short\n")
    assert result.exit_code == 1 and "at least 8" in result.output


def test_backup_writes_a_checked_copy(runner, tmp_path):
    path = str(tmp_path / "b.db")
    runner.invoke(cli, ["init", "--db", path])
    dest = tmp_path / "copy.db"
    assert runner.invoke(cli, ["backup", str(dest), "--db", path]).exit_code == 0
    assert runner.invoke(cli, ["check", "--db", str(dest)]).exit_code == 0


def test_backup_onto_itself_is_refused(runner, tmp_path):
    path = str(tmp_path / "b.db")
    runner.invoke(cli, ["init", "--db", path])
    result = runner.invoke(cli, ["backup", path, "--db", path])
    assert result.exit_code != 0


def test_every_command_has_help(runner):
    for args in (["--help"], ["init", "--help"], ["check", "--help"], ["backup", "--help"],
                 ["user", "add", "--help"], ["user", "list", "--help"],
                 ["demo", "remove", "--help"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and "Usage" in result.output


def test_module_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "network", "--help"], capture_output=True,
                         text=True, check=True)
    assert "init" in out.stdout


def test_wave_create_then_list_then_import_needs_no_clicks(runner, tmp_path):
    from tests.barometer_data import csv_bytes, fieldwork_rows

    path = str(tmp_path / "w.db")
    assert runner.invoke(cli, ["init", "--db", path]).exit_code == 0
    result = runner.invoke(cli, ["wave", "create", "Barómetro 2027", "--year", "2027",
                                 "--mode", "online", "--db", path])
    assert result.exit_code == 0, result.output
    assert "Created wave 'Barómetro 2027' (2027, online, draft)." in result.output
    again = runner.invoke(cli, ["wave", "create", "Barómetro 2027", "--year", "2027", "--db", path])
    assert again.exit_code == 1 and "Barómetro 2027" in again.output  # the label is taken
    bad = runner.invoke(cli, ["wave", "create", "X", "--year", "2027", "--start", "2027-11-01",
                              "--db", path])
    assert bad.exit_code == 1  # ends (31 October by default) before it starts
    data = tmp_path / "f.csv"
    data.write_bytes(csv_bytes(fieldwork_rows(40)))
    result = runner.invoke(cli, ["import", "barometer", str(data), "--wave", "Barómetro 2027",
                                 "--db", path])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["wave", "list", "--db", path])
    assert listed.exit_code == 0
    (line,) = listed.output.splitlines()
    assert line.split("\t")[:6] == ["Barómetro 2027", "2027", "2027-10-01..2027-10-31", "online",
                                    "draft", "40 respondents"]
