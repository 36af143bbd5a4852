"""The data subject's rights: an agent's export holds every row about them (checked against the
database by an independent scan); erasure in one transaction leaves no name, e-mail or phone in
any table, keeps the counts, changes nothing when it fails midway; a missing agent is a clear
error, at the command line too."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from network import accounts
from network.accounts import auth, rights
from network.cli import cli
from network.core.errors import NotFound, PermissionDenied
from tests.conftest import app_test


@pytest.fixture
def subject(demo_db):
    """The demo agent account's agent, with a session, a consent change and quiz links."""
    user = next(u for u in auth.list_users(demo_db) if u["username"] == "demo-agent")
    agent = auth.get_user(demo_db, user["id"])
    accounts.start_session(demo_db, agent)
    accounts.consent.set_consent(demo_db, agent, agent.agent_id, "named", False, "self_service")
    row = next(demo_db.query("SELECT * FROM agents WHERE id = ?", [agent.agent_id]))
    return {"user": agent, "id": agent.agent_id, "row": row}


def independent_rows(db, agent_id: int, user_ids: list[int]) -> dict[str, set[int]]:
    """rowids of every table with a column that holds this agent's or their accounts' id,
    found by column name and declared foreign keys (not by the code under test)."""
    out: dict[str, set[int]] = {}
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                               "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlite%'"):
        fks = {fk[3]: fk[2] for fk in db.execute(f"PRAGMA foreign_key_list([{table}])")}
        for col in [c[1] for c in db.execute(f"PRAGMA table_info([{table}])")]:
            target = fks.get(col) or {"agent_id": "agents", "user_id": "users"}.get(col)
            ids = [agent_id] if target == "agents" else user_ids if target == "users" else []
            for value in ids:
                found = {r[0] for r in db.execute(
                    f"SELECT rowid FROM [{table}] WHERE [{col}] = ?", [value])}
                if found:
                    out.setdefault(table, set()).update(found)
    out.setdefault("agents", set()).add(agent_id)
    return out


def test_the_export_holds_every_row_about_the_agent(demo_db, subject):
    expected = independent_rows(demo_db, subject["id"], [subject["user"].id])
    data = json.loads(rights.export_json(demo_db, subject["user"], subject["id"], "en"))
    assert "quiz_attempts" in expected and "action_agents" in expected  # the demo's links
    for table, rowids in expected.items():
        if table == "audit_log":  # the export adds entries *about* them, beyond user_id
            got = {r["id"] for r in data["tables"]["audit_log"]}
            assert rowids <= got
            continue
        # a table without an id column (link tables of any feature) is compared by count
        key = "id" if "id" in demo_db[table].columns_dict else None
        rows = data["tables"].get(table, [])
        if key is None:
            assert len(rows) == len(rowids), table
        else:
            assert {r[key] for r in rows} == rowids, table
    agent = data["tables"]["agents"][0]
    assert agent["name"] == subject["row"]["name"]
    assert agent["contact_email"] == subject["row"]["contact_email"]
    flat = json.dumps(data)
    assert "password_hash" not in flat and "token_hash" not in flat
    assert demo_db.execute("SELECT count(*) FROM audit_log WHERE verb = 'privacy_export' "
                           "AND entity_id = ?", [subject["id"]]).fetchone()[0] == 1


def test_the_csv_export_is_in_the_agents_language(demo_db, subject):
    data = rights.export_csv(demo_db, subject["user"], subject["id"], "eu")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Atala", "Errenkada", "Eremua", "Balioa"]
    assert any(r[0] == "Agentearen fitxa" and r[2] == "name" for r in rows)


def test_only_the_agent_their_coordinators_and_admins_export_or_erase(demo_db, subject):
    other = demo_db.execute("SELECT id FROM agents WHERE id != ? LIMIT 1",
                            [subject["id"]]).fetchone()[0]
    with pytest.raises(PermissionDenied):
        rights.export_json(demo_db, subject["user"], other, "en")
    with pytest.raises(PermissionDenied):
        rights.erase(demo_db, subject["user"], other)
    with pytest.raises(NotFound):
        rights.export_json(demo_db, None, 999999, "en", system=True)
    with pytest.raises(NotFound):
        rights.erase(demo_db, None, 999999, system=True)


def every_text(db) -> str:
    return "\n".join(db.conn.iterdump())


