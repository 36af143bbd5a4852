"""Server-side sessions: an opaque token in the browser's cookie, its SHA-256 in the database.

A token resolves to its account only while the session is neither revoked, nor past its
absolute lifetime, nor idle, and the account is still active; anything else (a forged,
tampered, expired or signed-out token) resolves to nobody.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

from sqlite_utils import Database

from network.accounts import rules, store
from network.core import permissions
from network.core.errors import NotFound
from network.core.permissions import User
from network.core.storage import write


def start(db: Database, user: User, now: float | None = None,
          policy: rules.Policy | None = None) -> str:
    """Open a session for a user who just signed in; returns the token for the cookie."""
    now = time.time() if now is None else now
    policy = policy or rules.policy_from_env()
    token = rules.new_token()

    def insert(db: Database) -> None:
        store.insert_session(db, user.id, rules.token_hash(token), now, policy.lifetime_s)
        permissions.audit(db, user, "sign_in", "users", user.id)

    write(db, insert)
    return token


def resolve(db: Database, token: object, now: float | None = None,
            policy: rules.Policy | None = None) -> User | None:
    """The active account a token stands for, or None; renews the session's last use."""
    from network.accounts import auth

    if not rules.well_formed(token):
        return None
    now = time.time() if now is None else now
    policy = policy or rules.policy_from_env()
    row = store.session_by_hash(db, rules.token_hash(token))  # type: ignore[arg-type]
    if row is None or rules.session_status(row, now, policy) != "ok":
        return None
    user = auth.get_user(db, row["user_id"])
    if user is None:  # disabled (or gone) since: end the session for good
        write(db, lambda d: store.revoke_session(d, row["id"], now, "account_disabled"))
        return None
    if rules.needs_renewal(row, now):
        write(db, lambda d: store.touch_session(d, row["id"], now))
    return user


def end(db: Database, token: object, now: float | None = None) -> None:
    """Sign out: the token stops working at once, in every tab that holds it."""
    if not rules.well_formed(token):
        return
    now = time.time() if now is None else now
    row = store.session_by_hash(db, rules.token_hash(token))  # type: ignore[arg-type]
    if row is None or row["revoked_at"] is not None:
        return

    def revoke(db: Database) -> None:
        store.revoke_session(db, row["id"], now, "signed_out")
        permissions.audit(db, SimpleNamespace(id=row["user_id"]), "sign_out", "users",
                          row["user_id"])

    write(db, revoke)


def revoke_all(db: Database, user_id: int, reason: str, now: float | None = None) -> int:
    """End every session of an account, inside the caller's transaction (disable, role or
    password change)."""
    return store.revoke_user_sessions(db, user_id, time.time() if now is None else now, reason)


def active_sessions(db: Database, actor: User | None, user_id: int | None = None,
                    now: float | None = None) -> list[dict]:
    """Open sessions (an admin sees everyone's; anyone else only their own)."""
    if user_id is None or actor is None or user_id != actor.id:
        permissions.require(actor, "users.manage")
    now = time.time() if now is None else now
    return store.open_sessions(db, now, rules.policy_from_env().idle_s, user_id)


def end_session_by_id(db: Database, actor: User | None, session_id: int,
                now: float | None = None) -> None:
    """End one session: an admin any, a user their own."""
    row = store.session_by_id(db, session_id)
    if row is None:
        raise NotFound()
    if actor is None or row["user_id"] != actor.id:
        permissions.require(actor, "users.manage")
    now = time.time() if now is None else now

    def revoke(db: Database) -> None:
        store.revoke_session(db, session_id, now, "ended_by_admin"
                             if actor and row["user_id"] != actor.id else "ended_by_user")
        permissions.audit(db, actor, "end_session", "users", row["user_id"])

    write(db, revoke)


def end_all_for(db: Database, actor: User | None, user_id: int,
                now: float | None = None) -> int:
    """Admin: end every open session of an account."""
    permissions.require(actor, "users.manage")
    if store.user_row(db, user_id) is None:
        raise NotFound()

    def revoke(db: Database) -> int:
        count = revoke_all(db, user_id, "ended_by_admin", now)
        permissions.audit(db, actor, "end_sessions", "users", user_id)
        return count

    return write(db, revoke)
