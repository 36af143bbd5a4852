"""A probe page for tests/test_inert_browser.py: each text of $PROBE_TEXTS (a JSON list) shown
through the app's Markdown boundary in the sinks pages use (markdown, caption, alert, and a
translation parameter), each in its own keyed container, for Chromium to read back."""

import json
import os

import streamlit as st

import ui

with open(os.environ["PROBE_TEXTS"], encoding="utf-8") as f:
    texts = json.load(f)
for i, text in enumerate(texts):
    with st.container(key=f"probe_md_{i}"):
        st.markdown(ui.md(text))
    with st.container(key=f"probe_caption_{i}"):
        st.caption(ui.md(text))
    with st.container(key=f"probe_alert_{i}"):
        st.success(ui.t("actions.created", title=text))
st.caption("probe done")
