"""Single sign-on with OpenID Connect (Streamlit's st.login / st.user): an admin maps a verified
e-mail to an app account; the identity provider's claims then stand for that account. An
unverified or unmapped e-mail stands for nobody."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from network.accounts import auth, store
from network.core import permissions
from network.core.errors import NotFound, Problem, ValidationFailed
from network.core.permissions import User
from network.core.storage import write

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s.]{2,63}$")


def verified_email(claims: Mapping[str, Any]) -> str | None:
    """The claims' e-mail when the provider says it is verified, in lower case; else None."""
    email = claims.get("email")
    verified = claims.get("email_verified")
    if verified in (True, "true", "True", 1) and isinstance(email, str) and _EMAIL.match(
            email.strip()):
        return email.strip().lower()
    return None


def user_for_claims(db: Database, claims: Mapping[str, Any]) -> User | None:
    """The active account mapped to the claims' verified e-mail, or None."""
    email = verified_email(claims)
    if email is None:
        return None
    row = db.execute("SELECT user_id FROM sso_links WHERE email = ?", [email]).fetchone()
    return auth.get_user(db, row[0]) if row else None


def links(db: Database, admin: User | None) -> list[dict[str, Any]]:
    permissions.require(admin, "users.manage")
    return [dict(r) for r in db.query(
        """SELECT l.email, l.user_id, u.username, u.role, l.created_at FROM sso_links l
           JOIN users u ON u.id = l.user_id ORDER BY l.email""")]


def link(db: Database, admin: User | None, email: str, user_id: int) -> None:
    """Admin: sign-ins with this verified e-mail become this account."""
    permissions.require(admin, "users.manage")
    email = (email or "").strip().lower()
    if not _EMAIL.match(email):
        raise ValidationFailed([Problem("email", "accounts.error.email", {"value": email})])
    if store.user_row(db, user_id) is None:
        raise NotFound()

    def insert(db: Database) -> None:
        db.execute("INSERT OR REPLACE INTO sso_links (email, user_id, created_by) VALUES (?, ?, ?)",
                   [email, user_id, admin.id if admin else None])
        permissions.audit(db, admin, "sso_link", "users", user_id)

    write(db, insert)


def unlink(db: Database, admin: User | None, email: str) -> None:
    permissions.require(admin, "users.manage")
    row = db.execute("SELECT user_id FROM sso_links WHERE email = ?",
                     [(email or "").strip().lower()]).fetchone()
    if row is None:
        raise NotFound()

    def delete(db: Database) -> None:
        db.execute("DELETE FROM sso_links WHERE email = ?", [email.strip().lower()])
        permissions.audit(db, admin, "sso_unlink", "users", row[0])

    write(db, delete)
