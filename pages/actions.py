"""Action log: coordinators record, edit and delete their district's actions; CSV out and in."""

from datetime import date

import streamlit as st

import forms
import ui
from network import actions, reference, rumours
from network.actions import io as action_io
from network.actions import views
from network.core import permissions


def start_editing() -> None:
    action_id = st.session_state.get("actions_editing") or 0
    with ui.database() as db:
        forms.fill_action_form(actions.get_action(db, action_id) if action_id else None)


def change_district() -> None:
    st.session_state["actions_editing"] = 0
    forms.fill_action_form()


def reset_form() -> None:
    st.session_state["actions_reset"] = True


user = ui.require_page("action.write")
lang, today = ui.lang(), date.today()
if st.session_state.pop("actions_reset", False) or "actions_date" not in st.session_state:
    st.session_state["actions_editing"] = 0
    forms.fill_action_form()
st.title(ui.t("actions.title"))
st.write(ui.t("actions.intro"))
ui.show_flash()

with ui.database() as db:
    all_districts = reference.districts(db)
ids = permissions.visible_districts(user, "action.write", [d.id for d in all_districts])
if not all_districts or not ids:
    st.info(ui.t("actions.no_districts_loaded" if not all_districts else "actions.no_district"))
    st.stop()
names = {d.id: d.label(lang) for d in all_districts if d.id in ids}
district_id = st.selectbox(ui.t("field.district"), list(names), format_func=names.get,
                           key="actions_district", on_change=change_district)
form_area, table_area = st.container(), st.container()

with table_area:
    st.subheader(ui.t("actions.table_title"))
    cols = st.columns([1, 3])
    with ui.database() as db:
        years = actions.action_years(db)
    periods = {"12m": ui.t("map.period_12m"), "all": ui.t("map.period_all")} | {
        str(y): str(y) for y in years}
    period = cols[0].selectbox(ui.t("map.period"), list(periods), format_func=periods.get,
                               key="actions_period")
    type_labels = views.type_labels(lang)
    types = cols[1].multiselect(ui.t("map.types"), list(type_labels), format_func=type_labels.get,
                                placeholder=ui.t("common.choose_many"), key="actions_types")
    start, end = actions.period_bounds(period, today)
    with ui.database() as db:
        ctx = actions.district_context(db, district_id)
        agents = actions.district_agents(db, user, district_id)
        rows = actions.list_actions(db, [district_id], start, end, types)
        csv = action_io.export_actions(db, user, lang, [district_id], start, end, types)
        rumour_labels = {r["id"]: f"{r['code']} · {r['statement_' + lang] or r['statement_es']}"
                         for r in rumours.rumours(db, ("active", "dormant"))}
    if rows:
        st.dataframe(views.log_table(rows, lang), hide_index=True, width="stretch")
        st.caption(ui.t("actions.shown", count=ui.num(len(rows)),
                        reached=ui.num(sum(r["people_reached"] for r in rows))))
        ui.demo_caption()
    else:
        st.info(ui.t("actions.empty"))
    st.download_button(ui.t("common.download_csv"), csv, file_name=ui.t("actions.export_file"),
                       mime="text/csv", key="actions_download")
    with st.expander(ui.t("actions.import_title")):
        st.caption(ui.t("actions.import_help"))
        upload = st.file_uploader(ui.t("actions.import_file"), type=["csv", "txt"],
                                  key="actions_upload")
        if st.button(ui.t("actions.import_button"), key="actions_import", disabled=upload is None):
            ui.attempt(lambda db: action_io.import_actions(db, user, upload.getvalue()),
                       lambda count: ui.t("actions.imported", count=count))

with form_area:
    choices = {0: ui.t("actions.new")} | {r["id"]: f"{r['date']} · {r['title'][:70]}" for r in rows}
    if st.session_state.get("actions_editing") not in choices:
        st.session_state["actions_editing"] = 0
        forms.fill_action_form()
    editing = st.selectbox(ui.t("actions.editing"), list(choices), format_func=choices.get,
                           key="actions_editing", on_change=start_editing)
    st.subheader(ui.t("actions.form_edit", id=editing) if editing else ui.t("actions.form_new"))
    forms.action_form(ctx, agents, type_labels, today, rumour_labels)
    save = st.button(ui.t("actions.save_changes" if editing else "actions.save_new"),
                     type="primary", key="actions_save")
    if save:
        data = {name: st.session_state[key] for key, (name, _) in forms.ACTION_FORM.items()}
        data["district_id"] = district_id
        ui.attempt(lambda db: actions.update_action(db, user, editing, data) if editing
                   else actions.create_action(db, user, data),
                   ui.t("actions.updated" if editing else "actions.created", title=data["title"].strip()),
                   after=reset_form)
    if editing:
        with st.expander(ui.t("actions.delete")):
            sure = st.checkbox(ui.t("actions.delete_confirm"), key="actions_delete_sure")
            if st.button(ui.t("actions.delete"), disabled=not sure, key="actions_delete"):
                ui.attempt(lambda db: actions.delete_action(db, user, editing),
                           ui.t("actions.deleted"), after=reset_form)
        st.button(ui.t("actions.cancel_edit"), key="actions_cancel",
                  on_click=lambda: (st.session_state.update(actions_editing=0), forms.fill_action_form()))
