"""The data subject's rights: everything held about an agent (JSON and CSV, in their language)
and erasure in one transaction (the person goes; the actions they took part in keep counting).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from network.accounts import consent, rules, store
from network.accounts.auth import hash_password
from network.agents.rules import new_share_code
from network.core import csvio, i18n, permissions
from network.core.errors import NotFound
from network.core.permissions import User
from network.core.storage import write

SECRET_COLUMNS = {"password_hash", "token_hash"}  # never exported, even to their owner


def _clean(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in SECRET_COLUMNS} for r in rows]


def collect(db: Database, agent_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row about the agent, by table: their record, each row of any table that points at
    it (whichever feature added the table), their accounts and what points at those, the audit
    entries about them, the actions they took part in."""
    agent = store.agent_row(db, agent_id)
    if agent is None:
        raise NotFound()
    tables: dict[str, list[dict[str, Any]]] = {"agents": [agent]}
    for table, column in store.referencing_columns(db, "agents"):
        tables.setdefault(table, []).extend(store.rows_where(db, table, column, agent_id))
    user_ids = [u["id"] for u in tables.get("users", [])]
    for user_id in user_ids:
        for table, column in store.referencing_columns(db, "users"):
            tables.setdefault(table, []).extend(store.rows_where(db, table, column, user_id))
    usernames = [u["username"] for u in tables.get("users", [])]
    tables["login_attempts"] = [r for name in usernames
                                for r in store.rows_where(db, "login_attempts", "username", name)]
    tables["audit_log"] = [dict(r) for r in db.query(
        f"""SELECT * FROM audit_log WHERE (entity IN ('agents', 'agent_consents')
            AND entity_id = ?) OR user_id IN ({", ".join("?" for _ in user_ids) or "NULL"})
            ORDER BY id""", [agent_id, *user_ids])]  # noqa: S608 (placeholders only)
    action_ids = [r["action_id"] for r in tables.get("action_agents", [])]
    tables["actions"] = [r for a in action_ids for r in store.rows_where(db, "actions", "id", a)]
    return {k: _clean(v) for k, v in tables.items() if v}


def _subject(db: Database, actor: User | None, agent_id: int, system: bool) -> dict[str, Any]:
    if system:
        row = store.agent_row(db, agent_id)
        if row is None:
            raise NotFound()
        return row
    return consent.agent_for(db, actor, agent_id)


def export_data(db: Database, actor: User | None, agent_id: int, lang: str, *,
                system: bool = False) -> dict[str, Any]:
    """The agent's data as a JSON-ready dict (the export is logged, without its content)."""
    _subject(db, actor, agent_id, system)
    data = {"title": i18n.translate("accounts.export.title", lang),
            "explanation": i18n.translate("accounts.export.explanation", lang),
            "agent_id": agent_id, "lang": lang,
            "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tables": collect(db, agent_id)}
    write(db, lambda d: permissions.audit(d, actor, "privacy_export", "agents", agent_id))
    return data


def export_json(db: Database, actor: User | None, agent_id: int, lang: str, *,
                system: bool = False) -> bytes:
    return json.dumps(export_data(db, actor, agent_id, lang, system=system),
                      ensure_ascii=False, indent=2, default=str).encode("utf-8")


def export_csv(db: Database, actor: User | None, agent_id: int, lang: str, *,
               system: bool = False) -> bytes:
    """The same data as one CSV: section, row, field, value (translated headers and sections)."""
    data = export_data(db, actor, agent_id, lang, system=system)
    headers = [i18n.translate(f"accounts.export.{c}", lang)
               for c in ("section", "row", "field", "value")]
    rows = []
    for table, records in data["tables"].items():
        key = f"accounts.table.{table}"
        section = i18n.translate(key, lang) if key in i18n.catalog() else table
        for n, record in enumerate(records, start=1):
            rows += [[section, n, field, value] for field, value in record.items()]
    return csvio.to_csv_bytes(headers, rows)


