"""Quiz content (staff): edit, add or retire items; each change publishes a new content version."""

from datetime import date

import pandas as pd
import streamlit as st

import ui
from network.core import i18n
from network.core.errors import NetworkError
from network.quiz import content, reviews, sharing, sources

user = ui.require_page("quiz.edit")
st.title(ui.t("quiz.editor.title"))
st.write(ui.t("quiz.editor.intro"))

with ui.database() as db:
    version_id = content.current_version(db)
    items = content.items_for_version(db, version_id) if version_id else []
    versions = content.versions(db)
    base = sharing.base_url(db)
    last_checks = reviews.last_reviews(db)

lang = ui.lang()
if st.session_state.pop("quiz_edit_published", None):
    st.success(ui.t("quiz.editor.published", number=versions[0]["number"]))


def publish(new_items: list, note: str) -> None:
    try:
        with ui.database() as db:
            content.publish_version(db, user, new_items, note)
    except NetworkError as err:
        ui.show_error(err)
    else:
        ui.data_changed()
        st.session_state.quiz_edit_published = True
        st.rerun()


if versions:
    st.dataframe(pd.DataFrame({
        ui.t("quiz.editor.version"): [v["number"] for v in versions],
        ui.t("quiz.editor.published_at"): [v["created_at"].replace("T", " ") for v in versions],
        ui.t("quiz.editor.by"): [v["created_by"] or "—" for v in versions],
        ui.t("quiz.editor.note"): [ui.t("quiz.editor.shipped") if v["note"] == "shipped"
                                   else v["note"] for v in versions],
        ui.t("quiz.editor.items"): [v["items"] for v in versions],
        ui.t("quiz.column.attempts"): [v["attempts"] for v in versions],
    }), hide_index=True, width="stretch")
st.caption(ui.t("quiz.editor.versions_note"))

# Review: when each item was last checked against its source, and by whom; due after 12 months.
today = date.today()
due = reviews.due(items, last_checks, today)
st.subheader(ui.t("quiz.review.title"))
st.write(ui.t("quiz.review.intro", days=sources.REVIEW_DAYS))
if due:
    st.warning(ui.t("quiz.review.due", n=len(due), titles="; ".join(
        i.text(lang, "title") for i in items if i.code in due)))


def checked_by(review) -> str:
    return review.reviewer + (" " + ui.t_plain("quiz.review.demo") if review.demo else "")


if items:
    st.dataframe(pd.DataFrame({
        ui.t_plain("quiz.column.item"): [f"{i.position}. {i.text(lang, 'title')}" for i in items],
        ui.t_plain("quiz.review.checked_on"): [last_checks[i.code].checked_on
                                               if i.code in last_checks else "—" for i in items],
        ui.t_plain("quiz.review.checked_by"): [checked_by(last_checks[i.code])
                                               if i.code in last_checks else "—" for i in items],
        ui.t_plain("quiz.review.status"): [ui.t_plain("quiz.review.status_due" if i.code in due
                                                      else "quiz.review.status_ok") for i in items],
        ui.t_plain("quiz.review.reference"): [sources.reference_text(i, lang) for i in items],
    }), hide_index=True, width="stretch")

NEW = "__new__"
item_labels = {i.code: f"{i.position}. {i.text(lang, 'title')}"
               + (f" ({ui.t_plain('quiz.review.status_due')})" if i.code in due else "")
               for i in items} | {
    NEW: ui.t("quiz.editor.new_item")}
code = st.selectbox(ui.t("quiz.editor.item"), list(item_labels), format_func=item_labels.get,
                    key="quiz_edit_item")
current = next((i for i in items if i.code == code), None)
kind_labels = {k: ui.t(f"quiz.kind.{k}") for k in content.KINDS}
if current is None:
    kind = st.radio(ui.t("quiz.editor.kind"), content.KINDS, format_func=kind_labels.get,
                    horizontal=True, key="quiz_edit_new_kind")
    current = content.Item(code=content.new_code(items), kind=kind, year=2024, texts={},
                           answer="false" if kind == "myth" else None,
                           truth=0.0 if kind == "estimate" else None,
                           tolerance=3.0 if kind == "estimate" else None)
else:
    st.caption(kind_labels[current.kind])
    last = last_checks.get(current.code)
    st.caption(ui.t("quiz.review.last", date=last.checked_on, who=checked_by(last),
                    version=last.version or "—") if last else ui.t("quiz.review.never"))
    unsourced = sources.unsourced_figures(current)
    if unsourced:
        st.warning(ui.t("quiz.review.unsourced", figures="; ".join(
            f"{i18n.LANGUAGE_NAMES.get(la, '')} {ui.t_plain(f'field.quiz_{name}')}: {fig}".strip()
            for la, name, fig in unsourced)))

