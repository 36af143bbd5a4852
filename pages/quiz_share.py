"""Share the quiz: an agent's personal link and QR code, what it reached; links for actions."""

import pandas as pd
import streamlit as st

import ui
from network import database, rumours
from network.core import disclosure, i18n, privacy
from network.quiz import results, sharing

user = ui.require_page("quiz.share")
st.title(ui.t("quiz.share.title"))
ui.demo_caption()


@st.cache_data(ttl=60, max_entries=32, show_spinner=False)
def reach(path: str, agent_id: int | None, action_id: int | None) -> tuple[list, dict, dict]:
    with database.open_db(path) as db:
        months = results.reach_by_month(db, agent_id=agent_id, action_id=action_id)
        mine = results.reach_summary(db, agent_id) if agent_id else {}
        return months, mine, results.reach_summary(db)


def count_text(n: int | None, hidden: str = "") -> str:
    if n is not None:
        return ui.num(n)
    return disclosure.marker(hidden or disclosure.PRIMARY, privacy.PUBLIC_MIN_COUNT, ui.lang())


def share_block(link: str, file_stem: str, key: str) -> None:
    left, right = st.columns([3, 2])
    left.code(link, language=None, wrap_lines=True)
    png = sharing.qr_png(link)
    left.download_button(ui.t("quiz.share.download_png"), png, f"{file_stem}.png", "image/png",
                         key=f"{key}_png", icon=":material/download:")
    left.download_button(ui.t("quiz.share.download_svg"), sharing.qr_svg(link),
                         f"{file_stem}.svg", "image/svg+xml", key=f"{key}_svg",
                         icon=":material/download:")
    with right:
        ui.image(png, ui.t_plain("quiz.share.qr_alt", link=link), ui.t_plain("quiz.share.qr_caption"))


def pct(value: float | None) -> str:
    return "–" if value is None else f"{ui.num(100 * value)} %"


def pts(value: float | None) -> str:
    return "–" if value is None else ui.num(value, 1)


def months_table(months: list[dict]) -> None:
    if not months:
        st.info(ui.t("quiz.share.no_completions"))
        return
    st.dataframe(pd.DataFrame({
        ui.t("quiz.column.month"): [m["month"] for m in months],
        ui.t("quiz.column.completions"): [count_text(m["count"], m["hidden"]) for m in months],
    }), hide_index=True, width=360)


with ui.database() as db:
    agent = sharing.agent_of(db, user)
    base = sharing.base_url(db)
    actions = sharing.actions_for_links(db, user)

st.caption(ui.t("quiz.share.base_url_note", url=base))
lang_labels = {"": ui.t("quiz.share.any_language")} | dict(i18n.LANGUAGE_NAMES)
link_lang = st.radio(ui.t("quiz.share.link_language"), list(lang_labels), horizontal=True,
                     format_func=lang_labels.get, key="quiz_share_lang") or None

st.header(ui.t("quiz.share.your_link"))
if agent is None:
    st.info(ui.t("quiz.share.no_agent"))
else:
    share_block(sharing.quiz_link(base, ref=agent["share_code"], lang=link_lang),
                f"quiz-{agent['share_code']}", "quiz_share_agent")
    months, mine, city = reach(ui.db_file(), agent["id"], None)
    st.subheader(ui.t("quiz.share.reached"))
    cols = st.columns(3)
    cols[0].metric(ui.t("quiz.share.completions"), count_text(mine["n"], mine.get("hidden", "")))
    cols[1].metric(ui.t("quiz.share.your_score"), pct(mine["score"]),
                   help=ui.t("quiz.share.score_help"))
    cols[1].caption(ui.t("quiz.share.city_value", value=pct(city["score"])))
    cols[2].metric(ui.t("quiz.share.your_gap"), pts(mine["gap"]), help=ui.t("quiz.share.gap_help"))
    cols[2].caption(ui.t("quiz.share.city_value", value=pts(city["gap"])))
    if mine["score"] is None:
        st.caption(ui.t("quiz.share.small_note", n=privacy.PUBLIC_MIN_COUNT))
    months_table(months)
    st.header(ui.t("rumours.share.title"))
    st.write(ui.t("rumours.share.text"))
    share_block(sharing.quiz_link(base, ref=agent["share_code"], lang=link_lang,
                                  path=sharing.REPORT_PATH),
                f"rumour-report-{agent['share_code']}", "quiz_share_report")
    with ui.database() as db:
        told = rumours.reports_through_link(db, agent["id"])
    st.metric(ui.t("rumours.share.told"),
              count_text(told if told >= privacy.PUBLIC_MIN_COUNT or not told else None))

if sharing.can_link_actions(user):
    st.header(ui.t("quiz.share.action_links"))
    st.write(ui.t("quiz.share.action_intro"))
    if not actions:
        st.info(ui.t("quiz.share.no_actions"))
    else:
        labels = {a["id"]: f"{a['date']} · {a['title']}" for a in actions}
        action_id = st.selectbox(ui.t("quiz.share.action"), list(labels), format_func=labels.get,
                                 key="quiz_share_action", placeholder=ui.t("common.choose"))
        if action_id is not None:
            share_block(sharing.quiz_link(base, action=action_id, lang=link_lang),
                        f"quiz-action-{action_id}", "quiz_share_action_qr")
            st.subheader(ui.t("quiz.share.at_action"))
            months_table(reach(ui.db_file(), None, action_id)[0])
