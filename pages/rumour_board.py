"""The rumour board (coordinators, staff): per rumour and district, heard, answered and
measured; the matrix of where a rumour is heard but not answered; the catalogue export and
the diagnosis report."""

from datetime import date

import streamlit as st

import ui
from network import actions, database, reference
from network.rumours import board as rumour_board
from network.rumours import diagnosis, export, views

user = ui.require_page("rumour.board")
lang, today = ui.lang(), date.today()


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def load(path: str, start: str | None, end: str | None, today: date) -> rumour_board.Board:
    with database.open_db(path) as db:
        return rumour_board.build(db, start, end, today)


st.title(ui.t("rumours.board.title"))
st.write(ui.t("rumours.board.intro"))
with ui.database() as db:
    districts = reference.districts(db)
    years = actions.action_years(db)
names = {d.id: d.label(lang) for d in districts}
periods = {"12m": ui.t_plain("map.period_12m"), "all": ui.t_plain("map.period_all")} | {
    str(y): str(y) for y in years}
period = st.selectbox(ui.t("map.period"), list(periods), format_func=periods.get,
                      key="board_period")
start, end = actions.period_bounds(period, today)
board = load(ui.db_file(), start, end, today)
if not board.rumours or not districts:
    st.info(ui.t("rumours.board.empty"))
    st.stop()
ui.demo_caption()
areas = {0: ui.t_plain("report.city")} | names
own = sorted(user.district_ids)
area = st.selectbox(ui.t("rumours.board.area"), list(areas), format_func=areas.get,
                    index=list(areas).index(own[0]) if own and own[0] in areas else 0,
                    key="board_area")
tab_detail, tab_matrix = st.tabs([ui.t_plain("rumours.board.tab_detail"),
                                  ui.t_plain("rumours.board.tab_matrix")])
with tab_detail:
    st.dataframe(views.detail_frame(board, area or None, lang), hide_index=True, width="stretch")
    st.caption(ui.t("rumours.board.measures_note",
                    wave=board.wave["label"] if board.wave else ui.t_plain("common.none_yet")))
with tab_matrix:
    st.write(ui.t("rumours.board.matrix_intro"))
    st.dataframe(views.matrix_frame(board, names, lang), hide_index=True, width="stretch")
    gaps = views.unanswered(board)
    st.subheader(ui.t("rumours.board.unanswered_title", n=ui.num(len(gaps))))
    if gaps:
        st.markdown("\n".join(
            f"- {ui.md(r['code'])} · {ui.md(views.text(r, 'statement', lang))} · "
            f"{ui.md(names[d])}" for r, d in gaps[:40]))
    else:
        st.caption(ui.t("rumours.board.all_answered"))
st.caption(ui.t("rumours.board.disclosure"))
with ui.database() as db:
    csv = export.export_csv(db, user, lang, start, end)
st.download_button(ui.t("common.download_csv"), csv, file_name=ui.t_plain("rumours.export_file"),
                   mime="text/csv", key="board_csv")
if ui.allowed("report.build"):
    if st.button(ui.t("rumours.board.build_diagnosis"), key="board_diagnosis"):
        with ui.database() as db:
            st.session_state["board_diagnosis_html"] = diagnosis.build_diagnosis(
                db, area or None, lang, today)
    if html := st.session_state.get("board_diagnosis_html"):
        st.download_button(ui.t("rumours.board.download_diagnosis"), html.encode("utf-8"),
                           file_name=ui.t_plain("rumours.diagnosis_file"), mime="text/html",
                           key="board_diagnosis_download")
