"""The contest's blind jury: each juror reads the works with no author data, in an order of
their own, scores the rubric (1-10 each) with a comment, or declares a conflict of interest."""

import streamlit as st

import ui
from network import contest
from network.contest import rules

juror = ui.require_page("contest.judge")
lang = ui.lang()
st.title(ui.t("contest.nav.jury"))
ui.demo_caption()
ui.show_flash()
st.write(ui.t("contest.jury_intro"))

with ui.database() as db:
    mine = contest.juror_contests(db, juror)
if not mine:
    st.info(ui.t("contest.jury_none"))
    st.stop()
labels = {c["id"]: str(c["year"]) for c in mine}
contest_id = st.selectbox(ui.t("contest.year"), list(labels), format_func=labels.get,
                          key="contest_jury_contest")
with ui.database() as db:
    queue = contest.juror_queue(db, juror, contest_id)
    packet = contest.jury_packet(db, juror, contest_id, lang)
if not queue:
    st.info(ui.t("contest.jury_empty"))
    st.stop()
done = sum(1 for w in queue if w["score"])
ui.progress(done / len(queue), ui.t_plain("contest.jury_progress", done=done, n=len(queue)))
st.download_button(ui.t("contest.jury_download"), packet, f"jurado-{labels[contest_id]}.txt",
                   "text/plain", key="contest_jury_packet")

options = {w["id"]: w for w in queue}
first_open = next((w["id"] for w in queue if not w["score"]), queue[0]["id"])
st.session_state.setdefault("contest_jury_work", first_open)
if st.session_state["contest_jury_work"] not in options:
    st.session_state["contest_jury_work"] = first_open


marks = {True: ui.t_plain("contest.scored_mark"), False: ui.t_plain("contest.unscored_mark")}
labels_of = {i: f"{w['position']}. {w['title']} ({marks[bool(w['score'])]})"
             for i, w in options.items()}


work_id = st.selectbox(ui.t("contest.jury_work"), list(options), format_func=labels_of.get,
                       key="contest_jury_work")
work = options[work_id]
st.subheader(ui.t("contest.jury_reading", n=work["position"], title=work["title"]))
st.caption(ui.t("contest.story_meta", group=ui.t_plain(f"contest.age_group.{work['age_group']}"),
                language=ui.t_plain(f"contest.language.{work['language']}"))
           + " · " + ui.t("contest.words", n=ui.num(work["words"])))
with st.container(border=True):  # no fixed height: a scroll region would need keyboard focus
    st.html(contest.booklet.story_html(work["body"], work["language"]))

previous = work["score"] or {}
with st.form(f"contest_score_{work_id}", clear_on_submit=False):
    values = {c: st.slider(ui.t(f"contest.criterion.{c}"), rules.SCORE_MIN, rules.SCORE_MAX,
                           int(previous.get(c, 5)), key=f"contest_{c}_{work_id}")
              for c in rules.CRITERIA}
    comment = st.text_area(ui.t("contest.field.comment"), value=previous.get("comment", ""),
                           max_chars=rules.MAX_COMMENT, key=f"contest_comment_{work_id}")
    if st.form_submit_button(ui.t("contest.save_score"), type="primary"):
        ui.attempt(lambda db: contest.score(db, juror, work_id, values, comment),
                   ui.t("contest.score_saved", n=work["position"]))

with st.expander(ui.t("contest.conflict_title")):
    st.write(ui.t("contest.conflict_help"))
    sure = st.checkbox(ui.t("contest.conflict_confirm"), key=f"contest_conflict_sure_{work_id}")
    if st.button(ui.t("contest.conflict_button"), disabled=not sure,
                 key=f"contest_conflict_{work_id}"):
        ui.attempt(lambda db: contest.declare_conflict(db, juror, work_id),
                   ui.t("contest.conflict_saved"))
