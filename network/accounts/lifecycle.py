"""Account lifecycle: change one's own password, an admin's reset (a change is then due at next
sign-in), role changes. Each ends the account's open sessions and is audited (never the
password)."""

from __future__ import annotations

import time

from sqlite_utils import Database

from network.accounts import auth, sessions, store
from network.core import permissions
from network.core.errors import NotFound, Problem, ValidationFailed
from network.core.permissions import User
from network.core.storage import write


def _check_new_password(new: str, field: str = "new_password") -> list[Problem]:
    if len(new or "") < auth.MIN_PASSWORD_LENGTH:
        return [Problem(field, "error.password_short", {"min": auth.MIN_PASSWORD_LENGTH})]
    return []


def must_change_password(db: Database, user_id: int) -> bool:
    """True after an admin's reset, until the account holder chooses a new password."""
    row = store.user_row(db, user_id)
    return bool(row and row["must_change_password"])


def change_own_password(db: Database, user: User | None, current: str, new: str,
                        repeat: str) -> str:
    """Change the signed-in user's password (the current one is required). Every session of
    the account ends; returns a fresh session token for this browser."""
    permissions.require(user, "account.self")
    row = store.user_row(db, user.id)
    if row is None or not row["active"]:
        raise NotFound()
    problems = []
    if not auth.verify_password(row["password_hash"], current or ""):
        problems.append(Problem("current_password", "accounts.error.current_password_wrong"))
    problems += _check_new_password(new)
    if (new or "") != (repeat or ""):
        problems.append(Problem("repeat_password", "accounts.error.passwords_differ"))
    if new and current and new == current:
        problems.append(Problem("new_password", "accounts.error.password_unchanged"))
    if problems:
        raise ValidationFailed(problems)
    password_hash = auth.hash_password(new)

    def update(db: Database) -> None:
        store.set_password(db, user.id, password_hash, must_change=False)
        sessions.revoke_all(db, user.id, "password_changed")
        permissions.audit(db, user, "change_password", "users", user.id)

    write(db, update)
    return sessions.start(db, user)


def reset_password(db: Database, admin: User | None, user_id: int, temporary: str) -> None:
    """Admin: give an account a temporary password; its holder must change it at next
    sign-in. Open sessions end."""
    permissions.require(admin, "users.manage")
    if store.user_row(db, user_id) is None:
        raise NotFound()
    problems = _check_new_password(temporary, "temporary_password")
    if problems:
        raise ValidationFailed(problems)
    password_hash = auth.hash_password(temporary)

    def update(db: Database) -> None:
        store.set_password(db, user_id, password_hash, must_change=True)
        sessions.revoke_all(db, user_id, "password_reset")
        permissions.audit(db, admin, "reset_password", "users", user_id)

    write(db, update)


def change_role(db: Database, admin: User | None, user_id: int, role: str,
                district_ids: list[int] | None = None) -> None:
    """Admin: change an account's role (and a coordinator's districts); its sessions end so
    the new rights apply from the next sign-in."""
    permissions.require(admin, "users.manage")
    row = store.user_row(db, user_id)
    if row is None:
        raise NotFound()
    district_ids = sorted(set(district_ids or []))
    problems = auth.role_problems(role, district_ids, row["agent_id"])
    if admin is not None and user_id == admin.id and role != "admin":
        problems.append(Problem("role", "accounts.error.own_role"))
    known = {r[0] for r in db.execute("SELECT id FROM districts")}
    problems += [Problem("district", "error.unknown_district", {"value": d})
                 for d in district_ids if d not in known]
    if problems:
        raise ValidationFailed(problems)

    def update(db: Database) -> None:
        store.set_role(db, user_id, role, district_ids)
        sessions.revoke_all(db, user_id, "role_changed", time.time())
        permissions.audit(db, admin, "change_role", "users", user_id)

    write(db, update)
