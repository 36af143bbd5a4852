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
from network.training import views as training_views

user = ui.require_page("district.dashboard")
st.title(ui.t("district.title"))
lang = ui.lang()
with ui.database() as db:
    districts = reference.districts(db)
if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()
ids = permissions.visible_districts(user, "district.dashboard", [d.id for d in districts])
labels = {d.id: f"{d.number}. {d.name(lang)}" for d in districts if d.id in ids}
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
start = None if window == "all" else dashboard.period_start(
    dashboard.months_before(today, int(window) - 1).isoformat(), period)
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
    st.subheader(ui.t("training.cov.title"))
    cols = st.columns(3)
    cols[0].metric(ui.t("training.cov.share"), ui.t("disclosure.hidden") if cov.share_full is None
                   else f"{ui.num(100 * cov.share_full, 1)} %")
    cols[1].metric(ui.t("training.cov.hours", year=today.year), ui.num(cov.hours, 1))
    cols[2].metric(ui.t("training.cov.rate", year=today.year), "—" if cov.attendance_rate is None
                   else f"{ui.num(100 * cov.attendance_rate, 1)} %")
    st.caption(ui.t("training.cov.rate_detail", attended=ui.num(cov.attended),
                    recorded=ui.num(cov.recorded)))
    st.table(training_views.coverage_table(cov, lang), hide_index=True)
    st.caption(ui.t("training.cov.note"))

st.subheader(ui.t("district.representation"))
m = board.migrant
left, right = st.columns(2)
if m.share is not None:
    left.metric(ui.t("district.share_agents"), f"{ui.num(100 * m.share, 1)} %")
    left.caption(ui.t("district.share_interval", low=ui.num(100 * m.low, 1),
                      high=ui.num(100 * m.high, 1), yes=ui.num(m.yes), n=ui.num(m.declared),
                      undeclared=ui.num(m.not_declared)))
else:
    left.metric(ui.t("district.share_agents"), ui.t("common.unknown"))
    left.caption(ui.t("district.share_too_few" if m.declared else "district.share_none",
                      n=ui.num(m.declared), undeclared=ui.num(m.not_declared)))
fb = board.foreign_born
right.metric(ui.t("district.share_district"),
             f"{ui.num(fb['share_pct'], 1)} %" if fb else ui.t("common.unknown"))
right.caption(ui.t("district.share_district_source", year=fb["year"], source=fb["source"])
              if fb else ui.t("district.share_district_unknown"))
city = board.city_foreign_born
if city:
    key = "district.city_born_abroad" if city.get("born_abroad") else "district.city_share"
    st.caption(ui.t(key, pct=ui.num(city["share_pct"], 1), year=city["year"],
                    source=city["source"], born=ui.num(city.get("born_abroad")),
                    population=ui.num(city.get("population"))))
chart = charts.share_chart(m, fb, city, ui.t, ui.num)
if chart is not None:
    st.altair_chart(chart, width="stretch")
st.caption(ui.t("district.share_method"))

if permissions.allowed(user, "reference.edit"):
    with st.expander(ui.t("district.record_share")), st.form("district_share_form"):
        share = st.number_input(ui.t("district.share_pct"), min_value=0.0, max_value=100.0,
                                step=0.1, format="%.1f", key="district_share_value")
        year = st.number_input(ui.t("field.year"), min_value=1900, max_value=today.year, step=1,
                               value=today.year, key="district_share_year")
        source = st.text_input(ui.t("field.source"), key="district_share_source")
        if st.form_submit_button(ui.t("common.save")):
            ui.attempt(lambda db: dashboard.set_foreign_born_share(
                db, user, district_id, int(year), float(share), source), ui.t("common.saved"))

st.subheader(ui.t("district.reengage"))
st.caption(ui.t("district.reengage_rule", months=dashboard.REENGAGE_MONTHS))
if not board.active_agents + board.inactive_agents:
    st.info(ui.t("district.no_agents"))
elif not board.reengage:
    st.info(ui.t("district.reengage_none"))
elif board.names_visible:
    st.caption(ui.t("agents.count", count=ui.num(len(board.reengage))))
    st.dataframe(charts.reengage_table(board.reengage, lang), hide_index=True, width="stretch")
else:
    st.metric(ui.t("district.reengage_count"), ui.num(len(board.reengage)))
    st.caption(ui.t("district.names_hidden"))
