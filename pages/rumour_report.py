"""Tell the network about a rumour you heard (public, anonymous, phone-first): often opened from
an agent's share link (?ref=), which is remembered, never who reported. The public forms'
guards (honeypot, minimum time, a throttle per salted client hash) keep bots and floods out."""

import time

import streamlit as st

import ui
from network import rumours
from network.core import guard
from network.quiz import sharing
from screens.rumours import heard_choices, heard_form, reset_heard_form

STARTED, SENT, REF = "report_started_at", "report_sent", "report_ref"
# The honeypot sits off-screen: people never see it, form-filling bots do.
st.html("<style>" + ui.honeypot_css("report_hp") + "</style>")
lang = ui.lang()
if REF not in st.session_state:  # the agent whose link opened the form
    st.session_state[REF] = sharing.normalize_ref(st.query_params.get("ref"))

st.title(ui.t("rumours.report.title"))
st.write(ui.t("rumours.report.intro"))
districts = heard_choices(ui.db_file())[1]
if not districts:
    st.info(ui.t("rumours.report.unavailable"))
    st.stop()


def sent() -> None:
    reset_heard_form()
    st.session_state.pop(STARTED, None)
    st.session_state[SENT] = True


if st.session_state.get(SENT):
    ui.show_flash()
    with ui.database() as db:
        base = sharing.base_url(db)
    st.write(ui.t("rumours.report.quiz_invite"))
    st.link_button(ui.t("rumours.report.take_quiz"),
                   sharing.quiz_link(base, ref=st.session_state[REF], lang=lang), type="primary")
    if st.button(ui.t("rumours.report.another"), key="report_again"):
        st.session_state.pop(SENT)
        st.rerun()
    st.stop()

st.info(ui.t("rumours.heard.no_personal_data"))
st.session_state.setdefault(STARTED, time.time())
data, confirmed = heard_form([], lang)
st.text_input(ui.t("quiz.honeypot"), key="report_hp", label_visibility="collapsed")
st.caption(ui.t("rumours.report.privacy"))
ui.privacy_link()


def send(db) -> bool:
    return rumours.report_heard_public(
        db, data, guard.client_hash(db, ui.client_key()), st.session_state[STARTED],
        st.session_state.get("report_hp", ""), st.session_state[REF])


if st.button(ui.t("rumours.heard.send"), type="primary", key="report_send",
             disabled=not confirmed):
    # A report kept out by the guards is thanked the same way: a bot learns nothing.
    ui.attempt(send, ui.t("rumours.report.thanks"), after=sent, changes=("rumours",))
