"""An agent's personal data (coordinators of their district, admins): consent by purpose, a
download of everything held about them, erasure at their request."""

import streamlit as st

import ui
from network import agents
from network.accounts import consent, rights, rules, views

user = ui.require_page("privacy.manage")
st.title(ui.t("accounts.agent.title"))
st.markdown(ui.t("accounts.agent.intro"))
ui.show_flash()
lang = ui.lang()
with ui.database() as db:
    rows = [r for r in agents.list_agents(db, user) if r["name"] != rules.erased_name(r["id"])]
if not rows:
    st.info(ui.t("accounts.agent.empty"))
    st.stop()
ui.demo_caption()
labels = {r["id"]: f"{r['name']} (#{r['id']})" for r in rows}
agent_id = st.selectbox(ui.t("accounts.agent.choose"), list(labels), format_func=labels.get,
                        key="privacy_agent")
with ui.database() as db:
    current = consent.consents(db, user, agent_id)
    past = consent.history(db, user, agent_id)

st.subheader(ui.t("accounts.agent.consents"))
st.dataframe(views.consent_table(current, lang), hide_index=True, width="stretch")
with st.form("privacy_consent", clear_on_submit=False):
    purposes = {p: ui.t_plain(f"accounts.purpose.{p}") for p in rules.PURPOSES}
    purpose = st.selectbox(ui.t("accounts.consent.purpose"), list(purposes),
                           format_func=purposes.get, key="privacy_purpose")
    answers = {s: ui.t_plain(f"accounts.state.{s}") for s in ("given", "withdrawn")}
    answer = st.radio(ui.t("accounts.consent.state"), list(answers), horizontal=True,
                      format_func=answers.get, key="privacy_answer")
    ways = {h: ui.t_plain(f"accounts.how.{h}") for h in rules.CONSENT_HOW[:-1]}
    how = st.selectbox(ui.t("accounts.consent.how"), list(ways), format_func=ways.get,
                       key="privacy_how")
    if st.form_submit_button(ui.t("accounts.consent.record")):
        ui.attempt(lambda db: consent.set_consent(db, user, agent_id, purpose,
                                                  answer == "given", how),
                   ui.t("accounts.consent.saved"))
if past:
    with st.expander(ui.t("accounts.agent.history")):
        st.dataframe(views.history_table(past, lang), hide_index=True, width="stretch")

st.subheader(ui.t("accounts.agent.data"))
left, right = st.columns(2)
if left.button(ui.t("accounts.mine.prepare"), key="privacy_prepare"):
    with ui.database() as db:
        st.session_state["privacy_files"] = (agent_id,
                                             rights.export_json(db, user, agent_id, lang),
                                             rights.export_csv(db, user, agent_id, lang))
files = st.session_state.get("privacy_files")
if files and files[0] == agent_id:
    left.download_button(ui.t("accounts.download_json"), files[1], mime="application/json",
                         file_name=f"agent-{agent_id}.json", key="privacy_dl_json")
    right.download_button(ui.t("accounts.download_csv"), files[2], mime="text/csv",
                          file_name=f"agent-{agent_id}.csv", key="privacy_dl_csv")

st.subheader(ui.t("accounts.erase.title"))
st.markdown(ui.t("accounts.erase.help"))
sure = st.checkbox(ui.t("accounts.erase.confirm_other"), key="privacy_erase_sure")
if st.button(ui.t("accounts.erase.button"), key="privacy_erase", disabled=not sure):
    ui.attempt(lambda db: rights.erase(db, user, agent_id), ui.t("accounts.erase.done"),
               after=lambda: st.session_state.pop("privacy_erase_sure", None))
