"""Managing the calendar (coordinators: their district; staff: any and the city): schedule an
event, edit it (a new date tells everyone signed up), cancel it, record attendance on a
phone, certificates."""

from datetime import date, timedelta

import streamlit as st

import ui
from network import reference, training
from network.core import permissions
from network.training import views
from screens.training import event_form

user = ui.require_page("training.manage")
lang = ui.lang()
st.title(ui.t("training.nav_manage"))
ui.demo_caption()
ui.show_flash()
with ui.database() as db:
    districts = reference.districts(db)
names = {d.id: d.label(lang) for d in districts
         if permissions.allowed(user, "training.manage", d.id)}
if permissions.allowed(user, "training.city"):
    names = {0: ui.t("training.city_wide")} | names

with st.expander(ui.t("training.new_event"), expanded=False):
    data = event_form("tm", names, lang)
    if st.button(ui.t("training.create"), key="tm_create", type="primary"):
        ui.attempt(lambda db: training.create_event(db, user, data), ui.t("training.created"))

with ui.database() as db:
    events = training.managed_events(db, user, (date.today() - timedelta(days=120)).isoformat())
st.subheader(ui.t("training.events"))
if not events:
    st.info(ui.t("training.no_events"))
    st.stop()
st.dataframe(views.events_table(events, names, lang), hide_index=True, width="stretch")
options = {e["id"]: ui.t_plain("training.option", when=e["starts_at"].replace("T", " "),
                               title=e["title"]) for e in events}
now = training.now_local().isoformat()
held_ids = [e["id"] for e in events if e["starts_at"] <= now]  # latest held: attendance first
event_id = st.selectbox(ui.t("training.choose_event"), list(options), format_func=options.get,
                        key="tm_event", index=len(held_ids) - 1 if held_ids else 0)
with ui.database() as db:
    event = training.event_row(db, event_id)
    sheet = training.attendance_sheet(db, user, event_id)
st.markdown(f"**{ui.md(event['title'])}** · {ui.md(views.status_label(event, lang))}")
held = event["starts_at"] <= now
confirmed = [s for s in sheet if s["status"] == "confirmed"]
if event["status"] == "scheduled" and held:
    st.markdown(f"**{ui.t('training.attendance')}**")
    st.caption(ui.t("training.attendance_help"))
    present = [s["agent_id"] for s in confirmed
               if st.checkbox(ui.md(s["name"]), value=s["attended"] == 1,
                              key=f"tm_present_{event_id}_{s['agent_id']}")]
    if confirmed and st.button(ui.t("training.save_attendance"), key="tm_save_att",
                               type="primary"):
        ui.attempt(lambda db: training.record_attendance(db, user, event_id, present),
                   lambda n: ui.t("training.attendance_saved", n=n))
    if event["kind"] == "training":
        with ui.database() as db:
            archive, count = training.session_certificates(db, user, event_id)
        st.download_button(ui.t("training.bulk_certificates", n=count), archive,
                           f"certificates-{event_id}.zip", "application/zip",
                           key="tm_certs", disabled=not count)
elif event["status"] == "scheduled":
    st.caption(ui.t("training.signups", confirmed=len(confirmed),
                    waiting=sum(s["status"] == "waiting" for s in sheet)))
    with st.expander(ui.t("training.edit_event")):
        st.caption(ui.t("training.edit_help"))
        changed = event_form(f"tm_edit_{event_id}", names, lang, event)
        if st.button(ui.t("training.save_changes"), key=f"tm_save_{event_id}", type="primary"):
            ui.attempt(lambda db: training.update_event(db, user, event_id, changed),
                       lambda r: ui.t("training.moved" if r["moved"] else "common.saved",
                                      kept=r["kept"]))
    sure = st.checkbox(ui.t("training.cancel_confirm"), key=f"tm_cancel_sure_{event_id}")
    if st.button(ui.t("training.cancel"), key="tm_cancel", disabled=not sure):
        ui.attempt(lambda db: training.cancel_event(db, user, event_id),
                   lambda n: ui.t("training.cancelled", n=n))
