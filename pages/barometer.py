"""Barometer (staff, coordinators): the weighted tolerance index by wave and district, with
95% intervals, beside the published series; bands, items, groups, map, method, export."""

import streamlit as st

import ui
from network import database
from network.barometer import estimates, views
from network.barometer.instrument import instrument
from screens import barometer as screens

TABS = ("index", "map", "bands", "items", "groups", "method")
TAB_KEY = "barometer_tab"
user = ui.require_page("barometer.view")
lang = ui.lang()
inst = instrument()
st.title(ui.t("barometer.title"))
st.write(ui.t("barometer.intro"))


@ui.cached("barometer", ttl=60, max_entries=4)
def load(path: str) -> views.Dashboard:
    with database.open_db(path) as db:
        return views.load_dashboard(db, with_items=False)


@ui.cached("barometer", ttl=60, max_entries=4)
def load_items(path: str) -> list[dict]:
    """The item means (they read every answer): loaded when their tab opens."""
    with database.open_db(path) as db:
        return estimates.item_means(db)


dash = load(ui.db_file())
if not dash.waves:
    st.info(ui.t("barometer.empty_no_waves"))
    st.stop()
with_data = views.waves_with_data(dash)
if not with_data:
    st.info(ui.t("barometer.empty_no_data"))
    st.stop()
ui.demo_caption()
screens.notices(dash)

wave_labels = {w.id: f"{w.label} ({ui.t(f'barometer.status_label.{w.status}')})" for w in with_data}
# Only the open tab runs (on_change="rerun"): the page draws two charts, not ten, per run.
tabs = st.tabs([ui.t(f"barometer.tab.{k}") for k in TABS], key=TAB_KEY, on_change="rerun")

with tabs[0]:
    if tabs[0].open:
        screens.index_tab(dash, lang)

with tabs[1]:
    if tabs[1].open:
        screens.map_tab(dash, wave_labels, lang)

with tabs[2]:
    if tabs[2].open:
        screens.bands_tab(dash, inst, lang)

with tabs[3]:
    if tabs[3].open:
        screens.items_tab(lambda: load_items(ui.db_file()), dash, inst, lang)

with tabs[4]:
    if tabs[4].open:
        screens.groups_tab(dash, wave_labels, inst, lang)

with tabs[5]:
    if tabs[5].open:
        screens.method_tab(dash, with_data, wave_labels, inst, lang)

if ui.allowed("barometer.export"):
    screens.exports(user, lang)
