"""The barometer's screens: the public survey's steps."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import ui
from network.barometer import responses

UNSET = object()


def choice(field: str, options: list, labels: dict, stored, question: str, radio: bool = True):
    index = options.index(stored) if stored is not UNSET and stored in options else None
    if radio:
        return st.radio(question, options, index=index, format_func=labels.get,
                        key=f"survey_{field}")
    return st.selectbox(question, options, index=index, format_func=labels.get,
                        placeholder=ui.t("common.choose"), key=f"survey_{field}")


def profile_step(inst, districts: list, barrios: list, profile: dict, lang: str) -> None:
    """The survey's first step: the respondent's district, barrio and demographics."""
    st.subheader(ui.t("barometer.survey.about_you"))
    district_labels = {d.id: f"{d.number}. {d.name(lang)}" for d in districts}
    district = choice("district_id", list(district_labels), district_labels,
                      profile.get("district_id", UNSET), ui.t("barometer.survey.district"), radio=False)
    barrio_labels = {"": ui.t("barometer.survey.prefer_not")} | {
        b["name"]: b["name"] for b in barrios if b["district_id"] == district}
    choice("barrio", list(barrio_labels), barrio_labels, profile.get("barrio"),
           ui.t("barometer.survey.barrio"), radio=False)
    for question in ("sex", "age_band", "born_abroad", "years_in_bilbao"):
        labels = {c: inst.label(question, c, lang) for c in inst.categories(question)}
        if question == "years_in_bilbao":
            labels[""] = ui.t("barometer.survey.prefer_not")
        choice(question, list(labels), labels, profile.get(question, UNSET),
               inst.question(question, lang))


def block_step(inst, block: str, answers: dict, lang: str) -> None:
    """One block of the instrument's items, each on its agreement scale."""
    st.subheader(inst.blocks[block][lang])
    scale_labels = {v: labels[lang] for v, labels in inst.scale.items()}
    for item in (i for i in inst.items if i.block == block):
        choice(item.code, list(scale_labels), scale_labels, answers.get(item.code, UNSET),
               item.text[lang])


def step_footer(inst, step: int, total_steps: int, errors: str, go: Callable[[int], None],
                send: Callable[[], None], lang: str) -> None:
    """Below each step: the honeypot, what is missing, back and next (or send), privacy."""
    with st.container(key="survey_hp"):
        st.text_input(ui.t("barometer.survey.honeypot"), key="survey_hp_field")

    if st.session_state.get(errors):
        missing = responses.describe_problems(st.session_state[errors], lang, inst)
        st.error(ui.t("barometer.survey.answer_all") + "\n\n" + "\n".join(f"- {m}" for m in missing))
    if "survey_failure" in st.session_state:
        ui.show_error(st.session_state.pop("survey_failure"))

    back, forward = st.columns(2)
    if step > 0:
        back.button(ui.t("barometer.survey.back"), on_click=go, args=(-1,), key="survey_back",
                    width="stretch")
    if step < total_steps - 1:
        forward.button(ui.t("barometer.survey.next"), on_click=go, args=(1,), type="primary",
                       key="survey_next", width="stretch")
    else:
        forward.button(ui.t("barometer.survey.send"), on_click=send, type="primary", key="survey_send",
                       width="stretch")
    st.caption(ui.t("barometer.survey.privacy"))
    ui.privacy_link()
