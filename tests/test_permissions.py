import pytest

from network.core import permissions
from network.core.errors import PermissionDenied
from network.core.permissions import CAPABILITIES, DISTRICT_SCOPED, User

ADMIN = User(1, "a", "admin")
STAFF = User(2, "s", "staff")
COORD = User(3, "c", "coordinator", frozenset({1}))
AGENT = User(4, "g", "agent", agent_id=7)
USERS = {"public": None, "admin": ADMIN, "staff": STAFF, "coordinator": COORD, "agent": AGENT}


@pytest.mark.parametrize("capability", sorted(CAPABILITIES))
@pytest.mark.parametrize("who", sorted(USERS))
def test_every_role_against_every_capability(capability, who):
    user = USERS[who]
    expected = who != "public" and user.role in CAPABILITIES[capability]
    assert permissions.allowed(user, capability) is expected


@pytest.mark.parametrize("capability", sorted(DISTRICT_SCOPED))
def test_coordinators_hold_district_capabilities_only_in_their_districts(capability):
    if "coordinator" not in CAPABILITIES[capability]:
        pytest.skip("not a coordinator capability")
    assert permissions.allowed(COORD, capability, 1)
    assert not permissions.allowed(COORD, capability, 2)
    with pytest.raises(PermissionDenied):
        permissions.require(COORD, capability, 2)


def test_the_public_can_write_nothing():
    for capability in CAPABILITIES:
        assert not permissions.allowed(None, capability)


def test_personal_contacts_are_never_for_staff_agents_or_the_public():
    for user in (None, STAFF, AGENT):
        assert not permissions.allowed(user, "agent.contacts", 1)


def test_unknown_capability_is_a_programming_error():
    with pytest.raises(KeyError):
        permissions.allowed(ADMIN, "nuke")


def test_visible_districts():
    assert permissions.visible_districts(COORD, "action.write", [1, 2, 3]) == [1]
    assert permissions.visible_districts(STAFF, "action.write", [1, 2, 3]) == [1, 2, 3]
    assert permissions.visible_districts(None, "action.write", [1, 2, 3]) == []
