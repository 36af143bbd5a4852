"""Local accounts: argon2 password hashes, roles, and throttled sign-in."""

from __future__ import annotations

import os
import time
import unicodedata
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from network.core.errors import NetworkError, NotFound, Problem, SignInThrottled, ValidationFailed
from network.core.permissions import ROLES, User, audit, require
from network.core.storage import write

HASHER = PasswordHasher()
_DUMMY_HASH = HASHER.hash("not a password anybody has")

MIN_PASSWORD_LENGTH = 8
THROTTLE_WINDOW_S = 15 * 60
FREE_FAILURES = 5  # per username in the window, before delays start
CLIENT_FAILURES = 20  # per client in the window
MAX_DELAY_S = 15 * 60


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _user_from_row(db: Database, row: dict[str, Any]) -> User:
    districts = frozenset(
        r[0] for r in db.execute(
            "SELECT district_id FROM user_districts WHERE user_id = ?", [row["id"]]
        )
    )
    return User(row["id"], row["username"], row["role"], districts, row["agent_id"])


def get_user(db: Database, user_id: int) -> User | None:
    """The active account with this id, or None."""
    rows = list(db.query("SELECT * FROM users WHERE id = ? AND active = 1", [user_id]))
    return _user_from_row(db, rows[0]) if rows else None


def role_problems(role: str, district_ids: list[int], agent_id: int | None) -> list[Problem]:
    """What is wrong with a role for an account: a known role; districts for a coordinator and
    only for one; an agent's account tied to an agent record."""
    problems = []
    if role not in ROLES:
        problems.append(Problem("role", "error.role_unknown", {"role": role}))
    if role == "coordinator" and not district_ids:
        problems.append(Problem("district", "error.coordinator_needs_district"))
    if role != "coordinator" and district_ids:
        problems.append(Problem("district", "error.only_coordinators_have_districts"))
    if role == "agent" and agent_id is None:
        problems.append(Problem("agent", "error.agent_account_needs_agent"))
    return problems


def create_user(
    db: Database,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    district_ids: list[int] | None = None,
    agent_id: int | None = None,
    *,
    demo: bool = False,
    system: bool = False,
) -> User:
    """Create an account. `system=True` is for the CLI and init, run by the server's operator."""
    if not system:
        require(actor, "users.manage")
    username = (username or "").strip()
    district_ids = sorted(set(district_ids or []))
    problems = []
    if not username or len(username) > 64 or any(
            c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in username):
        problems.append(Problem("username", "error.username_invalid"))
    if len(password or "") < MIN_PASSWORD_LENGTH:
        problems.append(Problem("password", "error.password_short", {"min": MIN_PASSWORD_LENGTH}))
    problems += role_problems(role, district_ids, agent_id)
    known = {r[0] for r in db.execute("SELECT id FROM districts")}
    for d in district_ids:
        if d not in known:
            problems.append(Problem("district", "error.unknown_district", {"value": d}))
    if agent_id is not None and not db.execute(
        "SELECT 1 FROM agents WHERE id = ?", [agent_id]
    ).fetchone():
        problems.append(Problem("agent", "error.not_found"))
    if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
        problems.append(Problem("username", "error.username_taken", {"username": username}))
    if problems:
        raise ValidationFailed(problems)
    password_hash = hash_password(password)

    def insert(db: Database) -> int:
        user_id = db["users"].insert(
            {"username": username, "password_hash": password_hash, "role": role,
             "agent_id": agent_id, "demo": int(demo)}
        ).last_pk
        db["user_districts"].insert_all(
            {"user_id": user_id, "district_id": d} for d in district_ids
        )
        audit(db, actor, "create", "users", user_id)
        return user_id

    user_id = write(db, insert)
    return User(user_id, username, role, frozenset(district_ids), agent_id)


def list_users(db: Database) -> list[dict[str, Any]]:
    """Every account with its role and districts (no password hashes)."""
    return [
        dict(r) for r in db.query(
            """SELECT u.id, u.username, u.role, u.active, u.agent_id, u.demo,
                      (SELECT group_concat(d.number, ',') FROM user_districts ud
                       JOIN districts d ON d.id = ud.district_id WHERE ud.user_id = u.id)
                      AS districts
               FROM users u ORDER BY u.role, u.username"""
        )
    ]


