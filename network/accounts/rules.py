"""Pure rules of accounts: session tokens and their lifetimes, consent purposes, retention.

No SQL and no clock: callers pass `now` (seconds since the epoch) and rows as dicts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

TOKEN_BYTES = 32  # 256 bits from the OS's CSPRNG
COOKIE_NAME = "antirumour_session"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # token_urlsafe(32): 43 characters

LIFETIME_ENV = "ANTIRUMOUR_SESSION_HOURS"
IDLE_ENV = "ANTIRUMOUR_SESSION_IDLE_MINUTES"
DEFAULT_LIFETIME_H = 8.0
DEFAULT_IDLE_MIN = 30.0
RENEW_EVERY_S = 60.0  # last use is written at most once a minute per session

PURPOSES = ("named", "contact", "background")
CONSENT_HOW = ("in_person", "paper_form", "email", "phone", "self_service")
RETENTION_YEARS_DEFAULT = 3


def new_token() -> str:
    """An opaque session token for the cookie (never stored; only its hash is)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def well_formed(token: object) -> bool:
    """True for a string shaped like a token this app hands out (anything else is refused
    before it reaches the database)."""
    return isinstance(token, str) and bool(_TOKEN_RE.match(token))


def token_hash(token: str) -> str:
    """The SHA-256 of a token, hex: what the database keeps."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Policy:
    """How long a session lasts: at most `lifetime_s` after sign-in, and `idle_s` after its
    last use."""

    lifetime_s: float = DEFAULT_LIFETIME_H * 3600
    idle_s: float = DEFAULT_IDLE_MIN * 60


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def policy_from_env(env: Mapping[str, str] | None = None) -> Policy:
    """The session policy: ANTIRUMOUR_SESSION_HOURS and ANTIRUMOUR_SESSION_IDLE_MINUTES, else
    8 hours and 30 minutes (a bad value falls back to the default)."""
    env = os.environ if env is None else env
    return Policy(_positive(env, LIFETIME_ENV, DEFAULT_LIFETIME_H) * 3600,
                  _positive(env, IDLE_ENV, DEFAULT_IDLE_MIN) * 60)


def session_status(row: Mapping[str, object], now: float, policy: Policy) -> str:
    """'ok', 'revoked', 'expired' (absolute lifetime) or 'idle' for a session row."""
    if row["revoked_at"] is not None:
        return "revoked"
    if now >= float(row["expires_at"]):  # type: ignore[arg-type]
        return "expired"
    if now - float(row["last_seen_at"]) >= policy.idle_s:  # type: ignore[arg-type]
        return "idle"
    return "ok"


def needs_renewal(row: Mapping[str, object], now: float) -> bool:
    """Whether this use should be written as the session's last use."""
    return now - float(row["last_seen_at"]) >= RENEW_EVERY_S  # type: ignore[arg-type]


def retention_cutoff(today: date, years: int) -> date:
    """The day before which an agent's last activity makes their contacts due for purging."""
    if years < 1:
        raise ValueError("years must be at least 1")
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def erased_name(agent_id: int) -> str:
    """The name an erased agent's record keeps (no trace of the person)."""
    return f"#{agent_id}"


def _js(value: str) -> str:
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def cookie_script(action: str, token: str, path: str, max_age: int) -> str:
    """JavaScript that sets the session cookie (`action` 'set') or clears it ('clear', only
    while it still holds `token`, so a tab whose session ended never signs out a newer one).
    SameSite=Strict always; Secure whenever the page came over https. JavaScript cannot set
    HttpOnly (SECURITY.md)."""
    if action == "set" and not well_formed(token):
        raise ValueError("not a session token")
    name, value = _js(COOKIE_NAME), _js(str(token))
    attrs = (f'"; Path="+{_js(path or "/")}+"; SameSite=Strict"'
             '+(location.protocol==="https:"?"; Secure":"")')
    if action == "set":
        body = f"document.cookie={name}+\"=\"+{value}+\"; Max-Age={int(max_age)}\"+{attrs};"
    elif action == "clear":
        body = (f"if(document.cookie.split(\"; \").indexOf({name}+\"=\"+{value})>=0)"
                f"document.cookie={name}+\"=; Max-Age=0\"+{attrs};")
    else:
        raise ValueError(f"unknown cookie action {action!r}")
    return f"(function(){{{body}}})();"
