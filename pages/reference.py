"""Reference data (staff): districts, barrios and population figures with year and source."""

import pandas as pd
import streamlit as st

import ui
from network import reference
from network.core.errors import NetworkError

user = ui.require_page("reference.edit")
st.title(ui.t("reference.title"))
st.write(ui.t("reference.intro"))

with ui.database() as db:
    districts = reference.districts(db)
    pops = reference.latest_populations(db)
    barrios = reference.barrios(db)
    attribution = reference.setting(db, "city.boundaries_attribution")
    boundary_source = reference.setting(db, "city.boundaries_source")

if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()

lang = ui.lang()
unknown = ui.t("common.unknown")
table = pd.DataFrame({
    ui.t("column.district_number"): [d.number for d in districts],
    ui.t("reference.name_es"): [d.name_es for d in districts],
    ui.t("reference.name_eu"): [d.name_eu for d in districts],
    ui.t("reference.barrios"): [", ".join(b["name"] for b in barrios if b["district_id"] == d.id)
                                for d in districts],
    ui.t("reference.population"): [pops[d.id]["value"] if d.id in pops else None
                                   for d in districts],
    ui.t("field.year"): [pops[d.id]["year"] if d.id in pops else None for d in districts],
    ui.t("field.source"): [pops[d.id]["source"] if d.id in pops else unknown for d in districts],
})
st.dataframe(table, hide_index=True, width="stretch")
if None in pops:
    city = pops[None]
    st.caption(ui.t("reference.city_population", value=ui.num(city["value"]), year=city["year"],
                    source=city["source"]))
st.caption(ui.t("reference.boundaries", attribution=attribution, source=boundary_source))

st.subheader(ui.t("reference.set_population"))
with st.form("reference_population", clear_on_submit=False):
    labels = {None: ui.t("reference.whole_city")} | {
        d.id: d.label(lang) for d in districts}
    target = st.selectbox(ui.t("field.district"), list(labels), format_func=labels.get,
                          key="reference_district")
    value = st.number_input(ui.t("reference.population"), min_value=0, step=1, value=0,
                            key="reference_value")
    year = st.number_input(ui.t("field.year"), min_value=1900, max_value=2100, step=1,
                           value=2024, key="reference_year")
    source = st.text_input(ui.t("field.source"), key="reference_source")
    if st.form_submit_button(ui.t("common.save")):
        try:
            with ui.database() as db:
                reference.set_population(db, user, target, int(year), int(value), source)
        except NetworkError as err:
            ui.show_error(err)
        else:
            ui.data_changed()
            st.success(ui.t("common.saved"))
