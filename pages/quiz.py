"""The perception quiz (public, anonymous, phone-first): one item at a time, facts with sources."""

import streamlit as st

import ui
from network import database, reference
from network.quiz import content, sharing
from screens import quiz as screens

# The honeypot sits off-screen: people never see it, form-filling bots do.
STYLE = ("<style>.st-key-quiz_main {max-width: 44rem; margin: 0 auto;}"
         + ui.honeypot_css("quiz_website") + "</style>")


@ui.cached("quiz", "reference", ttl=300, max_entries=16)
def load(path: str, version_id: int | None) -> tuple[int | None, list, list, str]:
    with database.open_db(path) as db:
        vid = version_id or content.current_version(db)
        items = content.items_for_version(db, vid) if vid else []
        return vid, items, reference.districts(db), sharing.base_url(db)


if "quiz_ref" not in st.session_state:  # attribution from the link that opened the quiz
    st.session_state.quiz_ref = st.query_params.get("ref")
    st.session_state.quiz_action = st.query_params.get("action")

lang = ui.lang()
st.html(STYLE)


# Answering, checking, moving on and finishing re-run only this fragment, not the sidebar,
# the navigation and the page around it (a class answering at once is a rerun per click).
@st.fragment
def quiz() -> None:
    if st.session_state.pop("quiz_relang", False):
        st.rerun(scope="app")
    version_id, items, districts, base = load(ui.db_file(), st.session_state.get("quiz_version"))
    step = st.session_state.get("quiz_step")
    if not items:
        st.title(ui.t("quiz.title"))
        st.info(ui.t("quiz.no_content"))
    elif step is None:
        screens.start_screen(version_id, len(items), districts, lang)
    elif step < len(items):
        screens.item_screen(items[step], step, len(items), lang)
    else:
        screens.result_screen(items, version_id, base, lang)


with st.container(key="quiz_main"):
    quiz()
