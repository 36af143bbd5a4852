"""Feedback on actions (agents who took part): two questions about each closed-out action."""

import streamlit as st

import ui
from network import rumours

user = ui.require_page("rumour.report")
st.title(ui.t("rumours.feedback.title"))
st.write(ui.t("rumours.feedback.intro"))
ui.show_flash()
if user.agent_id is None:
    st.info(ui.t("rumours.feedback.agents_only"))
    st.stop()
with ui.database() as db:
    rows = rumours.feedback_actions(db, user.agent_id)
if not rows:
    st.info(ui.t("rumours.feedback.none"))
    st.stop()
ui.demo_caption()
labels = {r["id"]: f"{r['date']} · {r['title'][:70]}" + (
    f" ({ui.t_plain('rumours.feedback.answered')})" if r["went"] else "") for r in rows}
action_id = st.selectbox(ui.t("rumours.feedback.action"), list(labels), format_func=labels.get,
                         key="feedback_action")
row = next(r for r in rows if r["id"] == action_id)
went_labels = {w: ui.t_plain(f"rumours.feedback.went.{w}") for w in rumours.FEEDBACK}
went = st.radio(ui.t("rumours.feedback.how"), list(went_labels), format_func=went_labels.get,
                index=list(went_labels).index(row["went"]) if row["went"] else None,
                key=f"feedback_went_{action_id}", horizontal=True)
change = st.text_area(ui.t("rumours.feedback.change"), value=row["change"] or "", max_chars=500,
                      key=f"feedback_change_{action_id}")
if st.button(ui.t("rumours.feedback.send"), type="primary", key="feedback_send"):
    ui.attempt(lambda db: rumours.give_feedback(db, user, action_id,
                                                {"went": went, "change": change}),
               ui.t("rumours.feedback.thanks"))
