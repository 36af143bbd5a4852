"""The contest's selection (staff): the ranking from the jury's normalised scores (ties shown),
winners confirmed per category, then (staff only) their authors, and publication."""

from datetime import date

import streamlit as st

import ui
from network import contest, reference
from network.contest import views

user = ui.require_page("contest.manage")
lang, today = ui.lang(), date.today()
st.title(ui.t("contest.nav.selection"))
ui.demo_caption()
ui.show_flash()
with ui.database() as db:
    calls = contest.contests(db)
    districts = {d.id: d.name(lang) for d in reference.districts(db)}
if not calls:
    st.info(ui.t("contest.no_call"))
    st.stop()
labels = {c["id"]: str(c["year"]) for c in calls}
chosen = st.selectbox(ui.t("contest.year"), list(labels), format_func=labels.get,
                      key="contest_selection_call")
call = next(c for c in calls if c["id"] == chosen)
with ui.database() as db:
    ranked, left_out = contest.ranking(db, user, chosen)
    authors = contest.winner_authors(db, user, chosen)
st.caption(ui.t("contest.method"))
if left_out:
    st.warning(ui.t("contest.left_out", jurors=", ".join(left_out)))
if not ranked:
    st.info(ui.t("contest.no_works"))
    st.stop()

for group in call["age_groups"]:
    rows = [r for r in ranked if r["age_group"] == group]
    st.header(ui.t(f"contest.age_group.{group}"))
    if not rows:
        st.info(ui.t("contest.no_works"))
        continue
    st.dataframe(views.ranking_frame(rows, lang), hide_index=True, width="stretch")
    titles = {r["work_id"]: f"{r['rank'] or '–'}. {r['title']} (#{r['work_id']})" for r in rows}
    current = [r["work_id"] for r in rows if r["winner"]]
    with st.form(f"contest_confirm_{chosen}_{group}"):
        picked = st.multiselect(ui.t("contest.field.winners_pick"), list(titles), current,
                                format_func=titles.get, key=f"contest_pick_{chosen}_{group}",
                                placeholder=ui.t_plain("common.choose_many"))
        if st.form_submit_button(ui.t("contest.confirm")):
            ui.attempt(lambda db, g=group, p=picked: contest.confirm_winners(
                db, user, chosen, g, p, today), ui.t("contest.confirmed"))

st.header(ui.t("contest.authors_title"))
if authors:
    st.caption(ui.t("contest.authors_note"))
    st.dataframe(views.authors_frame(authors, districts, lang), hide_index=True, width="stretch")
else:
    st.info(ui.t("contest.authors_none"))

st.header(ui.t("contest.publication_title"))
if call["published_at"]:
    st.success(ui.t("contest.published_on", date=call["published_at"][:10]))
    if st.button(ui.t("contest.unpublish"), key="contest_unpublish"):
        ui.attempt(lambda db: contest.publish(db, user, chosen, False), ui.t("contest.unpublished"))
elif st.button(ui.t("contest.publish"), type="primary", key="contest_publish"):
    ui.attempt(lambda db: contest.publish(db, user, chosen, True), ui.t("contest.published"))
