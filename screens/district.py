"""The district dashboard's screens: training coverage, representation, the district's
foreign-born share form, agents to re-engage."""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from network import district as dashboard
from network.district import views as charts
from network.training import views as training_views


def coverage_section(cov, year: int, lang: str) -> None:
    """Issue 15: the district's training coverage from the calendar."""
    st.subheader(ui.t("training.cov.title"))
    cols = st.columns(3)
    cols[0].metric(ui.t("training.cov.share"), ui.t("disclosure.hidden") if cov.share_full is None
                   else charts.percent(cov.share_full, lang))
    cols[1].metric(ui.t("training.cov.hours", year=year), ui.num(cov.hours, 1))
    cols[2].metric(ui.t("training.cov.rate", year=year), "—" if cov.attendance_rate is None
                   else charts.percent(cov.attendance_rate, lang))
    st.caption(ui.t("training.cov.rate_detail", attended=ui.num(cov.attended),
                    recorded=ui.num(cov.recorded)))
    st.table(training_views.coverage_table(cov, lang), hide_index=True)
    st.caption(ui.t("training.cov.note"))


def representation_section(board, lang: str) -> None:
    """The agents' migrant-background share beside the district's and the city's foreign-born
    shares."""
    st.subheader(ui.t("district.representation"))
    m = board.migrant
    left, right = st.columns(2)
    if m.share is not None:
        left.metric(ui.t("district.share_agents"), charts.percent(m.share, lang))
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


def share_form(user, district_id: int, today: date) -> None:
    """Record the district's foreign-born share from a published source."""
    with st.expander(ui.t("district.record_share")), st.form("district_share_form"):
        share = st.number_input(ui.t("district.share_pct"), min_value=0.0, max_value=100.0,
                                step=0.1, format="%.1f", key="district_share_value")
        year = st.number_input(ui.t("field.year"), min_value=1900, max_value=today.year, step=1,
                               value=today.year, key="district_share_year")
        source = st.text_input(ui.t("field.source"), key="district_share_source")
        if st.form_submit_button(ui.t("common.save")):
            ui.attempt(lambda db: dashboard.set_foreign_born_share(
                db, user, district_id, int(year), float(share), source), ui.t("common.saved"))


def reengage_section(board, lang: str) -> None:
    """Agents with no action for a while: their names where the user may see them, else a count."""
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
