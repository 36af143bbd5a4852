"""Agents and entities: the registry (contacts only for the district's coordinators and
admins), forms to add and edit, deactivation, share codes and the CSV export."""

from datetime import date

import streamlit as st

import ui
from network import agents, reference
from network.agents import views
from network.core import permissions, vocab

user = ui.require_page("agent.view")
st.title(ui.t("agents.title"))
lang = ui.lang()
with ui.database() as db:
    districts = reference.districts(db)
    barrios = agents.barrios_by_district(db)
if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()
names = {d.id: f"{d.number}. {d.name(lang)}" for d in districts}
viewable = permissions.visible_districts(user, "agent.view", list(names))
writable = permissions.visible_districts(user, "agent.write", list(names))
NEW_DEFAULTS = {"kind": "individual", "name": "", "email": "", "phone": "", "sector": "social",
                "barrio": "", "joined": date.today(), "modules": 0, "languages": [],
                "background": "undeclared", "active": True, "consent": False, "notes": ""}
if st.session_state.pop("agents_new_reset", False):
    for name in NEW_DEFAULTS:
        st.session_state.pop(f"agents_new_{name}", None)
ui.show_flash()


def labelled(vocabulary: str, codes) -> dict:
    return {c: ui.t(vocab.label_key(vocabulary, c)) for c in codes}


def agent_form(prefix: str) -> dict:
    """The agent's fields as widgets keyed `prefix_*` (they keep what was typed)."""
    def key(name: str) -> str:
        return f"{prefix}_{name}"
    for name, default in NEW_DEFAULTS.items():
        st.session_state.setdefault(key(name), default)
    st.session_state.setdefault(key("district"), writable[0])
    left, right = st.columns(2)
    kinds, sectors = labelled("agent_kind", vocab.AGENT_KINDS), labelled("sector", vocab.SECTORS)
    data = {"kind": left.selectbox(ui.t("agents.field.kind"), list(kinds), format_func=kinds.get,
                                   key=key("kind")),
            "name": right.text_input(ui.t("agents.field.name"), key=key("name"))}
    data["contact_email"] = left.text_input(ui.t("agents.field.email"), key=key("email"))
    data["contact_phone"] = right.text_input(ui.t("agents.field.phone"), key=key("phone"))
    data["sector"] = left.selectbox(ui.t("agents.field.sector"), list(sectors),
                                    format_func=sectors.get, key=key("sector"))
    district_labels = {i: names[i] for i in writable}
    data["district_id"] = right.selectbox(ui.t("field.district"), list(district_labels),
                                          format_func=district_labels.get, key=key("district"))
    barrio_labels = {"": ui.t("agents.no_barrio")} | {b: b for b in barrios[data["district_id"]]}
    if st.session_state[key("barrio")] not in barrio_labels:
        st.session_state[key("barrio")] = ""
    data["barrio"] = left.selectbox(ui.t("agents.field.barrio"), list(barrio_labels),
                                    format_func=barrio_labels.get, key=key("barrio"))
    data["joined_on"] = right.date_input(ui.t("agents.field.joined"), key=key("joined"),
                                         min_value=agents.EARLIEST_JOINED, format="YYYY-MM-DD")
    data["training_modules"] = left.number_input(
        ui.t("agents.field.modules", max=vocab.TRAINING_MODULES), min_value=0,
        max_value=vocab.TRAINING_MODULES, step=1, key=key("modules"))
    languages = labelled("language", vocab.WORK_LANGUAGES)
    data["languages"] = right.multiselect(ui.t("agents.field.languages"), list(languages),
                                          format_func=languages.get, key=key("languages"),
                                          placeholder=ui.t("common.choose_many"))
    backgrounds = {"undeclared": ui.t("agents.background.undeclared"),
                   "yes": ui.t("agents.background.yes"), "no": ui.t("agents.background.no")}
    background = left.selectbox(
        ui.t("agents.field.background"), list(backgrounds), format_func=backgrounds.get,
        key=key("background"), help=ui.t("agents.background_help"))
    data["migrant_background"] = None if background == "undeclared" else background
    data["active"] = right.checkbox(ui.t("agents.field.active"), key=key("active"))
    data["consent_named"] = right.checkbox(ui.t("agents.field.consent"), key=key("consent"))
    data["notes"] = st.text_area(ui.t("agents.field.notes"), key=key("notes"),
                                 max_chars=agents.MAX_LENGTHS["notes"])
    return data


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
else:
    st.info(ui.t("agents.no_match" if search or status != "all" else "agents.empty"))
if not any(permissions.allowed(user, "agent.contacts", i) for i in viewable):
    st.caption(ui.t("agents.contacts_hidden"))
if export is not None and rows:
    st.download_button(ui.t("common.download_csv"), export, file_name="agents.csv",
                       mime="text/csv", key="agents_download", help=ui.t("agents.export_help"))

if not writable:
    st.stop()
new_tab, edit_tab = st.tabs([ui.t("agents.new"), ui.t("agents.edit")])
with new_tab:
    data = agent_form("agents_new")
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
        fields = {"kind": "kind", "name": "name", "email": "contact_email",
                  "phone": "contact_phone", "sector": "sector", "district": "district_id",
                  "barrio": "barrio", "modules": "training_modules", "languages": "languages",
                  "background": "migrant_background", "notes": "notes"}
        for widget, column in fields.items():
            st.session_state[f"agents_edit_{widget}"] = record[column] or NEW_DEFAULTS.get(widget)
        st.session_state["agents_edit_district"] = record["district_id"]
        st.session_state["agents_edit_joined"] = date.fromisoformat(record["joined_on"])
        st.session_state["agents_edit_active"] = bool(record["active"])
        st.session_state["agents_edit_consent"] = bool(record["consent_named"])
        st.session_state["agents_edit_loaded"] = agent_id
    data = agent_form("agents_edit")
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
