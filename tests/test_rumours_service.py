"""The rumour catalogue's services: who may do what, validation that changes nothing, merged
rumours keeping their history, close-outs, actions naming rumours, and the command line."""

import hashlib
from datetime import date

import pytest
from click.testing import CliRunner

from network import actions, rumours
from network.accounts import auth
from network.cli import cli
from network.core.errors import NotFound, PermissionDenied, ValidationFailed
from network.rumours import board as rumour_board
from tests.conftest import PASSWORD, district_id

TODAY = date(2025, 6, 15)


def checksum(db) -> str:
    return hashlib.sha256("\n".join(db.conn.iterdump()).encode()).hexdigest()


def rumour_id(db, code: str) -> int:
    return db.execute("SELECT id FROM rumours WHERE code = ?", [code]).fetchone()[0]


def new_rumour(**changes):
    return {"code": "R90", "theme": "labour", "statement_es": "Vienen a quitarnos el trabajo",
            "statement_eu": "", "statement_en": "", "argument_es": "", "argument_eu": "",
            "argument_en": "", "status": "active", "quiz": [], "barometer": []} | changes


def heard(db, number=1, **changes):
    return {"rumour_id": rumour_id(db, "R06"), "new_text": "", "district_id": district_id(db, number),
            "barrio": "", "channel": "street", "heard_on": "2025-06-01",
            "frequency": "often"} | changes


def test_the_shipped_catalogue_is_loaded_with_sources_and_measures(db):
    catalogue = rumours.rumours(db)
    assert len(catalogue) >= 15 and all(r["status"] == "active" for r in catalogue)
    assert {r["theme"] for r in catalogue} >= {"social_health", "trade_taxes", "coexistence",
                                                "labour"}
    assert all(r["statement_es"] and r["statement_eu"] and r["statement_en"] for r in catalogue)
    facts = rumours.facts(db)
    assert all(f["source"] for fs in facts.values() for f in fs)
    assert set(rumours.quiz_codes(db)) >= {c for r in catalogue for c in r["quiz"]}
    assert set(rumours.barometer_codes()) >= {c for r in catalogue for c in r["barometer"]}


