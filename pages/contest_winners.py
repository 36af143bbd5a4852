"""The short-story contest's winners (public): each published year's winning stories under the
name or pseudonym their authors chose, the booklet (HTML for A5/A4 printing, EPUB), and the
submissions in figures (small counts hidden)."""

import streamlit as st

import ui
from network import contest, reference
from network.contest import booklet, views


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def load(path: str, lang: str) -> tuple[list[int], list[dict], dict[int, str]]:
    with ui.database() as db:
        return (contest.published_years(db), contest.figures(db),
                {d.id: d.name(lang) for d in reference.districts(db)})


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def winners(path: str, year: int) -> list[dict]:
    with ui.database() as db:
        return contest.published_winners(db, year)


lang = ui.lang()
years, figures, districts = load(ui.db_file(), lang)
st.title(ui.t("contest.nav.winners"))
ui.demo_caption()
st.write(ui.t("contest.winners_intro"))

if not years:
    st.info(ui.t("contest.no_winners"))
else:
    year = st.selectbox(ui.t("contest.year"), years, format_func=str, key="contest_winners_year")
    stories = winners(ui.db_file(), year)
    st.header(ui.t("contest.winners_title", year=year, n=ui.num(len(stories))))
    demo = ui.has_demo_data(ui.db_file())
    c1, c2, c3 = st.columns(3)
    for col, size in ((c1, "A5"), (c2, "A4")):
        col.download_button(ui.t("contest.download_html", size=size),
                            booklet.booklet_html(year, stories, lang, size, demo),
                            f"relatos-{year}-{size}.html", "text/html", key=f"contest_html_{size}")
    c3.download_button(ui.t("contest.download_epub"), booklet.booklet_epub(year, stories, lang, demo),
                       f"relatos-{year}.epub", "application/epub+zip", key="contest_epub")
    for story in stories:
        with st.expander(ui.t("contest.story_label", title=story["title"], byline=story["byline"]),
                         expanded=False):
            st.caption(ui.t("contest.story_meta",
                            group=ui.t_plain(f"contest.age_group.{story['age_group']}"),
                            language=ui.t_plain(f"contest.language.{story['language']}")))
            st.html(booklet.story_html(story["body"], story["language"]))

st.header(ui.t("contest.figures_title"))
if not figures:
    st.info(ui.t("contest.no_figures"))
else:
    totals = views.totals(figures, lang)
    st.markdown(ui.t("contest.figures_totals", years="; ".join(
        f"{y}: {n}" for y, n in sorted(totals.items(), reverse=True))))
    dims = {d: ui.t_plain(f"contest.dimension.{d}") for d in contest.service.DIMENSIONS}
    dim = st.selectbox(ui.t("contest.breakdown"), list(dims), format_func=dims.get,
                       key="contest_dimension")
    st.dataframe(views.figures_frame(figures, dim, districts, lang), hide_index=True,
                 width="stretch")
    st.caption(ui.t("contest.figures_note", n=5))
