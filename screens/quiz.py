"""The quiz's screens: the start screen, one item (answer, then the fact), the result; the
editor's item form and review."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

import streamlit as st

import ui
from network.core import guard, i18n, safe_html
from network.core.errors import NetworkError
from network.quiz import attempts, content, reviews, scoring, sharing, sources
from network.quiz import views as quiz_views

KEEP = ("quiz_ref", "quiz_action")  # the attribution outlives a restart


def set_language() -> None:
    choice = st.session_state.get("quiz_lang_choice")
    if choice in i18n.LANGUAGES:
        st.session_state[ui.SESSION_LANG] = st.session_state["sidebar_lang"] = choice
        st.query_params["lang"] = choice
        st.session_state.quiz_relang = True  # the sidebar and navigation speak it too


def start(version_id: int) -> None:
    # Widget values vanish once their widgets leave the page: keep the profile for the end.
    profile = {k: st.session_state.get(f"quiz_{k}") for k in ("district", "age_band", "website")}
    st.session_state.update(quiz_step=0, quiz_version=version_id, quiz_answers={},
                            quiz_profile=profile, quiz_token=attempts.new_token(),
                            quiz_started_at=time.time())


def check(item_id: int) -> None:
    value = st.session_state.get(f"quiz_answer_{item_id}")
    st.session_state.quiz_missing = value is None
    if value is not None:
        st.session_state.quiz_answers[item_id] = value


def restart() -> None:
    for key in [k for k in st.session_state if k.startswith("quiz_") and k not in KEEP]:
        del st.session_state[key]


def say(item, name: str, lang: str, tag: str = "p") -> None:
    """An item text as typed; one shown in another language (no translation yet) is marked with
    its language, for screen readers' pronunciation (WCAG 3.1.2), and says so."""
    value, code = item.text_in(lang, name)
    if code == lang:
        st.markdown({"h4": "#### ", "strong": "**"}.get(tag, "") + ui.md(value)
                    + ("**" if tag == "strong" else ""))
        return
    inner = safe_html.escape_html(value)
    st.html(f'<p lang="{code}"><strong>{inner}</strong></p>' if tag == "strong" else
            f'<{tag} lang="{code}">{inner}</{tag}>')
    st.caption(ui.t("quiz.original_language", language=i18n.LANGUAGE_NAMES[code]))


def reference_line(item, lang: str) -> str:
    """The item's full reference (publisher, title, date, link) for a caption."""
    parts = sources.reference_parts(item, lang)
    return ui.t("quiz.reference_link" if parts["url"] else "quiz.reference", **parts)


def explain(item, lang: str) -> None:
    """Fact first: the myth once, why it is wrong, the fact again, then the source."""
    if item.historical:
        st.caption(ui.t("quiz.historical"))
    say(item, "myth", lang)
    say(item, "why", lang)
    say(item, "recap", lang, "strong")
    st.caption(reference_line(item, lang))


def start_screen(version_id: int, n_items: int, districts: list, lang: str) -> None:
    """The title, the language, an optional profile (district, age band) and the start button."""
    st.title(ui.t("quiz.title"))
    st.write(ui.t("quiz.intro", n=n_items))
    st.session_state.quiz_lang_choice = lang
    st.radio(ui.t("sidebar.language"), i18n.LANGUAGES, format_func=i18n.LANGUAGE_NAMES.get,
             horizontal=True, key="quiz_lang_choice", on_change=set_language)
    district_labels = {None: ui.t("quiz.prefer_not")} | {
        d.id: d.label(lang) for d in districts}
    st.selectbox(ui.t("quiz.district"), list(district_labels), format_func=district_labels.get,
                 key="quiz_district")
    age_labels = {None: ui.t("quiz.prefer_not")} | {
        b: ui.t(f"quiz.age.{b}") for b in attempts.AGE_BANDS}
    st.selectbox(ui.t("quiz.age_band"), list(age_labels), format_func=age_labels.get,
                 key="quiz_age_band")
    st.text_input(ui.t("quiz.honeypot"), key="quiz_website", label_visibility="collapsed")
    st.caption(ui.t("quiz.privacy"))
    ui.privacy_link()
    st.button(ui.t("quiz.start"), type="primary", width="stretch", on_click=start,
              args=(version_id,), key="quiz_start")


def item_screen(item, step: int, n_items: int, lang: str) -> None:
    """One item: the statement and an answer, then (checked) the fact and the next button."""
    answered = item.id in st.session_state.quiz_answers
    ui.progress(step / n_items, ui.t_plain("quiz.progress", i=step + 1, n=n_items))
    if not answered:
        say(item, "statement", lang, "h4")
        if item.kind == "myth":
            labels = {c: ui.t(f"quiz.choice.{c}") for c in scoring.CHOICES}
            st.radio(ui.t("quiz.your_answer"), scoring.CHOICES, index=None,
                     format_func=labels.get, key=f"quiz_answer_{item.id}")
        else:
            st.number_input(ui.t("quiz.your_estimate"), min_value=0, max_value=100, value=None,
                            step=1, key=f"quiz_answer_{item.id}",
                            placeholder=ui.t("quiz.estimate_placeholder"))
        if st.session_state.get("quiz_missing"):
            st.warning(ui.t("quiz.answer_first"))
        st.button(ui.t("quiz.check"), type="primary", width="stretch", on_click=check,
                  args=(item.id,), key="quiz_check")
        return
    # The fact is the heading; the statement (for a myth item, the myth) is not repeated.
    say(item, "fact", lang, "h4")
    res = scoring.score_item(item, st.session_state.quiz_answers[item.id])
    if item.kind == "myth":
        verdict = ui.t(f"quiz.statement_is_{item.answer}")
        (st.success if res.correct else st.error)(
            ui.t("quiz.right" if res.correct else "quiz.wrong") + " " + verdict)
    else:
        direction = scoring.gap_direction(res.gap, item.tolerance)
        (st.success if res.correct else st.warning)(ui.t(
            f"quiz.estimate_{direction}", estimate=ui.num(res.estimate),
            truth=ui.num(item.truth, scoring.decimals(item.truth)),
            gap=quiz_views.signed(res.gap, lang)))
    explain(item, lang)
    last = step + 1 == n_items
    st.button(ui.t("quiz.see_result" if last else "quiz.next"), type="primary",
              width="stretch", key="quiz_next",
              on_click=lambda: st.session_state.update(quiz_step=step + 1, quiz_missing=False))


