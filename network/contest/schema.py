"""The contest's migrations: the jury role in accounts, calls, works, authors, jury, winners."""

from __future__ import annotations

import re

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("contest")
_ROLE_CHECK = re.compile(r"(CHECK\s*\(\s*role\s+IN\s*\()([^)]*)(\))", re.I)


@migrations()
def m001_jury_role(db: Database) -> None:
    """Let accounts hold the 'jury' role. Core's users table lists its roles in a CHECK; the
    constraint is widened in place (SQLite's documented writable_schema procedure for a change
    that touches no stored row: https://sqlite.org/lang_altertable.html#otheralter), since a
    rebuild of `users` cannot run inside a migration's transaction with foreign keys on."""
    sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'"
                     ).fetchone()[0]
    match = _ROLE_CHECK.search(sql)
    if match is None or "'jury'" in match.group(2):
        return
    widened = sql[:match.end(2)] + ", 'jury'" + sql[match.end(2):]
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'users'",
                   [widened])
        db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m002_contest(db: Database) -> None:
    run_script(
        db,
        """
        -- A year's call: dates, categories (age groups, languages as JSON lists), limits,
        -- number of winners, rules in es/eu/en; published_at once the winners are public.
        CREATE TABLE contests (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL UNIQUE,
            opens_on TEXT NOT NULL,
            closes_on TEXT NOT NULL,
            age_groups TEXT NOT NULL DEFAULT '["under18", "adult"]',
            languages TEXT NOT NULL DEFAULT '["es", "eu"]',
            min_words INTEGER NOT NULL,
            max_words INTEGER NOT NULL,
            winners INTEGER NOT NULL DEFAULT 10,
            rules_es TEXT NOT NULL DEFAULT '',
            rules_eu TEXT NOT NULL DEFAULT '',
            rules_en TEXT NOT NULL DEFAULT '',
            published_at TEXT,
            demo INTEGER NOT NULL DEFAULT 0,
            CHECK (closes_on >= opens_on), CHECK (max_words >= min_words)
        );
        CREATE TABLE contest_jurors (
            contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (contest_id, user_id)
        );
        -- The work as the jury reads it: no author data here (see contest_authors).
        -- flags: the abuse guards' reasons; a flagged work is held out of the jury and figures.
        CREATE TABLE contest_works (
            id INTEGER PRIMARY KEY,
            contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
            receipt TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            words INTEGER NOT NULL,
            text_hash TEXT NOT NULL,
            age_group TEXT NOT NULL CHECK (age_group IN ('under18', 'adult')),
            language TEXT NOT NULL CHECK (language IN ('es', 'eu')),
            source TEXT NOT NULL DEFAULT 'pasted',
            flags TEXT NOT NULL DEFAULT '',
            submitted_at TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            UNIQUE (contest_id, text_hash)
        );
        CREATE INDEX contest_works_contest ON contest_works (contest_id, age_group);
        -- Who wrote it, kept apart from the work: staff see it only once winners are confirmed.
        CREATE TABLE contest_authors (
            work_id INTEGER PRIMARY KEY REFERENCES contest_works(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            contact TEXT NOT NULL,
            age_band TEXT NOT NULL,
            district_id INTEGER REFERENCES districts(id),
            consent_rules INTEGER NOT NULL CHECK (consent_rules = 1),
            consent_publication INTEGER NOT NULL CHECK (consent_publication = 1),
            publish_as TEXT NOT NULL CHECK (publish_as IN ('name', 'pseudonym')),
            demo INTEGER NOT NULL DEFAULT 0
        );
        -- The pseudonym in its own table (published instead of the name when so consented).
        CREATE TABLE contest_pseudonyms (
            work_id INTEGER PRIMARY KEY REFERENCES contest_works(id) ON DELETE CASCADE,
            pseudonym TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE contest_scores (
            work_id INTEGER NOT NULL REFERENCES contest_works(id) ON DELETE CASCADE,
            juror_id INTEGER NOT NULL REFERENCES users(id),
            quality INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 10),
            clarity INTEGER NOT NULL CHECK (clarity BETWEEN 1 AND 10),
            originality INTEGER NOT NULL CHECK (originality BETWEEN 1 AND 10),
            comment TEXT NOT NULL DEFAULT '',
            scored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (work_id, juror_id)
        );
        CREATE TABLE contest_conflicts (
            work_id INTEGER NOT NULL REFERENCES contest_works(id) ON DELETE CASCADE,
            juror_id INTEGER NOT NULL REFERENCES users(id),
            declared_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (work_id, juror_id)
        );
        CREATE TABLE contest_winners (
            work_id INTEGER PRIMARY KEY REFERENCES contest_works(id) ON DELETE CASCADE,
            contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
            age_group TEXT NOT NULL,
            confirmed_by INTEGER,
            confirmed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0
        );
        -- A category whose winners staff confirmed (authors of its winners are then shown).
        CREATE TABLE contest_confirmed (
            contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
            age_group TEXT NOT NULL,
            confirmed_by INTEGER,
            confirmed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (contest_id, age_group)
        );
        """,
    )
