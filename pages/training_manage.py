"""Managing the calendar (coordinators: their district; staff: any and the city): schedule an
event, change its date or seats, cancel it, record attendance on a phone, certificates."""

from datetime import date, datetime, time, timedelta

import streamlit as st

import forms
import ui
from network import reference, training
from network.core import permissions
from network.core.vocab import WORK_LANGUAGES
from network.training import views

user = ui.require_page("training.manage")
lang = ui.lang()
st.title(ui.t("training.nav_manage"))
ui.demo_caption()
ui.show_flash()
with ui.database() as db:
    districts = reference.districts(db)
names = {d.id: f"{d.number}. {d.name(lang)}" for d in districts
         if permissions.allowed(user, "training.manage", d.id)}
if permissions.allowed(user, "training.city"):
    names = {0: ui.t("training.city_wide")} | names

with st.expander(ui.t("training.new_event"), expanded=False):
    kinds = {k: ui.t(f"training.kind.{k}") for k in training.KINDS}
    kind = st.selectbox(ui.t("training.field.kind"), list(kinds), format_func=kinds.get,
                        key="tm_kind")
    modules = {m: views.module_name(m, lang) for m in training.MODULES}
    module = st.selectbox(ui.t("training.field.module"), list(modules), format_func=modules.get,
                          key="tm_module", disabled=kind != "training")
    title = st.text_input(ui.t("training.field.title"), key="tm_title")
    left, right = st.columns(2)
    trainer = left.text_input(ui.t("training.field.trainer"), key="tm_trainer")
    hours = right.number_input(ui.t("training.field.hours"), 0.0, 12.0, training.MODULE_HOURS,
                               0.5, key="tm_hours")
    district = left.selectbox(ui.t("field.district"), list(names), format_func=names.get,
                              key="tm_district")
    capacity = right.number_input(ui.t("training.field.capacity"), 1, 2000, 20, key="tm_capacity")
    day = left.date_input(ui.t("training.field.date"), date.today() + timedelta(days=14),
                          format="YYYY-MM-DD", key="tm_day")
    start = right.time_input(ui.t("training.field.start"), time(18, 0), key="tm_start")
    end = left.time_input(ui.t("training.field.end"), time(20, 0), key="tm_end")
    place = right.text_input(ui.t("training.field.place"), key="tm_place")
    url = left.text_input(ui.t("training.field.online_url"), key="tm_url")
    langs = forms.labelled("language", WORK_LANGUAGES)
    languages = right.multiselect(ui.t("training.field.languages"), list(langs),
                                  format_func=langs.get, key="tm_languages",
                                  placeholder=ui.t("common.choose_many"))
    audiences = {a: ui.t(f"training.audience.{a}") for a in training.AUDIENCES}
    audience = st.multiselect(ui.t("training.field.audience"), list(audiences),
                              format_func=audiences.get, default=["agents"], key="tm_audience",
                              placeholder=ui.t("common.choose_many"))
    description = st.text_area(ui.t("training.field.description"), key="tm_description")
    data = {"kind": kind, "module": module if kind == "training" else None, "title": title,
            "trainer": trainer, "hours": hours or None, "district_id": district or None,
            "starts_at": datetime.combine(day, start), "ends_at": datetime.combine(day, end),
            "place": place, "online_url": url, "capacity": capacity, "languages": languages,
            "audience": audience, "description": description}
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
    with st.form(f"tm_move_{event_id}"):
        old = datetime.fromisoformat(event["starts_at"])
        new_day = st.date_input(ui.t("training.field.date"), old.date(), format="YYYY-MM-DD")
        new_start = st.time_input(ui.t("training.field.start"), old.time())
        length = datetime.fromisoformat(event["ends_at"]) - old
        new_capacity = st.number_input(ui.t("training.field.capacity"), 1, 2000,
                                       event["capacity"])
        if st.form_submit_button(ui.t("training.save_changes")):
            moved_start = datetime.combine(new_day, new_start)
            changed = {**event, "starts_at": moved_start, "ends_at": moved_start + length,
                       "capacity": new_capacity}
            ui.attempt(lambda db: training.update_event(db, user, event_id, changed),
                       lambda r: ui.t("training.moved" if r["moved"] else "common.saved",
                                      kept=r["kept"]))
    sure = st.checkbox(ui.t("training.cancel_confirm"), key=f"tm_cancel_sure_{event_id}")
    if st.button(ui.t("training.cancel"), key="tm_cancel", disabled=not sure):
        ui.attempt(lambda db: training.cancel_event(db, user, event_id),
                   lambda n: ui.t("training.cancelled", n=n))