SCRUBBED = "[…]"
# Their own rows are anonymised field by field (_anonymise_agent, _anonymise_accounts).
NOT_SCRUBBED = {"agents", "users", "_sqlite_migrations"}


def _text_columns(db: Database) -> list[tuple[str, str]]:
    """(table, column) of every text column of every table (whichever feature added it)."""
    out = []
    for table in store.table_names(db):
        if table in NOT_SCRUBBED or table.startswith("sqlite_"):
            continue
        for column, declared in store.columns_of(db, table):
            kind = (declared or "").upper()
            if not kind or any(t in kind for t in ("TEXT", "CHAR", "CLOB")):
                out.append((table, column))
    return out


def _scrub(db: Database, texts: list[str]) -> None:
    """Remove the person's name, e-mail, phone and user names wherever someone typed them
    (an action's description, a rumour heard, a story, a note), in every table: each as a
    whole word, in any case, becomes "[…]"."""
    needles = sorted({t.strip() for t in texts if t and len(t.strip()) >= 3}, key=len, reverse=True)
    if not needles:
        return
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in needles), re.I)
    db.conn.create_function("antirumour_scrub", 1,
                            lambda v: pattern.sub(SCRUBBED, v) if isinstance(v, str) else v,
                            deterministic=True)
    lowered = [n.lower() for n in needles]
    for table, column in _text_columns(db):
        found = " OR ".join(f"instr(lower([{column}]), ?) > 0" for _ in lowered)
        db.execute(f"UPDATE [{table}] SET [{column}] = antirumour_scrub([{column}]) "  # noqa: S608
                   f"WHERE {found}", lowered)  # (names from the schema; values bound)


def _anonymise_agent(db: Database, agent_id: int, now: str) -> None:
    code = new_share_code()
    while db.execute("SELECT 1 FROM agents WHERE share_code = ?", [code]).fetchone():
        code = new_share_code()
    db.execute(
        """UPDATE agents SET name = ?, contact_email = NULL, contact_phone = NULL, notes = NULL,
                  barrio = NULL, languages = '[]', migrant_background = NULL,
                  consent_named = 0, consent_contact = 0, consent_background = 0,
                  share_code = ?, active = 0, erased_at = ?, updated_at = ? WHERE id = ?""",
        [rules.erased_name(agent_id), code, now, now, agent_id])
    db.execute("DELETE FROM agent_consents WHERE agent_id = ?", [agent_id])


def _anonymise_accounts(db: Database, agent_id: int) -> None:
    for user in store.users_of_agent(db, agent_id):
        store.revoke_user_sessions(db, user["id"], time.time(), "erased")
        db.execute("DELETE FROM account_sessions WHERE user_id = ?", [user["id"]])
        db.execute("DELETE FROM login_attempts WHERE username = ?", [user["username"]])
        db.execute("DELETE FROM user_districts WHERE user_id = ?", [user["id"]])
        db.execute("DELETE FROM sso_links WHERE user_id = ?", [user["id"]])  # their e-mail
        db.execute(
            """UPDATE users SET username = ?, password_hash = ?, active = 0, agent_id = NULL,
                      must_change_password = 0 WHERE id = ?""",
            [f"erased-{user['id']}", hash_password(secrets.token_urlsafe(24)), user["id"]])


def erase(db: Database, actor: User | None, agent_id: int, *, system: bool = False) -> None:
    """Erase an agent at their request (themself, a coordinator of their district, an admin or
    the operator): name, contacts, notes, background, languages, consents and accounts go in
    one transaction; the actions they took part in keep them as an anonymous participant. The
    audit entry names only the record's number."""
    row = _subject(db, actor, agent_id, system)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    texts = [row["name"], row["contact_email"], row["contact_phone"],
             *(u["username"] for u in store.users_of_agent(db, agent_id))]

    def run(db: Database) -> None:
        _scrub(db, texts)
        _anonymise_agent(db, agent_id, now)
        _anonymise_accounts(db, agent_id)
        permissions.audit(db, actor, "erase", "agents", agent_id)

    write(db, run)