def set_active(db: Database, actor: User, user_id: int, active: bool) -> None:
    """Enable or disable an account (admin only; admins cannot disable themselves)."""
    require(actor, "users.manage")
    if user_id == actor.id and not active:
        raise NetworkError("error.cannot_disable_self")
    if not db.execute("SELECT 1 FROM users WHERE id = ?", [user_id]).fetchone():
        raise NotFound()

    def update(db: Database) -> None:
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])
        if not active:  # open sessions end at once (network/accounts/sessions.py)
            from network.accounts import store as account_store

            account_store.revoke_user_sessions(db, user_id, time.time(), "account_disabled")
        audit(db, actor, "enable" if active else "disable", "users", user_id)

    write(db, update)


def _failures_since_success(db: Database, username: str, now: float) -> int:
    return db.execute(
        """SELECT count(*) FROM login_attempts
           WHERE username = ? AND success = 0 AND at > ?
             AND at > coalesce((SELECT max(at) FROM login_attempts
                                WHERE username = ? AND success = 1), 0)""",
        [username, now - THROTTLE_WINDOW_S, username]).fetchone()[0]


def throttle_delay(db: Database, username: str, client: str, now: float) -> float:
    """Seconds the caller must wait before another sign-in attempt (0 when free)."""
    since = now - THROTTLE_WINDOW_S
    user_fails = db.execute(
        """SELECT count(*), max(at) FROM login_attempts
           WHERE username = ? AND success = 0 AND at > ?
             AND at > coalesce((SELECT max(at) FROM login_attempts
                                WHERE username = ? AND success = 1), 0)""",
        [username, since, username],
    ).fetchone()
    client_fails = db.execute(
        "SELECT count(*), max(at) FROM login_attempts WHERE client = ? AND success = 0 AND at > ?",
        [client, since],
    ).fetchone()
    delay = 0.0
    count, last = user_fails
    if count >= FREE_FAILURES:
        wait = min(MAX_DELAY_S, 30 * 2 ** (count - FREE_FAILURES))
        delay = max(delay, last + wait - now)
    count, last = client_fails
    if count >= CLIENT_FAILURES:
        delay = max(delay, last + THROTTLE_WINDOW_S - now)
    return max(0.0, delay)


ALLOW_REMOTE_DEMO_ENV = "ANTIRUMOUR_ALLOW_REMOTE_DEMO"


def remote_demo_allowed() -> bool:
    """Whether demo accounts (whose password is published) may sign in from another machine:
    only when ANTIRUMOUR_ALLOW_REMOTE_DEMO=1 says so, e.g. for a supervised training room."""
    return os.environ.get(ALLOW_REMOTE_DEMO_ENV, "").strip().lower() in ("1", "true", "yes")


def authenticate(
    db: Database, username: str, password: str, client: str = "unknown", now: float | None = None,
    *, remote: bool = False,
) -> User:
    """Check a sign-in; raises SignInThrottled while delayed, NetworkError when it fails.

    `remote` is True when the browser is not on this machine: a demo account is then refused
    (its password is in the README) unless remote_demo_allowed()."""
    now = time.time() if now is None else now
    username = (username or "").strip()
    delay = throttle_delay(db, username, client, now)
    if delay > 0:
        raise SignInThrottled(seconds=int(delay) + 1)
    rows = list(db.query("SELECT * FROM users WHERE username = ? AND active = 1", [username]))
    ok = verify_password(rows[0]["password_hash"] if rows else _DUMMY_HASH, password or "")
    ok = ok and bool(rows)

    def record(db: Database) -> None:
        db["login_attempts"].insert(
            {"username": username, "client": client, "at": now, "success": int(ok)}
        )
        db.execute("DELETE FROM login_attempts WHERE at < ?", [now - 7 * 24 * 3600])
        if not ok and rows and _failures_since_success(db, username, now) == FREE_FAILURES:
            # the failure that starts the lockout (delays) is audited; never the password
            audit(db, None, "lockout", "users", rows[0]["id"])

    write(db, record)
    if not ok:
        raise NetworkError("error.sign_in_failed")
    if remote and rows[0]["demo"] and not remote_demo_allowed():
        raise NetworkError("error.demo_account_local_only")
    return _user_from_row(db, rows[0])
