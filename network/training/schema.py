"""The calendar's migrations: events, sign-ups, modules recorded before the calendar, the outbox,
and the one-time move of the typed `agents.training_modules` into dated records."""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("training")


@migrations()
def m001_calendar(db: Database) -> None:
    run_script(
        db,
        """
        -- district_id NULL: a city-wide event (staff). Times are Europe/Madrid wall-clock.
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('training', 'district_meeting',
                                               'annual_meeting', 'other')),
            module INTEGER CHECK (module BETWEEN 1 AND 4),
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            trainer TEXT NOT NULL DEFAULT '',
            hours REAL,
            district_id INTEGER REFERENCES districts(id),
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            online_url TEXT NOT NULL DEFAULT '',
            capacity INTEGER NOT NULL CHECK (capacity > 0),
            languages TEXT NOT NULL DEFAULT '[]',
            audience TEXT NOT NULL DEFAULT '["agents"]',
            status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
            moved_from TEXT,
            created_by INTEGER,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            updated_at TEXT,
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX events_start ON events (starts_at);
        CREATE INDEX events_district ON events (district_id, starts_at);

        -- status: confirmed (a seat), waiting (in id order), withdrawn. attended: NULL not
        -- recorded, 1 present, 0 absent.
        CREATE TABLE event_signups (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'withdrawn')),
            attended INTEGER CHECK (attended IN (0, 1)),
            signed_up_at TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            UNIQUE (event_id, agent_id)
        );
        CREATE INDEX event_signups_agent ON event_signups (agent_id);

        -- Modules an agent completed before the calendar existed (never lost).
        CREATE TABLE training_prior (
            id INTEGER PRIMARY KEY,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            module INTEGER NOT NULL CHECK (module BETWEEN 1 AND 4),
            recorded_on TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            UNIQUE (agent_id, module)
        );

        -- Messages for the council's mail delivery (notices of cancellation and date change).
        CREATE TABLE event_outbox (
            id INTEGER PRIMARY KEY,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            agent_id INTEGER REFERENCES agents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            lang TEXT NOT NULL,
            recipient TEXT,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            exported_at TEXT,
            demo INTEGER NOT NULL DEFAULT 0
        );
        """,
    )


@migrations()
def m002_typed_modules(db: Database) -> None:
    """The typed count becomes modules 1..n, recorded before the calendar (dated today)."""
    today = date.today().isoformat()
    db.execute(
        """WITH RECURSIVE n(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM n WHERE m < 4)
           INSERT INTO training_prior (agent_id, module, recorded_on, demo)
           SELECT a.id, n.m, ?, a.demo FROM agents a JOIN n ON n.m <= a.training_modules""",
        [today])
