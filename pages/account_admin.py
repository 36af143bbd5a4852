"""Sessions and passwords (admins): open sessions per account, end them; reset a password
(a change is due at next sign-in); change an account's role."""

import streamlit as st

import ui
from network import accounts, reference
from network.accounts import auth, views
from network.core.permissions import ROLES

admin = ui.require_page("users.manage")
st.title(ui.t("accounts.admin.title"))
ui.show_flash()
lang = ui.lang()
with ui.database() as db:
    sessions = accounts.active_sessions(db, admin)
    users = auth.list_users(db)
    districts = reference.districts(db)

st.subheader(ui.t("accounts.admin.sessions"))
if sessions:
    st.dataframe(views.sessions_table(sessions, lang), hide_index=True, width="stretch")
else:
    st.info(ui.t("accounts.admin.no_sessions"))
if not users:
    st.info(ui.t("users.empty"))
    st.stop()
labels = {u["id"]: f"{u['username']} ({ui.t_plain('role.' + u['role'])})" for u in users}
target = st.selectbox(ui.t("auth.username"), list(labels), format_func=labels.get,
                      key="admin_target")
count = sum(1 for s in sessions if s["user_id"] == target)
st.caption(ui.t("accounts.admin.open_count", count=ui.num(count)))
if st.button(ui.t("accounts.admin.end_sessions"), key="admin_end", disabled=not count):
    ui.attempt(lambda db: accounts.end_all_for(db, admin, target),
               ui.t("accounts.admin.ended"))

st.subheader(ui.t("accounts.admin.reset"))
with st.form("admin_reset", clear_on_submit=False):
    temporary = st.text_input(ui.t("accounts.admin.temporary"), type="password",
                              key="admin_temporary")
    if st.form_submit_button(ui.t("accounts.admin.reset_button")):
        ui.attempt(lambda db: accounts.reset_password(db, admin, target, temporary),
                   ui.t("accounts.admin.reset_done"),
                   after=lambda: st.session_state.pop("admin_temporary", None))

st.subheader(ui.t("accounts.admin.role"))
with st.form("admin_role", clear_on_submit=False):
    current = next(u for u in users if u["id"] == target)
    role_labels = {r: ui.t_plain(f"role.{r}") for r in ROLES}
    role = st.selectbox(ui.t("field.role"), ROLES, index=ROLES.index(current["role"]),
                        format_func=role_labels.get, key=f"admin_role_choice_{target}")
    names = {d.id: d.label(lang) for d in districts}
    chosen = st.multiselect(ui.t("users.districts_help"), list(names), format_func=names.get,
                            placeholder=ui.t("common.choose_many"),
                            key=f"admin_role_districts_{target}")
    if st.form_submit_button(ui.t("accounts.admin.role_button")):
        ui.attempt(lambda db: accounts.change_role(db, admin, target, role, chosen),
                   ui.t("accounts.admin.role_done"))

st.subheader(ui.t("accounts.sso.title"))
st.markdown(ui.t("accounts.sso.intro"))
with ui.database() as db:
    sso_links = accounts.sso.links(db, admin)
if sso_links:
    st.dataframe({ui.t("accounts.sso.email"): [r["email"] for r in sso_links],
                  ui.t("auth.username"): [r["username"] for r in sso_links],
                  ui.t("field.role"): [ui.t_plain(f"role.{r['role']}") for r in sso_links]},
                 hide_index=True, width="stretch")
with st.form("admin_sso", clear_on_submit=False):
    email = st.text_input(ui.t("accounts.sso.email"), key="admin_sso_email")
    if st.form_submit_button(ui.t("accounts.sso.link_button")):
        ui.attempt(lambda db: accounts.sso.link(db, admin, email, target),
                   ui.t("accounts.sso.linked"))
if sso_links:
    emails = [r["email"] for r in sso_links]
    gone = st.selectbox(ui.t("accounts.sso.email"), emails, key="admin_sso_remove")
    if st.button(ui.t("accounts.sso.unlink_button"), key="admin_sso_unlink"):
        ui.attempt(lambda db: accounts.sso.unlink(db, admin, gone), ui.t("accounts.sso.unlinked"))
