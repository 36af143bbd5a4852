"""Attitudes next to activity (staff, coordinators): the barometer index per wave beside the
network's activity in the period before it; the change between two waves against activity;
the quiz's perception gap beside the index. With the caveats on screen."""

import streamlit as st

import ui
from network import database, trends
from network.core.privacy import SURVEY_MIN_CELL
from network.quiz.results import MIN_CELL as QUIZ_MIN
from network.trends import charts as trends_charts
from network.trends import views as trends_tables

ui.require_page("trends.view")
lang = ui.lang()
st.title(ui.t("trends.title"))
st.write(ui.t("trends.intro"))


@ui.cached("barometer", "actions", "quiz", "agents", ttl=60, max_entries=4)
def load(path: str) -> trends.Trends:
    with database.open_db(path) as db:
        return trends.load_trends(db)


data = load(ui.db_file())
if not data.waves:
    st.info(ui.t("trends.empty"))
    st.stop()
ui.demo_caption()
st.warning(ui.t("trends.caveats"), icon=":material/info:")
city = ui.t("report.city")
known = sum(1 for d in data.districts if trends.population(data, d.id))
labels = [w.label for w in data.waves]
wave_labels = {w.label: w.label if w.status == "closed" else
               f"{w.label} ({ui.t(f'barometer.status_label.{w.status}')})" for w in data.waves}
tabs = st.tabs([ui.t("trends.tab.change"), ui.t("trends.tab.panels"), ui.t("trends.tab.quiz")],
               key="trends_tab", on_change="rerun")

with tabs[0]:
    if tabs[0].open:  # only the open tab computes its charts
        if len(labels) < 2:
            st.info(ui.t("trends.change.one_wave"))
        else:
            i, j = trends.default_pair(data.waves)
            cols = st.columns(3)
            first = cols[0].selectbox(ui.t("trends.change.first_wave"), labels, index=i,
                                      format_func=wave_labels.get, key="trends_first")
            second = cols[1].selectbox(ui.t("trends.change.second_wave"), labels, index=j,
                                       format_func=wave_labels.get, key="trends_second")
            measures = {m: trends_charts.measure_label(m, lang) for m in trends_charts.INTENSITY}
            default = 0 if known == len(data.districts) else 2
            intensity = cols[2].selectbox(ui.t("trends.change.intensity"), list(measures),
                                          index=default, format_func=measures.get,
                                          key="trends_intensity")
            if labels.index(second) <= labels.index(first):
                st.error(ui.t("trends.change.order"))
            else:
                rows = trends.change_rows(data, first, second, lang, city)
                districts = [r for r in rows if r["area_id"] is not None]
                st.subheader(ui.t("trends.change.title", first=first, second=second))
                st.altair_chart(trends_charts.change_scatter(districts, lang, intensity),
                                width="stretch")
                st.caption(ui.t("trends.change.note"))
                missing = [r["area"] for r in districts
                           if r["change"] is None or r.get(intensity) is None]
                if missing:
                    st.caption(ui.t("trends.change.missing", areas=", ".join(missing)))
                st.info(trends_tables.tests_text(rows, lang))
                if intensity.endswith("_per_1000") or known < len(data.districts):
                    st.caption(ui.t("trends.population_note", known=known, total=len(data.districts)))
                st.dataframe(trends_tables.change_frame(rows, lang, intensity), hide_index=True,
                             width="stretch")

with tabs[1]:
    if tabs[1].open:  # only the open tab computes its charts
        cols = st.columns([2, 1])
        kinds = {m: ui.t(f"trends.measure.{m}") for m in trends.MEASURES}
        measure = cols[0].selectbox(ui.t("trends.measure_choice"), list(kinds),
                                    format_func=kinds.get, key="trends_measure")
        per = cols[1].toggle(ui.t("trends.per_capita"), key="trends_per_capita")
        rows = trends.panel_rows(data, lang, city)
        chosen = f"{measure}_per_1000" if per else measure
        st.altair_chart(trends_charts.small_multiples(rows, lang, chosen, width=235))
        st.caption(ui.t("trends.panels_note"))
        st.caption(ui.t("trends.population_note", known=known, total=len(data.districts)))
        with st.expander(ui.t("trends.table.title")):
            st.dataframe(trends_tables.panel_frame(rows, lang), hide_index=True, width="stretch")

with tabs[2]:
    if tabs[2].open:  # only the open tab computes its charts
        wave = st.selectbox(ui.t("trends.quiz.wave"), labels, index=len(labels) - 1,
                            format_func=wave_labels.get, key="trends_quiz_wave")
        st.write(ui.t("trends.quiz.intro"))
        rows = trends.quiz_beside_index(data, wave, lang, city)
        if not any(r["quiz_n"] for r in rows):
            st.info(ui.t("trends.quiz.no_quiz"))
        st.dataframe(trends_tables.quiz_frame(rows, lang), hide_index=True, width="stretch")
        st.caption(ui.t("trends.quiz.note", min=QUIZ_MIN) + " "
                   + ui.t("report.barometer.note", min=SURVEY_MIN_CELL))

if ui.allowed("report.build"):
    st.caption(ui.t("trends.report_link"))
