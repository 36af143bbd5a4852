"""The perception quiz (public, anonymous, phone-first): one item at a time, facts with sources."""

import time
from urllib.parse import quote

import streamlit as st

import ui
from network import database, reference
from network.core import guard, i18n, safe_html
from network.core.errors import NetworkError
from network.quiz import attempts, content, scoring, sharing, sources

# The honeypot sits off-screen: people never see it, form-filling bots do.
STYLE = """<style>
.st-key-quiz_main {max-width: 44rem; margin: 0 auto;}
.st-key-quiz_website {position: absolute; left: -10000px; width: 1px; overflow: hidden;}
.st-key-quiz_website:focus-within """ + ui.HONEYPOT_FOCUS_CSS + """
</style>"""
KEEP = ("quiz_ref", "quiz_action")


@ui.cached("quiz", "reference", ttl=300, max_entries=16)
def load(path: str, version_id: int | None) -> tuple[int | None, list, list, str]:
    with database.open_db(path) as db:
        vid = version_id or content.current_version(db)
        items = content.items_for_version(db, vid) if vid else []
        return vid, items, reference.districts(db), sharing.base_url(db)


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


def signed(value: float) -> str:
    return ("+" if value > 0 else "") + ui.num(value, scoring.decimals(value))


def text(item, name: str) -> str:
    """An item text for Markdown: staff-written plain text, shown exactly as typed."""
    return ui.md(item.text(lang, name))


def say(item, name: str, tag: str = "p") -> None:
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


def reference_line(item) -> str:
    """The item's full reference (publisher, title, date, link) for a caption."""
    parts = sources.reference_parts(item, lang)
    return ui.t("quiz.reference_link" if parts["url"] else "quiz.reference", **parts)


def explain(item) -> None:
    """Fact first: the myth once, why it is wrong, the fact again, then the source."""
    if item.historical:
        st.caption(ui.t("quiz.historical"))
    say(item, "myth")
    say(item, "why")
    say(item, "recap", "strong")
    st.caption(reference_line(item))


def restart() -> None:
    for key in [k for k in st.session_state if k.startswith("quiz_") and k not in KEEP]:
        del st.session_state[key]


if "quiz_ref" not in st.session_state:  # attribution from the link that opened the quiz
    st.session_state.quiz_ref = st.query_params.get("ref")
    st.session_state.quiz_action = st.query_params.get("action")

lang = ui.lang()
st.html(STYLE)


# Answering, checking, moving on and finishing re-run only this fragment, not the sidebar,
# the navigation and the page around it (a class answering at once is a rerun per click).
@st.fragment
def quiz() -> None:
    if st.session_state.pop("quiz_relang", False):
        st.rerun(scope="app")
    version_id, items, districts, base = load(ui.db_file(), st.session_state.get("quiz_version"))
    step = st.session_state.get("quiz_step")
    if not items:
        st.title(ui.t("quiz.title"))
        st.info(ui.t("quiz.no_content"))
    elif step is None:
        st.title(ui.t("quiz.title"))
        st.write(ui.t("quiz.intro", n=len(items)))
        st.session_state.quiz_lang_choice = lang
        st.radio(ui.t("sidebar.language"), i18n.LANGUAGES, format_func=i18n.LANGUAGE_NAMES.get,
                 horizontal=True, key="quiz_lang_choice", on_change=set_language)
        district_labels = {None: ui.t("quiz.prefer_not")} | {
            d.id: f"{d.number}. {d.name(lang)}" for d in districts}
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
    elif step < len(items):
        item = items[step]
        answered = item.id in st.session_state.quiz_answers
        ui.progress(step / len(items), ui.t_plain("quiz.progress", i=step + 1, n=len(items)))
        if not answered:
            say(item, "statement", "h4")
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
        else:
            # The fact is the heading; the statement (for a myth item, the myth) is not repeated.
            say(item, "fact", "h4")
            res = scoring.score_item(item, st.session_state.quiz_answers[item.id])
            if item.kind == "myth":
                verdict = ui.t(f"quiz.statement_is_{item.answer}")
                (st.success if res.correct else st.error)(
                    ui.t("quiz.right" if res.correct else "quiz.wrong") + " " + verdict)
            else:
                direction = scoring.gap_direction(res.gap, item.tolerance)
                (st.success if res.correct else st.warning)(ui.t(
                    f"quiz.estimate_{direction}", estimate=ui.num(res.estimate),
                    truth=ui.num(item.truth, scoring.decimals(item.truth)), gap=signed(res.gap)))
            explain(item)
            last = step + 1 == len(items)
            st.button(ui.t("quiz.see_result" if last else "quiz.next"), type="primary",
                      width="stretch", key="quiz_next",
                      on_click=lambda: st.session_state.update(quiz_step=step + 1,
                                                               quiz_missing=False))
    else:
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
                return
            st.session_state.quiz_recorded = rec
            # No cache clearing here: under a classroom of takers it would recompute every
            # page's data on each attempt. Results and agents' counts refresh within a minute.
        rec = st.session_state.quiz_recorded
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
                detail = ui.t("quiz.gap_line", estimate=ui.num(r.estimate), gap=signed(r.gap),
                              truth=ui.num(item.truth, scoring.decimals(item.truth)))
            else:
                detail = ui.t(f"quiz.statement_is_{item.answer}")
            # Each recap ends on the fact, then its source.
            st.markdown(f"{mark} {text(item, 'title')} · {detail}  \n**{text(item, 'recap')}**")
            if item.historical:
                st.caption(ui.t("quiz.historical"))
            st.caption(reference_line(item))
        st.subheader(ui.t("quiz.share_title"))
        st.write(ui.t("quiz.share_text"))
        ref = sharing.normalize_ref(st.session_state.quiz_ref) if rec.attribution.agent_id else None
        link = sharing.quiz_link(base, ref=ref, lang=lang)
        st.code(link, language=None, wrap_lines=True)
        st.link_button(ui.t("quiz.share_whatsapp"), "https://wa.me/?text=" + quote(
            ui.t("quiz.share_message") + " " + link), width="stretch")
        st.button(ui.t("quiz.again"), on_click=restart, key="quiz_again", width="stretch")


with st.container(key="quiz_main"):
    quiz()
