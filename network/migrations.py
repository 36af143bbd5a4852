"""Numbered schema migrations, one sqlite-utils Migrations set per concern.

An applied migration is never edited: change the schema with a new numbered function.
Feature modules add their own set to FEATURE_SETS (core always first).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.storage import run_script

core = Migrations("core")


@core()
def m001_initial(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE districts (
            id INTEGER PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE,
            name_es TEXT NOT NULL,
            name_eu TEXT NOT NULL,
            boundary_name TEXT NOT NULL,
            geometry TEXT NOT NULL,
            label_lat REAL NOT NULL,
            label_lon REAL NOT NULL
        );
        CREATE TABLE barrios (
            id INTEGER PRIMARY KEY,
            district_id INTEGER NOT NULL REFERENCES districts(id),
            name TEXT NOT NULL,
            lat REAL,
            lon REAL,
            UNIQUE (district_id, name)
        );
        -- One row per known figure; district_id NULL is the whole city.
        CREATE TABLE populations (
            id INTEGER PRIMARY KEY,
            district_id INTEGER REFERENCES districts(id),
            year INTEGER NOT NULL,
            value INTEGER NOT NULL CHECK (value > 0),
            source TEXT NOT NULL,
            updated_by INTEGER,
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
        );
        CREATE UNIQUE INDEX populations_district_year
            ON populations (coalesce(district_id, 0), year);

        CREATE TABLE agents (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('individual', 'entity')),
            name TEXT NOT NULL,
            contact_email TEXT,
            contact_phone TEXT,
            sector TEXT NOT NULL,
            district_id INTEGER NOT NULL REFERENCES districts(id),
            barrio TEXT,
            joined_on TEXT NOT NULL,
            training_modules INTEGER NOT NULL DEFAULT 0
                CHECK (training_modules BETWEEN 0 AND 4),
            active INTEGER NOT NULL DEFAULT 1,
            languages TEXT NOT NULL DEFAULT '[]',
            migrant_background TEXT CHECK (migrant_background IN ('yes', 'no')),
            consent_named INTEGER NOT NULL DEFAULT 0,
            share_code TEXT NOT NULL UNIQUE,
            notes TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            updated_at TEXT,
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX agents_district ON agents (district_id, active);

        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            district_id INTEGER NOT NULL REFERENCES districts(id),
            barrio TEXT,
            date TEXT NOT NULL,
            type TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL DEFAULT '',
            lat REAL,
            lon REAL,
            people_reached INTEGER NOT NULL DEFAULT 0 CHECK (people_reached >= 0),
            languages TEXT NOT NULL DEFAULT '[]',
            created_by INTEGER,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            updated_at TEXT,
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX actions_district_date ON actions (district_id, date);
        CREATE INDEX actions_date ON actions (date);

        CREATE TABLE action_agents (
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            PRIMARY KEY (action_id, agent_id)
        );
        CREATE INDEX action_agents_agent ON action_agents (agent_id);

        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'coordinator', 'agent')),
            agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE user_districts (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            district_id INTEGER NOT NULL REFERENCES districts(id),
            PRIMARY KEY (user_id, district_id)
        );
        CREATE TABLE login_attempts (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL COLLATE NOCASE,
            client TEXT NOT NULL,
            at REAL NOT NULL,
            success INTEGER NOT NULL
        );
        CREATE INDEX login_attempts_user ON login_attempts (username, at);

        -- Who changed what, for accountability with volunteers' data.
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            user_id INTEGER,
            verb TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id INTEGER
        );
        -- Anonymous submissions (quiz, survey) pass through throttles keyed on a hashed client.
        CREATE TABLE submission_log (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            client_hash TEXT NOT NULL,
            at REAL NOT NULL
        );
        CREATE INDEX submission_log_client ON submission_log (kind, client_hash, at);
        """
    )


# Feature migration sets ("module:attribute"), applied after core in this order.
FEATURE_SETS = [
    "network.dashboard:migrations",
    "network.quiz.schema:migrations",
    "network.barometer.schema:migrations",
    "network.accessibility.schema:migrations",
]


def all_sets() -> list[Migrations]:
    """Every migration set: core first, then each feature's."""
    import importlib

    sets = [core]
    for spec in FEATURE_SETS:
        module, attribute = spec.split(":")
        sets.append(getattr(importlib.import_module(module), attribute))
    return sets
