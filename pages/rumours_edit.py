"""The catalogue editor: staff edit rumours, their facts, themes, accept proposals and merge;
coordinators propose new rumours (status 'proposed' until staff accept them)."""

import streamlit as st

import ui
from network import rumours
from network.rumours import views

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
labels = {r["id"]: f"{r['code']} · {views.text(r, 'statement', lang)} "
          f"({ui.t_plain('rumours.status.' + r['status'])})" for r in catalogue}
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
    with ui.database() as db:
        current = rumours.get_rumour(db, editing)
    st.subheader(ui.t("rumours.edit.facts"))
    for fact in current["facts"]:
        cols = st.columns([5, 1])
        cols[0].markdown(ui.md(views.fact_line(fact, lang)))
        if cols[1].button(ui.t("rumours.edit.delete_fact"), key=f"edit_del_{fact['id']}"):
            ui.attempt(lambda db, f=fact["id"]: rumours.delete_fact(db, user, f),
                       ui.t("rumours.edit.fact_deleted"))
    with st.expander(ui.t("rumours.edit.add_fact")):
        for x in LANGS:
            st.text_area(ui.t("rumours.edit.fact_text", lang=x), max_chars=1000, key=f"fact_{x}")
        st.text_input(ui.t("field.source"), max_chars=300, key="fact_source")
        st.number_input(ui.t("field.year"), min_value=1900, max_value=2100, value=None, step=1,
                        key="fact_year")
        if st.button(ui.t("rumours.edit.add_fact"), key="fact_add"):
            fact = {f"text_{x}": st.session_state[f"fact_{x}"] for x in LANGS}
            fact |= {"source": st.session_state["fact_source"],
                     "year": int(st.session_state["fact_year"])
                     if st.session_state["fact_year"] is not None else None}
            ui.attempt(lambda db: rumours.add_fact(db, user, editing, fact),
                       ui.t("rumours.edit.fact_added"))
    with st.expander(ui.t("rumours.edit.merge")):
        others = {r["id"]: labels[r["id"]] for r in catalogue if r["id"] != editing}
        target = st.selectbox(ui.t("rumours.edit.merge_into"), list(others),
                              format_func=others.get, key="edit_merge_target")
        if st.button(ui.t("rumours.edit.merge"), key="edit_merge"):
            ui.attempt(lambda db: rumours.set_status(db, user, editing, "retired", target),
                       ui.t("rumours.edit.merged"), after=reset)

if staff:
    proposals = [r for r in catalogue if r["status"] == "proposed"]
    st.subheader(ui.t("rumours.edit.proposals"))
    if not proposals:
        st.caption(ui.t("rumours.edit.no_proposals"))
    for r in proposals:
        cols = st.columns([5, 1])
        cols[0].markdown(ui.md(labels[r["id"]]))
        if cols[1].button(ui.t("rumours.edit.accept"), key=f"edit_accept_{r['id']}"):
            ui.attempt(lambda db, i=r["id"]: rumours.set_status(db, user, i, "active"),
                       ui.t("rumours.edit.accepted"))
    with st.expander(ui.t("rumours.edit.new_theme")):
        st.text_input(ui.t("rumours.edit.theme_code"), max_chars=20, key="theme_code")
        for x in LANGS:
            st.text_input(ui.t("rumours.edit.theme_label", lang=x), max_chars=80,
                          key=f"theme_label_{x}")
        if st.button(ui.t("rumours.edit.add_theme"), key="theme_add"):
            new_labels = {x: st.session_state[f"theme_label_{x}"] for x in LANGS}
            ui.attempt(lambda db: rumours.add_theme(db, user, st.session_state["theme_code"],
                                                    new_labels),
                       ui.t("rumours.edit.theme_added"))
