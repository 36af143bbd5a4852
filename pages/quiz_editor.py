"""Quiz content (staff): edit, add or retire items; each change publishes a new content version."""

from datetime import date

import streamlit as st

import ui
from network.core.errors import NetworkError
from network.quiz import content, reviews, sharing, sources
from network.quiz import views as quiz_views
from screens import quiz as screens

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
    st.dataframe(quiz_views.versions_table(versions, lang), hide_index=True, width="stretch")
st.caption(ui.t("quiz.editor.versions_note"))

# Review: when each item was last checked against its source, and by whom; due after 12 months.
today = date.today()
due = reviews.due(items, last_checks, today)
st.subheader(ui.t("quiz.review.title"))
st.write(ui.t("quiz.review.intro", days=sources.REVIEW_DAYS))
if due:
    st.warning(ui.t("quiz.review.due", n=len(due), titles="; ".join(
        i.text(lang, "title") for i in items if i.code in due)))
if items:
    st.dataframe(quiz_views.review_table(items, last_checks, due, lang), hide_index=True,
                 width="stretch")

NEW = "__new__"
item_labels = quiz_views.item_labels(items, due, lang) | {NEW: ui.t("quiz.editor.new_item")}
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
    st.caption(ui.t("quiz.review.last", date=last.checked_on, who=quiz_views.checked_by(last, lang),
                    version=last.version or "—") if last else ui.t("quiz.review.never"))
    unsourced = sources.unsourced_figures(current)
    if unsourced:
        st.warning(ui.t("quiz.review.unsourced", figures=quiz_views.unsourced_text(unsourced, lang)))

prefix = f"quiz_edit_{version_id}_{current.code}_{current.kind}"
screens.item_form(prefix, current, lambda data, note: publish(
    content.edited(items, current.code, content.item_from_dict(data)), note))

if code != NEW:
    screens.review_section(user, current.code, prefix, lang)

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
