"""Accounts that last: server-side sessions, the account lifecycle, agents' consent by purpose,
their rights over their data (export, erasure), retention and the personal-data access log."""

from network.accounts import access, consent, retention, rights, sso
from network.accounts.lifecycle import (
    change_own_password,
    change_role,
    must_change_password,
    reset_password,
)
from network.accounts.rules import COOKIE_NAME, PURPOSES, Policy, cookie_script
from network.accounts.rules import policy_from_env as policy
from network.accounts.sessions import active_sessions, end_all_for, end_session_by_id, resolve
from network.accounts.sessions import end as end_session
from network.accounts.sessions import start as start_session

__all__ = ["COOKIE_NAME", "PURPOSES", "Policy", "access", "active_sessions",
           "change_own_password", "change_role", "consent", "cookie_script", "end_all_for",
           "end_session", "end_session_by_id", "must_change_password", "policy",
           "reset_password", "resolve", "retention", "rights", "sso", "start_session"]
