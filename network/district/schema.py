"""The district dashboard's migrations (set "district_dashboard"; never edit an applied one)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("district_dashboard")


@migrations()
def m001_foreign_born_shares(db: Database) -> None:
    run_script(
        db,
        """
        -- Share of residents born abroad, per district (district_id NULL: the whole city).
        -- Filled in by staff from a published source; never invented.
        CREATE TABLE foreign_born_shares (
            id INTEGER PRIMARY KEY,
            district_id INTEGER REFERENCES districts(id),
            year INTEGER NOT NULL,
            share_pct REAL NOT NULL CHECK (share_pct >= 0 AND share_pct <= 100),
            source TEXT NOT NULL,
            updated_by INTEGER,
            updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
        );
        CREATE UNIQUE INDEX foreign_born_shares_district_year
            ON foreign_born_shares (coalesce(district_id, 0), year);
        """,
    )
