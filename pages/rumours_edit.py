"""The catalogue editor: staff edit rumours, their facts, themes, accept proposals and merge;
coordinators propose new rumours (status 'proposed' until staff accept them)."""

import streamlit as st

import ui
from network import rumours
from network.rumours import views
from screens import rumours as screens

NEW = 0
LANGS = rumours.LANGS
TEXT_KEYS = [f"edit_statement_{x}" for x in LANGS] + [f"edit_argument_{x}" for x in LANGS]

user = ui.require_page("rumour.propose")
lang = ui.lang()
staff = ui.allowed("rumour.edit")


def fill(rumour: dict | None) -> None:
    r = rumour or {}
    st.session_state["edit_code"] = r.get("code", "")
    st.session_state["edit_theme"] = r.get("theme", rumours.THEMES[0])
    st.session_state["edit_status"] = r.get("status", "active" if staff else "proposed")
    for x in LANGS:
        st.session_state[f"edit_statement_{x}"] = r.get(f"statement_{x}", "")
        st.session_state[f"edit_argument_{x}"] = r.get(f"argument_{x}", "")
    st.session_state["edit_quiz"] = r.get("quiz", [])
    st.session_state["edit_barometer"] = r.get("barometer", [])


def start_editing() -> None:
    chosen = st.session_state.get("edit_rumour") or NEW
    with ui.database() as db:
        fill(rumours.get_rumour(db, chosen) if chosen else None)


def reset() -> None:
    st.session_state["edit_reset"] = True


st.title(ui.t("rumours.edit.title"))
st.write(ui.t("rumours.edit.intro" if staff else "rumours.edit.intro_propose"))
ui.show_flash()
with ui.database() as db:
    catalogue = rumours.rumours(db)
    theme_codes = rumours.theme_codes(db)
    themes = rumours.themes(db)
    quiz_codes = rumours.quiz_codes(db)
barometer_codes = rumours.barometer_codes()
if st.session_state.pop("edit_reset", False) or "edit_code" not in st.session_state:
    st.session_state["edit_rumour"] = NEW
    fill(None)
labels = {r["id"]: views.rumour_label(r, lang) for r in catalogue}
choices = {NEW: ui.t_plain("rumours.edit.new")} | (labels if staff else {})
editing = st.selectbox(ui.t("rumours.edit.choose"), list(choices), format_func=choices.get,
                       key="edit_rumour", on_change=start_editing)
theme_labels = {c: views.theme_label(c, themes, lang) for c in theme_codes}
if st.session_state["edit_theme"] not in theme_labels:
    st.session_state["edit_theme"] = rumours.THEMES[0]
st.text_input(ui.t("rumours.edit.code"), max_chars=20, key="edit_code",
              help=ui.t_plain("rumours.edit.code_help"))
st.selectbox(ui.t("rumours.edit.theme"), list(theme_labels), format_func=theme_labels.get,
             key="edit_theme")
if staff:
    statuses = {s: ui.t_plain(f"rumours.status.{s}") for s in rumours.STATUSES}
    st.selectbox(ui.t("rumours.edit.status"), list(statuses), format_func=statuses.get,
                 key="edit_status")
for x in LANGS:
    st.text_input(ui.t("rumours.edit.statement", lang=x), max_chars=300, key=f"edit_statement_{x}")
for x in LANGS:
    st.text_area(ui.t("rumours.edit.argument", lang=x), max_chars=2000, key=f"edit_argument_{x}")
for key, codes in (("edit_quiz", quiz_codes), ("edit_barometer", barometer_codes)):
    st.session_state[key] = [c for c in st.session_state.get(key, []) if c in codes]
st.multiselect(ui.t("rumours.edit.quiz"), quiz_codes, key="edit_quiz",
               placeholder=ui.t_plain("common.choose_many"))
st.multiselect(ui.t("rumours.edit.barometer"), barometer_codes, key="edit_barometer",
               placeholder=ui.t_plain("common.choose_many"))
if st.button(ui.t("rumours.edit.save" if staff else "rumours.edit.propose"), type="primary",
             key="edit_save"):
    data = {"code": st.session_state["edit_code"], "theme": st.session_state["edit_theme"],
            "status": st.session_state["edit_status"], "quiz": st.session_state["edit_quiz"],
            "barometer": st.session_state["edit_barometer"]}
    data |= {k.removeprefix("edit_"): st.session_state[k] for k in TEXT_KEYS}
    ui.attempt(lambda db: rumours.save_rumour(db, user, editing or None, data),
               ui.t("rumours.edit.saved", code=data["code"].strip().upper()), after=reset)

if staff and editing:
    screens.facts_and_merge(user, editing, catalogue, labels, reset, lang)

if staff:
    screens.proposals_and_themes(user, catalogue, labels)
