"""Retention: contacts and notes of agents inactive for longer than the period, and client
fingerprints past their throttling purpose, go (a dry run first); the personal-data access log."""

from __future__ import annotations

import csv
import io
import time
from datetime import date

import pytest
from click.testing import CliRunner

from network.accounts import access, retention, rules
from network.cli import cli
from network.core import guard
from network.core.errors import PermissionDenied
from tests.conftest import app_test, district_id, make_agent

TODAY = date(2026, 6, 1)


def contacts(db, agent_id):
    return tuple(db.execute("SELECT contact_email, contact_phone, notes FROM agents WHERE id = ?",
                            [agent_id]).fetchone())


@pytest.fixture
def agents_by_activity(db):
    """Agents whose last activity is an action 4 years ago, an action last year, a recent
    join, and a recent change of their record."""
    ids = {}
    for label, joined, action, updated in (
            ("old", "2015-01-01", "2022-03-01", None),
            ("recent_action", "2015-01-01", "2025-09-01", None),
            ("recent_join", "2024-01-01", None, None),
            ("recent_update", "2015-01-01", None, "2025-12-01T10:00:00")):
        agent_id = make_agent(db, 1, f"Agent {label}")
        with db.atomic():
            db.execute("""UPDATE agents SET joined_on = ?, updated_at = ?, contact_email = ?,
                          contact_phone = '600', notes = 'note' WHERE id = ?""",
                       [joined, updated, f"{label}@example.org", agent_id])
            if action:
                a = db["actions"].insert({"district_id": district_id(db, 1), "date": action,
                                          "type": "workshop", "title": "T"}).last_pk
                db["action_agents"].insert({"action_id": a, "agent_id": agent_id})
        ids[label] = agent_id
    return ids


def test_a_dry_run_changes_nothing_and_apply_purges_only_the_inactive(db, agents_by_activity):
    dry = retention.purge(db, TODAY, 3)
    assert dry.agents == [agents_by_activity["old"]] and not dry.applied
    assert contacts(db, agents_by_activity["old"]) == ("old@example.org", "600", "note")
    done = retention.purge(db, TODAY, 3, apply=True)
    assert done.agents == [agents_by_activity["old"]]
    assert contacts(db, agents_by_activity["old"]) == (None, None, None)
    for label in ("recent_action", "recent_join", "recent_update"):
        assert contacts(db, agents_by_activity[label])[0] == f"{label}@example.org"
    assert retention.purge(db, TODAY, 3).agents == []  # nothing left to do
    assert retention.purge(db, TODAY, 1).agents == [agents_by_activity["recent_join"]]


def test_client_fingerprints_go_once_their_throttling_purpose_is_over(demo_db):
    now = time.time()
    old_attempts = demo_db.execute(
        "SELECT count(*) FROM quiz_attempts WHERE client_hash IS NOT NULL AND finished_at < ?",
        [now - guard.THROTTLE_WINDOW_S]).fetchone()[0]
    with demo_db.atomic():
        demo_db.execute("INSERT INTO submission_log (kind, client_hash, at) VALUES "
                        "('quiz', 'x', ?), ('quiz', 'y', ?)", [now - 7200, now - 60])
    result = retention.purge(demo_db, apply=True, now=now)
    assert result.quiz_fingerprints == old_attempts > 0
    assert result.submission_log >= 1
    assert demo_db.execute("SELECT count(*) FROM quiz_attempts WHERE client_hash IS NOT NULL "
                           "AND finished_at < ?", [now - guard.THROTTLE_WINDOW_S]
                           ).fetchone()[0] == 0
    assert [r[0] for r in demo_db.execute("SELECT client_hash FROM submission_log")] == ["y"]


def test_the_retention_cutoff_handles_leap_days():
    assert rules.retention_cutoff(date(2028, 2, 29), 3) == date(2025, 2, 28)
    with pytest.raises(ValueError):
        rules.retention_cutoff(TODAY, 0)


def test_purge_at_the_command_line_is_a_dry_run_unless_applied(db_path, db, agents_by_activity):
    runner = CliRunner()
    result = runner.invoke(cli, ["privacy", "purge", "--db", str(db_path)])
    assert result.exit_code == 0 and "dry run" in result.output
    assert contacts(db, agents_by_activity["old"])[0] == "old@example.org"
    result = runner.invoke(cli, ["privacy", "purge", "--apply", "--db", str(db_path)])
    assert result.exit_code == 0 and result.output.startswith("Deleted")
    assert contacts(db, agents_by_activity["old"]) == (None, None, None)
    assert runner.invoke(cli, ["privacy", "purge", "--years", "0", "--db", str(db_path)]
                         ).exit_code != 0


def test_the_access_log_records_views_exports_changes_and_erasures(db, admin, coordinator,
                                                                   staff):
    agent_id = make_agent(db, 1, "Logged Person")
    with db.atomic():
        db.execute("UPDATE agents SET contact_email = 'p@example.org' WHERE id = ?", [agent_id])
    at = app_test("pages/agents.py", user=coordinator).run()
    assert not at.exception
    at.run()  # a rerun within ten minutes is not a second view
    from network.accounts import rights
    rights.export_json(db, coordinator, agent_id, "en")
    rights.erase(db, coordinator, agent_id)
    rows = access.log(db, admin)
    mine = [(r["username"], r["verb"]) for r in rows if r["username"] == "coord1"]
    assert mine.count(("coord1", "view_contacts")) == 1
    assert ("coord1", "privacy_export") in mine and ("coord1", "erase") in mine
    with pytest.raises(PermissionDenied):
        access.log(db, staff)
    data = access.log_csv(db, admin, "es")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][0] == "Fecha y hora (UTC)"
    assert any(r[2] == "Borró" for r in table[1:])
    assert "Logged Person" not in data.decode("utf-8-sig")


def test_the_access_log_page_for_admins_only(db, admin, staff):
    at = app_test("pages/access_log.py", user=admin).run()
    assert not at.exception and at.title[0].value == "Personal data access log"
    assert app_test("pages/access_log.py", user=staff).run().warning


@pytest.mark.parametrize("lang", ["es", "eu", "en"])
def test_the_privacy_notice_is_public_in_every_language(empty_db_path, lang):
    from network.core import i18n

    at = app_test("pages/privacy.py", lang=lang).run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("accounts.notice.title", lang)
    assert len(at.subheader) == 7


def test_the_quiz_survey_and_sign_in_link_to_the_privacy_notice(demo_db_path):
    for page in ("app.py", "pages/quiz.py", "pages/survey.py"):
        at = app_test(page).run()
        texts = [m.value for m in at.markdown] + [m.value for m in at.sidebar.markdown]
        assert any("(./privacy?lang=en)" in t for t in texts), page
