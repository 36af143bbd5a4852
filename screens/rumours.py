"""The rumour catalogue editor's screens (staff): a rumour's facts and merge, proposals to
accept, a new theme."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import ui
from network import rumours
from network.rumours import views

LANGS = rumours.LANGS


def facts_and_merge(user, editing: int, catalogue: list[dict], labels: dict[int, str],
                    after_merge: Callable[[], None], lang: str) -> None:
    """The facts of the rumour being edited (delete, add) and its merge into another."""
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
                       ui.t("rumours.edit.merged"), after=after_merge)


def proposals_and_themes(user, catalogue: list[dict], labels: dict[int, str]) -> None:
    """Coordinators' proposals to accept, and a new theme with its label in each language."""
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
