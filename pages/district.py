"""District dashboard (coordinators: their district; staff and admins: any): activity over
time, agents by sector and training, agents to re-engage, and whether the network reflects
its district."""

from datetime import date

import streamlit as st

import ui
from network import district as dashboard
from network import reference, training
from network.core import permissions
from network.district import views as charts
from screens import district as screens

user = ui.require_page("district.dashboard")
st.title(ui.t("district.title"))
lang = ui.lang()
with ui.database() as db:
    districts = reference.districts(db)
if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()
ids = permissions.visible_districts(user, "district.dashboard", [d.id for d in districts])
labels = {d.id: d.label(lang) for d in districts if d.id in ids}
left, middle, right = st.columns(3)
district_id = left.selectbox(ui.t("field.district"), list(labels), format_func=labels.get,
                             key="district_choice")
windows = {"12": ui.t("district.window_12"), "36": ui.t("district.window_36"),
           "all": ui.t("district.window_all")}
window = middle.selectbox(ui.t("district.window"), list(windows), format_func=windows.get,
                          key="district_window")
periods = {"month": ui.t("district.by_month"), "quarter": ui.t("district.by_quarter")}
period = right.radio(ui.t("district.period"), list(periods), format_func=periods.get,
                     horizontal=True, key="district_period")
today = date.today()
start = dashboard.window_start(window, period, today)
with ui.database() as db:
    board = dashboard.district_dashboard(db, user, district_id, period, start, today)
ui.demo_caption()
ui.show_flash()

cols = st.columns(4)
cols[0].metric(ui.t("district.actions"), ui.num(board.actions))
cols[1].metric(ui.t("district.reached"), ui.num(board.reached))
cols[2].metric(ui.t("district.active_agents"), ui.num(board.active_agents))
cols[3].metric(ui.t("district.inactive_agents"), ui.num(board.inactive_agents))
st.caption(ui.t("district.range", start=board.start.isoformat(), end=board.end.isoformat()))

st.subheader(ui.t("district.activity"))
if board.actions:
    left, right = st.columns(2)
    left.altair_chart(charts.over_time_chart(board.over_time, period, "actions", ui.t),
                      width="stretch")
    right.altair_chart(charts.over_time_chart(board.over_time, period, "reached", ui.t),
                       width="stretch")
else:
    st.info(ui.t("district.no_actions"))
tables = charts.chart_tables(board.over_time, period, board.by_sector, board.training, ui.t_plain)
if board.actions:
    with st.expander(ui.t("district.chart_data")):
        st.table(tables["activity"], hide_index=True)

st.subheader(ui.t("district.agents"))
if board.active_agents + board.inactive_agents:
    left, right = st.columns(2)
    left.markdown(f"**{ui.t('district.by_sector')}**")
    left.altair_chart(charts.sector_chart(board.by_sector, ui.t), width="stretch")
    right.markdown(f"**{ui.t('district.training')}**")
    right.altair_chart(charts.training_chart(board.training, ui.t), width="stretch")
    st.caption(ui.t("district.training_source"))
    with st.expander(ui.t("district.chart_data")):
        st.table(tables["sector"], hide_index=True)
        st.table(tables["training"], hide_index=True)
else:
    st.info(ui.t("district.no_agents"))

with ui.database() as db:  # issue 15: training coverage from the calendar
    cov = training.dashboard_coverage(db, user, district_id, today.year)
if cov.active:  # (an empty district already says it has no agents)
    screens.coverage_section(cov, today.year, lang)
screens.representation_section(board, lang)
if permissions.allowed(user, "reference.edit"):
    screens.share_form(user, district_id, today)
screens.reengage_section(board, lang)
