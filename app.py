"""Front door: page config, the shared sidebar, and the navigation for the signed-in role."""

import streamlit as st

import ui
from navigation import PAGES, visible

st.set_page_config(page_title="Anti-Rumour Network", page_icon=":material/diversity_3:",
                   layout="wide")

ui.sidebar()
shown = set(visible(ui.current_user()))
sections: dict[str, list] = {}
for spec in PAGES:
    if spec.url_path in shown:
        sections.setdefault(ui.t(spec.section_key), []).append(
            st.Page(spec.path, title=ui.t(spec.title_key), icon=spec.icon,
                    url_path=spec.url_path, default=spec.url_path == "overview")
        )
st.navigation(sections, expanded=True).run()  # staff see every page they may use
