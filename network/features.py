"""The feature registry: one row per feature, naming what it adds outside its own package.

A new feature adds one row here and its own package and pages; nothing else is edited by hand.
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations


def migration_sets() -> list[Migrations]:
    """Every migration set in the order it applies: core first, then each feature's."""
    from network.barometer import schema as barometer_schema
    from network.core import schema as core_schema
    from network.district.schema import migrations as district_migrations
    from network.quiz import schema as quiz_schema

    return [core_schema.core, district_migrations, quiz_schema.migrations,
            barometer_schema.migrations]
