"""The contest's call and jury (staff): year, dates, categories, word limits, number of
winners, rules in es/eu/en; who sits on the jury; each juror's progress."""

from datetime import date

import streamlit as st

import ui
from network import contest
from network.contest import rules, views

user = ui.require_page("contest.manage")
lang, today = ui.lang(), date.today()
st.title(ui.t("contest.nav.admin"))
ui.demo_caption()
ui.show_flash()

with ui.database() as db:
    calls = contest.contests(db)
    accounts = contest.service.jury_accounts(db, user)
NEW = 0
if not calls:
    st.info(ui.t("contest.first_call"))
labels = {NEW: ui.t_plain("contest.new_call")} | {c["id"]: str(c["year"]) for c in calls}
chosen = st.selectbox(ui.t("contest.call_to_edit"), list(labels), format_func=labels.get,
                      index=1 if calls else 0, key="contest_admin_call")
call = next((c for c in calls if c["id"] == chosen), None)
defaults = call or {"year": today.year + (1 if today.month > 6 else 0),
                    "opens_on": date(today.year, 2, 1).isoformat(),
                    "closes_on": date(today.year, 4, 30).isoformat(),
                    "age_groups": list(rules.AGE_GROUPS), "languages": list(rules.LANGUAGES),
                    "min_words": rules.DEFAULT_MIN_WORDS, "max_words": rules.DEFAULT_MAX_WORDS,
                    "winners": rules.DEFAULT_WINNERS, "rules_es": "", "rules_eu": "",
                    "rules_en": ""}

st.header(ui.t("contest.call_form"))
with st.form(f"contest_call_{chosen}", clear_on_submit=False):
    left, right = st.columns(2)
    year = left.number_input(ui.t("contest.field.year"), 2000, 2100, int(defaults["year"]),
                             disabled=call is not None, key=f"contest_year_{chosen}")
    winners = right.number_input(ui.t("contest.field.winners"), 1, 100, int(defaults["winners"]),
                                 key=f"contest_winners_{chosen}")
    opens = left.date_input(ui.t("contest.field.opens_on"), date.fromisoformat(defaults["opens_on"]),
                            format="YYYY-MM-DD", key=f"contest_opens_{chosen}")
    closes = right.date_input(ui.t("contest.field.closes_on"),
                              date.fromisoformat(defaults["closes_on"]), format="YYYY-MM-DD",
                              key=f"contest_closes_{chosen}")
    group_labels = {g: ui.t_plain(f"contest.age_group.{g}") for g in rules.AGE_GROUPS}
    groups = left.multiselect(ui.t("contest.field.age_groups"), list(group_labels),
                              defaults["age_groups"], format_func=group_labels.get,
                              key=f"contest_groups_{chosen}")
    language_labels = {g: ui.t_plain(f"contest.language.{g}") for g in rules.LANGUAGES}
    languages = right.multiselect(ui.t("contest.field.languages"), list(language_labels),
                                  defaults["languages"], format_func=language_labels.get,
                                  key=f"contest_languages_{chosen}")
    min_words = left.number_input(ui.t("contest.field.min_words"), 1, 20000,
                                  int(defaults["min_words"]), key=f"contest_min_{chosen}")
    max_words = right.number_input(ui.t("contest.field.max_words"), 1, 20000,
                                   int(defaults["max_words"]), key=f"contest_max_{chosen}")
    texts = {code: st.text_area(ui.t(f"contest.field.rules_{code}"), defaults[f"rules_{code}"],
                                max_chars=rules.MAX_RULES, key=f"contest_rules_{code}_{chosen}")
             for code in ("es", "eu", "en")}
    if st.form_submit_button(ui.t("common.save"), type="primary"):
        data = {"year": int(year), "opens_on": opens, "closes_on": closes, "age_groups": groups,
                "languages": languages, "min_words": int(min_words), "max_words": int(max_words),
                "winners": int(winners), **{f"rules_{k}": v for k, v in texts.items()}}
        ui.attempt(lambda db: contest.save_call(db, user, data), ui.t("contest.call_saved"))

if call is None:
    st.stop()
st.header(ui.t("contest.jury_title"))
with ui.database() as db:
    sitting = [j["id"] for j in contest.service.jurors(db, call["id"])]
    progress = contest.progress(db, user, call["id"])
    held = contest.service.held_works(db, user, call["id"])
if not accounts:
    st.info(ui.t("contest.no_jury_accounts"))
else:
    account_labels = {a["id"]: a["username"] for a in accounts}
    with st.form(f"contest_jury_{chosen}"):
        picked = st.multiselect(ui.t("contest.field.jury"), list(account_labels), sitting,
                                format_func=account_labels.get, key=f"contest_jury_{chosen}",
                                placeholder=ui.t_plain("common.choose_many"))
        if st.form_submit_button(ui.t("common.save")):
            ui.attempt(lambda db: contest.set_jury(db, user, call["id"], picked),
                       ui.t("contest.jury_saved"))
st.subheader(ui.t("contest.progress_title"))
if progress:
    st.dataframe(views.progress_frame(progress, lang), hide_index=True, width="stretch")
else:
    st.info(ui.t("contest.no_jurors"))

if held:
    st.subheader(ui.t("contest.held_title"))
    st.caption(ui.t("contest.held_help"))
    held_labels = {w["id"]: f"#{w['id']} {w['title']} ({w['flags']}, {w['submitted_at'][:10]})"
                   for w in held}
    admit = st.selectbox(ui.t("contest.held_pick"), list(held_labels), format_func=held_labels.get,
                         key=f"contest_held_{chosen}")
    if st.button(ui.t("contest.admit"), key=f"contest_admit_{chosen}"):
        ui.attempt(lambda db: contest.service.admit(db, user, admit), ui.t("contest.admitted"))
