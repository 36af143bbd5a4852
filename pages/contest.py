"""The short-story contest's call (public): the rules, the submission form (phone-friendly;
the jury never sees who wrote a work) and the receipt lookup."""

import time
from datetime import date

import streamlit as st

import ui
from network import contest, reference
from network.contest import files, rules
from network.core import guard

STARTED = "contest_started_at"
FIELDS = ("contest_title", "contest_body", "contest_name", "contest_contact", "contest_pseudonym")
st.html("<style>" + ui.honeypot_css("contest_hp") + "</style>")
st.session_state.setdefault(STARTED, time.time())
lang, today = ui.lang(), date.today()

with ui.database() as db:
    call = contest.current_contest(db, today)
    districts = {d.id: d.name(lang) for d in reference.districts(db)}

st.title(ui.t("contest.nav.call"))
ui.demo_caption()
ui.show_flash()
st.write(ui.t("contest.intro"))
if call is None:
    st.info(ui.t("contest.no_call"))
    st.stop()

st.header(ui.t("contest.call_title", year=call["year"]))
groups = {g: ui.t_plain(f"contest.age_group.{g}") for g in call["age_groups"]}
languages = {g: ui.t_plain(f"contest.language.{g}") for g in call["languages"]}
st.markdown(ui.t("contest.call_facts", opens=call["opens_on"], closes=call["closes_on"],
                 groups=", ".join(groups.values()), languages=", ".join(languages.values()),
                 min=ui.num(call["min_words"]), max=ui.num(call["max_words"]),
                 winners=ui.num(call["winners"])))
rules_text = call[f"rules_{lang}"] or call["rules_es"] or call["rules_eu"]
if rules_text:
    with st.expander(ui.t("contest.rules"), expanded=False):
        st.markdown(ui.md(rules_text))

if not rules.is_open(call["opens_on"], call["closes_on"], today):
    key = "contest.not_yet_open" if call["opens_on"] > today.isoformat() else "contest.closed"
    st.info(ui.t(key, opens=call["opens_on"], closes=call["closes_on"]))
else:
    st.subheader(ui.t("contest.submit_title"))
    st.caption(ui.t("contest.anonymous_note"))
    with st.form("contest_submit", clear_on_submit=False):
        st.text_input(ui.t("contest.field.title"), max_chars=rules.MAX_TITLE, key="contest_title")
        st.text_area(ui.t("contest.field.body"), height=260, key="contest_body",
                     help=ui.t("contest.body_help", min=call["min_words"], max=call["max_words"]))
        upload = st.file_uploader(ui.t("contest.field.file"), type=list(files.EXTENSIONS),
                                  max_upload_size=files.MAX_FILE_BYTES // (1024 * 1024),
                                  key="contest_file", help=ui.t("contest.file_help"))
        age_group = st.radio(ui.t("contest.field.age_group"), list(groups),
                             format_func=groups.get, key="contest_age_group")
        language = st.radio(ui.t("contest.field.language"), list(languages),
                            format_func=languages.get, key="contest_language")
        st.markdown(f"**{ui.t('contest.about_you')}**")
        st.caption(ui.t("contest.privacy"))
        name = st.text_input(ui.t("contest.field.name"), max_chars=rules.MAX_NAME,
                             key="contest_name")
        contact = st.text_input(ui.t("contest.field.contact"), max_chars=rules.MAX_CONTACT,
                                key="contest_contact")
        bands = {b: ui.t_plain(f"contest.age_band.{b}") for b in rules.AGE_BANDS}
        age_band = st.selectbox(ui.t("contest.field.age_band"), list(bands), format_func=bands.get,
                                index=None, placeholder=ui.t_plain("common.choose"),
                                key="contest_age_band")
        district_labels = {None: ui.t_plain("contest.not_given")} | districts
        district = st.selectbox(ui.t("contest.field.district"), list(district_labels),
                                format_func=district_labels.get, key="contest_district")
        pseudonym = st.text_input(ui.t("contest.field.pseudonym"), max_chars=rules.MAX_PSEUDONYM,
                                  key="contest_pseudonym")
        publish_labels = {p: ui.t_plain(f"contest.publish_as.{p}") for p in rules.PUBLISH_AS}
        publish_as = st.radio(ui.t("contest.field.publish_as"), list(publish_labels),
                              format_func=publish_labels.get, key="contest_publish_as")
        consent_rules = st.checkbox(ui.t("contest.field.consent_rules"), key="contest_consent_rules")
        consent_pub = st.checkbox(ui.t("contest.field.consent_publication"),
                                  key="contest_consent_publication")
        with st.container(key="contest_hp"):
            honeypot = st.text_input(ui.t("contest.honeypot"), key="contest_hp_field")
        sent = st.form_submit_button(ui.t("contest.send"), type="primary")
    if sent:
        def write(db):
            body, source = st.session_state["contest_body"], "pasted"
            if upload is not None:
                body, source = files.read_text(upload.name, upload.getvalue()), files.extension(upload.name)
            fields = {"title": st.session_state["contest_title"], "body": body, "source": source,
                      "age_group": age_group, "language": language, "name": name,
                      "contact": contact, "age_band": age_band, "district_id": district,
                      "pseudonym": pseudonym, "publish_as": publish_as,
                      "consent_rules": consent_rules, "consent_publication": consent_pub}
            return contest.submit(db, call["id"], fields, guard.client_hash(db, ui.client_key()),
                                  st.session_state[STARTED], honeypot, today)

        def clear():
            for key in FIELDS:
                st.session_state.pop(key, None)
            st.session_state[STARTED] = time.time()

        ui.attempt(write, lambda receipt: ui.t("contest.received", receipt=receipt), after=clear)

st.subheader(ui.t("contest.status_title"))
with st.form("contest_status"):
    code = st.text_input(ui.t("contest.field.receipt"), max_chars=20, key="contest_receipt")
    look = st.form_submit_button(ui.t("contest.check"))
if look:
    with ui.database() as db:
        found = contest.status(db, code)
    if found is None:
        st.warning(ui.t("contest.receipt_unknown"))
    else:
        st.info(ui.t("contest.status_line", year=found["year"], title=found["title"],
                     group=ui.t_plain(f"contest.age_group.{found['age_group']}"),
                     date=found["submitted_at"][:10],
                     state=ui.t_plain(f"contest.state.{found['state']}")))
