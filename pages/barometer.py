"""Barometer (staff, coordinators): the weighted tolerance index by wave and district, with
95% intervals, beside the published series; bands, items, groups, map, method, export."""

import streamlit as st

import ui
from network import database
from network.barometer import charts, estimates, io, views, weighting
from network.barometer.instrument import instrument
from network.barometer.published import published_values
from network.core.privacy import SURVEY_MIN_CELL

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
notices = views.weighting_notices(dash)
if notices["unweighted"]:
    st.warning(ui.t("barometer.notice.unweighted", waves=", ".join(notices["unweighted"])))
if notices["partial"]:
    st.warning(ui.t("barometer.notice.partial", waves=", ".join(notices["partial"])))
if notices["not_converged"]:
    st.warning(ui.t("barometer.notice.not_converged", waves=", ".join(notices["not_converged"]),
                    low=ui.num(weighting.TRIM_LOW, 2), high=ui.num(weighting.TRIM_HIGH)))
if notices["dropped"]:
    st.warning(ui.t("barometer.notice.dropped", cells="; ".join(notices["dropped"])))
if notices["demo_margins"]:
    st.caption(ui.t("barometer.notice.demo_margins"))

wave_labels = {w.id: f"{w.label} ({ui.t(f'barometer.status_label.{w.status}')})" for w in with_data}
# Only the open tab runs (on_change="rerun"): the page draws two charts, not ten, per run.
tabs = st.tabs([ui.t(f"barometer.tab.{k}") for k in TABS], key=TAB_KEY, on_change="rerun")

with tabs[0]:
    if tabs[0].open:
        st.subheader(ui.t("barometer.city_trend", city=dash.city or ui.t("barometer.city")))
        st.altair_chart(charts.index_trend_chart(views.city_rows(dash), published_values(), lang,
                                                 ui.t("barometer.chart.this_app")), width="stretch")
        st.caption(ui.t("barometer.published_note"))
        st.subheader(ui.t("barometer.table_title"))
        st.caption(ui.t("barometer.table_note", min=SURVEY_MIN_CELL))
        table = views.index_table_frame(dash, lang)
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={table.columns[0]: st.column_config.TextColumn(pinned=True)})
        with st.expander(ui.t("barometer.details")):
            st.dataframe(views.detail_frame(dash, lang), hide_index=True, width="stretch")
        st.subheader(ui.t("barometer.district_trend"))
        floor = min((r["low"] for r in dash.index if r["low"] is not None), default=40) - 2
        st.altair_chart(charts.district_trend_chart(views.district_rows(dash, lang), lang, floor))
        st.caption(ui.t("barometer.district_trend_note"))

with tabs[1]:
    if tabs[1].open:
        map_wave = st.selectbox(ui.t("barometer.chart.wave"), list(wave_labels), key="barometer_map_wave",
                                index=len(wave_labels) - 1, format_func=wave_labels.get)
        ui.chart(charts.district_map(dash.geojson, views.map_rows(dash, map_wave), lang,
                                     views.map_labels(dash, lang)),
                 views.map_table_frame(dash, map_wave, lang), width="stretch")
        st.caption(ui.t("barometer.map_note") + " " + ui.md(dash.attribution))

with tabs[2]:
    if tabs[2].open:
        ui.chart(charts.band_share_chart(views.rows_for(dash.bands, dash), lang),
                 views.bands_table_frame(dash, lang), width="stretch")
        st.caption(ui.t("barometer.bands_note", tolerant=ui.num(inst.tolerant_from),
                        reluctant=ui.num(inst.reluctant_below)))

with tabs[3]:
    if tabs[3].open:
        st.caption(ui.t("barometer.items_note"))
        item_rows = load_items(ui.db_file())
        ui.chart(charts.item_trend_chart(views.rows_for(item_rows, dash), lang, inst),
                 views.items_table_frame(item_rows, dash, inst, lang))

with tabs[4]:
    if tabs[4].open:
        group_wave = st.selectbox(ui.t("barometer.chart.wave"), list(wave_labels),
                                  key="barometer_group_wave", index=len(wave_labels) - 1,
                                  format_func=wave_labels.get)
        by_dimension = {d: [r for r in rows if r["wave_id"] == group_wave]
                        for d, rows in dash.breakdowns.items()}
        domain = charts.breakdown_domain([r for rows in by_dimension.values() for r in rows])
        for dimension, rows in by_dimension.items():
            if rows:
                st.altair_chart(charts.breakdown_chart(rows, lang, dimension, domain, inst),
                                width="stretch")
        with st.expander(ui.t("common.chart_table")):
            st.dataframe(views.groups_table_frame(by_dimension, dash, inst, lang), hide_index=True,
                         width="stretch")
        st.caption(ui.t("barometer.groups_note", min=SURVEY_MIN_CELL))

with tabs[5]:
    if tabs[5].open:
        st.markdown(ui.t("barometer.method.text", items=len(inst.items),
                         min_answered=inst.min_answered, tolerant=ui.num(inst.tolerant_from),
                         reluctant=ui.num(inst.reluctant_below), min=SURVEY_MIN_CELL,
                         low=ui.num(weighting.TRIM_LOW, 2), high=ui.num(weighting.TRIM_HIGH),
                         neff=estimates.NEFF_RELIABLE))
        st.dataframe(views.weighting_frame(dash, lang), hide_index=True, width="stretch")
        sheet = st.selectbox(ui.t("barometer.sheet.choose"), [w.id for w in with_data],
                             index=len(with_data) - 1, format_func=wave_labels.get,
                             key="barometer_sheet_wave")
        st.subheader(ui.t("barometer.sheet.title", wave=wave_labels[sheet]))
        st.dataframe(views.technical_sheet_frame(dash, sheet, lang), hide_index=True,
                     width="stretch")
        sources = views.margin_sources(dash)
        if sources:
            st.caption(ui.t("barometer.method.sources", sources="; ".join(sources)))
        with st.expander(ui.t("barometer.method.items")):
            st.dataframe(views.items_frame(inst, lang), hide_index=True, width="stretch")

if ui.allowed("barometer.export"):
    st.subheader(ui.t("barometer.export.title"))
    path = ui.db_file()

    def export(what: str):  # built on click, on its own connection (the callable runs in a thread)
        def run() -> bytes:
            with database.open_db(path) as db:
                return io.export_for(db, user, what, lang)
        return run

    cols = st.columns(3)
    for col, what in zip(cols, ("microdata", "estimates", "changes"), strict=True):
        col.download_button(ui.t(f"barometer.export.{what}"), export(what), f"barometer_{what}.csv",
                            "text/csv", key=f"barometer_dl_{what}")
