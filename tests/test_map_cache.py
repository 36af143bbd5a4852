"""The public map is rendered once per filter set (ui.render_map, cached by pages/map.py) and
shown through streamlit-folium's component with the same arguments st_folium would send."""

from __future__ import annotations

import re

import pytest
import streamlit as st
import streamlit_folium as sf

import ui
from network import actions, database, reference
from network.actions import maps
from tests.conftest import app_test

RANDOM_ID = re.compile(r"[0-9a-f]{32}")
KEY = "map_main"
RETURNED = ["last_active_drawing"]


def public_map(db_path, lang="en"):
    with database.open_db(db_path) as db:
        districts = reference.districts(db)
        rows = actions.list_actions(db, None, None, None, ())
        totals = actions.district_totals(db, None, None, ())
        geojson = reference.districts_geojson(db)
    figures = maps.district_figures(districts, totals, {}, "actions", False, lang, True)
    dots = [maps.MapAction(r["lat"], r["lon"], r["title"], r["date"], r["type"], r["people_reached"])
            for r in rows if r["lat"] is not None]
    return maps.build_map(geojson, figures, dots, metric="actions", per_1000=False, lang=lang,
                          public=True)


def captured(monkeypatch) -> list[dict]:
    calls: list[dict] = []

    def component(**kwargs):
        calls.append(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(sf, "_component_func", component)
    return calls


def comparable(kwargs: dict) -> dict:
    """The arguments with each map's random element ids made equal (two builds differ only
    there) and the callback left out."""
    return {k: RANDOM_ID.sub("ID", v) if isinstance(v, str) else v
            for k, v in kwargs.items() if k != "on_change"}


def test_the_component_gets_what_st_folium_would_send_it(demo_db_path, monkeypatch):
    calls = captured(monkeypatch)
    sf.st_folium(public_map(demo_db_path), key=KEY, height=540, use_container_width=True,
                 returned_objects=RETURNED)
    shown = ui.show_rendered_map(lambda: ui.render_map(public_map(demo_db_path), KEY), key=KEY,
                                 height=540, returned_objects=RETURNED)
    expected, ours = calls
    assert comparable(ours) == comparable(expected)
    assert shown == expected["default"] == {"last_active_drawing": None}
    assert "L.markerClusterGroup" in ours["script"]


def test_a_rerun_with_the_same_filters_renders_no_map(demo_db_path, monkeypatch):
    st.cache_data.clear()
    builds = []
    real = maps.build_map
    monkeypatch.setattr(maps, "build_map", lambda *a, **k: builds.append(1) or real(*a, **k))
    at = app_test("pages/map.py").run()
    assert not at.exception and len(builds) == 1
    at.run()
    assert not at.exception and len(builds) == 1  # the same filters: the rendered map is reused
    at.toggle(key="map_per_1000").set_value(True).run()
    assert not at.exception and len(builds) == 2  # new filters: a new map
    at.toggle(key="map_per_1000").set_value(False).run()
    assert len(builds) == 2  # back to the first filters: still cached


def test_a_new_action_shows_on_the_next_map(demo_db_path, monkeypatch):
    """A write clears the actions caches (ui.data_changed): the map is rendered again."""
    st.cache_data.clear()
    at = app_test("pages/map.py").run()
    builds = []
    real = maps.build_map
    monkeypatch.setattr(maps, "build_map", lambda *a, **k: builds.append(1) or real(*a, **k))
    ui.data_changed("actions")
    at.run()
    assert not at.exception and len(builds) == 1
    ui.data_changed()  # a write that names no group clears every cache, shared ones too
    at.run()
    assert not at.exception and len(builds) == 2


@pytest.mark.parametrize("failure", [RuntimeError("boom"), KeyError("bounds")])
def test_a_map_that_cannot_be_rendered_leaves_a_warning_not_an_error(failure, monkeypatch):
    warnings = []
    monkeypatch.setattr(st, "warning", lambda text, **_: warnings.append(text))

    def broken():
        raise failure

    assert ui.show_rendered_map(broken, key=KEY, height=540, returned_objects=RETURNED) is None
    assert len(warnings) == 1