prefix = f"quiz_edit_{version_id}_{current.code}_{current.kind}"
with st.form(f"{prefix}_form", clear_on_submit=False):
    data = {"code": current.code, "kind": current.kind}
    for tab, code_lang in zip(st.tabs([i18n.LANGUAGE_NAMES[x] for x in i18n.LANGUAGES]),
                              i18n.LANGUAGES, strict=True):
        data[code_lang] = {}
        for name in content.TEXT_FIELDS:
            widget = tab.text_input if name in ("title", "publisher", "source") else tab.text_area
            data[code_lang][name] = widget(
                ui.t(f"field.quiz_{name}"), value=current.texts.get(code_lang, {}).get(name, ""),
                key=f"{prefix}_{code_lang}_{name}", max_chars=content.MAX_TEXT)
    cols = st.columns(3)
    data["year"] = int(cols[0].number_input(ui.t("field.year"), 1900, 2100, current.year, 1,
                                            key=f"{prefix}_year"))
    if current.kind == "myth":
        answer_labels = {a: ui.t(f"quiz.choice.{a}") for a in content.MYTH_ANSWERS}
        data["answer"] = cols[1].radio(ui.t("field.quiz_answer"), content.MYTH_ANSWERS,
                                       index=content.MYTH_ANSWERS.index(current.answer),
                                       format_func=answer_labels.get, key=f"{prefix}_answer")
    else:
        data["truth"] = cols[1].number_input(ui.t("field.quiz_truth"), 0.0, 100.0,
                                             float(current.truth), 0.01, format="%.2f",
                                             key=f"{prefix}_truth")
        data["tolerance"] = cols[2].number_input(ui.t("field.quiz_tolerance"), 0.0, 50.0,
                                                 float(current.tolerance), 0.5,
                                                 key=f"{prefix}_tolerance")
    data["evidence"] = st.text_area(ui.t("field.quiz_evidence"), value=current.evidence,
                                    key=f"{prefix}_evidence", max_chars=content.MAX_EVIDENCE)
    cols = st.columns(2)
    data["source_date"] = cols[0].text_input(ui.t("field.quiz_source_date"),
                                             value=current.source_date or str(current.year),
                                             key=f"{prefix}_source_date", max_chars=10)
    data["source_url"] = cols[1].text_input(ui.t("field.quiz_source_url"), value=current.source_url,
                                            key=f"{prefix}_source_url", max_chars=content.MAX_TEXT)
    data["historical"] = st.checkbox(ui.t("field.quiz_historical"), value=current.historical,
                                     key=f"{prefix}_historical")
    note = st.text_input(ui.t("quiz.editor.note"), key=f"{prefix}_note", max_chars=200)
    if st.form_submit_button(ui.t("quiz.editor.publish"), type="primary"):
        publish(content.edited(items, current.code, content.item_from_dict(data)), note)

if code != NEW:
    with st.form(f"{prefix}_review_form", clear_on_submit=True):
        st.write(ui.t("quiz.review.check_text"))
        review_note = st.text_input(ui.t("field.quiz_review_note"), key=f"{prefix}_review_note",
                                    max_chars=reviews.MAX_NOTE)
        if st.form_submit_button(ui.t("quiz.review.check_button")):
            try:
                with ui.database() as db:
                    reviews.record_review(db, user, current.code, review_note)
            except NetworkError as err:
                ui.show_error(err)
            else:
                st.rerun()
    with ui.database() as db:
        history = reviews.history(db, current.code)
    if history:
        with st.expander(ui.t("quiz.review.history", n=len(history))):
            st.dataframe(pd.DataFrame({
                ui.t_plain("quiz.review.checked_on"): [r.checked_on for r in history],
                ui.t_plain("quiz.review.checked_by"): [checked_by(r) for r in history],
                ui.t_plain("quiz.editor.version"): [r.version for r in history],
                ui.t_plain("quiz.editor.note"): [r.note for r in history],
            }), hide_index=True, width="stretch")

if code != NEW and len(items) > content.MIN_ITEMS:
    with st.expander(ui.t("quiz.editor.retire")):
        st.write(ui.t("quiz.editor.retire_text"))
        if st.button(ui.t("quiz.editor.retire_button"), key=f"{prefix}_retire"):
            publish(content.edited(items, current.code, None), ui.t("quiz.editor.retired_note",
                                                                    title=item_labels[code]))

st.subheader(ui.t("quiz.editor.base_url"))
st.write(ui.t("quiz.editor.base_url_text", url=base))
with st.form("quiz_edit_base_url_form", clear_on_submit=False):
    url = st.text_input(ui.t("field.quiz_base_url"), value=base, key="quiz_edit_base_url")
    if st.form_submit_button(ui.t("common.save")):
        try:
            with ui.database() as db:
                sharing.set_base_url(db, user, url)
        except NetworkError as err:
            ui.show_error(err)
        else:
            ui.data_changed()
            st.success(ui.t("common.saved"))
