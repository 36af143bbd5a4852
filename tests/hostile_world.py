"""The shared world of the hostile-input suites: one database per module with reference data,
an account per role, an agent, an action, an open wave and a quiz version; the input lists;
and the refused-or-stored-verbatim check."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from network import actions, agents, database, reference
from network.accounts import auth
from network.barometer import waves
from network.core import textcheck
from network.quiz import content
from network.setup import initialize
from tests import hostile
from tests.conftest import PASSWORD, district_id
from tests.integrity import attempt

TODAY = date(2025, 6, 1)
TEXT = hostile.ALL  # all 154 inputs through every free-text field
NUMBERS = hostile.WRONG_TYPES_AND_NUMBERS + hostile.SQL_LIKE[:3] + [
    -5, 0, 10**12, 1.5, float("nan"), float("inf"), True, None, [], {}]
DATES = hostile.DATES + ["2024-05-01", date(2025, 2, 28), 20240501, None]


def ids(values):
    return [f"{i}:{repr(v)[:24]}" for i, v in enumerate(values)]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One database for the module: reference data, one account per role, an agent, an open
    wave and a quiz version. Every test checks its own before/after checksum."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with database.open_db(path) as db:
        initialize(db)
    db = database.connect(path)
    admin = auth.create_user(db, None, "h-admin", PASSWORD, "admin", system=True)
    staff = auth.create_user(db, None, "h-staff", PASSWORD, "staff", system=True)
    d1 = district_id(db, 1)
    agent_id = agents.create_agent(db, admin, {
        "kind": "individual", "name": "Ane", "sector": "social", "district_id": d1,
        "joined_on": "2020-01-01"}, today=TODAY)
    action_id = actions.create_action(db, admin, {
        "district_id": d1, "date": "2024-05-01", "type": "workshop", "title": "Base"}, today=TODAY)
    wave_id = waves.create_wave(db, staff, {
        "label": "Base wave", "year": 2025, "fieldwork_start": "2025-01-01",
        "fieldwork_end": "2025-12-31", "mode": "online", "target_per_district": 50})
    waves.set_status(db, staff, wave_id, "open")
    version = content.current_version(db)
    yield SimpleNamespace(db=db, admin=admin, staff=staff, d1=d1, agent_id=agent_id,
                          action_id=action_id, wave_id=wave_id, version=version,
                          barrio=reference.barrios(db, d1)[0]["name"])
    db.close()


def refused_text(sent, limit: int, *, multiline: bool = False, required: bool = True) -> bool:
    """Whether a free-text field must refuse `sent`, by the documented limits (README, "Limits on
    free text"): blank when required, longer than `limit` once trimmed, or a control character
    its kind of field refuses."""
    text = sent.strip() if isinstance(sent, str) else str(sent)
    return (required and not text) or len(text) > limit or textcheck.has_control(text, multiline)


def stored_or_refused(db, write, read, sent, *, trim=True, refused: bool | None = None):
    """The write is refused cleanly, or the value read back is what was sent; with `refused`,
    which of the two is right for this input is checked too."""
    result, err = attempt(db, lambda: write())
    if refused is not None:
        assert (err is not None) == refused, f"{'accepted' if err is None else 'refused'}: {sent!r:.60}"
    if err is None:
        expected = sent.strip() if trim and isinstance(sent, str) else sent
        assert read(result) == expected
    return err
