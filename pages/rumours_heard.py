"""Rumours heard (agents, coordinators, staff): a one-minute form for the phone, never about
who said it; coordinators triage reports of rumours not yet in the catalogue."""

import streamlit as st

import ui
from network import rumours
from network.core import permissions
from network.rumours import views
from screens.rumours import OTHER, heard_choices, heard_form, reset_heard_form

user = ui.require_page("rumour.report")
lang = ui.lang()
st.title(ui.t("rumours.heard.title"))
st.info(ui.t("rumours.heard.no_personal_data"))
ui.show_flash()
districts = heard_choices(ui.db_file())[1]
if not districts:
    st.info(ui.t("actions.no_districts_loaded"))
    st.stop()
names = {d.id: d.label(lang) for d in districts}
data, confirmed = heard_form(sorted(user.district_ids or []), lang)
if st.button(ui.t("rumours.heard.send"), type="primary", key="heard_send", disabled=not confirmed):
    ui.attempt(lambda db: rumours.report_heard(db, user, data), ui.t("rumours.heard.thanks"),
               after=reset_heard_form)

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
