"""Accounts (admin): list, create, enable and disable."""

import pandas as pd
import streamlit as st

import ui
from network import agents, reference
from network.accounts import auth
from network.core.errors import NetworkError
from network.core.permissions import ROLES

admin = ui.require_page("users.manage")
st.title(ui.t("users.title"))

with ui.database() as db:
    users = auth.list_users(db)
    districts = reference.districts(db)
    agent_rows = agents.agent_names(db)

lang = ui.lang()
if users:
    st.dataframe(
        pd.DataFrame({
            ui.t("auth.username"): [u["username"] for u in users],
            ui.t("field.role"): [ui.t(f"role.{u['role']}") for u in users],
            ui.t("column.district"): [u["districts"] or "" for u in users],
            ui.t("users.active"): [ui.t("common.yes" if u["active"] else "common.no")
                                   for u in users],
            ui.t("demo.label"): [ui.t("common.yes") if u["demo"] else "" for u in users],
        }),
        hide_index=True, width="stretch",
    )
else:
    st.info(ui.t("users.empty"))

st.subheader(ui.t("users.add"))
with st.form("users_add", clear_on_submit=False):
    username = st.text_input(ui.t("auth.username"), key="users_username")
    password = st.text_input(ui.t("auth.password"), type="password", key="users_password")
    role_labels = {r: ui.t(f"role.{r}") for r in ROLES}
    role = st.selectbox(ui.t("field.role"), ROLES, format_func=role_labels.get, key="users_role")
    district_labels = {d.id: d.label(lang) for d in districts}
    district_ids = st.multiselect(ui.t("users.districts_help"), list(district_labels),
                                  placeholder=ui.t("common.choose_many"),
                                  format_func=district_labels.get, key="users_districts")
    agent_labels = {None: "—"} | {a["id"]: a["name"] for a in agent_rows}
    agent_id = st.selectbox(ui.t("users.agent_help"), list(agent_labels),
                            format_func=agent_labels.get, key="users_agent")
    if st.form_submit_button(ui.t("users.create")):
        try:
            with ui.database() as db:
                auth.create_user(db, admin, username, password, role, district_ids, agent_id)
        except NetworkError as err:
            ui.show_error(err)
        else:
            st.session_state.pop("users_password", None)
            st.success(ui.t("users.created", username=username.strip()))

if users:
    st.subheader(ui.t("users.enable_disable"))
    user_labels = {u["id"]: u["username"] for u in users}
    target = st.selectbox(ui.t("auth.username"), list(user_labels), format_func=user_labels.get,
                          key="users_target")
    row = next(u for u in users if u["id"] == target)
    label = "users.disable" if row["active"] else "users.enable"
    if st.button(ui.t(label), key="users_toggle"):
        try:
            with ui.database() as db:
                auth.set_active(db, admin, target, not row["active"])
        except NetworkError as err:
            ui.show_error(err)
        else:
            st.rerun()
