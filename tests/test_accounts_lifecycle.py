"""Account lifecycle: change one's own password, an admin's reset, role changes, lockout; all
audited and no password anywhere in the audit log."""

from __future__ import annotations

import pytest

from network import accounts
from network.accounts import auth
from network.core.errors import NetworkError, PermissionDenied, SignInThrottled, ValidationFailed
from tests.conftest import PASSWORD, app_test


def problems(err: ValidationFailed) -> set[str]:
    return {p.key for p in err.problems}


def test_changing_ones_password_needs_the_current_one_and_two_matching_new_ones(db, staff):
    with pytest.raises(ValidationFailed) as err:
        accounts.change_own_password(db, staff, "wrong", "short", "other")
    assert problems(err.value) == {"accounts.error.current_password_wrong", "error.password_short",
                                   "accounts.error.passwords_differ"}
    with pytest.raises(ValidationFailed) as err:
        accounts.change_own_password(db, staff, PASSWORD, PASSWORD, PASSWORD)
    assert problems(err.value) == {"accounts.error.password_unchanged"}
    auth.authenticate(db, "staff1", PASSWORD)  # nothing changed
    accounts.change_own_password(db, staff, PASSWORD, "brand new secret", "brand new secret")
    with pytest.raises(NetworkError):
        auth.authenticate(db, "staff1", PASSWORD)
    assert auth.authenticate(db, "staff1", "brand new secret").id == staff.id


def test_an_admin_reset_forces_a_change_and_only_admins_may_reset(db, admin, staff):
    with pytest.raises(PermissionDenied):
        accounts.reset_password(db, staff, admin.id, "temporary-123")
    with pytest.raises(ValidationFailed):
        accounts.reset_password(db, admin, staff.id, "short")
    accounts.reset_password(db, admin, staff.id, "temporary-123")
    assert accounts.must_change_password(db, staff.id)
    accounts.change_own_password(db, staff, "temporary-123", "chosen by me", "chosen by me")
    assert not accounts.must_change_password(db, staff.id)


def test_role_changes_are_validated(db, admin, staff, coordinator):
    with pytest.raises(ValidationFailed) as err:
        accounts.change_role(db, admin, staff.id, "coordinator")
    assert problems(err.value) == {"error.coordinator_needs_district"}
    with pytest.raises(ValidationFailed) as err:
        accounts.change_role(db, admin, admin.id, "staff")
    assert problems(err.value) == {"accounts.error.own_role"}
    with pytest.raises(ValidationFailed) as err:
        accounts.change_role(db, admin, staff.id, "agent")
    assert problems(err.value) == {"error.agent_account_needs_agent"}
    accounts.change_role(db, admin, coordinator.id, "staff")
    assert auth.get_user(db, coordinator.id).role == "staff"
    assert auth.get_user(db, coordinator.id).district_ids == frozenset()


def test_repeated_failures_lock_the_account_and_the_lockout_is_audited(db, staff):
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(NetworkError):
            auth.authenticate(db, "staff1", "wrong", "client", now=1000.0 + i)
    with pytest.raises(SignInThrottled):
        auth.authenticate(db, "staff1", PASSWORD, "client", now=1010.0)
    assert db.execute("SELECT count(*) FROM audit_log WHERE verb = 'lockout' "
                      "AND entity_id = ?", [staff.id]).fetchone()[0] == 1


def test_every_lifecycle_event_is_audited_and_no_password_is_written(db, admin, staff,
                                                                     coordinator):
    accounts.reset_password(db, admin, staff.id, "temporary-xyz-1")
    accounts.change_own_password(db, staff, "temporary-xyz-1", "secret-of-mine", "secret-of-mine")
    accounts.change_role(db, admin, coordinator.id, "staff")
    auth.set_active(db, admin, coordinator.id, False)
    auth.set_active(db, admin, coordinator.id, True)
    rows = [tuple(r) for r in db.execute("SELECT user_id, verb, entity_id FROM audit_log "
                                         "WHERE entity = 'users' ORDER BY id")]
    verbs = [v for _, v, _ in rows]
    for verb in ("reset_password", "change_password", "change_role", "disable", "enable"):
        assert verb in verbs
    assert (admin.id, "reset_password", staff.id) in rows
    assert (staff.id, "change_password", staff.id) in rows
    dump = "\n".join(db.conn.iterdump())
    for secret in ("temporary-xyz-1", "secret-of-mine", PASSWORD):
        assert secret not in dump


def test_the_account_pages_work_for_every_role_and_on_an_empty_database(db, admin, staff):
    at = app_test("pages/account.py", user=staff).run()
    assert not at.exception and at.title[0].value == "My account"
    at = app_test("pages/account_admin.py", user=admin).run()
    assert not at.exception and at.title[0].value == "Sessions and passwords"
    at = app_test("pages/account_admin.py", user=staff).run()
    assert at.warning  # not for staff


def test_an_admin_resets_a_password_from_the_page(db, admin, staff):
    at = app_test("pages/account_admin.py", user=admin).run()
    at.selectbox(key="admin_target").set_value(staff.id).run()
    at.text_input(key="admin_temporary").input("short").run()
    at.button[1].click().run()  # the reset form's button
    assert at.error  # too short, translated
    at.text_input(key="admin_temporary").input("temporary-ok-1")
    at.button[1].click().run()
    assert not at.exception
    assert accounts.must_change_password(db, staff.id)
