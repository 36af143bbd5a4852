"""Network map: the districts coloured by a chosen measure, the actions as clustered dots, and
the actions beneath (a click on a district filters the table). No personal data is shown."""

from datetime import date

import streamlit as st

import ui
from network import actions
from network.actions import maps, views
from network.core import permissions
from network.core.vocab import ACTION_TYPES, label_key
from screens.map import MAP_KEY, actions_table_data, load_actions, load_reference, load_years, rendered_map

st.title(ui.t("map.title"))
st.write(ui.t("map.intro"))


def district_clicked() -> None:
    drawing = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    district_id = (drawing.get("properties") or {}).get("district_id")
    if district_id is not None:
        st.session_state["map_district"] = int(district_id)


lang, today = ui.lang(), date.today()
user = ui.current_user()
public = not permissions.allowed(user, "action.write")
districts, geojson, populations = load_reference(ui.db_file())
if not districts:
    st.info(ui.t("map.no_districts"))
    st.stop()
years = load_years(ui.db_file())

# Changing a filter re-runs this fragment only (not the sidebar and navigation); choosing a
# district for the table re-runs the table's fragment only, and the map is not rebuilt.
@st.fragment
def map_view() -> None:
    cols = st.columns([1, 1, 2])
    metric_labels = {m: ui.t(f"map.metric.{m}") for m in maps.METRICS}
    metric = cols[0].selectbox(ui.t("map.metric_choice"), list(metric_labels),
                               format_func=metric_labels.get, key="map_metric")
    period_labels = {"12m": ui.t("map.period_12m"), "all": ui.t("map.period_all")} | {
        str(y): str(y) for y in years}
    period = cols[1].selectbox(ui.t("map.period"), list(period_labels),
                               format_func=period_labels.get, key="map_period")
    type_labels = {c: ui.t(label_key("action_type", c)) for c in ACTION_TYPES}
    types = cols[2].multiselect(ui.t("map.types"), list(type_labels), format_func=type_labels.get,
                                placeholder=ui.t("common.choose_many"), key="map_types")
    per_1000 = st.toggle(ui.t("map.per_1000"), key="map_per_1000")

    start, end = actions.period_bounds(period, today)
    totals, _ = load_actions(ui.db_file(), start, end, tuple(types))
    figures = maps.district_figures(districts, totals, populations, metric, per_1000, lang, public)
    # Only a click on a feature re-runs the page; panning and zooming stay in the browser.
    ui.show_rendered_map(lambda: rendered_map(ui.db_file(), start, end, tuple(types), metric,
                                              per_1000, lang, public, ui.map_assets()),
                         key=MAP_KEY, height=540, returned_objects=["last_active_drawing"],
                         on_change=district_clicked)
    st.caption(ui.t("map.click_hint") + " " + ui.t("map.attribution"))
    with st.expander(ui.t("map.figures_table")):
        st.dataframe(views.district_figures_table(figures, metric, per_1000, lang), hide_index=True,
                     width="stretch")
    if per_1000:
        known = [ui.t("map.population_item", district=d.name(lang), value=ui.num(p["value"]),
                      year=p["year"], source=p["source"])
                 for d in districts if (p := populations.get(d.id))]
        st.caption(ui.t("map.population_source", items=ui.Markdown("; ".join(known) or "–")) + " "
                   + ui.t("map.population_missing"))
    if metric == "agents":
        st.caption(ui.t("map.agents_note"))
    st.caption(ui.t("map.public_note" if public else "map.coordinator_note"))
    ui.demo_caption()
    actions_table(start, end, tuple(types))


@st.fragment
def actions_table(start: str | None, end: str | None, types: tuple[str, ...]) -> None:
    st.subheader(ui.t("map.table_title"))
    names = {d.id: d.label(lang) for d in districts}
    if user and user.role == "coordinator" and "map_district" not in st.session_state:
        st.session_state["map_district"] = min(user.district_ids, default=0)
    district_labels = {0: ui.t("map.all_districts")} | names
    chosen = st.selectbox(ui.t("map.district"), list(district_labels),
                          format_func=district_labels.get, key="map_district")
    table, count, reached = actions_table_data(ui.db_file(), start, end, types, chosen, lang,
                                               public)
    if table is None:
        st.info(ui.t("map.empty"))
        return
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(ui.t("actions.shown", count=ui.num(count),
                    reached=maps.count_text(reached, lang, public)))


map_view()
