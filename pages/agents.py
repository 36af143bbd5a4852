"""Agents and entities: the registry (contacts only for the district's coordinators and
admins), forms to add and edit, deactivation, share codes and the CSV export."""

import streamlit as st

import forms
import ui
from network import agents, reference
from network.agents import rules, views
from network.core import permissions

user = ui.require_page("agent.view")
st.title(ui.t("agents.title"))
lang = ui.lang()
with ui.database() as db:
    districts = reference.districts(db)
    barrios = agents.barrios_by_district(db)
if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()
names = {d.id: d.label(lang) for d in districts}
viewable = permissions.visible_districts(user, "agent.view", list(names))
writable = permissions.visible_districts(user, "agent.write", list(names))
if st.session_state.pop("agents_new_reset", False):
    for name in forms.agent_defaults():
        st.session_state.pop(f"agents_new_{name}", None)
ui.show_flash()


def attempt(action, flash_key: str, **params) -> None:
    """Run a write; on success reload the page (and the edited record) with a message."""
    ui.attempt(action, ui.t(flash_key, **params),
               after=lambda: st.session_state.update(agents_edit_loaded=None))


left, middle, right = st.columns(3)
all_label = ui.t("agents.all_my_districts" if user.role == "coordinator" else "agents.all_districts")
district_labels = ({None: all_label} if len(viewable) > 1 else {}) | {
    i: names[i] for i in viewable}
district_filter = left.selectbox(ui.t("field.district"), list(district_labels),
                                 format_func=district_labels.get, key="agents_filter_district")
statuses = {"all": ui.t("agents.status_all"), "active": ui.t("agents.status_active"),
            "inactive": ui.t("agents.status_inactive")}
status = middle.selectbox(ui.t("agents.status"), list(statuses), format_func=statuses.get,
                          key="agents_filter_status")
search = right.text_input(ui.t("agents.search"), key="agents_search")
with ui.database() as db:
    rows = agents.list_agents(db, user, district_filter, search=search,
                              active={"all": None, "active": True, "inactive": False}[status])
    export = (agents.export_csv(db, user, lang, district_id=district_filter)
              if permissions.allowed(user, "agent.export", district_filter) else None)

ui.demo_caption()
if rows:
    st.dataframe(views.registry_table(rows, names, lang, with_district=len(viewable) > 1),
                 hide_index=True, width="stretch")
    st.caption(ui.t("agents.count", count=ui.num(len(rows))))
    if any(r["contact_email"] or r["contact_phone"] for r in rows):
        ui.log_access("view_contacts")  # the personal-data access log (network/accounts)
else:
    st.info(ui.t("agents.no_match" if search or status != "all" else "agents.empty"))
if not any(permissions.allowed(user, "agent.contacts", i) for i in viewable):
    st.caption(ui.t("agents.contacts_hidden"))
if export is not None and rows:
    st.download_button(ui.t("common.download_csv"), export, file_name="agents.csv",
                       mime="text/csv", key="agents_download", help=ui.t("agents.export_help"),
                       on_click=lambda: ui.log_access("export", dedupe=False))

if not writable:
    st.stop()
new_tab, edit_tab = st.tabs([ui.t("agents.new"), ui.t("agents.edit")])
with new_tab:
    data = forms.agent_form("agents_new", names, writable, barrios)
    if st.button(ui.t("agents.create"), key="agents_create", type="primary"):
        st.session_state["agents_new_reset"] = True
        attempt(lambda db: agents.create_agent(db, user, data), "agents.created",
                name=data["name"].strip())
        st.session_state["agents_new_reset"] = False

with edit_tab:
    editable = {r["id"]: f"{r['name']} ({names[r['district_id']]})"
                for r in rows if r["district_id"] in writable}
    if not editable:
        st.info(ui.t("agents.nothing_to_edit"))
        st.stop()
    agent_id = st.selectbox(ui.t("agents.choose"), list(editable), format_func=editable.get,
                            key="agents_edit_id")
    with ui.database() as db:
        record = agents.agent_for_edit(db, user, agent_id)
    # Streamlit drops widget state when another page runs: reload the record then too.
    if (st.session_state.get("agents_edit_loaded") != agent_id
            or "agents_edit_name" not in st.session_state):
        for widget, value in rules.edit_form_values(record, forms.agent_defaults()).items():
            st.session_state[f"agents_edit_{widget}"] = value
        st.session_state["agents_edit_loaded"] = agent_id
    data = forms.agent_form("agents_edit", names, writable, barrios)
    if st.button(ui.t("common.save"), key="agents_save", type="primary"):
        attempt(lambda db: agents.update_agent(db, user, agent_id, data), "common.saved")
    st.divider()
    st.markdown(ui.t("agents.share_code", code=record["share_code"]))
    st.caption(ui.t("agents.share_code_help"))
    if st.button(ui.t("agents.regenerate"), key="agents_regenerate"):
        attempt(lambda db: agents.regenerate_share_code(db, user, agent_id), "agents.regenerated")
    toggle, done = (("agents.deactivate", "agents.deactivated") if record["active"]
                    else ("agents.reactivate", "agents.reactivated"))
    if st.button(ui.t(toggle), key="agents_toggle"):
        attempt(lambda db: agents.set_agent_active(db, user, agent_id, not record["active"]), done)
    if record["history"]:
        st.caption(ui.t("agents.cannot_delete", count=record["history"]))
    else:
        confirm = st.checkbox(ui.t("agents.delete_confirm"), key="agents_delete_confirm")
        if st.button(ui.t("agents.delete"), key="agents_delete", disabled=not confirm):
            attempt(lambda db: agents.delete_agent(db, user, agent_id), "agents.deleted")
