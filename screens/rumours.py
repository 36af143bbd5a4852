"""The rumours' screens: the form of a rumour heard (agents and residents), and the catalogue
editor's (staff) facts and merge, proposals to accept, a new theme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

import ui
from network import database, reference, rumours
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


HEARD_FIELDS = ("heard_rumour", "heard_new_text", "heard_barrio", "heard_channel",
                "heard_frequency", "heard_on", "heard_confirm")
OTHER = 0  # "another rumour" in the choice of rumours


def reset_heard_form() -> None:
    for key in HEARD_FIELDS:
        st.session_state.pop(key, None)


@ui.cached("rumours", "reference", ttl=60, max_entries=8)
def heard_choices(path: str) -> tuple[list[dict], list, dict[int, list[str]]]:
    """What the heard form offers: the live catalogue, the districts and each one's barrios
    (read once a minute, not on every answer of every visitor; a write clears it)."""
    with database.open_db(path) as db:
        districts = reference.districts(db)
        return (rumours.rumours(db, ("active", "dormant")), districts,
                {d.id: [b["name"] for b in reference.barrios(db, d.id)] for d in districts})


def heard_form(own: list[int], lang: str) -> tuple[dict, bool]:
    """The one-minute form of a rumour heard, for an agent or a resident: which rumour (or
    another, in their words), the district and barrio, where, when, how often. Returns the
    values and whether they may be sent (a text that looks like personal data must be
    confirmed first)."""
    catalogue, districts, barrios_of = heard_choices(ui.db_file())
    names = {d.id: d.label(lang) for d in districts}
    options = {r["id"]: f"{r['code']} · {views.text(r, 'statement', lang)}" for r in catalogue}
    options[OTHER] = ui.t_plain("rumours.heard.other")
    rumour_id = st.selectbox(ui.t("rumours.heard.which"), list(options),
                             format_func=options.get, key="heard_rumour")
    new_text = ""
    if rumour_id == OTHER:
        new_text = st.text_area(ui.t("rumours.heard.new_text"), max_chars=500,
                                key="heard_new_text", help=ui.t_plain("rumours.heard.new_text_help"))
    district_id = st.selectbox(ui.t("field.district"), list(names), format_func=names.get,
                               index=list(names).index(own[0]) if own else 0,
                               key="heard_district")
    barrios = {"": ui.t_plain("rumours.heard.barrio_none")} | {
        b: b for b in barrios_of.get(district_id, [])}
    barrio = st.selectbox(ui.t("rumours.heard.barrio"), list(barrios), format_func=barrios.get,
                          key="heard_barrio")
    channels = {c: ui.t_plain(f"rumours.channel.{c}") for c in rumours.CHANNELS}
    channel = st.radio(ui.t("rumours.heard.where"), list(channels), format_func=channels.get,
                       key="heard_channel", horizontal=True)
    today = date.today()
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
    return ({"rumour_id": rumour_id or None, "new_text": new_text, "district_id": district_id,
             "barrio": barrio, "channel": channel, "heard_on": heard_on, "frequency": frequency},
            confirmed)
