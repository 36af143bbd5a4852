"""The rumour catalogue (public): the rumours that circulate in the city, the data that answers
each (with its source and year) and the values-based argument. No counts below the threshold."""

from datetime import date

import streamlit as st

import ui
from network import database
from network.rumours import views

lang = ui.lang()


@st.cache_data(ttl=120, max_entries=6, show_spinner=False)
def load(path: str, lang: str, today: date) -> list[dict]:
    with database.open_db(path) as db:
        return views.public_catalogue(db, lang, today)


st.title(ui.t("rumours.catalogue.title"))
st.write(ui.t("rumours.catalogue.intro"))
entries = load(ui.db_file(), lang, date.today())
if not entries:
    st.info(ui.t("rumours.catalogue.empty"))
    st.stop()
themes = sorted({e["theme"] for e in entries})
chosen = st.multiselect(ui.t("rumours.catalogue.themes"), themes,
                        placeholder=ui.t("rumours.catalogue.all_themes"), key="rumours_themes")
ui.demo_caption()
for e in entries:
    if chosen and e["theme"] not in chosen:
        continue
    with st.expander(ui.md(f"{e['code']} · {e['statement']}")):
        st.caption(ui.t("rumours.catalogue.theme", theme=e["theme"]))
        st.markdown(f"**{ui.t('rumours.catalogue.data')}**")
        if e["facts"]:
            st.markdown("\n".join(f"- {ui.md(f)}" for f in e["facts"]))
        else:
            st.write(ui.t("rumours.catalogue.no_data"))
        st.markdown(f"**{ui.t('rumours.catalogue.argument')}**")
        st.write(ui.md(e["argument"]) if e["argument"] else ui.t("rumours.catalogue.no_argument"))
        if e["heard"] is None:
            st.caption(ui.t("rumours.catalogue.heard_few"))
        elif e["heard"]:
            st.caption(ui.t("rumours.catalogue.heard", n=ui.num(e["heard"]),
                            actions=ui.num(e["actions"])))
st.caption(ui.t("rumours.catalogue.method"))
