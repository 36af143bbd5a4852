"""Recording attempts: attribution, the duplicate-submit guard, abuse flags, concurrency."""

import threading

import pytest

from network import database
from network.core import guard, storage
from network.core.errors import ValidationFailed
from network.quiz import attempts, content
from tests.conftest import district_id, make_agent

NOW = 1_750_000_000.0


@pytest.fixture
def items(db):
    return content.items_for_version(db, content.current_version(db))


def answers_for(items, myth="false", estimate=20):
    return {i.id: (myth if i.kind == "myth" else estimate) for i in items}


@pytest.fixture
def sub(db, items):
    def make(**changes):
        fields = dict(token=attempts.new_token(), version_id=content.current_version(db),
                      lang="es", answers=answers_for(items), started_at=NOW - 300)
        fields.update(changes)
        return attempts.Submission(**fields)
    return make


@pytest.fixture
def action_id(db):
    with db.atomic():
        return db["actions"].insert({"district_id": district_id(db, 5), "date": "2025-05-01",
                                     "type": "workshop", "title": "Taller"}).last_pk


def test_an_attempt_and_its_answers_are_stored_together(db, items, sub):
    rec = attempts.record_attempt(db, sub(district_id=district_id(db, 3), age_band="30_44"),
                                  "c1", now=NOW)
    assert rec.created and rec.flags == ()
    row = db.execute("SELECT score, max_score, finished_on, district_id, age_band, flags"
                     " FROM quiz_attempts WHERE id = ?", [rec.attempt_id]).fetchone()
    assert row[0] == rec.score.correct and row[1] == len(items) == 12
    assert row[3] == district_id(db, 3) and row[4] == "30_44" and row[5] == ""
    stored = db.execute("SELECT count(*), sum(correct) FROM quiz_answers WHERE attempt_id = ?",
                        [rec.attempt_id]).fetchone()
    assert stored == (12, rec.score.correct)


def test_submitting_the_same_run_twice_counts_once(db, sub):
    once = sub()
    first = attempts.record_attempt(db, once, "c1", now=NOW)
    again = attempts.record_attempt(db, once, "c1", now=NOW + 1)
    assert first.created and not again.created
    assert again.attempt_id == first.attempt_id
    assert db["quiz_attempts"].count == 1 and db["quiz_answers"].count == 12
    assert db.execute("SELECT count(*) FROM submission_log").fetchone()[0] == 1


def test_the_token_is_unique_in_the_schema_too(db, sub):
    rec = attempts.record_attempt(db, sub(), "c1", now=NOW)
    token = db.execute("SELECT token FROM quiz_attempts WHERE id = ?", [rec.attempt_id]).fetchone()[0]
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        storage.write(db, lambda d: d.execute(
            "INSERT INTO quiz_attempts (token, version_id, lang, started_at, finished_at,"
            " finished_on, score, max_score) VALUES (?, 1, 'es', 0, 0, '2025-01-01', 0, 12)",
            [token]))


def test_a_valid_ref_and_action_attribute_the_attempt(db, sub, action_id):
    agent = make_agent(db, 5)
    code = db.execute("SELECT share_code FROM agents WHERE id = ?", [agent]).fetchone()[0]
    rec = attempts.record_attempt(db, sub(ref=code.lower(), action=str(action_id)), "c1", now=NOW)
    assert (rec.attribution.agent_id, rec.attribution.action_id) == (agent, action_id)
    assert (rec.attribution.ref_status, rec.attribution.action_status) == ("ok", "ok")
    assert db.execute("SELECT agent_id, action_id FROM quiz_attempts").fetchone() == (agent, action_id)


@pytest.mark.parametrize("ref,status", [
    ("NOSUCHCODE", "unknown"),
    ("'; DROP TABLE agents; --", "malformed"),
    ("<script>alert(1)</script>", "malformed"),
    ("A" * 5000, "malformed"),
    ("ÑANDÚ-Ü", "malformed"),
    ("${7*7}", "malformed"),
    ("", "none"),
    (None, "none"),
    (["A", "B"], "malformed"),
])
def test_an_unknown_or_malicious_ref_keeps_the_attempt_unattributed(db, sub, ref, status):
    rec = attempts.record_attempt(db, sub(ref=ref), "c1", now=NOW)
    assert rec.created and rec.attribution.agent_id is None
    assert rec.attribution.ref_status == status
    assert db.execute("SELECT agent_id FROM quiz_attempts").fetchone()[0] is None
    assert db["agents"].exists()


