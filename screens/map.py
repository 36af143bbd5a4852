"""The public map's cached loaders and its rendered map, shared by every visitor of a filter set."""

from __future__ import annotations

import pyarrow as pa

import ui
from network import actions, database, reference
from network.actions import maps, views

MAP_KEY = "map_main"


@ui.cached("reference", ttl=3600, max_entries=4)
def load_reference(path: str) -> tuple[list, dict, dict]:
    with database.open_db(path) as db:
        return (reference.districts(db), reference.districts_geojson(db),
                reference.latest_populations(db))


@ui.cached("actions", ttl=60, max_entries=32)
def load_actions(path: str, start: str | None, end: str | None,
                 types: tuple[str, ...]) -> tuple[dict, list[dict]]:
    with database.open_db(path) as db:
        return (actions.district_totals(db, start, end, types),
                actions.list_actions(db, None, start, end, types))


@ui.cached("actions", ttl=60, max_entries=4)
def load_years(path: str) -> list[int]:
    with database.open_db(path) as db:
        return actions.action_years(db)


@ui.cached("actions", "reference", shared=True, ttl=60, max_entries=64)
def rendered_map(path: str, start: str | None, end: str | None, types: tuple[str, ...],
                 metric: str, per_1000: bool, lang: str, public: bool,
                 assets: maps.Assets) -> dict:
    """The map for one filter set, rendered once: another visitor or a rerun with the same
    filters reuses it (rendering the map was most of this page's time under a crowd)."""
    districts, geojson, populations = load_reference(path)
    totals, rows = load_actions(path, start, end, types)
    figures = maps.district_figures(districts, totals, populations, metric, per_1000, lang, public)
    dots = [maps.MapAction(r["lat"], r["lon"], r["title"], r["date"], r["type"], r["people_reached"])
            for r in rows if r["lat"] is not None and r["lon"] is not None]
    return ui.render_map(maps.build_map(geojson, figures, dots, metric=metric, per_1000=per_1000,
                                        lang=lang, public=public, assets=assets), MAP_KEY)


@ui.cached("actions", "reference", shared=True, ttl=60, max_entries=64)
def actions_table_data(path: str, start: str | None, end: str | None, types: tuple[str, ...],
                       chosen: int, lang: str, public: bool) -> tuple[pa.Table | None, int, int]:
    """The actions under the map for one filter set and district (0: all), as an Arrow table
    Streamlit sends as it is (built once, not per visitor and rerun), with their count and the
    people they reached."""
    districts = load_reference(path)[0]
    _, rows = load_actions(path, start, end, types)
    shown = [r for r in rows if chosen in (0, r["district_id"])]
    if not shown:
        return None, 0, 0
    names = {d.id: d.label(lang) for d in districts}
    table = pa.Table.from_pandas(views.map_table(shown, names, lang, public), preserve_index=False)
    return table, len(shown), sum(r["people_reached"] for r in shown)
