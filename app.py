"""Front door: page config, the shared sidebar, and the navigation for the signed-in role."""

import streamlit as st

import ui
from navigation import PAGES, visible

st.set_page_config(page_title="Anti-Rumour Network", page_icon=":material/diversity_3:",
                   layout="wide")

ui.sidebar()
ui.password_change_gate()
shown = set(visible(ui.current_user()))
# One flat list: Streamlit renders titled sections as <div>s inside its <ul>, which breaks the
# list structure screen readers announce (WCAG 1.3.1); the registry's order keeps the groups.
st.navigation([st.Page(spec.path, title=ui.t(spec.title_key), icon=spec.icon,
                       url_path=spec.url_path, default=spec.url_path == "overview")
               for spec in PAGES if spec.url_path in shown], expanded=True).run()
