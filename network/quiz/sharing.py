"""Share links and QR codes: `?ref=CODE` for an agent, `?action=ID` for an awareness action.

Attribution never breaks the quiz: an unknown or malformed value leaves the attempt unattributed.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import segno
from sqlite_utils import Database

from network.core import permissions
from network.core.errors import Problem, ValidationFailed
from network.core.i18n import LANGUAGES
from network.core.permissions import User
from network.core.storage import write

BASE_URL_KEY = "app.base_url"
BASE_URL_ENV = "ANTIRUMOUR_BASE_URL"
DEFAULT_BASE_URL = "http://localhost:8501"
QUIZ_PATH = "quiz"
REPORT_PATH = "rumour_report"  # the public form of a rumour heard (rumours feature)
MAX_BASE_URL = 200
REF_PATTERN = re.compile(r"^[A-Za-z0-9_-]{3,32}$")
ACTION_PATTERN = re.compile(r"^[1-9][0-9]{0,11}$")


@dataclass(frozen=True)
class Attribution:
    """Who and what brought an attempt; statuses are 'none', 'ok', 'unknown' or 'malformed'."""

    agent_id: int | None = None
    action_id: int | None = None
    ref_status: str = "none"
    action_status: str = "none"


def normalize_ref(raw: Any) -> str | None:
    """A syntactically valid share code, or None (anything else is ignored, never an error)."""
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    return raw if REF_PATTERN.match(raw) else None


def normalize_action(raw: Any) -> int | None:
    """A syntactically valid action id, or None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    return int(raw) if ACTION_PATTERN.match(raw) else None


def _status(raw: Any, normalized: Any, found: bool) -> str:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "none"
    if normalized is None:
        return "malformed"
    return "ok" if found else "unknown"


def resolve_attribution(db: Database, ref: Any, action: Any) -> Attribution:
    """Look up ?ref and ?action (raw query values); unknown or malformed ones give None ids."""
    code = normalize_ref(ref)
    agent_id = None
    if code is not None:
        row = db.execute("SELECT id FROM agents WHERE share_code = ? COLLATE NOCASE",
                         [code]).fetchone()
        agent_id = row[0] if row else None
    action_id = normalize_action(action)
    if action_id is not None and not db.execute(
            "SELECT 1 FROM actions WHERE id = ?", [action_id]).fetchone():
        action_id = None
    return Attribution(agent_id, action_id, _status(ref, code, agent_id is not None),
                       _status(action, normalize_action(action), action_id is not None))


def base_url(db: Database) -> str:
    """The app's public address for links: the setting, else $ANTIRUMOUR_BASE_URL, else localhost."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [BASE_URL_KEY]).fetchone()
    value = (row[0] if row else "") or os.environ.get(BASE_URL_ENV, "") or DEFAULT_BASE_URL
    return value.strip().rstrip("/")


def base_url_problems(url: str) -> list[Problem]:
    """Why an address cannot be the base of share links (empty list when it can)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    ok = (parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query
          and not parts.fragment and len(url) <= MAX_BASE_URL and " " not in url)
    return [] if ok else [Problem("quiz_base_url", "quiz.error.base_url_invalid", {"max": MAX_BASE_URL})]


def set_base_url(db: Database, user: User | None, url: str) -> str:
    """Store the public address (admin and staff); returns it normalized."""
    permissions.require(user, "reference.edit")
    problems = base_url_problems(url)
    if problems:
        raise ValidationFailed(problems)
    value = url.strip().rstrip("/")

    def save(db: Database) -> None:
        db["settings"].upsert({"key": BASE_URL_KEY, "value": value}, pk="key")
        permissions.audit(db, user, "update", "settings", None)

    write(db, save)
    return value


def quiz_link(base: str, ref: str | None = None, action: int | None = None,
              lang: str | None = None, path: str = QUIZ_PATH) -> str:
    """The public quiz address (or another public page's, `path`) with its attribution (and
    optional language)."""
    params = {k: v for k, v in (("ref", ref), ("action", action),
                                ("lang", lang if lang in LANGUAGES else None)) if v}
    return f"{base.rstrip('/')}/{path}" + (f"?{urlencode(params)}" if params else "")


def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code of `url` as PNG (segno, error correction M, quiet zone of 4 modules)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(url: str) -> bytes:
    """A QR code of `url` as SVG (scales to any print size)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=10, border=4,
                                                 xmldecl=True, svgns=True)
    return out.getvalue()


def agent_of(db: Database, user: User | None) -> dict[str, Any] | None:
    """The agent record (id, share code, district) the account is bound to, if any."""
    if user is None or user.agent_id is None:
        return None
    rows = list(db.query("SELECT id, share_code, district_id FROM agents WHERE id = ?",
                         [user.agent_id]))
    return rows[0] if rows else None


def can_link_actions(user: User | None) -> bool:
    """Coordinators (for their districts) and admins make links for actions; agents do not."""
    return user is not None and user.role in ("coordinator", "admin") and permissions.allowed(
        user, "quiz.share")


def actions_for_links(db: Database, user: User | None, limit: int = 300) -> list[dict[str, Any]]:
    """Recent actions a user may make a quiz link for (a coordinator: their districts only)."""
    if not can_link_actions(user):
        return []
    sql = "SELECT id, district_id, date, title FROM actions"
    params: list[Any] = []
    if user.role == "coordinator":  # type: ignore[union-attr]
        ids = sorted(user.district_ids)  # type: ignore[union-attr]
        sql += f" WHERE district_id IN ({', '.join('?' * len(ids)) or 'NULL'})"
        params += ids
    return [dict(r) for r in db.query(sql + " ORDER BY date DESC, id DESC LIMIT ?", [*params, limit])]
