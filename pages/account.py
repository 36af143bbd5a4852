"""My account: change my password, my open sessions; for an agent, their consents, a download of
everything held about them and erasure on request."""

import streamlit as st

import ui
from network import accounts
from network.accounts import consent, rights, views

user = ui.require_page("account.self")
st.title(ui.t("accounts.mine.title"))
ui.show_flash()
lang = ui.lang()

st.subheader(ui.t("accounts.change_password"))
ui.password_form(user, "mine")

st.subheader(ui.t("accounts.mine.sessions"))
with ui.database() as db:
    mine = accounts.active_sessions(db, user, user.id)
st.dataframe(views.sessions_table(mine, lang), hide_index=True, width="stretch")
st.caption(ui.t("accounts.mine.sessions_help", hours=ui.num(accounts.policy().lifetime_s / 3600),
                minutes=ui.num(accounts.policy().idle_s / 60)))

if user.agent_id is not None:
    ui.demo_caption()
    st.subheader(ui.t("accounts.mine.consents"))
    with ui.database() as db:
        rows = consent.consents(db, user, user.agent_id)
    st.dataframe(views.consent_table(rows, lang), hide_index=True, width="stretch")
    for row in rows:
        given = row["state"] == "given"
        label = "accounts.consent.withdraw" if given else "accounts.consent.give"
        if st.button(ui.t(label, purpose=ui.t_plain(f"accounts.purpose.{row['purpose']}")),
                     key=f"mine_consent_{row['purpose']}"):
            ui.attempt(lambda db, p=row["purpose"], g=not given: consent.set_consent(
                db, user, user.agent_id, p, g, "self_service"), ui.t("accounts.consent.saved"))

    st.subheader(ui.t("accounts.mine.my_data"))
    st.markdown(ui.t("accounts.mine.my_data_help"))
    left, right = st.columns(2)
    if left.button(ui.t("accounts.mine.prepare"), key="mine_prepare"):
        with ui.database() as db:
            st.session_state["mine_json"] = rights.export_json(db, user, user.agent_id, lang)
            st.session_state["mine_csv"] = rights.export_csv(db, user, user.agent_id, lang)
    if "mine_json" in st.session_state:
        left.download_button(ui.t("accounts.download_json"), st.session_state["mine_json"],
                             file_name="my-data.json", mime="application/json", key="mine_dl_json")
        right.download_button(ui.t("accounts.download_csv"), st.session_state["mine_csv"],
                              file_name="my-data.csv", mime="text/csv", key="mine_dl_csv")

    st.subheader(ui.t("accounts.erase.title"))
    st.markdown(ui.t("accounts.erase.help"))
    sure = st.checkbox(ui.t("accounts.erase.confirm_self"), key="mine_erase_sure")
    if st.button(ui.t("accounts.erase.button"), key="mine_erase", disabled=not sure):
        with ui.database() as db:
            rights.erase(db, user, user.agent_id)
        ui.sign_out()
        st.rerun()
