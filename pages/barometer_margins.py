"""Barometer margins (staff): population totals by district, sex and age band that waves are
weighted to; saving or deleting a set re-weights every wave."""

from datetime import date

import streamlit as st

import ui
from network import reference
from network.barometer import margins, views
from network.barometer.instrument import instrument

user = ui.require_page("barometer.manage")
lang = ui.lang()
inst = instrument()
st.title(ui.t("barometer.nav.margins"))
ui.show_flash()
with ui.database() as db:
    districts = reference.districts(db)
    register = reference.latest_populations(db)
    sets = margins.margin_sets(db)
if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()
ui.demo_caption()
st.markdown(ui.t("barometer.admin.margins_help"))
if sets:
    st.dataframe(views.margins_frame(sets, districts, inst, lang), hide_index=True,
                 width="stretch")
else:
    st.info(ui.t("barometer.admin.no_margins"))
dim_labels = {d: ui.t(f"barometer.dimension.{d}") for d in margins.DIMENSIONS}
dimension = st.selectbox(ui.t("barometer.admin.dimension"), list(dim_labels),
                         format_func=dim_labels.get, key="barometer_admin_dimension")
category_labels = views.category_labels(dimension, districts, inst, lang)
defaults, defaults_year = views.margin_defaults(sets, register, districts, dimension)
with st.form("barometer_admin_margins", clear_on_submit=False):
    cols = st.columns(2)
    m_year = cols[0].number_input(ui.t("field.year"), 1900, 2100,
                                  defaults_year or date.today().year - 1,
                                  key="barometer_admin_m_year")
    m_source = cols[1].text_input(ui.t("field.source"), key="barometer_admin_m_source")
    values = {}
    for i, (code, text) in enumerate(category_labels.items()):
        optional = code in margins.OPTIONAL_CATEGORIES.get(dimension, set())
        values[code] = cols[i % 2].number_input(
            text + (f" ({ui.t('barometer.admin.optional')})" if optional else ""),
            min_value=0, step=1, value=int(defaults.get(code, 0)),
            key=f"barometer_admin_m_{dimension}_{code}")
    if st.form_submit_button(ui.t("barometer.admin.save_margins")):
        ui.attempt(lambda db: margins.set_margins(db, user, dimension, int(m_year),
                                                  {c: int(v) for c, v in values.items()},
                                                  m_source, labels=category_labels),
                   ui.t("barometer.admin.margins_saved", dimension=dim_labels[dimension]))
if sets:
    set_labels = {(s.dimension, s.year): f"{dim_labels[s.dimension]} {s.year}" for s in sets}
    drop = st.selectbox(ui.t("barometer.admin.delete_which"), list(set_labels),
                        format_func=set_labels.get, key="barometer_admin_drop")
    if st.button(ui.t("barometer.admin.delete_margins"), key="barometer_admin_drop_button"):
        ui.attempt(lambda db: margins.delete_margins(db, user, *drop),
                   ui.t("barometer.admin.margins_deleted", name=set_labels[drop]))
