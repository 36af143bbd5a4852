"""The accounts feature's migrations: server-side sessions, account lifecycle flags, consent by
purpose (with its history) and the link between erasure and the agent record."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("accounts")


@migrations()
def m001_sessions_lifecycle_consent(db: Database) -> None:
    run_script(
        db,
        """
        -- One row per signed-in browser. Only the SHA-256 of the cookie's token is kept: a copy
        -- of the database does not let anybody sign in.
        CREATE TABLE account_sessions (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            token_hash TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            last_seen_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            revoked_at REAL,
            revoked_reason TEXT
        );
        CREATE INDEX account_sessions_user ON account_sessions (user_id, revoked_at);

        ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN password_changed_at TEXT;

        -- Consent by purpose: the agent's current answer (NULL: never asked, 1: given,
        -- 0: withdrawn). consent_named (core) is the purpose "named in recognition".
        ALTER TABLE agents ADD COLUMN consent_contact INTEGER CHECK (consent_contact IN (0, 1));
        ALTER TABLE agents ADD COLUMN consent_background INTEGER
            CHECK (consent_background IN (0, 1));
        ALTER TABLE agents ADD COLUMN erased_at TEXT;

        -- Every consent given or withdrawn: when, how and who recorded it.
        CREATE TABLE agent_consents (
            id INTEGER PRIMARY KEY,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            purpose TEXT NOT NULL CHECK (purpose IN ('named', 'contact', 'background')),
            given INTEGER NOT NULL CHECK (given IN (0, 1)),
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            how TEXT NOT NULL,
            recorded_by INTEGER,
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX agent_consents_agent ON agent_consents (agent_id, purpose, id);

        -- Any write of consent_named (the agents form included) leaves its history row.
        CREATE TRIGGER agent_consent_named_insert AFTER INSERT ON agents
        WHEN NEW.consent_named = 1
        BEGIN
            INSERT INTO agent_consents (agent_id, purpose, given, how, demo)
            VALUES (NEW.id, 'named', 1, 'agent_record', NEW.demo);
        END;
        CREATE TRIGGER agent_consent_named_update AFTER UPDATE OF consent_named ON agents
        WHEN NEW.consent_named IS NOT OLD.consent_named
        BEGIN
            INSERT INTO agent_consents (agent_id, purpose, given, how, demo)
            VALUES (NEW.id, 'named', NEW.consent_named, 'agent_record', NEW.demo);
        END;
        -- A migrant background (GDPR art. 9) is kept only while its consent is not withdrawn:
        -- whatever writes it (a form, an import), a withdrawn consent clears it at once.
        CREATE TRIGGER agent_background_needs_consent AFTER UPDATE ON agents
        WHEN NEW.consent_background = 0 AND NEW.migrant_background IS NOT NULL
        BEGIN
            UPDATE agents SET migrant_background = NULL WHERE id = NEW.id;
        END;
        """,
    )


@migrations()
def m002_sso_links(db: Database) -> None:
    run_script(
        db,
        """
        -- Single sign-on: a verified e-mail from the council's identity provider -> an account
        -- (and so its role), set by an admin.
        CREATE TABLE sso_links (
            email TEXT PRIMARY KEY COLLATE NOCASE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            created_by INTEGER
        );
        """,
    )
