"""Server-side sessions: token hashing, lifetime, idle timeout, renewal, revocation (sign-out,
disable, role and password change), forged and tampered tokens, the cookie's script."""

from __future__ import annotations

import hashlib

import pytest

from network import accounts
from network.accounts import auth, rules, sessions, store
from network.core.errors import PermissionDenied
from tests.conftest import PASSWORD, app_test

POLICY = rules.Policy(lifetime_s=8 * 3600, idle_s=30 * 60)
T0 = 1_800_000_000.0


def test_the_token_is_256_random_bits_and_only_its_sha256_is_stored(db, staff):
    token = sessions.start(db, staff, now=T0, policy=POLICY)
    assert rules.well_formed(token) and len(token) == 43
    assert token != sessions.start(db, staff, now=T0, policy=POLICY)
    stored = [r[0] for r in db.execute("SELECT token_hash FROM account_sessions")]
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert token not in stored
    dump = "\n".join(db.conn.iterdump())
    assert token not in dump


def test_a_token_resolves_to_its_account_until_the_absolute_lifetime(db, staff):
    token = sessions.start(db, staff, now=T0, policy=POLICY)
    for minutes in range(0, 8 * 60, 20):  # used every 20 minutes: never idle
        assert sessions.resolve(db, token, T0 + minutes * 60, POLICY).id == staff.id
    assert sessions.resolve(db, token, T0 + 8 * 3600, POLICY) is None


def test_idle_for_the_timeout_signs_out_and_use_renews(db, staff):
    token = sessions.start(db, staff, now=T0, policy=POLICY)
    assert sessions.resolve(db, token, T0 + 29 * 60, POLICY) is not None  # renews
    assert sessions.resolve(db, token, T0 + 58 * 60, POLICY) is not None  # 29 min after use
    assert sessions.resolve(db, token, T0 + 58 * 60 + 30 * 60, POLICY) is None


def test_the_policy_comes_from_the_environment_with_safe_defaults():
    assert rules.policy_from_env({}) == rules.Policy(8 * 3600, 30 * 60)
    assert rules.policy_from_env({rules.LIFETIME_ENV: "2", rules.IDLE_ENV: "5"}) == \
        rules.Policy(7200, 300)
    assert rules.policy_from_env({rules.LIFETIME_ENV: "x", rules.IDLE_ENV: "-1"}) == \
        rules.Policy(8 * 3600, 30 * 60)


@pytest.mark.parametrize("forged", [
    None, "", "x", "a" * 43, "a" * 44, "' OR 1=1 --" + "a" * 32, "ä" * 43, 12345,
])
def test_forged_tokens_resolve_to_nobody(db, staff, forged):
    sessions.start(db, staff, now=T0, policy=POLICY)
    assert sessions.resolve(db, forged, T0, POLICY) is None


def test_a_tampered_token_resolves_to_nobody(db, staff):
    token = sessions.start(db, staff, now=T0, policy=POLICY)
    for i in (0, 21, 42):
        flipped = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]
        assert sessions.resolve(db, flipped, T0, POLICY) is None
    # the stored hash used as a token is not a token either
    stored = db.execute("SELECT token_hash FROM account_sessions").fetchone()[0]
    assert sessions.resolve(db, stored, T0, POLICY) is None


def test_sign_out_revokes_the_token_for_every_tab(db, staff):
    token = sessions.start(db, staff, now=T0, policy=POLICY)
    other = sessions.start(db, staff, now=T0, policy=POLICY)  # another browser
    sessions.end(db, token, now=T0 + 60)
    assert sessions.resolve(db, token, T0 + 61, POLICY) is None  # reused after sign-out
    assert sessions.resolve(db, other, T0 + 61, POLICY) is not None
    verbs = [r[0] for r in db.execute("SELECT verb FROM audit_log WHERE entity = 'users'")]
    assert "sign_in" in verbs and "sign_out" in verbs


def test_disabling_an_account_ends_its_sessions(db, admin, staff):
    token = sessions.start(db, staff, policy=POLICY)
    auth.set_active(db, admin, staff.id, False)
    assert sessions.resolve(db, token, policy=POLICY) is None
    auth.set_active(db, admin, staff.id, True)
    assert sessions.resolve(db, token, policy=POLICY) is None  # re-enabling does not revive it
    row = db.execute("SELECT revoked_reason FROM account_sessions").fetchone()
    assert row[0] == "account_disabled"