@pytest.mark.parametrize("action,status", [
    ("999999", "unknown"), ("1 OR 1=1", "malformed"), ("-1", "malformed"), ("0", "malformed"),
    ("1e3", "malformed"), ("0x10", "malformed"), ("9" * 40, "malformed"), ("", "none"),
    (3.5, "malformed"),
])
def test_an_unknown_or_malformed_action_keeps_the_attempt_unattributed(db, sub, action, status):
    rec = attempts.record_attempt(db, sub(action=action), "c1", now=NOW)
    assert rec.created and rec.attribution.action_id is None
    assert rec.attribution.action_status == status


@pytest.mark.parametrize("changes,flags", [
    ({"honeypot": "http://spam.example"}, ("honeypot",)),
    ({"started_at": NOW - 5}, ("too_fast",)),
    ({"honeypot": "x", "started_at": NOW - 1}, ("honeypot", "too_fast")),
    ({"honeypot": "   "}, ()),
])
def test_guards_flag_the_attempt_and_keep_it_for_audit(db, sub, changes, flags):
    rec = attempts.record_attempt(db, sub(**changes), "c1", now=NOW)
    assert rec.flags == flags
    assert db.execute("SELECT flags FROM quiz_attempts").fetchone()[0] == ",".join(flags)


def test_the_minimum_time_comes_from_the_settings(db, sub):
    storage.write(db, lambda d: d["settings"].upsert(
        {"key": attempts.MIN_SECONDS_KEY, "value": "2"}, pk="key"))
    assert attempts.record_attempt(db, sub(started_at=NOW - 5), "c1", now=NOW).flags == ()


def test_many_attempts_from_one_client_are_throttled(db, sub):
    flags = [attempts.record_attempt(db, sub(), "same", now=NOW + i).flags
             for i in range(guard.THROTTLE_MAX + 2)]
    assert flags[:guard.THROTTLE_MAX] == [()] * guard.THROTTLE_MAX
    assert flags[-1] == ("throttled",)
    assert attempts.record_attempt(db, sub(), "other", now=NOW + 20).flags == ()


def test_a_class_at_an_action_sharing_one_network_is_not_throttled(db, sub, action_id):
    flags = [attempts.record_attempt(db, sub(action=str(action_id)), "school-wifi",
                                     now=NOW + i).flags for i in range(30)]
    assert flags == [()] * 30


def test_the_raw_client_is_never_stored(db, sub):
    raw = "203.0.113.77"
    attempts.record_attempt(db, sub(), guard.client_hash(db, raw), now=NOW)
    dump = "\n".join(db.conn.iterdump())
    assert raw not in dump


@pytest.mark.parametrize("changes,key", [
    ({"token": "short"}, "quiz.error.token_invalid"),
    ({"lang": "fr"}, "quiz.error.lang_invalid"),
    ({"age_band": "ancient"}, "quiz.error.age_band_invalid"),
    ({"district_id": 999}, "error.unknown_district"),
    ({"answers": {}}, "quiz.error.unanswered"),
])
def test_an_invalid_submission_is_refused_and_changes_nothing(db, sub, changes, key):
    with pytest.raises(ValidationFailed) as err:
        attempts.record_attempt(db, sub(**changes), "c1", now=NOW)
    assert key in [p.key for p in err.value.problems]
    assert db["quiz_attempts"].count == 0 and db["quiz_answers"].count == 0
    assert db["submission_log"].count == 0


def test_concurrent_writers_lose_no_attempt(db, db_path, items):
    version_id = content.current_version(db)
    errors = []
    per_thread, threads = 25, 8

    def worker(n):
        try:
            with database.open_db(db_path) as conn:
                for i in range(per_thread):
                    sub = attempts.Submission(attempts.new_token(), version_id, "eu",
                                              answers_for(items), started_at=NOW - 300)
                    attempts.record_attempt(conn, sub, f"client-{n}-{i}", now=NOW)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert errors == []
    with database.open_db(db_path) as check:
        assert check["quiz_attempts"].count == per_thread * threads
        assert check["quiz_answers"].count == per_thread * threads * len(items)
        assert storage.integrity_check(check) == ["ok"]


def test_the_recording_benchmark_runs_and_loses_nothing():
    # A smoke run of benchmarks/bench_quiz_record.py; its speed is reported, never asserted.
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = subprocess.run([sys.executable, "benchmarks/bench_quiz_record.py", "--attempts", "64",
                          "--threads", "4"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "rows lost:                app 0, baseline 0" in out.stdout, out.stdout + out.stderr
    assert "errors surfaced:          app 0, baseline 0" in out.stdout
