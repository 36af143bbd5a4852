"""Account helpers for tests: a user row of some role without a usable password, and the
demo accounts as Users."""

from __future__ import annotations

from network.core.permissions import User
from tests.conftest import district_id


def quick_user(db, username: str, role: str, district_numbers=(), agent_id=None) -> User:
    """An account row with an unusable password hash, and its User."""
    ids = frozenset(district_id(db, n) for n in district_numbers)
    with db.atomic():
        user_id = db["users"].insert({"username": username, "password_hash": "!unusable",
                                      "role": role, "agent_id": agent_id}).last_pk
        db["user_districts"].insert_all({"user_id": user_id, "district_id": d} for d in ids)
    return User(user_id, username, role, ids, agent_id)


def demo_user(db, username: str) -> User:
    """One of the demo database's accounts (demo-admin, demo-staff, ...)."""
    from network.accounts import auth

    row = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
    return auth.get_user(db, row[0])
