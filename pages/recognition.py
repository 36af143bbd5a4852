"""Recognition (staff, coordinators): agents' and entities' contributions in a year, naming
only those who agreed to be named; the others are counted, never named."""

from datetime import date

import streamlit as st

import ui
from network import database, recognition, reference

ui.require_page("recognition.view")
lang = ui.lang()


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def years(path: str) -> list[int]:
    with database.open_db(path) as db:
        return recognition.years(db)


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def load(path: str, year: int, lang: str) -> tuple[recognition.Recognition, dict[int, str]]:
    with database.open_db(path) as db:
        return recognition.recognition(db, year), {d.id: d.name(lang) for d in reference.districts(db)}


st.title(ui.t("recognition.nav"))
choices = years(ui.db_file())
if not choices:
    st.info(ui.t("recognition.no_years"))
    st.stop()
year_labels = {y: str(y) for y in choices}
last_year = date.today().year - 1
year = st.selectbox(ui.t("recognition.year"), choices, format_func=year_labels.get,
                    index=choices.index(last_year) if last_year in choices else 0,
                    key="recognition_year")
rec, districts = load(ui.db_file(), year, lang)
st.subheader(ui.t("recognition.title", year=year))
ui.demo_caption()
st.write(ui.t("recognition.intro"))
if not rec.named and not rec.unnamed:
    st.info(ui.t("recognition.empty", year=year))
    st.stop()
st.caption(ui.t("recognition.totals", named=ui.num(len(rec.named)),
                total=ui.num(len(rec.named) + rec.unnamed)))
if rec.named:
    st.dataframe(recognition.frame(rec, districts, lang), hide_index=True, width="stretch")
if rec.unnamed:
    st.markdown(f"**{ui.t('recognition.unnamed', n=ui.num(rec.unnamed))}**")
st.caption(ui.t("recognition.note"))
