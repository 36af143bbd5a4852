"""The district dashboard: a district's actions over time, its agents by sector and training,
who to re-engage, and the migrant-background share beside the district's foreign-born share."""

from network.district.rules import (
    CITY_BORN_ABROAD,
    MAX_SOURCE_LENGTH,
    PERIODS,
    REENGAGE_MONTHS,
    Share,
    actions_over_time,
    agents_by_sector,
    agents_to_reengage,
    migrant_background_share,
    months_before,
    period_start,
    training_distribution,
    window_start,
)
from network.district.schema import m001_foreign_born_shares, migrations
from network.district.service import Dashboard, district_dashboard, set_foreign_born_share
from network.district.store import (
    city_foreign_born_share,
    district_actions,
    district_agents,
    first_action_date,
    foreign_born_share,
)

__all__ = [
    "CITY_BORN_ABROAD",
    "Dashboard",
    "MAX_SOURCE_LENGTH",
    "PERIODS",
    "REENGAGE_MONTHS",
    "Share",
    "actions_over_time",
    "agents_by_sector",
    "agents_to_reengage",
    "city_foreign_born_share",
    "district_actions",
    "district_agents",
    "district_dashboard",
    "first_action_date",
    "foreign_born_share",
    "m001_foreign_born_shares",
    "migrant_background_share",
    "migrations",
    "months_before",
    "period_start",
    "set_foreign_born_share",
    "training_distribution",
    "window_start",
]
