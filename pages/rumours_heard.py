"""Rumours heard (agents, coordinators, staff): a one-minute form for the phone, never about
who said it; coordinators triage reports of rumours not yet in the catalogue."""

from datetime import date

import streamlit as st

import ui
from network import reference, rumours
from network.core import permissions
from network.rumours import views

OTHER = 0
FIELDS = ("heard_rumour", "heard_new_text", "heard_barrio", "heard_channel", "heard_frequency",
          "heard_on", "heard_confirm")

user = ui.require_page("rumour.report")
lang, today = ui.lang(), date.today()


def reset_form() -> None:
    for key in FIELDS:
        st.session_state.pop(key, None)


st.title(ui.t("rumours.heard.title"))
st.info(ui.t("rumours.heard.no_personal_data"))
ui.show_flash()
with ui.database() as db:
    districts = reference.districts(db)
    catalogue = rumours.rumours(db, ("active", "dormant"))
if not districts:
    st.info(ui.t("actions.no_districts_loaded"))
    st.stop()
names = {d.id: f"{d.number}. {d.name(lang)}" for d in districts}
own = sorted(user.district_ids) if user.district_ids else []
options = {r["id"]: f"{r['code']} · {views.text(r, 'statement', lang)}" for r in catalogue}
options[OTHER] = ui.t_plain("rumours.heard.other")
rumour_id = st.selectbox(ui.t("rumours.heard.which"), list(options), format_func=options.get,
                         key="heard_rumour")
new_text = ""
if rumour_id == OTHER:
    new_text = st.text_area(ui.t("rumours.heard.new_text"), max_chars=500, key="heard_new_text",
                            help=ui.t_plain("rumours.heard.new_text_help"))
district_id = st.selectbox(ui.t("field.district"), list(names), format_func=names.get,
                           index=list(names).index(own[0]) if own else 0, key="heard_district")
with ui.database() as db:
    barrio_names = [b["name"] for b in reference.barrios(db, district_id)]
barrios = {"": ui.t_plain("rumours.heard.barrio_none")} | {b: b for b in barrio_names}
barrio = st.selectbox(ui.t("rumours.heard.barrio"), list(barrios), format_func=barrios.get,
                      key="heard_barrio")
channels = {c: ui.t_plain(f"rumours.channel.{c}") for c in rumours.CHANNELS}
channel = st.radio(ui.t("rumours.heard.where"), list(channels), format_func=channels.get,
                   key="heard_channel", horizontal=True)
heard_on = st.date_input(ui.t("rumours.heard.when"), value=today, max_value=today,
                         format="YYYY-MM-DD", key="heard_on")
frequencies = {f: ui.t_plain(f"rumours.frequency.{f}") for f in rumours.FREQUENCIES}
frequency = st.radio(ui.t("rumours.heard.how_often"), list(frequencies),
                     format_func=frequencies.get, key="heard_frequency", horizontal=True)
warnings = rumours.personal_data(new_text)
confirmed = True
if warnings:
    kinds = ", ".join(ui.t_plain(f"rumours.personal.{w}") for w in warnings)
    st.warning(ui.t("rumours.heard.personal_warning", kinds=kinds))
    confirmed = st.checkbox(ui.t("rumours.heard.personal_confirm"), key="heard_confirm")
if st.button(ui.t("rumours.heard.send"), type="primary", key="heard_send", disabled=not confirmed):
    data = {"rumour_id": rumour_id or None, "new_text": new_text, "district_id": district_id,
            "barrio": barrio, "channel": channel, "heard_on": heard_on, "frequency": frequency}
    ui.attempt(lambda db: rumours.report_heard(db, user, data), ui.t("rumours.heard.thanks"),
               after=reset_form)

ids = permissions.visible_districts(user, "rumour.triage", [d.id for d in districts])
if ids:
    st.subheader(ui.t("rumours.triage.title"))
    with ui.database() as db:
        waiting = rumours.untriaged(db, ids)
        everything = rumours.rumours(db, ("active", "dormant", "proposed"))
    if not waiting:
        st.caption(ui.t("rumours.triage.empty"))
    targets = {r["id"]: f"{r['code']} · {views.text(r, 'statement', lang)}" for r in everything}
    targets[OTHER] = ui.t_plain("rumours.triage.dismiss")
    for row in waiting[:20]:
        with st.container(border=True):
            st.markdown(ui.md(row["new_text"]))
            st.caption(ui.t("rumours.triage.where", district=names.get(row["district_id"], ""),
                            day=row["heard_on"],
                            channel=ui.t_plain(f"rumours.channel.{row['channel']}")))
            target = st.selectbox(ui.t("rumours.triage.assign"), list(targets),
                                  format_func=targets.get, key=f"triage_{row['id']}")
            if st.button(ui.t("rumours.triage.apply"), key=f"triage_go_{row['id']}"):
                ui.attempt(lambda db, h=row["id"], t=target: rumours.triage(db, user, h, t or None),
                           ui.t("rumours.triage.done"))
    st.caption(ui.t("rumours.triage.propose_hint"))
