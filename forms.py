"""The editing forms pages share (Streamlit glue beside ui.py): every widget keyed, so a form
keeps what was typed when a write is refused."""

from __future__ import annotations

from datetime import date

import streamlit as st

import ui
from network import actions
from network import agents as agent_registry
from network.actions import maps
from network.core import vocab
from network.core.vocab import ACTION_TYPES, WORK_LANGUAGES, label_key


def agent_defaults() -> dict:
    """A new agent's form values (joined today)."""
    return {"kind": "individual", "name": "", "email": "", "phone": "", "sector": "social",
            "barrio": "", "joined": date.today(), "modules": 0, "languages": [],
            "background": "undeclared", "active": True, "consent": False, "notes": ""}


def labelled(vocabulary: str, codes) -> dict:
    return {c: ui.t(vocab.label_key(vocabulary, c)) for c in codes}


def agent_form(prefix: str, names: dict[int, str], writable: list[int],
               barrios: dict[int, list[str]]) -> dict:
    """The agent's fields as widgets keyed `prefix_*` (they keep what was typed)."""
    def key(name: str) -> str:
        return f"{prefix}_{name}"
    for name, default in agent_defaults().items():
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
                                         min_value=agent_registry.EARLIEST_JOINED, format="YYYY-MM-DD")
    left.number_input(  # read-only: derived from attendance (network/training)
        ui.t("agents.field.modules", max=vocab.TRAINING_MODULES), min_value=0,
        max_value=vocab.TRAINING_MODULES, step=1, key=key("modules"), disabled=True,
        help=ui.t("training.modules_derived"))
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
                                 max_chars=agent_registry.MAX_LENGTHS["notes"])
    return data


ACTION_FORM = {  # widget key -> (action field, empty value)
    "actions_date": ("date", None), "actions_type": ("type", ACTION_TYPES[0]),
    "actions_barrio": ("barrio", ""), "actions_title": ("title", ""),
    "actions_description": ("description", ""), "actions_place": ("place", ""),
    "actions_lat": ("lat", None), "actions_lon": ("lon", None),
    "actions_people": ("people_reached", 0), "actions_agents": ("agent_ids", []),
    "actions_languages": ("languages", []), "actions_rumours": ("rumour_ids", []),
}


def fill_action_form(action: dict | None = None) -> None:
    for key, (name, empty) in ACTION_FORM.items():
        value = (action or {}).get(name) or empty
        st.session_state[key] = date.fromisoformat(value) if name == "date" and value else value
    if not action:
        st.session_state["actions_date"] = date.today()


def point_clicked() -> None:
    clicked = (st.session_state.get("actions_picker") or {}).get("last_clicked") or {}
    if clicked.get("lat") is not None:
        st.session_state["actions_lat"] = round(clicked["lat"], 6)
        st.session_state["actions_lon"] = round(clicked["lng"], 6)


def clear_point() -> None:
    st.session_state["actions_lat"] = st.session_state["actions_lon"] = None


def action_form(ctx, agents: list[dict], type_labels: dict[str, str], today: date,
                rumour_labels: dict[int, str] | None = None) -> None:
    """The action's fields (keys in ACTION_FORM) and the point picker of its district."""
    left, right = st.columns(2)
    with left:
        st.date_input(ui.t("field.action_date"), min_value=actions.MIN_DATE, max_value=today,
                      format="YYYY-MM-DD", key="actions_date")
        st.selectbox(ui.t("field.action_type"), list(type_labels), format_func=type_labels.get,
                     key="actions_type")
        st.text_input(ui.t("field.action_title"), max_chars=actions.MAX_TITLE, key="actions_title")
        st.text_area(ui.t("field.action_description"), max_chars=actions.MAX_DESCRIPTION,
                     key="actions_description")
        barrios = {"": ui.t("actions.barrio_none")} | {b: b for b in ctx.barrios}
        st.selectbox(ui.t("field.action_barrio"), list(barrios), format_func=barrios.get,
                     key="actions_barrio")
        st.text_input(ui.t("field.action_place"), max_chars=actions.MAX_PLACE, key="actions_place")
        st.number_input(ui.t("field.action_people"), min_value=0, step=1, key="actions_people")
        agent_labels = {a["id"]: a["name"] for a in agents}
        st.multiselect(ui.t("field.action_agents"), list(agent_labels),
                       format_func=agent_labels.get, placeholder=ui.t("common.choose_many"),
                       key="actions_agents")
        language_labels = {c: ui.t(label_key("language", c)) for c in WORK_LANGUAGES}
        st.multiselect(ui.t("field.action_languages"), list(language_labels),
                       format_func=language_labels.get, placeholder=ui.t("common.choose_many"),
                       key="actions_languages")
        rumour_labels = rumour_labels or {}
        st.session_state["actions_rumours"] = [r for r in st.session_state.get("actions_rumours")
                                               or [] if r in rumour_labels]
        st.multiselect(ui.t("field.action_rumours"), list(rumour_labels),
                       format_func=rumour_labels.get, placeholder=ui.t("common.choose_many"),
                       key="actions_rumours")
    with right:
        st.caption(ui.t("actions.point_help"))
        lat, lon = st.session_state["actions_lat"], st.session_state["actions_lon"]
        shown = (lat, lon) if lat is not None and lon is not None else actions.default_point(
            ctx, st.session_state["actions_barrio"])
        ui.show_map(lambda: maps.point_picker_map(ctx.geometry, shown, ui.map_assets()),
                    key="actions_picker", height=360, use_container_width=True,
                    returned_objects=["last_clicked"], on_change=point_clicked)
        c1, c2 = st.columns(2)
        c1.number_input(ui.t("actions.lat"), value=None, format="%.6f", step=0.0001, key="actions_lat")
        c2.number_input(ui.t("actions.lon"), value=None, format="%.6f", step=0.0001, key="actions_lon")
        st.button(ui.t("actions.use_default_point"), on_click=clear_point, key="actions_clear_point")
