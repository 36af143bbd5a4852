"""Who may do what: every write in network/ calls require() before touching the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from network.core.errors import PermissionDenied

ROLES = ("admin", "staff", "coordinator", "agent", "jury")


@dataclass(frozen=True)
class User:
    """A signed-in account. Coordinators carry their districts, agents their agent record."""

    id: int
    username: str
    role: str
    district_ids: frozenset[int] = field(default_factory=frozenset)
    agent_id: int | None = None


# capability -> roles that hold it; coordinators hold the DISTRICT_SCOPED ones only for their
# own districts. Filled from the feature registry (network/features.py) when `network` loads.
CAPABILITIES: dict[str, frozenset[str]] = {}
DISTRICT_SCOPED: set[str] = set()


def register(capabilities: dict[str, frozenset[str]], district_scoped: frozenset[str]) -> None:
    """Add a feature's capabilities (a name registered twice is a mistake in the registry)."""
    for name, roles in capabilities.items():
        if name in CAPABILITIES:
            raise ValueError(f"capability {name!r} registered twice")
        unknown = set(roles) - set(ROLES)
        if unknown:
            raise ValueError(f"capability {name!r} names unknown roles {sorted(unknown)}")
        CAPABILITIES[name] = frozenset(roles)
    DISTRICT_SCOPED.update(district_scoped)


def allowed(user: User | None, capability: str, district_id: int | None = None) -> bool:
    """True when `user` holds `capability` (for `district_id`, where it is district-scoped)."""
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    if user is None or user.role not in CAPABILITIES[capability]:
        return False
    if user.role == "coordinator" and capability in DISTRICT_SCOPED and district_id is not None:
        return district_id in user.district_ids
    return True


def require(user: User | None, capability: str, district_id: int | None = None) -> None:
    """Raise PermissionDenied unless allowed()."""
    if not allowed(user, capability, district_id):
        raise PermissionDenied(capability=capability)


def visible_districts(user: User | None, capability: str, all_ids: list[int]) -> list[int]:
    """The district ids on which `user` may use a district-scoped capability."""
    if user is None or user.role not in CAPABILITIES[capability]:
        return []
    if user.role == "coordinator" and capability in DISTRICT_SCOPED:
        return [d for d in all_ids if d in user.district_ids]
    return list(all_ids)


def audit(db: Database, user: User | Any | None, verb: str, entity: str, entity_id: Any) -> None:
    """Append to the audit log (inside the caller's transaction)."""
    db["audit_log"].insert(
        {"user_id": getattr(user, "id", None), "verb": verb, "entity": entity,
         "entity_id": entity_id}
    )
