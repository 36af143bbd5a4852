"""Close out an action after it happened (coordinators of its district, staff): attendance,
organisations involved, what worked, the rumours heard there, a short note."""

from datetime import date

import streamlit as st

import ui
from network import reference, rumours
from network.core import permissions
from network.rumours import views

FIELDS = ("closeout_attendance", "closeout_organisations", "closeout_worked", "closeout_heard",
          "closeout_note")

user = ui.require_page("action.write")
lang, today = ui.lang(), date.today()


def fill(closeout: dict | None, reached: int) -> None:
    closeout = closeout or {}
    st.session_state["closeout_attendance"] = closeout.get("attendance", reached)
    st.session_state["closeout_organisations"] = closeout.get("organisations", "")
    st.session_state["closeout_worked"] = closeout.get("what_worked", "")
    st.session_state["closeout_heard"] = closeout.get("heard_ids", [])
    st.session_state["closeout_note"] = closeout.get("note", "")


st.title(ui.t("rumours.closeout.title"))
st.write(ui.t("rumours.closeout.intro"))
ui.show_flash()
with ui.database() as db:
    districts = reference.districts(db)
ids = permissions.visible_districts(user, "action.write", [d.id for d in districts])
if not ids:
    st.info(ui.t("actions.no_districts_loaded" if not districts else "actions.no_district"))
    st.stop()
names = {d.id: d.label(lang) for d in districts if d.id in ids}
district_id = st.selectbox(ui.t("field.district"), list(names), format_func=names.get,
                           key="closeout_district",
                           on_change=lambda: st.session_state.pop("closeout_action", None))
with ui.database() as db:
    past = [a for a in rumours.district_actions(db, district_id) if a["date"] <= today.isoformat()]
    catalogue = rumours.rumours(db, ("active", "dormant"))
if not past:
    st.info(ui.t("rumours.closeout.no_actions"))
    st.stop()
ui.demo_caption()
done = ui.t_plain("rumours.closeout.closed_mark")
labels = {a["id"]: f"{a['date']} · {a['title'][:70]}" + (f" ({done})" if a["closed"] else "")
          for a in past}
action_id = st.selectbox(ui.t("rumours.closeout.action"), list(labels), format_func=labels.get,
                         key="closeout_action")
action = next(a for a in past if a["id"] == action_id)
if st.session_state.get("closeout_loaded") != action_id:
    with ui.database() as db:
        fill(rumours.closeout(db, action_id), action["people_reached"])
    st.session_state["closeout_loaded"] = action_id
with ui.database() as db:
    addressed = [r for r in catalogue if r["id"] in rumours.action_rumour_ids(db, action_id)]
if addressed:
    st.caption(ui.t("rumours.closeout.addressed",
                    codes=", ".join(r["code"] for r in addressed)))
else:
    st.caption(ui.t("rumours.closeout.none_addressed"))
options = {r["id"]: f"{r['code']} · {views.text(r, 'statement', lang)}" for r in catalogue}
st.number_input(ui.t("rumours.closeout.attendance"), min_value=0, step=1, key="closeout_attendance")
st.text_area(ui.t("rumours.closeout.organisations"), max_chars=2000, key="closeout_organisations")
st.text_area(ui.t("rumours.closeout.what_worked"), max_chars=2000, key="closeout_worked")
st.session_state["closeout_heard"] = [i for i in st.session_state.get("closeout_heard", [])
                                     if i in options]
st.multiselect(ui.t("rumours.closeout.heard"), list(options),
               format_func=options.get, placeholder=ui.t_plain("common.choose_many"),
               key="closeout_heard")
st.text_area(ui.t("rumours.closeout.note"), max_chars=2000, key="closeout_note")
with ui.database() as db:
    feedback = rumours.feedback_summary(db, action_id)
if any(feedback["counts"].values()):
    counts = ", ".join(f"{ui.t_plain('rumours.feedback.went.' + k)}: {ui.num(n)}"
                       for k, n in feedback["counts"].items())
    with st.expander(ui.t("rumours.closeout.feedback", counts=counts)):
        st.markdown("\n".join(f"- {ui.md(c)}" for c in feedback["changes"]) or "·")
if st.button(ui.t("rumours.closeout.save"), type="primary", key="closeout_save"):
    data = {"attendance": int(st.session_state["closeout_attendance"] or 0),
            "organisations": st.session_state["closeout_organisations"],
            "what_worked": st.session_state["closeout_worked"],
            "heard_ids": list(st.session_state["closeout_heard"]),
            "note": st.session_state["closeout_note"]}
    ui.attempt(lambda db: rumours.close_out(db, user, action_id, data),
               ui.t("rumours.closeout.saved", title=action["title"]),
               after=lambda: st.session_state.pop("closeout_loaded", None))
