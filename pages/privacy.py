"""Privacy notice (public): what is collected, why, the legal basis, how long, who to contact."""

import streamlit as st

import ui

st.title(ui.t("accounts.notice.title"))
for section in ("who", "what", "why", "basis", "retention", "rights", "contact"):
    st.subheader(ui.t(f"accounts.notice.{section}.title"))
    st.markdown(ui.t(f"accounts.notice.{section}.body"))
