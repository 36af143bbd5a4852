"""Overview: the network at a glance, this year and last, by district."""

from datetime import date

import pandas as pd
import streamlit as st

import ui
from network import database, overview, reference

st.title(ui.t("overview.title"))


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load(path: str, year: int, until: str | None) -> tuple[list[dict], list[int], dict, str]:
    with database.open_db(path) as db:
        rows = overview.network_at_a_glance(db, year, until)
        years = overview.activity_years(db)
        pops = reference.latest_populations(db)
        city = reference.setting(db, "city.name", "")
    return rows, years, pops.get(None, {}), city


today = date.today()
year_to_date = today.strftime("%m-%d")
rows, years, city_pop, city = load(ui.db_file(), today.year, year_to_date)
st.write(ui.t("overview.intro", city=city or "Bilbao"))
st.caption(ui.t("overview.source"))
if not rows:
    st.info(ui.t("overview.no_districts"))
    st.stop()

this_year = today.year
year_options = sorted(set(years) | {this_year}, reverse=True)
year = st.selectbox(ui.t("overview.year"), year_options, key="overview_year")
in_progress = year == this_year
if not in_progress:
    rows = load(ui.db_file(), year, None)[0]
period = ui.t("overview.to_date", day=today.day, month=ui.t(f"month.{today.month}")) \
    if in_progress else ""
compare = ui.t("overview.vs_same_period" if in_progress else "overview.vs_last_year", year=year - 1)
totals = overview.totals(rows)
if not any(totals.values()):
    st.info(ui.t("overview.empty"))
ui.demo_caption()

cols = st.columns(4)
cols[0].metric(ui.t("overview.active_agents"), ui.num(totals['agents']))
cols[1].metric(ui.t("overview.active_entities"), ui.num(totals['entities']))
cols[2].metric(ui.t("overview.actions_in", year=year) + period, ui.num(totals["actions_this_year"]),
               delta=ui.num(totals["actions_this_year"] - totals["actions_last_year"]),
               help=compare)
cols[3].metric(ui.t("overview.reached_in", year=year) + period, ui.num(totals["reached_this_year"]),
               delta=ui.num(totals["reached_this_year"] - totals["reached_last_year"]),
               help=compare)
if in_progress:
    st.caption(compare)

st.subheader(ui.t("overview.by_district"))
lang = ui.lang()
table = pd.DataFrame(
    {
        ui.t("column.district_number"): [r["number"] for r in rows],
        ui.t("column.district"): [r["name_eu"] if lang == "eu" else r["name_es"] for r in rows],
        ui.t("column.agents"): [r["agents"] for r in rows],
        ui.t("column.entities"): [r["entities"] for r in rows],
        ui.t("column.actions_year", year=year): [r["actions_this_year"] for r in rows],
        ui.t("column.actions_year", year=year - 1): [r["actions_last_year"] for r in rows],
        ui.t("column.reached_year", year=year): [r["reached_this_year"] for r in rows],
        ui.t("column.reached_year", year=year - 1): [r["reached_last_year"] for r in rows],
    }
)
st.dataframe(table, hide_index=True, width="stretch")
if city_pop:
    st.caption(ui.t("overview.population_note", city=city, value=ui.num(city_pop["value"]),
                    year=city_pop["year"], source=city_pop["source"]))
