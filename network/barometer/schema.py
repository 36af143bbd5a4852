"""The barometer's tables: waves, imports, responses with their answers, population margins."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("barometer")


@migrations()
def m001_barometer(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE barometer_waves (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE COLLATE NOCASE,
            year INTEGER NOT NULL,
            fieldwork_start TEXT NOT NULL,
            fieldwork_end TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('online', 'face_to_face')),
            target_per_district INTEGER NOT NULL CHECK (target_per_district > 0),
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
            -- How the stored weights were made (JSON: method, margins used, iterations...).
            weighting TEXT NOT NULL DEFAULT '{}',
            created_by INTEGER,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0
        );
        -- At most one wave takes public survey answers at a time.
        CREATE UNIQUE INDEX barometer_waves_one_open ON barometer_waves (status)
            WHERE status = 'open';

        CREATE TABLE barometer_imports (
            id INTEGER PRIMARY KEY,
            wave_id INTEGER NOT NULL REFERENCES barometer_waves(id),
            filename TEXT NOT NULL,
            rows INTEGER NOT NULL,
            supplied_weights INTEGER NOT NULL DEFAULT 0,
            imported_by INTEGER,
            imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0
        );

        -- One row per respondent. idx (0-100) is computed when the row is written and weight
        -- whenever the wave is weighted, so estimates are sums over a covering index.
        CREATE TABLE barometer_responses (
            id INTEGER PRIMARY KEY,
            wave_id INTEGER NOT NULL REFERENCES barometer_waves(id),
            respondent_id TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('survey', 'import')),
            import_id INTEGER REFERENCES barometer_imports(id) ON DELETE CASCADE,
            district_id INTEGER NOT NULL REFERENCES districts(id),
            barrio TEXT,
            sex TEXT NOT NULL,
            age_band TEXT NOT NULL,
            born_abroad TEXT NOT NULL CHECK (born_abroad IN ('yes', 'no')),
            years_in_bilbao TEXT,
            idx REAL CHECK (idx BETWEEN 0 AND 100),
            supplied_weight REAL CHECK (supplied_weight > 0),
            weight REAL,
            -- Abuse-guard flags (JSON list); flagged rows are kept for audit, never estimated.
            flags TEXT NOT NULL DEFAULT '[]',
            valid INTEGER NOT NULL DEFAULT 1,
            submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0,
            UNIQUE (wave_id, respondent_id)
        );
        CREATE INDEX barometer_responses_estimates
            ON barometer_responses (valid, wave_id, district_id, idx, weight);
        CREATE INDEX barometer_responses_import ON barometer_responses (import_id);

        CREATE TABLE barometer_answers (
            response_id INTEGER NOT NULL REFERENCES barometer_responses(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            value INTEGER NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (response_id, item)
        ) WITHOUT ROWID;

        -- Population margins for raking: one set per (dimension, year), with its source.
        CREATE TABLE barometer_margins (
            id INTEGER PRIMARY KEY,
            dimension TEXT NOT NULL CHECK (dimension IN ('district', 'sex', 'age_band')),
            category TEXT NOT NULL,
            year INTEGER NOT NULL,
            value INTEGER NOT NULL CHECK (value > 0),
            source TEXT NOT NULL,
            updated_by INTEGER,
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0,
            UNIQUE (dimension, year, category)
        );
        """
    )


@migrations()
def m002_variance_cells(db: Database) -> None:
    # Covers the standard errors' per-cell sums (wave x district x sex x age band x group).
    run_script(
        db,
        """
        CREATE INDEX barometer_responses_cells ON barometer_responses
            (valid, wave_id, district_id, sex, age_band, born_abroad, idx, weight);
        """
    )
