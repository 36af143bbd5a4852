import pytest

from network.accounts import auth
from network.core.errors import NetworkError, PermissionDenied, SignInThrottled, ValidationFailed
from tests.conftest import PASSWORD, district_id


def test_passwords_are_stored_as_argon2_hashes(db, admin):
    stored = db.execute("SELECT password_hash FROM users WHERE id = ?", [admin.id]).fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert auth.verify_password(stored, PASSWORD)
    assert not auth.verify_password(stored, PASSWORD + "x")
    assert not auth.verify_password("not a hash", PASSWORD)


def test_sign_in_returns_the_user_with_role_and_districts(db, coordinator):
    user = auth.authenticate(db, "coord1", PASSWORD, "c", now=1000.0)
    assert user.role == "coordinator" and user.district_ids == {district_id(db, 1)}


def test_username_is_case_insensitive(db, admin):
    assert auth.authenticate(db, "ADMIN1", PASSWORD, "c", now=1000.0).id == admin.id


@pytest.mark.parametrize("username,password", [
    ("admin1", "wrong password"), ("nobody", PASSWORD), ("", ""), ("admin1", ""),
])
def test_wrong_credentials_fail(db, admin, username, password):
    with pytest.raises(NetworkError) as info:
        auth.authenticate(db, username, password, "c", now=1000.0)
    assert info.value.key == "error.sign_in_failed"


def test_failed_sign_ins_are_throttled_with_growing_delays(db, admin):
    now = 10_000.0
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(NetworkError):
            auth.authenticate(db, "admin1", "bad", "c", now=now + i)
    with pytest.raises(SignInThrottled) as info:
        auth.authenticate(db, "admin1", PASSWORD, "c", now=now + 6)
    assert info.value.params["seconds"] > 0
    # After the delay the right password works again and resets the counter.
    assert auth.authenticate(db, "admin1", PASSWORD, "c", now=now + 40).id == admin.id
    assert auth.throttle_delay(db, "admin1", "c", now + 41) == 0


def test_one_client_guessing_many_usernames_is_throttled(db, admin):
    now = 50_000.0
    for i in range(auth.CLIENT_FAILURES):
        with pytest.raises(NetworkError):
            auth.authenticate(db, f"user{i}", "bad", "attacker", now=now + i)
    with pytest.raises(SignInThrottled):
        auth.authenticate(db, "admin1", PASSWORD, "attacker", now=now + 30)
    assert auth.authenticate(db, "admin1", PASSWORD, "someone-else", now=now + 30)


def test_disabled_accounts_cannot_sign_in(db, admin, staff):
    auth.set_active(db, admin, staff.id, False)
    with pytest.raises(NetworkError):
        auth.authenticate(db, "staff1", PASSWORD, "c", now=1.0)
    assert auth.get_user(db, staff.id) is None


def test_admin_cannot_disable_themselves(db, admin):
    with pytest.raises(NetworkError):
        auth.set_active(db, admin, admin.id, False)


@pytest.mark.parametrize("kwargs,field", [
    ({"username": "with space"}, "username"),
    ({"password": "short"}, "password"),
    ({"role": "king"}, "role"),
    ({"role": "coordinator", "district_ids": []}, "district"),
    ({"role": "staff", "district_ids": [1]}, "district"),
    ({"role": "agent"}, "agent"),
    ({"role": "coordinator", "district_ids": [99]}, "district"),
])
def test_invalid_accounts_are_refused(db, admin, kwargs, field):
    args = {"username": "newuser", "password": PASSWORD, "role": "staff", "district_ids": []}
    args.update(kwargs)
    with pytest.raises(ValidationFailed) as info:
        auth.create_user(db, admin, **args)
    assert field in {p.field for p in info.value.problems}
    assert not db.execute("SELECT 1 FROM users WHERE username = ?", [args["username"]]).fetchone()


def test_duplicate_username_is_refused(db, admin):
    with pytest.raises(ValidationFailed):
        auth.create_user(db, admin, "ADMIN1", PASSWORD, "staff")


@pytest.mark.parametrize("role_fixture", ["staff", "coordinator", "agent_user"])
def test_only_admins_create_accounts(db, request, role_fixture):
    actor = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        auth.create_user(db, actor, "sneaky", PASSWORD, "admin")
    with pytest.raises(PermissionDenied):
        auth.create_user(db, None, "sneaky", PASSWORD, "admin")


def test_list_users_never_exposes_hashes(db, admin, coordinator):
    rows = auth.list_users(db)
    assert {r["username"] for r in rows} == {"admin1", "coord1"}
    assert all("password_hash" not in r for r in rows)


@pytest.fixture
def demo_account(db):
    auth.create_user(db, None, "demo-x", PASSWORD, "coordinator",
                     district_ids=[district_id(db, 1)], system=True, demo=True)
    return "demo-x"


def test_a_demo_account_signs_in_from_this_machine(db, demo_account):
    assert auth.authenticate(db, demo_account, PASSWORD, remote=False).username == demo_account


def test_a_demo_account_is_refused_from_another_machine(db, demo_account, monkeypatch):
    monkeypatch.delenv(auth.ALLOW_REMOTE_DEMO_ENV, raising=False)
    with pytest.raises(NetworkError) as err:
        auth.authenticate(db, demo_account, PASSWORD, remote=True)
    assert err.value.key == "error.demo_account_local_only"


def test_a_wrong_password_for_a_demo_account_says_only_wrong_password(db, demo_account):
    with pytest.raises(NetworkError) as err:
        auth.authenticate(db, demo_account, "not the password", remote=True)
    assert err.value.key == "error.sign_in_failed"


def test_remote_demo_sign_in_needs_an_explicit_setting(db, demo_account, monkeypatch):
    monkeypatch.setenv(auth.ALLOW_REMOTE_DEMO_ENV, "1")
    assert auth.authenticate(db, demo_account, PASSWORD, remote=True).username == demo_account


def test_a_personal_account_signs_in_from_another_machine(db, admin):
    assert auth.authenticate(db, admin.username, PASSWORD, remote=True).id == admin.id