def test_erasure_removes_name_email_phone_everywhere_and_keeps_the_counts(demo_db, subject):
    row = subject["row"]
    # the person's name typed into an action's description is scrubbed too
    action = demo_db.execute("SELECT action_id FROM action_agents WHERE agent_id = ? LIMIT 1",
                             [subject["id"]]).fetchone()[0]
    other = demo_db.execute("SELECT id FROM actions WHERE id NOT IN (SELECT action_id FROM "
                            "action_agents WHERE agent_id = ?) LIMIT 1", [subject["id"]]).fetchone()[0]
    upper = row["name"].upper()
    with demo_db.atomic():
        demo_db.execute("UPDATE actions SET description = ? WHERE id = ?",
                        [f"Con {row['name']} en la mesa", action])
        # ... and wherever else someone typed it: an action they were not part of, a rumour
        # heard, a training session, in capitals, with their e-mail, phone and user name
        demo_db.execute("UPDATE actions SET description = ? WHERE id = ?",
                        [f"Llamad a {upper} ({row['contact_phone']}, demo-agent)", other])
        demo_db.execute("UPDATE rumour_heard SET new_text = ? WHERE id = (SELECT min(id) FROM "
                        "rumour_heard WHERE new_text != '')", [f"Lo oyó {row['contact_email']}"])
        demo_db.execute("UPDATE events SET description = ? WHERE id = (SELECT min(id) FROM events)",
                        [f"Imparte: {row['name']}."])
    kept = demo_db.execute("SELECT description FROM actions WHERE id = ?", [action]).fetchone()[0]
    counts = [demo_db.execute(sql).fetchone()[0] for sql in (
        "SELECT count(*) FROM actions", "SELECT count(*) FROM action_agents",
        "SELECT count(*) FROM quiz_attempts", "SELECT sum(people_reached) FROM actions")]
    taken = demo_db.execute("SELECT count(*) FROM action_agents WHERE agent_id = ?",
                            [subject["id"]]).fetchone()[0]
    rights.erase(demo_db, subject["user"], subject["id"])
    dump = every_text(demo_db)
    for value in (row["name"], upper, row["contact_email"], row["contact_phone"], "demo-agent"):
        assert value not in dump, value
    assert kept.replace(row["name"], "[…]") == demo_db.execute(
        "SELECT description FROM actions WHERE id = ?", [action]).fetchone()[0]
    assert demo_db.execute("SELECT description FROM events WHERE id = (SELECT min(id) FROM "
                           "events)").fetchone()[0] == "Imparte: […]."
    assert counts == [demo_db.execute(sql).fetchone()[0] for sql in (
        "SELECT count(*) FROM actions", "SELECT count(*) FROM action_agents",
        "SELECT count(*) FROM quiz_attempts", "SELECT sum(people_reached) FROM actions")]
    assert demo_db.execute("SELECT count(*) FROM action_agents WHERE agent_id = ?",
                           [subject["id"]]).fetchone()[0] == taken
    assert demo_db.execute("SELECT count(*) FROM account_sessions WHERE user_id = ?",
                           [subject["user"].id]).fetchone()[0] == 0
    assert auth.get_user(demo_db, subject["user"].id) is None  # the account is closed
    entry = next(demo_db.query("SELECT * FROM audit_log WHERE verb = 'erase'"))
    assert (entry["entity"], entry["entity_id"]) == ("agents", subject["id"])


def test_a_failure_midway_through_erasure_changes_nothing(demo_db, subject, monkeypatch):
    before = every_text(demo_db)

    def boom(db, agent_id):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rights, "_anonymise_accounts", boom)
    with pytest.raises(RuntimeError):
        rights.erase(demo_db, subject["user"], subject["id"])
    assert every_text(demo_db) == before


def test_the_command_line_exports_and_erases(demo_db_path, tmp_path):
    runner = CliRunner()
    db = ["--db", str(demo_db_path)]
    out = tmp_path / "agent.json"
    result = runner.invoke(cli, ["privacy", "export", "--agent", "1", "-o", str(out), *db])
    assert result.exit_code == 0, result.output
    name = json.loads(out.read_text())["tables"]["agents"][0]["name"]
    result = runner.invoke(cli, ["privacy", "export", "--agent", "1", *db])
    assert json.loads(result.stdout)["tables"]["agents"][0]["name"] == name
    result = runner.invoke(cli, ["privacy", "erase", "--agent", "1", *db], input="n\n")
    assert result.exit_code != 0  # declined: nothing erased
    result = runner.invoke(cli, ["privacy", "erase", "--agent", "1", "--yes", *db])
    assert result.exit_code == 0 and "Erased agent 1" in result.output
    result = runner.invoke(cli, ["privacy", "export", "--agent", "1", *db])
    assert name not in result.stdout
    for command in (["export"], ["erase", "--yes"]):
        result = runner.invoke(cli, ["privacy", *command, "--agent", "424242", *db])
        assert result.exit_code == 1
        assert "Error: There is no agent with id 424242." in result.output


def test_an_agent_downloads_their_data_and_erases_it_from_my_account(demo_db, subject):
    at = app_test("pages/account.py", user=subject["user"]).run()
    at.button(key="mine_prepare").click().run()
    assert not at.exception
    assert json.loads(at.session_state["mine_json"])["agent_id"] == subject["id"]
    at.checkbox(key="mine_erase_sure").check().run()
    at.button(key="mine_erase").click().run()
    assert not at.exception
    assert subject["row"]["name"] not in every_text(demo_db)
