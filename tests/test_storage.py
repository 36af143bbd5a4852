import sqlite3
import threading

import pytest

from network import database
from network.core import storage
from network.core.schema import core
from network.setup import initialize


def test_connection_uses_wal_foreign_keys_and_busy_timeout(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == storage.BUSY_TIMEOUT_MS


def test_database_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(storage.DB_ENV, str(tmp_path / "x.db"))
    assert storage.db_path() == tmp_path / "x.db"
    assert storage.db_path(tmp_path / "y.db") == tmp_path / "y.db"


def test_default_path_is_a_git_ignored_file_under_data(monkeypatch):
    monkeypatch.delenv(storage.DB_ENV, raising=False)
    path = storage.db_path()
    assert path.parent.name == "data" and path.suffix == ".db"
    gitignore = (path.parent.parent / ".gitignore").read_text()
    assert "data/*.db" in gitignore


def test_migrations_are_applied_on_open(tmp_path):
    db = database.connect(tmp_path / "new.db")
    assert database.pending_migrations(db) == []
    assert "core:m001_initial" in database.applied_migrations(db)
    assert db["districts"].exists() and db["actions"].exists()


@pytest.mark.parametrize("stop_index", range(len(core._migrations)))
def test_a_database_at_every_earlier_migration_upgrades(tmp_path, stop_index):
    path = tmp_path / "old.db"
    old = database.connect(path, migrate=False)
    stop = core._migrations[stop_index].name
    core.apply(old, stop_before=stop)
    for later in database.migration_sets()[1:]:
        assert later.name  # later sets apply after core on the next open
    old.close()
    db = database.connect(path)
    assert database.pending_migrations(db) == []
    initialize(db)
    assert storage.integrity_check(db) == ["ok"]


@pytest.mark.parametrize("applied_sets", [0, 1, 3, 6])
def test_pending_migrations_in_one_query_are_sqlite_utils_own_list(tmp_path, applied_sets):
    """The runner reads every set's applied names at once; the answer is what sqlite-utils
    says set by set, on an empty database, part way and fully migrated."""
    from network.core import migrations as runner

    db = database.connect(tmp_path / "part.db", migrate=False)
    sets = database.migration_sets()

    def theirs():
        return [f"{m.name}:{p.name}" for m in sets for p in m.pending(db)]

    assert runner.pending(db, sets) == theirs() != []  # no table yet
    runner.apply(db, sets[:applied_sets])
    assert runner.pending(db, sets) == theirs()
    runner.apply(db, sets)
    assert runner.pending(db, sets) == theirs() == []


def test_write_rolls_back_everything_on_error(db):
    before = db["agents"].count

    def failing(db):
        db["agents"].insert({"kind": "individual", "name": "x", "sector": "social",
                             "district_id": 1, "joined_on": "2020-01-01", "share_code": "ZZ"})
        raise ValueError("boom")

    with pytest.raises(ValueError):
        storage.write(db, failing)
    assert db["agents"].count == before


def test_concurrent_writers_all_land(db_path):
    errors = []

    def worker(n):
        try:
            with database.open_db(db_path) as conn:
                for i in range(25):
                    storage.write(conn, lambda c, i=i: c["submission_log"].insert(
                        {"kind": "t", "client_hash": f"{n}-{i}", "at": 0.0}))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    with database.open_db(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM submission_log WHERE kind='t'").fetchone()[0] == 200


def test_backup_is_a_consistent_copy(db, tmp_path):
    dest = storage.backup(db, tmp_path / "backup.db")
    copy = sqlite3.connect(dest)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM districts").fetchone()[0] == 8


def test_run_script_keeps_the_surrounding_transaction(db):
    with pytest.raises(RuntimeError), db.atomic():
        storage.run_script(db, "CREATE TABLE scratch (x);\nINSERT INTO scratch VALUES (1);")
        raise RuntimeError
    assert not db["scratch"].exists()
