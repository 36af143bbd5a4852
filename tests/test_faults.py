"""Concurrency and faults: many writers at once, a process killed inside an import, and an
online backup taken while writers run.

Everything goes through the app's own functions (record_attempt, submit_survey,
import_actions, barometer import_csv, storage.backup), each thread with its own connection,
as Streamlit's sessions have. An exception in any thread is an error that would reach a user.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from network import database
from network.actions import io as action_io
from network.barometer import io as barometer_io
from network.barometer import responses, waves
from network.barometer.instrument import instrument
from network.core import storage
from network.quiz import attempts, content, scoring
from tests.barometer_data import csv_bytes, fieldwork_rows, make_wave
from tests.conftest import ROOT

THREADS = 32
QUIZ_PER_THREAD = 4
SURVEY_PER_THREAD = 2
ACTION_ROWS = 400
BAROMETER_ROWS = 1600


def quiz_submission(db, rng: random.Random) -> attempts.Submission:
    version_id = content.current_version(db)
    items = attempts.scoring_items(db, version_id)
    answers = {i.id: (rng.choice(scoring.CHOICES) if i.kind == "myth"
                      else float(rng.randint(0, 60))) for i in items}
    return attempts.Submission(token=attempts.new_token(), version_id=version_id,
                               lang=rng.choice(["es", "eu", "en"]), answers=answers,
                               started_at=time.time() - 200)


def survey_answers(rng: random.Random, district_id: int) -> tuple[dict, dict]:
    inst = instrument()
    profile = {"district_id": district_id, "sex": rng.choice(["woman", "man"]),
               "age_band": rng.choice(["18-29", "30-44", "45-64", "65+"]),
               "born_abroad": rng.choice(["yes", "no"])}
    return profile, {code: rng.randint(1, 5) for code in inst.codes}


def actions_csv(rows: int) -> bytes:
    lines = ["date,district,barrio,type,title,description,place,lat,lon,people_reached"]
    lines += [f"2024-{m % 12 + 1:02d}-{m % 28 + 1:02d},{m % 8 + 1},,workshop,"
              f"Taller importado {m},,Centro cívico,,,{m % 90}" for m in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def run_all(jobs: list) -> list[BaseException]:
    """Start every job at once (a barrier), wait for all; return the exceptions raised."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(jobs))

    def wrap(job):
        def run():
            try:
                barrier.wait()
                job()
            except BaseException as exc:  # every one is reported by the test
                errors.append(exc)
        return run

    threads = [threading.Thread(target=wrap(job)) for job in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    assert not any(th.is_alive() for th in threads), "a writer hung"
    return errors


def test_thirty_two_writers_during_two_imports_lose_no_row_and_raise_no_error(db, db_path, staff):
    survey_wave = make_wave(db, staff, label="Online", mode="online")
    waves.set_status(db, staff, survey_wave.id, "open")
    import_wave = make_wave(db, staff, label="Fieldwork")
    districts = [r[0] for r in db.execute("SELECT id FROM districts ORDER BY number")]
    action_file = actions_csv(ACTION_ROWS)
    barometer_file = csv_bytes(fieldwork_rows(BAROMETER_ROWS, seed=3))
    before = {t: db[t].count for t in ("quiz_attempts", "quiz_answers", "barometer_responses",
                                       "actions")}
    recorded: list[int] = []
    submitted: list[int] = []
    reads: list[int] = []

    def visitor(seed: int):
        def job():
            rng = random.Random(seed)
            conn = database.connect(db_path)
            try:
                for n in range(max(QUIZ_PER_THREAD, SURVEY_PER_THREAD)):
                    if n < QUIZ_PER_THREAD:
                        result = attempts.record_attempt(conn, quiz_submission(conn, rng),
                                                         f"client-{seed}-{n}", min_seconds=0)
                        recorded.append(result.attempt_id)
                    if n < SURVEY_PER_THREAD:
                        profile, answers = survey_answers(rng, rng.choice(districts))
                        result = responses.submit_survey(
                            conn, survey_wave.id, profile, answers, f"visitor-{seed}-{n}",
                            started_at=time.time() - 300)
                        submitted.append(result.response_id)
            finally:
                conn.close()
        return job

    def import_actions():
        conn = database.connect(db_path)
        try:
            assert action_io.import_actions(conn, None, action_file, system=True) == ACTION_ROWS
        finally:
            conn.close()

    def import_barometer():
        conn = database.connect(db_path)
        try:
            result = barometer_io.import_csv(conn, staff, import_wave, barometer_file, "big.csv")
            assert result.rows == BAROMETER_ROWS
        finally:
            conn.close()

    def reader():
        # What the annual report and the public pages read while the writes go on.
        conn = database.connect(db_path)
        try:
            for lang in ("es", "eu", "en"):
                reads.append(len(barometer_io.estimates_csv(conn, lang)))
                reads.append(len(action_io.export_actions(conn, staff, lang)))
        finally:
            conn.close()

    def report():
        # The annual report is built while the writes go on (it reads every feature's tables).
        from network.report import build_report

        conn = database.connect(db_path)
        try:
            html = build_report(conn, date.today().year, "eu")
            reads.append(len(html))
            assert "<html" in html
        finally:
            conn.close()

    jobs = [visitor(seed) for seed in range(THREADS)] + [import_actions, import_barometer, reader,
                                                         report]
    errors = run_all(jobs)

    assert errors == []
    assert len(recorded) == len(set(recorded)) == THREADS * QUIZ_PER_THREAD
    assert len(submitted) == len(set(submitted)) == THREADS * SURVEY_PER_THREAD
    assert len(reads) == 7
    items = len(attempts.scoring_items(db, content.current_version(db)))
    after = {t: db[t].count for t in before}
    assert after["quiz_attempts"] - before["quiz_attempts"] == THREADS * QUIZ_PER_THREAD
    assert after["quiz_answers"] - before["quiz_answers"] == THREADS * QUIZ_PER_THREAD * items
    assert after["actions"] - before["actions"] == ACTION_ROWS
    assert after["barometer_responses"] - before["barometer_responses"] == (
        THREADS * SURVEY_PER_THREAD + BAROMETER_ROWS)
    assert db.execute("SELECT count(*) FROM barometer_responses WHERE wave_id = ?",
                      [survey_wave.id]).fetchone()[0] == THREADS * SURVEY_PER_THREAD
    assert storage.integrity_check(db) == ["ok"]


# The child process runs the real import; a patch inside the transaction (after every row is
# inserted, before COMMIT) writes how many rows it sees to a marker file and waits forever.
KILLED_IMPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from network import database
    kind, db_file, data_file, marker = sys.argv[1:5]
    db = database.connect(db_file)
    data = Path(data_file).read_bytes()

    def hold(count_sql):
        def pause(*args, **kwargs):
            assert db.conn.in_transaction
            Path(marker).write_text(str(db.execute(count_sql).fetchone()[0]))
            while True:
                time.sleep(1)
        return pause

    if kind == "actions":
        from network.actions import io as action_io
        from network.core import permissions
        real_audit, seen = permissions.audit, []

        def audit(*args, **kwargs):
            seen.append(1)
            if len(seen) == int(sys.argv[5]):
                hold("SELECT count(*) FROM actions")()
            return real_audit(*args, **kwargs)
        permissions.audit = audit
        action_io.import_actions(db, None, data, system=True)
    else:
        from network.barometer import io, waves
        from network.core import events
        # The import announces its responses inside its transaction: pause there.
        events.HANDLERS["responses_changed"] = [hold("SELECT count(*) FROM barometer_responses")]
        io.import_csv(db, None, waves.wave_by_label(db, "Fieldwork"), data, "big.csv",
                      system=True)
    raise SystemExit("the import finished: the hook never ran")
""")


@pytest.mark.parametrize("kind, rows", [("actions", 5000), ("barometer", 20000)])
def test_an_import_killed_inside_its_transaction_leaves_no_trace(db, db_path, staff, tmp_path,
                                                                 kind, rows):
    make_wave(db, staff, label="Fieldwork")
    data = actions_csv(rows) if kind == "actions" else csv_bytes(fieldwork_rows(rows, seed=5))
    data_file, marker = tmp_path / "big.csv", tmp_path / "inside"
    data_file.write_bytes(data)
    table = "actions" if kind == "actions" else "barometer_responses"
    before = db[table].count
    dump_before = "\n".join(db.conn.iterdump())
    db.close()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, kind, str(db_path), str(data_file), str(marker),
         str(rows)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while not (marker.exists() and marker.read_text()):
        assert child.poll() is None, child.stdout.read().decode()
        assert time.monotonic() < deadline, "the import never reached its hook"
        time.sleep(0.05)
    assert int(marker.read_text()) == before + rows  # every row inserted, not yet committed
    os.kill(child.pid, signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL

    reopened = database.connect(db_path)
    try:
        assert [r[0] for r in reopened.execute("PRAGMA integrity_check")] == ["ok"]
        assert storage.integrity_check(reopened) == ["ok"]
        assert reopened[table].count == before
        assert reopened["barometer_imports"].count == 0
        assert "\n".join(reopened.conn.iterdump()) == dump_before
        # And the database still takes the same import afterwards.
        if kind == "actions":
            assert action_io.import_actions(reopened, None, data, system=True) == rows
        else:
            wave = waves.wave_by_label(reopened, "Fieldwork")
            assert barometer_io.import_csv(reopened, None, wave, data, "big.csv",
                                           system=True).rows == rows
        assert reopened[table].count == before + rows
    finally:
        reopened.close()


def committed_attempts(path: Path) -> int:
    conn = database.connect(path)
    try:
        return conn["quiz_attempts"].count
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["library", "cli"])
def test_a_backup_taken_while_writers_run_restores_to_a_consistent_database(
        db, db_path, tmp_path, how):
    db.close()
    stop = threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        conn = database.connect(db_path)
        try:
            n = 0
            while not stop.is_set():
                attempts.record_attempt(conn, quiz_submission(conn, rng), f"w{seed}-{n}",
                                        min_seconds=0)
                written.append(1)
                n += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(s,)) for s in range(8)]
    for th in threads:
        th.start()
    deadline = time.monotonic() + 60
    while len(written) < 200 and time.monotonic() < deadline:
        time.sleep(0.02)
    low = committed_attempts(db_path)
    backup_file = tmp_path / "backup.db"
    try:
        if how == "library":
            conn = database.connect(db_path)
            try:
                storage.backup(conn, backup_file)
            finally:
                conn.close()
        else:
            out = subprocess.run(
                [sys.executable, "-m", "network", "backup", "--db", str(db_path),
                 str(backup_file)], cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert out.returncode == 0, out.stderr
        high = committed_attempts(db_path)
    finally:
        stop.set()
        for th in threads:
            th.join(timeout=60)
    assert errors == []

    restored = tmp_path / "restored.db"
    shutil.copy(backup_file, restored)
    conn = database.connect(restored)
    try:
        assert storage.integrity_check(conn) == ["ok"]
        count = conn["quiz_attempts"].count
        assert low <= count <= high
        items = len(attempts.scoring_items(conn, content.current_version(conn)))
        assert conn["quiz_answers"].count == count * items  # no attempt without its answers
    finally:
        conn.close()
