"""Who may do what: every write and export of network/ for every role, every page for every
role, and no personal data of agents on a public page or in a public export.

Roles: public (signed out), agent, coordinator of district A (number 1), staff, admin.
District B is number 2. A refusal is PermissionDenied (or, for an import, the rows of other
districts refused whole) and leaves the database byte-identical.
"""

from __future__ import annotations

import shutil
import time
from datetime import date, datetime
from types import SimpleNamespace

import pytest

import navigation
from network import accounts, actions, agents, contest, database, reference, rumours, training
from network import district as dashboard
from network.accounts import auth
from network.actions import io as action_io
from network.actions import maps
from network.barometer import io as barometer_io
from network.barometer import margins, responses, waves
from network.core.errors import ImportRejected, PermissionDenied
from network.quiz import attempts, content, sharing
from network.quiz import export as quiz_export
from network.rumours import export as rumour_export
from network.setup import initialize
from tests.barometer_data import csv_bytes, fieldwork_rows
from tests.conftest import PASSWORD, app_test
from tests.integrity import checksum

TODAY = date(2025, 6, 1)
ROLES = ("public", "agent", "coordinator", "staff", "admin")
EVERYONE = frozenset(ROLES)
ADMIN = frozenset({"admin"})
STAFF = frozenset({"admin", "staff"})
COORD = frozenset({"admin", "staff", "coordinator"})
AGENT_WRITE = frozenset({"admin", "coordinator"})
AGENT_WRITE_B = ADMIN  # the coordinator of A may not touch district B's agents
ACTION_B = STAFF  # ... nor district B's actions
OWN_A = frozenset({"agent", "coordinator", "admin"})  # the agent themself, A's coordinator, admin


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A small world, built once: accounts of every role, an agent and an action in A and in
    B, an open wave with an import, a margin set. Each test works on a copy."""
    path = tmp_path_factory.mktemp("access") / "template.db"
    with database.open_db(path) as db:
        initialize(db)
        a, b = (db.execute("SELECT id FROM districts WHERE number = ?", [n]).fetchone()[0]
                for n in (1, 2))
        admin = auth.create_user(db, None, "m-admin", PASSWORD, "admin", system=True)
        ids = {"a": a, "b": b}
        for key, district in (("agent_a", a), ("agent_b", b), ("agent_a2", a), ("agent_b2", b)):
            ids[key] = agents.create_agent(db, admin, {
                "kind": "individual", "name": f"Name {key}", "sector": "social",
                "district_id": district, "joined_on": "2020-01-01",
                "contact_email": f"{key}@example.org", "contact_phone": "+34 600 000 000"},
                today=TODAY)
        for key, district in (("action_a", a), ("action_b", b)):
            ids[key] = actions.create_action(db, admin, {
                "district_id": district, "date": "2024-05-01", "type": "workshop",
                "title": f"Title {key}", "agent_ids": [ids["agent_" + key[-1]]]}, today=TODAY)
        auth.create_user(db, None, "m-staff", PASSWORD, "staff", system=True)
        auth.create_user(db, None, "m-coord", PASSWORD, "coordinator", [a], system=True)
        auth.create_user(db, None, "m-agent", PASSWORD, "agent", agent_id=ids["agent_a"],
                         system=True)
        ids["wave"] = waves.create_wave(db, admin, {
            "label": "W", "year": 2025, "fieldwork_start": "2025-01-01",
            "fieldwork_end": "2025-12-31", "mode": "online", "target_per_district": 10})
        ids["import"] = barometer_io.import_csv(db, admin, waves.get_wave(db, ids["wave"]),
                                                csv_bytes(fieldwork_rows(40)), "f.csv").import_id
        waves.set_status(db, admin, ids["wave"], "open")
        margins.set_margins(db, admin, "sex", 2024, {"woman": 100, "man": 90}, "INE")
        rumours.close_out(db, admin, ids["action_a"], {"attendance": 5}, TODAY)
        for key, district in (("heard_a", a), ("heard_b", b)):  # new rumours to triage
            ids[key] = rumours.report_heard(db, admin, {
                "new_text": "nuevo", "district_id": district, "channel": "street",
                "heard_on": "2025-05-01", "frequency": "once"}, TODAY)
        for key, district in (("event_a", a), ("event_b", b)):  # issue 15: the calendar
            ids[key] = training.create_event(db, admin, _event(district), now=EVENT_NOW)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, ids


@pytest.fixture
def world(template, tmp_path):
    path = tmp_path / "access.db"
    shutil.copy(template[0], path)
    db = database.connect(path)
    users = {"public": None}
    for role, name in (("agent", "m-agent"), ("coordinator", "m-coord"), ("staff", "m-staff"),
                       ("admin", "m-admin")):
        uid = db.execute("SELECT id FROM users WHERE username = ?", [name]).fetchone()[0]
        users[role] = auth.get_user(db, uid)
    yield SimpleNamespace(db=db, users=users, **template[1])
    db.close()


def _uid(w, username):
    return w.db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]


def _action(w, district, **extra):
    return {"district_id": district, "date": "2024-06-01", "type": "talk_cafe", "title": "New",
            **extra}


def _agent(w, district, **extra):
    return {"kind": "entity", "name": "New entity", "sector": "cultural", "district_id": district,
            "joined_on": "2022-01-01", **extra}


EVENT_NOW = datetime(2025, 6, 1, 12, 0)
EVENT_HELD = datetime(2025, 7, 1, 19, 0)


def _event(district, **extra):
    return {"kind": "training", "module": 1, "title": "Module 1", "trainer": "T", "hours": 2,
            "district_id": district, "starts_at": "2025-07-01T18:00",
            "ends_at": "2025-07-01T20:00", "place": "Here", "capacity": 10,
            "audience": ["agents"], **extra}


def _actions_file(district_number):
    return (f"date,district,type,title\n2024-06-01,{district_number},workshop,Imported\n").encode()


def _rumour(w, code):
    return w.db.execute("SELECT id FROM rumours WHERE code = ?", [code]).fetchone()[0]


def _heard(w, district, **extra):
    return {"rumour_id": _rumour(w, "R01"), "district_id": district, "channel": "street",
            "heard_on": "2025-05-01", "frequency": "once", **extra}


def _publish(w, u):
    items = content.items_for_version(w.db, content.current_version(w.db))
    return content.publish_version(w.db, u, items, "same items")


# operation -> (roles allowed, the call)
OPERATIONS = {
    # accounts
    "create a user": (ADMIN, lambda w, u: auth.create_user(w.db, u, "new-user", PASSWORD, "staff")),
    "disable a user": (ADMIN, lambda w, u: auth.set_active(
        w.db, u, w.db.execute("SELECT id FROM users WHERE username = 'm-staff'").fetchone()[0],
        False)),
    "reset a password": (ADMIN, lambda w, u: accounts.reset_password(
        w.db, u, _uid(w, "m-staff"), "temporary-123")),
    "change a role": (ADMIN, lambda w, u: accounts.change_role(w.db, u, _uid(w, "m-staff"),
                                                                "staff")),
    "end an account's sessions": (ADMIN, lambda w, u: accounts.end_all_for(
        w.db, u, _uid(w, "m-staff"))),
    "list every open session": (ADMIN, lambda w, u: accounts.active_sessions(w.db, u)),
    "change one's own password": (EVERYONE - {"public"}, lambda w, u: accounts.change_own_password(
        w.db, u, PASSWORD, "another long one", "another long one")),
    # personal data (issue 13): the agent of A is m-agent's own record
    "record consent for the own agent of A": (OWN_A, lambda w, u: accounts.consent.set_consent(
        w.db, u, w.agent_a, "named", False, "email")),
    "record consent for an agent of B": (ADMIN, lambda w, u: accounts.consent.set_consent(
        w.db, u, w.agent_b2, "named", False, "email")),
    "download all data of the own agent of A": (OWN_A, lambda w, u: accounts.rights.export_json(
        w.db, u, w.agent_a, "en")),
    "download all data of an agent of B": (ADMIN, lambda w, u: accounts.rights.export_json(
        w.db, u, w.agent_b2, "en")),
    "erase the own agent of A": (OWN_A, lambda w, u: accounts.rights.erase(w.db, u, w.agent_a)),
    "erase an agent of B": (ADMIN, lambda w, u: accounts.rights.erase(w.db, u, w.agent_b2)),
    "read the personal-data access log": (ADMIN, lambda w, u: accounts.access.log(w.db, u)),
    # reference data
    "set a population": (STAFF, lambda w, u: reference.set_population(w.db, u, w.a, 2024, 5000,
                                                                      "Eustat")),
    "set a foreign-born share": (STAFF, lambda w, u: dashboard.set_foreign_born_share(
        w.db, u, w.a, 2024, 10.0, "INE", today=TODAY)),
    "set the quiz base address": (STAFF, lambda w, u: sharing.set_base_url(
        w.db, u, "https://example.org")),
    # actions
    "log an action in A": (COORD, lambda w, u: actions.create_action(w.db, u, _action(w, w.a),
                                                                     today=TODAY)),
    "log an action in B": (ACTION_B, lambda w, u: actions.create_action(w.db, u, _action(w, w.b),
                                                                        today=TODAY)),
    "edit an action of A": (COORD, lambda w, u: actions.update_action(
        w.db, u, w.action_a, _action(w, w.a), today=TODAY)),
    "edit an action of B": (ACTION_B, lambda w, u: actions.update_action(
        w.db, u, w.action_b, _action(w, w.b), today=TODAY)),
    "move an action from A to B": (ACTION_B, lambda w, u: actions.update_action(
        w.db, u, w.action_a, _action(w, w.b), today=TODAY)),
    "move an action from B to A": (ACTION_B, lambda w, u: actions.update_action(
        w.db, u, w.action_b, _action(w, w.a), today=TODAY)),
    "delete an action of A": (COORD, lambda w, u: actions.delete_action(w.db, u, w.action_a)),
    "delete an action of B": (ACTION_B, lambda w, u: actions.delete_action(w.db, u, w.action_b)),
    "list the agents to link to an action of A": (COORD, lambda w, u: actions.district_agents(
        w.db, u, w.a)),
    "list the agents to link to an action of B": (ACTION_B, lambda w, u: actions.district_agents(
        w.db, u, w.b)),
    "import actions of A": (COORD, lambda w, u: action_io.import_actions(
        w.db, u, _actions_file(1), TODAY)),
    "import actions of B": (ACTION_B, lambda w, u: action_io.import_actions(
        w.db, u, _actions_file(2), TODAY)),
    "export actions of A": (COORD, lambda w, u: action_io.export_actions(w.db, u, "es", [w.a])),
    "export actions of B": (ACTION_B, lambda w, u: action_io.export_actions(w.db, u, "es", [w.b])),
    "export every action one may": (COORD, lambda w, u: action_io.export_actions(w.db, u, "es")),
    # agents
    "add an agent in A": (AGENT_WRITE, lambda w, u: agents.create_agent(w.db, u, _agent(w, w.a),
                                                                        today=TODAY)),
    "add an agent in B": (AGENT_WRITE_B, lambda w, u: agents.create_agent(w.db, u, _agent(w, w.b),
                                                                          today=TODAY)),
    "edit an agent of A": (AGENT_WRITE, lambda w, u: agents.update_agent(
        w.db, u, w.agent_a2, _agent(w, w.a), today=TODAY)),
    "edit an agent of B": (AGENT_WRITE_B, lambda w, u: agents.update_agent(
        w.db, u, w.agent_b2, _agent(w, w.b), today=TODAY)),
    "move an agent from A to B": (AGENT_WRITE_B, lambda w, u: agents.update_agent(
        w.db, u, w.agent_a2, _agent(w, w.b), today=TODAY)),
    "move an agent from B to A": (AGENT_WRITE_B, lambda w, u: agents.update_agent(
        w.db, u, w.agent_b2, _agent(w, w.a), today=TODAY)),
    "deactivate an agent of A": (AGENT_WRITE, lambda w, u: agents.set_agent_active(
        w.db, u, w.agent_a2, False)),
    "deactivate an agent of B": (AGENT_WRITE_B, lambda w, u: agents.set_agent_active(
        w.db, u, w.agent_b2, False)),
    "delete an agent of A": (AGENT_WRITE, lambda w, u: agents.delete_agent(w.db, u, w.agent_a2)),
    "delete an agent of B": (AGENT_WRITE_B, lambda w, u: agents.delete_agent(w.db, u, w.agent_b2)),
    "new share code for an agent of A": (AGENT_WRITE, lambda w, u: agents.regenerate_share_code(
        w.db, u, w.agent_a2)),
    "new share code for an agent of B": (AGENT_WRITE_B, lambda w, u: agents.regenerate_share_code(
        w.db, u, w.agent_b2)),
    "open an agent of B for editing": (AGENT_WRITE_B, lambda w, u: agents.agent_for_edit(
        w.db, u, w.agent_b2)),
    "list the agents of A": (COORD, lambda w, u: agents.list_agents(w.db, u, w.a)),
    "list the agents of B": (STAFF, lambda w, u: agents.list_agents(w.db, u, w.b)),
    "export the agents of A": (AGENT_WRITE, lambda w, u: agents.export_csv(w.db, u, "es",
                                                                           district_id=w.a)),
    "export the agents of B": (AGENT_WRITE_B, lambda w, u: agents.export_csv(w.db, u, "es",
                                                                             district_id=w.b)),
    # district dashboard
    "open the dashboard of A": (COORD, lambda w, u: dashboard.district_dashboard(
        w.db, u, w.a, "month", None, today=TODAY)),
    "open the dashboard of B": (STAFF, lambda w, u: dashboard.district_dashboard(
        w.db, u, w.b, "month", None, today=TODAY)),
    # quiz
    "publish quiz content": (STAFF, _publish),
    "export quiz attempts": (STAFF, lambda w, u: quiz_export.export_for(w.db, u, "en")),
    "record a quiz attempt": (EVERYONE, lambda w, u: attempts.record_attempt(w.db, attempts.Submission(
        token=attempts.new_token(), version_id=content.current_version(w.db), lang="es",
        answers={i.id: i.answer if i.kind == "myth" else i.truth
                 for i in attempts.scoring_items(w.db, content.current_version(w.db))},
        started_at=0.0), "client", now=time.time())),
    # rumours
    "add a rumour to the catalogue": (COORD, lambda w, u: rumours.save_rumour(w.db, u, None, {
        "code": "R99", "theme": "labour", "statement_es": "x"})),
    "edit a catalogue rumour": (STAFF, lambda w, u: rumours.save_rumour(
        w.db, u, _rumour(w, "R01"), {"code": "R01", "theme": "labour", "statement_es": "x",
                                     "status": "active"})),
    "retire a rumour": (STAFF, lambda w, u: rumours.set_status(w.db, u, _rumour(w, "R02"),
                                                               "retired")),
    "add a fact": (STAFF, lambda w, u: rumours.add_fact(w.db, u, _rumour(w, "R13"),
                                                        {"text_es": "x", "source": "y"})),
    "log a rumour heard": (frozenset(ROLES[1:]), lambda w, u: rumours.report_heard(
        w.db, u, _heard(w, w.b), TODAY)),
    "triage a new rumour of A": (COORD, lambda w, u: rumours.triage(
        w.db, u, w.heard_a, _rumour(w, "R01"))),
    "triage a new rumour of B": (STAFF, lambda w, u: rumours.triage(
        w.db, u, w.heard_b, None)),
    "close out an action of A": (COORD, lambda w, u: rumours.close_out(
        w.db, u, w.action_a, {"attendance": 3}, TODAY)),
    "close out an action of B": (ACTION_B, lambda w, u: rumours.close_out(
        w.db, u, w.action_b, {"attendance": 3}, TODAY)),
    "give feedback on an action one took part in": (frozenset({"agent"}), lambda w, u: (
        rumours.give_feedback(w.db, u, w.action_a, {"went": "well"}))),
    "open the rumour board": (COORD, lambda w, u: rumours.board_for(w.db, u, today=TODAY)),
    "export the rumour catalogue": (COORD, lambda w, u: rumour_export.export_csv(w.db, u, "es")),
    # barometer
    "answer the survey": (EVERYONE, lambda w, u: responses.submit_survey(
        w.db, w.wave, {"district_id": w.a, "sex": "man", "age_band": "65+", "born_abroad": "no"},
        {f"q{i:02d}": 4 for i in range(1, 17)}, "client", 0.0, now=time.time())),
    "create a wave": (STAFF, lambda w, u: waves.create_wave(w.db, u, {
        "label": "W2", "year": 2026, "fieldwork_start": "2026-01-01",
        "fieldwork_end": "2026-02-01", "mode": "online", "target_per_district": 10})),
    "close a wave": (STAFF, lambda w, u: waves.set_status(w.db, u, w.wave, "closed")),
    "import fieldwork": (STAFF, lambda w, u: barometer_io.import_csv(
        w.db, u, waves.get_wave(w.db, w.wave), csv_bytes(fieldwork_rows(5, seed=2)).replace(
            b"R0", b"X0"), "g.csv")),
    "delete an import": (STAFF, lambda w, u: barometer_io.delete_import(w.db, u, w.__dict__["import"])),
    "set margins": (STAFF, lambda w, u: margins.set_margins(w.db, u, "sex", 2025,
                                                            {"woman": 10, "man": 9}, "INE")),
    "delete margins": (STAFF, lambda w, u: margins.delete_margins(w.db, u, "sex", 2024)),
    "export barometer microdata": (STAFF, lambda w, u: barometer_io.export_for(
        w.db, u, "microdata", "en")),
    "export barometer estimates": (STAFF, lambda w, u: barometer_io.export_for(
        w.db, u, "estimates", "en")),
    "export barometer tests of change": (STAFF, lambda w, u: barometer_io.export_for(
        w.db, u, "changes", "en")),
    # the short-story contest (its jury role has no account in this matrix: see COVERED)
    "save a contest call": (STAFF, lambda w, u: contest.save_call(w.db, u, {
        "year": 2025, "opens_on": TODAY, "closes_on": TODAY, "age_groups": ["adult"],
        "languages": ["es"], "min_words": 10, "max_words": 100, "winners": 10})),
    # the calendar (issue 15)
    "schedule an event in A": (COORD, lambda w, u: training.create_event(
        w.db, u, _event(w.a), now=EVENT_NOW)),
    "schedule an event in B": (STAFF, lambda w, u: training.create_event(
        w.db, u, _event(w.b), now=EVENT_NOW)),
    "schedule a city-wide event": (STAFF, lambda w, u: training.create_event(
        w.db, u, _event(None, kind="annual_meeting"), now=EVENT_NOW)),
    "change an event of A": (COORD, lambda w, u: training.update_event(
        w.db, u, w.event_a, _event(w.a, capacity=12), now=EVENT_NOW)),
    "change an event of B": (STAFF, lambda w, u: training.update_event(
        w.db, u, w.event_b, _event(w.b, capacity=12), now=EVENT_NOW)),
    "cancel an event of A": (COORD, lambda w, u: training.cancel_event(w.db, u, w.event_a)),
    "cancel an event of B": (STAFF, lambda w, u: training.cancel_event(w.db, u, w.event_b)),
    "sign up for an event of A": (frozenset({"agent"}), lambda w, u: training.sign_up(
        w.db, u, w.event_a, now=EVENT_NOW)),
    "record attendance at an event of A": (COORD, lambda w, u: training.record_attendance(
        w.db, u, w.event_a, [], now=EVENT_HELD)),
    "record attendance at an event of B": (STAFF, lambda w, u: training.record_attendance(
        w.db, u, w.event_b, [], now=EVENT_HELD)),
    "attendance sheet of an event of B": (STAFF, lambda w, u: training.attendance_sheet(
        w.db, u, w.event_b)),
    "certificates of a session of B": (STAFF, lambda w, u: training.session_certificates(
        w.db, u, w.event_b)),
}


def _refused_for_permissions(err: Exception) -> bool:
    if isinstance(err, PermissionDenied):
        return True
    return isinstance(err, ImportRejected) and all(
        p.key == "actions.error.district_not_allowed" for p in err.problems)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_every_write_and_export_is_allowed_or_refused_by_role(world, operation, role):
    allowed, call = OPERATIONS[operation]
    user = world.users[role]
    before = checksum(world.db)
    if role in allowed:
        call(world, user)  # any exception here fails the test
    else:
        with pytest.raises((PermissionDenied, ImportRejected)) as caught:
            call(world, user)
        assert _refused_for_permissions(caught.value), caught.value
        assert checksum(world.db) == before


# capability -> where this file exercises it (a new capability fails the test below)
COVERED = {
    "users.manage": "create/disable a user",
    "reference.edit": "population, foreign-born share, quiz base address",
    "action.write": "actions of A and B, moves, imports", "action.export": "exports of A and B",
    "agent.write": "agents of A and B, moves, share codes", "agent.view": "listings",
    "agent.contacts": "contacts test", "agent.export": "exports of A and B",
    "district.dashboard": "dashboards of A and B", "quiz.share": "page matrix",
    "quiz.results": "page matrix", "quiz.edit": "publish", "quiz.export": "export_for",
    "barometer.manage": "waves, imports, margins", "barometer.view": "page matrix",
    "barometer.export": "export_for", "trends.view": "page matrix (issue 6)",
    "report.build": "page matrix (issue 6)", "recognition.view": "page matrix",
    "a11y.feedback": "test_accessibility.py (the statement's messages, admins only)",
    "rumour.edit": "edit, retire, facts", "rumour.propose": "add a rumour (proposed)",
    "rumour.report": "log a rumour heard", "rumour.triage": "triage of A and B",
    "rumour.board": "board and export",
    "contest.manage": "save a contest call; test_contest_service.py (selection, authors)",
    "contest.judge": "test_contest_service.py and test_contest_pages.py (jurors only, blind)",
    "training.view": "page matrix", "training.signup": "sign up for an event of A",
    "training.manage": "events of A and B", "training.city": "a city-wide event",
    "account.self": "own password", "privacy.manage": "consent, download, erasure of A and B",
    "privacy.audit": "the access log",
}


def test_every_capability_has_a_row_in_this_matrix():
    from network.core.permissions import CAPABILITIES
    assert set(CAPABILITIES) == set(COVERED)


@pytest.mark.parametrize("role", ROLES[1:])
def test_contacts_are_listed_only_for_the_districts_coordinators_and_admins(world, role):
    user = world.users[role]
    if role == "agent":
        with pytest.raises(PermissionDenied):
            agents.list_agents(world.db, user)
        return
    rows = agents.list_agents(world.db, user)
    shown = {r["contact_email"] for r in rows} - {None}
    if role == "staff":
        assert rows and not shown
    elif role == "coordinator":
        assert {r["district_id"] for r in rows} == {world.a} and shown
    else:
        assert len(shown) == 4


# ---------------------------------------------------------------- pages

PAGE_USERS = {"public": None, "agent": "demo-agent", "coordinator": "demo-coordinator",
              "staff": "demo-staff", "admin": "demo-admin"}


def _user(db, role):
    if PAGE_USERS[role] is None:
        return None
    uid = db.execute("SELECT id FROM users WHERE username = ?", [PAGE_USERS[role]]).fetchone()[0]
    return auth.get_user(db, uid)


def _shows_permission_warning(at) -> bool:
    from network.core import i18n
    text = i18n.translate("error.permission_denied", "en")
    return any(w.value == text for w in at.warning)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", [p.path for p in navigation.PAGES])
def test_every_page_renders_for_whom_the_navigation_shows_it_and_refuses_the_others(
        demo_db, page, role):
    user = _user(demo_db, role)
    spec = next(p for p in navigation.PAGES if p.path == page)
    at = app_test(page, lang="en", user=user).run()
    assert not at.exception, at.exception
    if spec.url_path in navigation.visible(user):
        assert not _shows_permission_warning(at), page
    else:
        assert _shows_permission_warning(at), page


# ---------------------------------------------------------------- personal data

def _personal_data(db) -> set[str]:
    values = set()
    for name, email, phone, notes in db.execute(
            "SELECT name, contact_email, contact_phone, notes FROM agents"):
        values |= {v for v in (name, email, phone, notes) if v and len(v) >= 4}
    return values


def _rendered_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text", "info", "warning",
                 "success", "error", "metric", "code", "latex", "json"):
        for el in getattr(at, kind, []):
            parts.append(str(getattr(el, "value", "")))
            parts.append(str(getattr(el, "label", "")))
    for df in list(at.dataframe) + list(at.table):
        parts.append(df.value.to_csv())
    for el in at.get("html"):
        parts.append(el.proto.body)
    for kind in ("selectbox", "multiselect", "radio", "button", "download_button"):
        for el in at.get(kind):
            parts.append(str(el.proto))
    for chart in at.get("arrow_vega_lite_chart"):
        parts.append(str(chart.proto))
    return "\n".join(parts)


PUBLIC_PAGES = [p.path for p in navigation.PAGES if p.capability is None]


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_show_no_agent_name_or_contact(demo_db, page, lang):
    personal = _personal_data(demo_db)
    assert len(personal) > 20  # the demo has named agents with contacts
    ref = demo_db.execute("SELECT share_code FROM agents WHERE active = 1 LIMIT 1").fetchone()[0]
    at = app_test(page, lang=lang, query={"ref": ref}).run()
    assert not at.exception
    text = _rendered_text(at)
    assert text.strip()
    leaked = sorted(v for v in personal if v in text)
    assert not leaked, (page, leaked[:5])


def test_the_public_map_holds_no_agent_name_or_contact(demo_db):
    personal = _personal_data(demo_db)
    districts = reference.districts(demo_db)
    totals = actions.district_totals(demo_db)
    figures = maps.district_figures(districts, totals, reference.latest_populations(demo_db),
                                    "actions", False, "es", True)
    dots = [maps.MapAction(r["lat"], r["lon"], r["title"], r["date"], r["type"],
                           r["people_reached"]) for r in actions.list_actions(demo_db)]
    html = maps.build_map(reference.districts_geojson(demo_db), figures, dots, metric="actions",
                          per_1000=False, lang="es", public=True, tiles=False).get_root().render()
    assert dots
    assert not sorted(v for v in personal if v in html)


def test_public_exports_hold_no_personal_data(demo_db):
    """The only exports anyone signed out can reach are none: every export needs a role."""
    personal = _personal_data(demo_db)
    for call in (lambda: action_io.export_actions(demo_db, None, "es"),
                 lambda: agents.export_csv(demo_db, None, "es"),
                 lambda: quiz_export.export_for(demo_db, None, "es"),
                 lambda: barometer_io.export_for(demo_db, None, "microdata", "es")):
        with pytest.raises(PermissionDenied):
            call()
    # the quiz export (staff) names no agent either: agents appear as ids only
    staff = _user(demo_db, "staff")
    text = quiz_export.export_for(demo_db, staff, "es").decode("utf-8-sig")
    assert not sorted(v for v in personal if v in text)


def test_the_leak_detector_sees_a_name_that_reaches_a_public_page(demo_db):
    """The check above can fail: an agent's name typed into an action title is found."""
    name = demo_db.execute("SELECT name FROM agents WHERE length(name) > 6 LIMIT 1").fetchone()[0]
    with demo_db.conn:
        demo_db.execute("UPDATE actions SET title = ?", [name])
    at = app_test("pages/map.py", lang="es").run()
    assert name in _rendered_text(at)