def test_shipped_figures_are_the_quiz_items_sourced_figures(db):
    """Every number in a shipped fact appears in the quiz items' evidence (DOMAIN.md's facts),
    or in the primer's table of origins: no figure is invented."""
    import re
    import tomllib

    from tests.conftest import ROOT

    evidence = " ".join(i["evidence"] for i in tomllib.loads(
        (ROOT / "data/quiz/items.toml").read_text())["items"])
    evidence += (" Colombia 14.1 %, Bolivia 8.8 %, Morocco 8.8 %, Nicaragua 6.5 %, Venezuela 5.7 %,"
                 " Romania 4.8 %")
    known = {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", evidence)}
    for fs in rumours.facts(db).values():
        for f in fs:
            for n in re.findall(r"\d[\d,]*(?:\.\d+)?", f["text_en"]):
                assert n.replace(",", "") in known | {"100", "1", "2022-23", "2022", "23"}, (n, f)


def test_staff_add_a_rumour_and_coordinators_only_propose(db, staff, coordinator):
    created = rumours.save_rumour(db, staff, None, new_rumour())
    assert rumours.get_rumour(db, created)["status"] == "active"
    proposed = rumours.save_rumour(db, coordinator, None, new_rumour(code="R91", status="active"))
    assert rumours.get_rumour(db, proposed)["status"] == "proposed"
    with pytest.raises(PermissionDenied):
        rumours.save_rumour(db, coordinator, created, new_rumour(statement_es="cambiado"))
    rumours.set_status(db, staff, proposed, "active")
    assert rumours.get_rumour(db, proposed)["status"] == "active"


@pytest.mark.parametrize("who", ["agent_user", None])
def test_agents_and_the_public_cannot_propose_or_edit(db, request, who):
    user = request.getfixturevalue(who) if who else None
    before = checksum(db)
    with pytest.raises(PermissionDenied):
        rumours.save_rumour(db, user, None, new_rumour())
    with pytest.raises(PermissionDenied):
        rumours.set_status(db, user, rumour_id(db, "R01"), "retired")
    assert checksum(db) == before


def test_a_taken_code_is_refused_and_nothing_changes(db, staff):
    before = checksum(db)
    with pytest.raises(ValidationFailed) as err:
        rumours.save_rumour(db, staff, None, new_rumour(code="r01"))
    assert [p.key for p in err.value.problems] == ["rumours.error.code_taken"]
    assert checksum(db) == before


def test_a_fact_needs_a_source(db, staff):
    before = checksum(db)
    with pytest.raises(ValidationFailed):
        rumours.add_fact(db, staff, rumour_id(db, "R13"), {"text_es": "dato", "source": " "})
    assert checksum(db) == before
    rumours.add_fact(db, staff, rumour_id(db, "R13"), {"text_es": "dato", "source": "x", "year": 2024})
    assert rumours.get_rumour(db, rumour_id(db, "R13"))["facts"][0]["year"] == 2024


def test_staff_define_a_theme(db, staff, coordinator):
    rumours.add_theme(db, staff, "housing", {"es": "Vivienda", "eu": "Etxebizitza", "en": "Housing"})
    assert "housing" in rumours.theme_codes(db)
    with pytest.raises(PermissionDenied):
        rumours.add_theme(db, coordinator, "x", {"es": "x", "eu": "x", "en": "x"})


@pytest.mark.parametrize("who", ["agent_user", "coordinator", "staff"])
def test_agents_coordinators_and_staff_log_a_rumour_heard(db, request, who):
    user = request.getfixturevalue(who)
    heard_id = rumours.report_heard(db, user, heard(db), TODAY)
    row = db["rumour_heard"].get(heard_id)
    assert row["rumour_id"] == rumour_id(db, "R06") and row["channel"] == "street"


def test_the_public_cannot_log_a_rumour_heard(db):
    with pytest.raises(PermissionDenied):
        rumours.report_heard(db, None, heard(db), TODAY)


NOW = 1_750_000_000.0  # 2025-06-15, seconds


def public(db, ref=None, client="client-a", started=NOW - 60, honeypot="", now=NOW, **changes):
    return rumours.report_heard_public(db, heard(db, **changes), client, started, honeypot, ref,
                                       now=now, today=TODAY)


def test_a_resident_reports_through_an_agents_link_and_only_the_agent_is_kept(db):
    from tests.conftest import make_agent

    agent = make_agent(db, 1, "Ane")
    code = db["agents"].get(agent)["share_code"]
    assert public(db, ref=code, new_text="", barrio="") is True
    row = next(db["rumour_heard"].rows)
    assert (row["source"], row["ref_agent_id"], row["reported_by"]) == ("public", agent, None)
    assert public(db, ref="NOPE-unknown", client="client-b") is True  # an unknown code: no agent
    assert public(db, ref="<script>", client="client-c") is True  # a malformed one: the same
    assert [r["ref_agent_id"] for r in db["rumour_heard"].rows] == [agent, None, None]


@pytest.mark.parametrize("guard", [{"honeypot": "http://spam"}, {"started": NOW - 2}])
def test_a_bot_is_thanked_and_nothing_is_stored(db, guard):
    assert public(db, **guard) is False
    assert db["rumour_heard"].count == 0


def test_one_client_is_throttled_after_ten_reports_an_hour_and_others_are_not(db):
    results = [public(db, now=NOW + i) for i in range(12)]
    assert results == [True] * 10 + [False] * 2
    assert public(db, client="client-b", now=NOW + 20) is True
    assert public(db, now=NOW + 3601 + 12) is True  # an hour later
    assert db["rumour_heard"].count == 12


@pytest.mark.parametrize("changes", [
    {"heard_on": "2025-07-01"}, {"barrio": "Zorroza"}, {"channel": "action"},
    {"rumour_id": None, "new_text": ""}, {"district_id": 999},
])
def test_a_bad_public_report_changes_nothing_not_even_the_guards_log(db, changes):
    before = checksum(db)
    with pytest.raises((ValidationFailed, NotFound)):
        public(db, **changes)
    assert checksum(db) == before


def test_a_public_report_counts_on_the_board_like_an_agents(db, coordinator):
    rumours.report_heard(db, coordinator, heard(db), TODAY)
    public(db)
    counts = db.execute("SELECT source, count(*) FROM rumour_heard GROUP BY source").fetchall()
    assert sorted(counts) == [("network", 1), ("public", 1)]
    board = rumour_board.build(db, today=TODAY, measures=False)
    assert board.cells[(rumour_id(db, "R06"), district_id(db, 1))].heard == 2


@pytest.mark.parametrize("changes", [
    {"heard_on": "2025-07-01"}, {"barrio": "Zorroza"}, {"channel": "tv"},
    {"rumour_id": None, "new_text": ""}, {"district_id": 999}, {"district_id": "x"},
])
def test_a_bad_heard_report_changes_nothing(db, coordinator, changes):
    before = checksum(db)
    with pytest.raises((ValidationFailed, NotFound)):
        rumours.report_heard(db, coordinator, heard(db, **changes), TODAY)
    assert checksum(db) == before


def test_a_proposed_rumour_cannot_be_logged_until_accepted(db, staff, coordinator):
    proposed = rumours.save_rumour(db, coordinator, None, new_rumour())
    with pytest.raises(ValidationFailed):
        rumours.report_heard(db, coordinator, heard(db, rumour_id=proposed), TODAY)


def test_a_new_rumour_is_triaged_by_its_districts_coordinator(db, staff, coordinator):
    heard_id = rumours.report_heard(db, staff, heard(db, 2, rumour_id=None,
                                                     new_text="Dicen algo nuevo"), TODAY)
    assert rumours.untriaged(db, [district_id(db, 1)]) == []
    with pytest.raises(PermissionDenied):
        rumours.triage(db, coordinator, heard_id, rumour_id(db, "R01"))
    rumours.triage(db, staff, heard_id, rumour_id(db, "R01"))
    assert db["rumour_heard"].get(heard_id)["rumour_id"] == rumour_id(db, "R01")
    other = rumours.report_heard(db, coordinator, heard(db, 1, rumour_id=None, new_text="Otro"),
                                 TODAY)
    rumours.triage(db, coordinator, other, None)
    assert db["rumour_heard"].get(other)["triage"] == "dismissed"


def test_a_merged_rumour_keeps_its_history(db, staff, coordinator):
    rumours.report_heard(db, coordinator, heard(db), TODAY)
    source, target = rumour_id(db, "R06"), rumour_id(db, "R04")
    with pytest.raises(ValidationFailed):
        rumours.set_status(db, staff, source, "retired", merged_into=source)
    rumours.set_status(db, staff, source, "retired", merged_into=target)
    merged = rumours.get_rumour(db, source)
    assert merged["status"] == "retired" and merged["merged_into"] == target
    board = rumour_board.build(db, today=TODAY)
    row = next(r for r in board.rumours if r["id"] == source)
    assert row["merged_code"] == "R04" and board.totals(source)["heard"] == 1


def action_data(db, **changes):
    return {"district_id": district_id(db, 1), "date": "2025-06-10", "type": "workshop",
            "title": "Taller", "description": "", "place": "", "barrio": "", "lat": None,
            "lon": None, "people_reached": 30, "agent_ids": [], "languages": []} | changes


def test_an_action_names_its_rumours_and_an_unknown_one_changes_nothing(db, coordinator):
    ids = [rumour_id(db, "R01"), rumour_id(db, "R06")]
    action_id = actions.create_action(db, coordinator, action_data(db, rumour_ids=ids), TODAY)
    assert rumours.action_rumour_ids(db, action_id) == sorted(ids)
    assert actions.get_action(db, action_id)["rumour_ids"] == sorted(ids)
    before = checksum(db)
    with pytest.raises(ValidationFailed):
        actions.create_action(db, coordinator, action_data(db, rumour_ids=[9999]), TODAY)
    with pytest.raises(ValidationFailed):
        actions.update_action(db, coordinator, action_id, action_data(db, rumour_ids=[9999]), TODAY)
    assert checksum(db) == before
    actions.update_action(db, coordinator, action_id, action_data(db), TODAY)  # rumours kept
    assert rumours.action_rumour_ids(db, action_id) == sorted(ids)
    actions.update_action(db, coordinator, action_id, action_data(db, rumour_ids=[]), TODAY)
    assert rumours.action_rumour_ids(db, action_id) == []


def test_a_coordinator_closes_out_her_action_and_not_another_districts(db, admin, coordinator):
    mine = actions.create_action(db, coordinator, action_data(db), TODAY)
    other = actions.create_action(db, admin, action_data(db, district_id=district_id(db, 2)), TODAY)
    data = {"attendance": 28, "organisations": "AMPA", "what_worked": "El dato primero",
            "note": "", "heard_ids": [rumour_id(db, "R03")]}
    rumours.close_out(db, coordinator, mine, data, TODAY)
    saved = rumours.closeout(db, mine)
    assert saved["attendance"] == 28 and saved["heard_ids"] == [rumour_id(db, "R03")]
    rumours.close_out(db, coordinator, mine, data | {"heard_ids": []}, TODAY)
    assert rumours.closeout(db, mine)["heard_ids"] == []
    with pytest.raises(PermissionDenied):
        rumours.close_out(db, coordinator, other, data, TODAY)


def test_an_action_in_the_future_cannot_be_closed_out(db, coordinator):
    action_id = actions.create_action(db, coordinator, action_data(db), TODAY)
    before = checksum(db)
    with pytest.raises(ValidationFailed) as err:
        rumours.close_out(db, coordinator, action_id, {"attendance": 1}, date(2025, 6, 1))
    assert "rumours.error.closeout_future" in [p.key for p in err.value.problems]
    assert checksum(db) == before


def test_the_board_is_for_coordinators_and_staff(db, coordinator, agent_user):
    assert rumours.board_for(db, coordinator, today=TODAY).rumours
    with pytest.raises(PermissionDenied):
        rumours.board_for(db, agent_user, today=TODAY)


def test_the_export_and_diagnosis_commands(db_path, db, tmp_path, staff):
    rumours.report_heard(db, staff, heard(db), TODAY)
    runner = CliRunner()
    out = tmp_path / "r.csv"
    result = runner.invoke(cli, ["export", "rumours", "--db", str(db_path), "-o", str(out),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8-sig")
    assert text.startswith("Code,Theme") and "R06" in text
    html = tmp_path / "d.html"
    for args in (["--district", "5", "--lang", "eu"], ["--lang", "en"]):
        result = runner.invoke(cli, ["diagnosis", "--db", str(db_path), *args, "-o", str(html)])
        assert result.exit_code == 0, result.output
        page = html.read_text()
        assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "1. Population profile" in page and "3. Rumours" in page
    result = runner.invoke(cli, ["diagnosis", "--db", str(db_path), "--district", "Atlantis",
                                 "-o", str(html)])
    assert result.exit_code == 1


def test_a_demo_coordinator_account_can_do_the_whole_journey(demo_db):
    """Log a rumour heard, name it in the next action, close that out: the board shows it heard
    and answered in her district."""
    user_id = demo_db.execute("SELECT id FROM users WHERE username = 'demo-coordinator'").fetchone()[0]
    user = auth.get_user(demo_db, user_id)
    assert PASSWORD  # the demo accounts use the demo password, not the test one
    [district] = user.district_ids
    today = date.today()
    target = rumour_id(demo_db, "R14")
    before = rumour_board.build(demo_db, today=today).cells[(target, district)]
    rumours.report_heard(demo_db, user, {"rumour_id": target, "district_id": district,
                                         "channel": "school", "heard_on": today,
                                         "frequency": "sometimes"})
    action_id = actions.create_action(demo_db, user, {
        "district_id": district, "date": today, "type": "school_session", "title": "Sesión",
        "people_reached": 40, "rumour_ids": [target]})
    rumours.close_out(demo_db, user, action_id, {"attendance": 38, "heard_ids": []})
    after = rumour_board.build(demo_db, today=today).cells[(target, district)]
    assert after.heard == before.heard + 1 and after.actions == before.actions + 1
    assert not after.unanswered


def test_an_agent_who_took_part_gives_feedback_on_a_closed_out_action(db, admin, coordinator):
    from tests.conftest import make_agent

    agent_id = make_agent(db, 1, "Ane")
    other_agent = make_agent(db, 1, "Jon")
    agent = auth.create_user(db, None, "ane", PASSWORD, "agent", agent_id=agent_id, system=True)
    other = auth.create_user(db, None, "jon", PASSWORD, "agent", agent_id=other_agent, system=True)
    action_id = actions.create_action(db, coordinator, action_data(db, agent_ids=[agent_id]), TODAY)
    with pytest.raises(ValidationFailed) as err:  # not closed out yet
        rumours.give_feedback(db, agent, action_id, {"went": "well"})
    assert "rumours.error.feedback_not_closed" in [p.key for p in err.value.problems]
    rumours.close_out(db, coordinator, action_id, {"attendance": 10}, TODAY)
    for who in (other, admin, None):
        with pytest.raises(PermissionDenied):
            rumours.give_feedback(db, who, action_id, {"went": "well"})
    with pytest.raises(ValidationFailed):
        rumours.give_feedback(db, agent, action_id, {"went": "great"})
    rumours.give_feedback(db, agent, action_id, {"went": "mixed", "change": "Más tiempo"})
    rumours.give_feedback(db, agent, action_id, {"went": "well", "change": ""})
    summary = rumours.feedback_summary(db, action_id)
    assert summary == {"counts": {"well": 1, "mixed": 0, "badly": 0}, "changes": []}
    assert rumours.feedback_actions(db, agent_id)[0]["went"] == "well"
