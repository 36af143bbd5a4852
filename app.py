"""Front door: page config, the shared sidebar, and the navigation for the signed-in role."""

import streamlit as st

import ui
from navigation import ordered

st.set_page_config(page_title="Anti-Rumour Network", page_icon=":material/diversity_3:",
                   layout="wide")

ui.sidebar()
ui.password_change_gate()
# One flat list: Streamlit renders titled sections as <div>s inside its <ul>, which breaks the
# list structure screen readers announce (WCAG 1.3.1). A signed-in user's own pages come first.
st.navigation([st.Page(spec.path, title=ui.t(spec.title_key), icon=spec.icon,
                       url_path=spec.url_path, default=spec.url_path == "overview")
               for spec in ordered(ui.current_user())], expanded=True).run()
