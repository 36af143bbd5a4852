"""The accessibility feature's migration set (listed in network.core.schema.FEATURE_SETS)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("accessibility")


@migrations()
def m001_feedback(db: Database) -> None:
    run_script(
        db,
        """
        -- A barrier or a request for content in an accessible format, sent from the statement.
        -- Anonymous unless the sender leaves a contact; flags come from the abuse guards.
        CREATE TABLE a11y_feedback (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('barrier', 'alternative', 'other')),
            page TEXT NOT NULL DEFAULT '',
            message TEXT NOT NULL,
            contact TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL,
            flags TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX a11y_feedback_created ON a11y_feedback (created_at);
        """,
    )
