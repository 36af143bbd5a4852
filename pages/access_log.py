"""Personal-data access log (admins): who viewed contacts, exported, changed or erased agents."""

import streamlit as st

import ui
from network.accounts import access, views

admin = ui.require_page("privacy.audit")
st.title(ui.t("accounts.log.title"))
st.markdown(ui.t("accounts.log.intro"))
lang = ui.lang()
with ui.database() as db:
    rows = access.log(db, admin)
if not rows:
    st.info(ui.t("accounts.log.empty"))
    st.stop()
st.dataframe(views.access_table(rows, lang), hide_index=True, width="stretch")
st.caption(ui.t("accounts.log.latest", count=ui.num(len(rows))))
if st.button(ui.t("accounts.log.prepare"), key="log_prepare"):
    with ui.database() as db:
        st.session_state["log_csv"] = access.log_csv(db, admin, lang)
if "log_csv" in st.session_state:
    st.download_button(ui.t("accounts.download_csv"), st.session_state["log_csv"],
                       file_name="personal-data-access.csv", mime="text/csv", key="log_dl")
