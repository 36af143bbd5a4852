"""The trends read from the database: waves with data, their index, activity and quiz."""

from __future__ import annotations

from datetime import date
from typing import Any

from network.trends.rules import Trends, activity_table, quiz_by_period, wave_periods
from network.trends.store import action_events, agent_events, quiz_events


def load_trends(db: Any) -> Trends:
    """Read waves with barometer data, the index table, activity and quiz per period."""
    from network import reference
    from network.barometer import estimates
    from network.barometer.waves import list_waves

    table = estimates.index_table(db)
    with_data = {r["wave_id"] for r in table}
    waves = [w for w in list_waves(db) if w.id in with_data]
    labels = {w.id: w.label for w in waves}
    periods = wave_periods((w.label, date.fromisoformat(w.fieldwork_start)) for w in waves)
    return Trends(
        waves=waves, periods=periods,
        index={(labels[r["wave_id"]], r["district_id"]): r for r in table
               if r["wave_id"] in labels},
        activity=activity_table(periods, action_events(db), quiz_events(db), agent_events(db)),
        quiz=quiz_by_period(periods, quiz_events(db)),
        districts=reference.districts(db), populations=reference.latest_populations(db),
        city=reference.setting(db, "city.name", ""),
    )
