"""The quiz's migration set (listed in network.core.schema.FEATURE_SETS, after core)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from network.core.storage import run_script

migrations = Migrations("quiz")


@migrations()
def m001_initial(db: Database) -> None:
    run_script(
        db,
        """
        -- Content is versioned: an edit publishes a new version (a full copy of the items),
        -- and every attempt keeps pointing at the version it answered.
        CREATE TABLE quiz_versions (
            id INTEGER PRIMARY KEY,
            number INTEGER NOT NULL UNIQUE,
            note TEXT NOT NULL DEFAULT '',
            created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
        );
        CREATE TABLE quiz_items (
            id INTEGER PRIMARY KEY,
            version_id INTEGER NOT NULL REFERENCES quiz_versions(id),
            position INTEGER NOT NULL,
            code TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('myth', 'estimate')),
            answer TEXT CHECK (answer IN ('true', 'false')),
            truth REAL,
            tolerance REAL,
            year INTEGER NOT NULL,
            texts TEXT NOT NULL,  -- JSON: {lang: {title, statement, fact, myth, why, recap, source}}
            UNIQUE (version_id, code),
            UNIQUE (version_id, position),
            CHECK ((kind = 'myth' AND answer IS NOT NULL AND truth IS NULL)
                   OR (kind = 'estimate' AND answer IS NULL AND truth IS NOT NULL
                       AND tolerance IS NOT NULL))
        );
        CREATE TABLE quiz_attempts (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,  -- one per quiz run: a resubmission changes nothing
            version_id INTEGER NOT NULL REFERENCES quiz_versions(id),
            lang TEXT NOT NULL,
            district_id INTEGER REFERENCES districts(id),
            age_band TEXT,
            agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
            action_id INTEGER REFERENCES actions(id) ON DELETE SET NULL,
            started_at REAL NOT NULL,
            finished_at REAL NOT NULL,
            finished_on TEXT NOT NULL,
            score INTEGER NOT NULL,
            max_score INTEGER NOT NULL,
            mean_abs_gap REAL,
            flags TEXT NOT NULL DEFAULT '',  -- comma-separated guard flags; '' = counted
            client_hash TEXT,
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX quiz_attempts_finished ON quiz_attempts (finished_on);
        CREATE INDEX quiz_attempts_agent ON quiz_attempts (agent_id, finished_on);
        CREATE INDEX quiz_attempts_action ON quiz_attempts (action_id);
        CREATE TABLE quiz_answers (
            attempt_id INTEGER NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL REFERENCES quiz_items(id),
            choice TEXT CHECK (choice IN ('true', 'false', 'dont_know')),
            estimate REAL,
            correct INTEGER NOT NULL,
            gap REAL,
            demo INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (attempt_id, item_id)
        );
        """,
    )


@migrations()
def m002_shipped_content(db: Database) -> None:
    """Load data/quiz/items.toml as content version 1 on a new database."""
    from network.quiz import content

    content.load_shipped(db)


@migrations()
def m003_answers_by_item(db: Database) -> None:
    """Results by item read the answers in item order from this index alone (covering), and
    one item's answers without scanning the others."""
    db.execute("CREATE INDEX quiz_answers_item ON quiz_answers (item_id, attempt_id, correct, gap)")


@migrations()
def m004_references_and_reviews(db: Database) -> None:
    """Items get a full reference (date, link), the source's own statement and a historical
    flag; staff checks of an item against its source go in quiz_reviews. Untouched shipped
    content is brought up to the shipped file (a new version if its texts changed)."""
    from network.quiz import content

    run_script(
        db,
        """
        ALTER TABLE quiz_items ADD COLUMN source_date TEXT NOT NULL DEFAULT '';
        ALTER TABLE quiz_items ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
        ALTER TABLE quiz_items ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
        ALTER TABLE quiz_items ADD COLUMN historical INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE quiz_reviews (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL,
            checked_on TEXT NOT NULL,  -- ISO date of the check
            checked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
            reviewer TEXT NOT NULL,  -- the name at the time (kept if the account goes)
            version_id INTEGER REFERENCES quiz_versions(id),
            note TEXT NOT NULL DEFAULT '',
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX quiz_reviews_code ON quiz_reviews (code, checked_on);
        """,
    )
    content.refresh_shipped(db)
