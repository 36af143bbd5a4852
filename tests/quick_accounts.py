"""Accounts without the cost of argon2 (about 0.3 s per hash on a busy machine), for tests
that only need a signed-in user of some role. Import the fixtures to override conftest's."""

from __future__ import annotations

import pytest

from network.permissions import User
from tests.conftest import district_id, make_agent


def quick_user(db, username: str, role: str, district_numbers=(), agent_id=None) -> User:
    """An account row with an unusable password hash, and its User."""
    ids = frozenset(district_id(db, n) for n in district_numbers)
    with db.atomic():
        user_id = db["users"].insert({"username": username, "password_hash": "!unusable",
                                      "role": role, "agent_id": agent_id}).last_pk
        db["user_districts"].insert_all({"user_id": user_id, "district_id": d} for d in ids)
    return User(user_id, username, role, ids, agent_id)


@pytest.fixture
def admin(db) -> User:
    return quick_user(db, "admin1", "admin")


@pytest.fixture
def staff(db) -> User:
    return quick_user(db, "staff1", "staff")


@pytest.fixture
def coordinator(db) -> User:
    """Coordinator of district 1 only."""
    return quick_user(db, "coord1", "coordinator", [1])


@pytest.fixture
def agent_user(db) -> User:
    return quick_user(db, "agent1", "agent", agent_id=make_agent(db))


def demo_user(db, username: str) -> User:
    """One of the demo database's accounts (demo-admin, demo-staff, ...)."""
    from network import auth

    row = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
    return auth.get_user(db, row[0])