def test_a_disabled_account_is_signed_out_even_if_disabled_behind_the_apps_back(db, staff):
    token = sessions.start(db, staff, policy=POLICY)
    with db.atomic():
        db.execute("UPDATE users SET active = 0 WHERE id = ?", [staff.id])
    assert sessions.resolve(db, token, policy=POLICY) is None


def test_a_role_change_and_a_password_change_end_sessions(db, admin, staff, coordinator):
    token = sessions.start(db, coordinator, policy=POLICY)
    accounts.change_role(db, admin, coordinator.id, "staff")
    assert sessions.resolve(db, token, policy=POLICY) is None
    first = sessions.start(db, staff, policy=POLICY)
    second = sessions.start(db, staff, policy=POLICY)
    fresh = accounts.change_own_password(db, staff, PASSWORD, "a new long password",
                                         "a new long password")
    assert sessions.resolve(db, first, policy=POLICY) is None
    assert sessions.resolve(db, second, policy=POLICY) is None
    assert sessions.resolve(db, fresh, policy=POLICY).id == staff.id


def test_admins_see_and_end_sessions_others_only_their_own(db, admin, staff, coordinator):
    sessions.start(db, staff, policy=POLICY)
    token = sessions.start(db, coordinator, policy=POLICY)
    assert {r["username"] for r in accounts.active_sessions(db, admin)} == {"staff1", "coord1"}
    assert [r["username"] for r in accounts.active_sessions(db, staff, staff.id)] == ["staff1"]
    with pytest.raises(PermissionDenied):
        accounts.active_sessions(db, staff)
    with pytest.raises(PermissionDenied):
        accounts.end_all_for(db, staff, coordinator.id)
    assert "token_hash" not in accounts.active_sessions(db, admin)[0]
    assert accounts.end_all_for(db, admin, coordinator.id) == 1
    assert sessions.resolve(db, token, policy=POLICY) is None


def test_the_cookie_script_is_strict_secure_on_https_and_clears_only_its_own_token():
    token = rules.new_token()
    script = rules.cookie_script("set", token, "/", 28800)
    assert "SameSite=Strict" in script and 'location.protocol==="https:"?"; Secure"' in script
    assert f'"{token}"' in script and "Max-Age=28800" in script
    clear = rules.cookie_script("clear", token, "/", 0)
    assert "Max-Age=0" in clear and "indexOf" in clear
    hostile = rules.cookie_script("clear", '"</script><script>alert(1)//', "/", 0)
    assert "</script>" not in hostile and "<script>" not in hostile
    with pytest.raises(ValueError):
        rules.cookie_script("set", "not a token", "/", 60)


def test_old_ended_sessions_are_forgotten(db, staff):
    sessions.start(db, staff, now=T0, policy=POLICY)
    with db.atomic():
        assert store.delete_old_sessions(db, T0 + 9 * 3600) == 1


def test_the_app_signs_in_with_a_session_and_a_revoked_session_signs_the_tab_out(db, staff):
    at = app_test(user=staff).run()
    assert any("staff1" in m.value for m in at.sidebar.markdown)
    sessions.end(db, at.session_state["auth_token"])  # signed out in another tab
    at.run()
    assert not any("staff1" in m.value for m in at.sidebar.markdown)
    assert at.session_state["auth_token"] is None


def test_a_reset_password_must_be_changed_before_anything_else(db, admin, staff):
    accounts.reset_password(db, admin, staff.id, "temporary-pass-1")
    user = auth.authenticate(db, "staff1", "temporary-pass-1")
    at = app_test(user=user).run()
    assert at.title[0].value == "Choose a new password"
    at.text_input(key="password_gate_current").input("temporary-pass-1")
    at.text_input(key="password_gate_new").input("my own pass phrase")
    at.text_input(key="password_gate_repeat").input("my own pass phrase")
    at.button[0].click().run()
    assert not at.exception
    assert not accounts.must_change_password(db, staff.id)
    assert at.title[0].value != "Choose a new password"
    auth.authenticate(db, "staff1", "my own pass phrase")