def record(version_id: int, lang: str) -> attempts.Recorded | None:
    """The attempt recorded once (None, with the error and a retry button, when refused)."""
    if "quiz_recorded" not in st.session_state:
        sub = attempts.Submission(
            token=st.session_state.quiz_token, version_id=version_id, lang=lang,
            answers=st.session_state.quiz_answers,
            started_at=st.session_state.quiz_started_at,
            district_id=st.session_state.quiz_profile["district"],
            age_band=st.session_state.quiz_profile["age_band"],
            ref=st.session_state.quiz_ref, action=st.session_state.quiz_action,
            honeypot=st.session_state.quiz_profile["website"] or "")
        try:
            with ui.database() as db:
                rec = attempts.record_attempt(db, sub, guard.client_hash(db, ui.client_key()))
        except NetworkError as err:
            ui.show_error(err)
            st.button(ui.t("quiz.try_again"), key="quiz_retry")
            return None
        st.session_state.quiz_recorded = rec
        # No cache clearing here: under a classroom of takers it would recompute every
        # page's data on each attempt. Results and agents' counts refresh within a minute.
    return st.session_state.quiz_recorded


def result_screen(items: list, version_id: int, base: str, lang: str) -> None:
    """The score, each answer against the fact and its source, the link to share, again."""
    rec = record(version_id, lang)
    if rec is None:
        return
    st.title(ui.t("quiz.result_title"))
    cols = st.columns(2)
    cols[0].metric(ui.t("quiz.score"), f"{rec.score.correct} / {rec.score.total}")
    if rec.score.mean_abs_gap is not None:
        cols[1].metric(ui.t("quiz.mean_gap"), ui.num(rec.score.mean_abs_gap, 1),
                       help=ui.t("quiz.mean_gap_help"))
    st.write(ui.t("quiz.result_text"))
    by_id = {r.item_id: r for r in rec.score.results}
    st.subheader(ui.t("quiz.your_answers"))
    for item in items:
        r = by_id[item.id]
        mark = ":green[:material/check_circle:]" if r.correct else ":red[:material/cancel:]"
        if item.kind == "estimate":
            detail = ui.t("quiz.gap_line", estimate=ui.num(r.estimate),
                          gap=quiz_views.signed(r.gap, lang),
                          truth=ui.num(item.truth, scoring.decimals(item.truth)))
        else:
            detail = ui.t(f"quiz.statement_is_{item.answer}")
        # Each recap ends on the fact, then its source.
        st.markdown(f"{mark} {ui.md(item.text(lang, 'title'))} · {detail}  \n"
                    f"**{ui.md(item.text(lang, 'recap'))}**")
        if item.historical:
            st.caption(ui.t("quiz.historical"))
        st.caption(reference_line(item, lang))
    st.subheader(ui.t("quiz.share_title"))
    st.write(ui.t("quiz.share_text"))
    ref = sharing.normalize_ref(st.session_state.quiz_ref) if rec.attribution.agent_id else None
    link = sharing.quiz_link(base, ref=ref, lang=lang)
    st.code(link, language=None, wrap_lines=True)
    st.link_button(ui.t("quiz.share_whatsapp"), "https://wa.me/?text=" + quote(
        ui.t("quiz.share_message") + " " + link), width="stretch")
    st.button(ui.t("quiz.again"), on_click=restart, key="quiz_again", width="stretch")


def item_form(prefix: str, current, publish: Callable[[dict, str], None]) -> None:
    """The quiz editor's form for one item: its texts in each language, the answer or the true
    figure, the source; publishing calls `publish(data, note)` (inside the form, for its errors)."""
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
        data["source_url"] = cols[1].text_input(ui.t("field.quiz_source_url"),
                                                value=current.source_url,
                                                key=f"{prefix}_source_url", max_chars=content.MAX_TEXT)
        data["historical"] = st.checkbox(ui.t("field.quiz_historical"), value=current.historical,
                                         key=f"{prefix}_historical")
        note = st.text_input(ui.t("quiz.editor.note"), key=f"{prefix}_note", max_chars=200)
        if st.form_submit_button(ui.t("quiz.editor.publish"), type="primary"):
            publish(data, note)


def review_section(user, code: str, prefix: str, lang: str) -> None:
    """The quiz editor's check of one item against its source, and the item's earlier checks."""
    with st.form(f"{prefix}_review_form", clear_on_submit=True):
        st.write(ui.t("quiz.review.check_text"))
        review_note = st.text_input(ui.t("field.quiz_review_note"), key=f"{prefix}_review_note",
                                    max_chars=reviews.MAX_NOTE)
        if st.form_submit_button(ui.t("quiz.review.check_button")):
            try:
                with ui.database() as db:
                    reviews.record_review(db, user, code, review_note)
            except NetworkError as err:
                ui.show_error(err)
            else:
                st.rerun()
    with ui.database() as db:
        history = reviews.history(db, code)
    if history:
        with st.expander(ui.t("quiz.review.history", n=len(history))):
            st.dataframe(quiz_views.history_table(history, lang), hide_index=True, width="stretch")
