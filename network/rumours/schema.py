"""The rumours feature's migration set: the catalogue (rumours, their facts and the quiz items
and barometer statements that measure them), rumours heard, and actions' rumours and close-outs.

The shipped catalogue (data/rumours/catalogue.toml) is loaded by the second migration, as the
quiz loads its shipped items: real reference content (demo = 0), edited by staff afterwards.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("rumours")


@migrations()
def m001_initial(db: Database) -> None:
    run_script(
        db,
        """
        -- Staff-defined themes; the four areas of Barcelona's method are built in (rules.THEMES).
        CREATE TABLE rumour_themes (
            code TEXT PRIMARY KEY,
            label_es TEXT NOT NULL,
            label_eu TEXT NOT NULL,
            label_en TEXT NOT NULL
        );
        -- A rumour keeps its code for life: retired and merged rumours keep their history.
        CREATE TABLE rumours (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE COLLATE NOCASE,
            theme TEXT NOT NULL,
            statement_es TEXT NOT NULL DEFAULT '',
            statement_eu TEXT NOT NULL DEFAULT '',
            statement_en TEXT NOT NULL DEFAULT '',
            argument_es TEXT NOT NULL DEFAULT '',
            argument_eu TEXT NOT NULL DEFAULT '',
            argument_en TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('proposed', 'active', 'dormant', 'retired')),
            merged_into INTEGER REFERENCES rumours(id),
            proposed_by INTEGER,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            updated_at TEXT,
            CHECK (merged_into IS NULL OR merged_into != id)
        );
        -- Data against a rumour: a fact with its source and (where known) its year.
        CREATE TABLE rumour_facts (
            id INTEGER PRIMARY KEY,
            rumour_id INTEGER NOT NULL REFERENCES rumours(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text_es TEXT NOT NULL DEFAULT '',
            text_eu TEXT NOT NULL DEFAULT '',
            text_en TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            year INTEGER CHECK (year IS NULL OR year BETWEEN 1900 AND 2100)
        );
        CREATE INDEX rumour_facts_rumour ON rumour_facts (rumour_id, position);
        -- The quiz items (by code) and barometer statements (by item code) that measure it.
        CREATE TABLE rumour_measures (
            rumour_id INTEGER NOT NULL REFERENCES rumours(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('quiz', 'barometer')),
            code TEXT NOT NULL,
            PRIMARY KEY (rumour_id, kind, code)
        );
        -- A rumour heard: never who said it. A report of a rumour not in the catalogue keeps
        -- its free text until a coordinator assigns it (rumour_id) or dismisses it.
        CREATE TABLE rumour_heard (
            id INTEGER PRIMARY KEY,
            rumour_id INTEGER REFERENCES rumours(id),
            new_text TEXT NOT NULL DEFAULT '',
            district_id INTEGER NOT NULL REFERENCES districts(id),
            barrio TEXT,
            channel TEXT NOT NULL CHECK (channel IN ('street', 'school', 'shop', 'social_media',
                                                     'workplace', 'family', 'action')),
            heard_on TEXT NOT NULL,
            frequency TEXT NOT NULL CHECK (frequency IN ('once', 'sometimes', 'often')),
            action_id INTEGER REFERENCES actions(id) ON DELETE SET NULL,
            triage TEXT NOT NULL DEFAULT '' CHECK (triage IN ('', 'dismissed')),
            reported_by INTEGER,
            flags TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0,
            CHECK (rumour_id IS NOT NULL OR new_text != '')
        );
        CREATE INDEX rumour_heard_board ON rumour_heard (rumour_id, district_id, heard_on);
        CREATE INDEX rumour_heard_action ON rumour_heard (action_id);
        -- The rumours an action addresses.
        CREATE TABLE action_rumours (
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            rumour_id INTEGER NOT NULL REFERENCES rumours(id),
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (action_id, rumour_id)
        );
        CREATE INDEX action_rumours_rumour ON action_rumours (rumour_id, action_id);
        -- After the action: how it went (the rumours heard there are rumour_heard rows).
        CREATE TABLE action_closeouts (
            action_id INTEGER PRIMARY KEY REFERENCES actions(id) ON DELETE CASCADE,
            attendance INTEGER NOT NULL CHECK (attendance >= 0),
            organisations TEXT NOT NULL DEFAULT '',
            what_worked TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            closed_by INTEGER,
            closed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0
        );
        """,
    )


@migrations()
def m002_shipped_catalogue(db: Database) -> None:
    from network.rumours.catalogue import load_shipped

    load_shipped(db)


@migrations()
def m003_action_feedback(db: Database) -> None:
    run_script(
        db,
        """
        -- Agents who took part in a closed-out action say how it went, in two questions.
        CREATE TABLE action_feedback (
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            went TEXT NOT NULL CHECK (went IN ('well', 'mixed', 'badly')),
            change TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (action_id, agent_id)
        );
        """,
    )


@migrations()
def m004_public_reports(db: Database) -> None:
    run_script(
        db,
        """
        -- Residents report a rumour through an agent's share link (or the public page):
        -- 'public' reports carry no account, only the agent whose link brought them.
        ALTER TABLE rumour_heard ADD COLUMN source TEXT NOT NULL DEFAULT 'network'
            CHECK (source IN ('network', 'public'));
        ALTER TABLE rumour_heard ADD COLUMN ref_agent_id INTEGER
            REFERENCES agents(id) ON DELETE SET NULL;
        """,
    )
