"""Annual report (staff): choose a year and a language, download one self-contained HTML file
that opens offline and prints well to PDF."""

from datetime import date

import streamlit as st

import ui
from network import database, recognition
from network.core import i18n
from network.report import build_report

ui.require_page("report.build")
st.title(ui.t("report.page_title"))
st.write(ui.t("report.page_intro"))
ui.demo_caption()


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def years(path: str) -> list[int]:
    with database.open_db(path) as db:
        return recognition.years(db)


today = date.today()
choices = years(ui.db_file())
if not choices:
    st.info(ui.t("report.no_years"))
    choices = [today.year]
default = choices.index(today.year - 1) if today.year - 1 in choices else 0
year_labels = {y: str(y) for y in choices}
lang_labels = dict(i18n.LANGUAGE_NAMES)
cols = st.columns(2)
year = cols[0].selectbox(ui.t("report.year"), choices, index=default,
                         format_func=year_labels.get, key="report_year")
report_lang = cols[1].selectbox(ui.t("report.language"), list(lang_labels),
                                index=list(lang_labels).index(ui.lang()),
                                format_func=lang_labels.get, key="report_lang")

if st.button(ui.t("report.build"), key="report_build", type="primary"):
    with st.spinner(ui.t("report.build")), ui.database() as db:
        st.session_state["report_html"] = (year, report_lang, build_report(db, year, report_lang))
built = st.session_state.get("report_html")
if built and built[:2] == (year, report_lang):
    html = built[2].encode("utf-8")
    st.success(ui.t("report.ready", year=year, size=ui.num(len(html) / 1024)))
    st.download_button(ui.t("report.download"), html, f"report-{year}-{report_lang}.html",
                       "text/html", key="report_download", icon=":material/download:")
    st.caption(ui.t("report.print_hint"))
