"""The accessibility statement (EU Implementing Decision 2018/1523's model, RD 1112/2018), its
feedback form (stored, anyone may send) and, for admins, the messages received."""

import time

import pandas as pd
import streamlit as st

import ui
from network.accessibility import rules, service
from network.core import guard
from network.core.errors import NetworkError, ValidationFailed

STARTED = "a11y_started_at"
st.html("<style>" + ui.honeypot_css("a11y_hp") + "</style>")
st.session_state.setdefault(STARTED, time.time())

st.title(ui.t("a11y.title"))
st.write(ui.t("a11y.intro"))
st.header(ui.t("a11y.status_title"))
st.write(ui.t("a11y.status"))
st.header(ui.t("a11y.nonaccessible_title"))
st.subheader(ui.t("a11y.noncompliance_title"))
st.markdown(ui.t("a11y.noncompliance"))
st.subheader(ui.t("a11y.allowlist_title"))
st.write(ui.t("a11y.allowlist_none"))
st.subheader(ui.t("a11y.burden_title"))
st.write(ui.t("a11y.burden"))
st.subheader(ui.t("a11y.scope_title"))
st.write(ui.t("a11y.scope"))
st.header(ui.t("a11y.preparation_title"))
st.write(ui.t("a11y.preparation"))

st.header(ui.t("a11y.feedback_title"))
st.write(ui.t("a11y.feedback_intro"))
if st.session_state.pop("a11y_sent", False):
    st.success(ui.t("a11y.sent"))
with st.form("a11y_feedback", clear_on_submit=False):
    kinds = {k: ui.t_plain(f"a11y.kinds.{k}") for k in rules.KINDS}
    kind = st.selectbox(ui.t("a11y.kind"), list(kinds), format_func=kinds.get, key="a11y_kind")
    page = st.text_input(ui.t("a11y.page"), max_chars=rules.MAX_PAGE, key="a11y_page")
    message = st.text_area(ui.t("a11y.message"), max_chars=rules.MAX_MESSAGE, key="a11y_message")
    contact = st.text_input(ui.t("a11y.contact"), max_chars=rules.MAX_CONTACT, key="a11y_contact")
    with st.container(key="a11y_hp"):
        honeypot = st.text_input(ui.t("a11y.honeypot"), key="a11y_hp_field")
    st.caption(ui.t("a11y.privacy"))
    sent = st.form_submit_button(ui.t("a11y.send"), type="primary")
if sent:
    try:
        with ui.database() as db:
            service.submit_feedback(db, kind, page, message, contact, ui.lang(),
                                    guard.client_hash(db, ui.client_key()),
                                    st.session_state[STARTED], honeypot)
    except (ValidationFailed, NetworkError) as err:
        ui.show_error(err)
    else:
        for key in ("a11y_page", "a11y_message", "a11y_contact"):
            st.session_state.pop(key, None)
        st.session_state["a11y_sent"] = True
        st.rerun()

st.header(ui.t("a11y.enforcement_title"))
st.write(ui.t("a11y.enforcement"))

if ui.allowed("a11y.feedback"):
    st.header(ui.t("a11y.received_title"))
    with ui.database() as db:
        rows = service.list_feedback(db, ui.current_user())
    if not rows:
        st.info(ui.t("a11y.received_none"))
    else:
        table = pd.DataFrame(rows).assign(kind=lambda f: f["kind"].map(kinds),
                                          demo=lambda f: f["demo"].astype(bool))
        names = {"created_at": "a11y.col.created_at", "kind": "field.a11y_kind",
                 "page": "field.a11y_page", "message": "field.a11y_message",
                 "contact": "field.a11y_contact", "lang": "a11y.col.lang",
                 "flags": "a11y.col.flags", "demo": "a11y.col.demo"}
        st.dataframe(table[list(names)].rename(columns={c: ui.t_plain(k) for c, k in names.items()}),
                     hide_index=True)
