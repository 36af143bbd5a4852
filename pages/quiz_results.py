"""Quiz results (coordinators, staff): share right and perception gap per item and group, 95% CIs."""

import streamlit as st

import ui
from network import database, reference
from network.core import privacy
from network.quiz import charts, content, export, results
from network.quiz import views as quiz_views

user = ui.require_page("quiz.results")
st.title(ui.t("quiz.results.title"))
st.write(ui.t("quiz.results.intro"))
ui.demo_caption()


@st.cache_data(ttl=60, max_entries=16, show_spinner=False)
def load(path: str, year: int | None) -> tuple:
    with database.open_db(path) as db:
        return (results.score_sums(db, "attribution", year), results.flag_counts(db, year),
                content.latest_items_by_code(db), reference.districts(db), results.years(db))


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def load_sums(path: str, year: int | None, dimension: str | None = None,
              code: str | None = None) -> list[dict]:
    """Sums per item (and group of one item), aggregated in SQL: a few hundred rows."""
    with database.open_db(path) as db:
        return results.answer_sums(db, dimension, year, code)


lang = ui.lang()
years = load(ui.db_file(), None)[4]
year_labels = {None: ui.t("quiz.results.all_years")} | {y: str(y) for y in years}
year = st.selectbox(ui.t("overview.year"), list(year_labels), format_func=year_labels.get,
                    key="quiz_results_year")
groups, flags, items, districts, _ = load(ui.db_file(), year)
sums = load_sums(ui.db_file(), year)
flag_note = ui.t("quiz.results.flagged_note", n=ui.num(flags["flagged"]),
                 honeypot=ui.num(flags["honeypot"]), too_fast=ui.num(flags["too_fast"]),
                 throttled=ui.num(flags["throttled"]))
if not sums:
    st.info(ui.t("quiz.results.empty"))
    st.caption(flag_note)
    st.stop()

not_given = ui.t("quiz.not_given")
titles = {code: item.text(lang, "title") for code, item in items.items()}
GROUP_LABELS = quiz_views.group_labels(districts, lang)

st.caption(ui.t("quiz.results.method", n=privacy.PUBLIC_MIN_COUNT))
st.subheader(ui.t("quiz.results.by_item"))
overall = {c.code: c for c in results.cells_from_sums(sums)}
ordered = [overall[code] for code in items if code in overall]
st.dataframe(quiz_views.cell_table(ordered, ui.t("quiz.column.item"),
                                   lambda c: titles.get(c.code, c.code), lang),
             hide_index=True, width="stretch", height=35 * (len(ordered) + 1) + 3)
with st.expander(ui.t("quiz.results.sources")):
    st.dataframe(quiz_views.sources_table(items, titles, lang), hide_index=True, width="stretch")

st.subheader(ui.t("quiz.results.by_group"))
left, right = st.columns(2)
dim_labels = {d: ui.t(f"quiz.results.dim.{d}") for d in results.DIMENSIONS}
dimension = left.selectbox(ui.t("quiz.results.dimension_label"), list(dim_labels),
                           format_func=dim_labels.get, key="quiz_results_dimension")
item_labels = {code: titles[code] for code in items if code in overall}
code = right.selectbox(ui.t("quiz.column.item"), list(item_labels), format_func=item_labels.get,
                       key="quiz_results_item")
labels = GROUP_LABELS[dimension]
cells = results.cells_from_sums(load_sums(ui.db_file(), year, dimension, code))
estimate = items[code].kind == "estimate"
if estimate:
    truth = ui.num(items[code].truth, 1)
    st.caption(ui.t("quiz.results.gap_explained", truth=truth))
chart = charts.interval_chart(
    cells, {**labels, None: not_given}, "gap" if estimate else "share",
    ui.t("quiz.column.mean_gap_axis" if estimate else "quiz.column.share_right_axis"),
    dim_labels[dimension], ui.t("quiz.column.answers"),
    (ui.t("quiz.column.ci_low"), ui.t("quiz.column.ci_high")), 0.0 if estimate else None, lang)
st.altair_chart(chart, width="stretch")
st.dataframe(quiz_views.cell_table(cells, dim_labels[dimension], lambda c: labels.get(c.group, c.group)
                                   if c.group is not None else not_given, lang),
             hide_index=True, width="stretch")
if any(c.suppressed for c in cells):
    st.caption(ui.t("quiz.results.suppressed", n=privacy.PUBLIC_MIN_COUNT))

st.subheader(ui.t("quiz.results.attribution"))
st.write(ui.t("quiz.results.attribution_intro"))
st.dataframe(quiz_views.attribution_table(groups, GROUP_LABELS["attribution"], lang), hide_index=True,
             width="stretch")
st.caption(flag_note)

if ui.allowed("quiz.export"):
    path = ui.db_file()

    def csv_bytes() -> bytes:
        with database.open_db(path) as db:
            return export.export_for(db, user, lang)

    st.download_button(ui.t("quiz.results.export"), csv_bytes, "quiz-attempts.csv", "text/csv",
                       key="quiz_results_export", icon=":material/download:")
