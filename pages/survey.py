"""The public barometer survey for the open wave: anonymous, step by step, phone-friendly."""

import time

import streamlit as st

import ui
from network import database, reference
from network.barometer import instrument as instrument_module
from network.barometer import responses, waves
from network.core import guard
from network.core.errors import NetworkError, ValidationFailed

STEP, PROFILE, ANSWERS, ERRORS = "survey_step", "survey_profile", "survey_answers", "survey_errors"
STARTED, DONE = "survey_started_at", "survey_done_wave"
PROFILE_FIELDS = ("district_id", "barrio", "sex", "age_band", "born_abroad", "years_in_bilbao")

lang = ui.lang()
inst = instrument_module.instrument()
blocks = list(dict.fromkeys(i.block for i in inst.items))
total_steps = 1 + len(blocks)
# The honeypot sits off-screen: people never see it, form-filling bots do.
st.html("<style>.st-key-survey_hp{position:absolute;left:-10000px;height:1px;overflow:hidden}"
        ".st-key-survey_hp:focus-within" + ui.HONEYPOT_FOCUS_CSS + "</style>")
st.title(ui.t("barometer.survey.title"))


@ui.cached("barometer", "reference", ttl=60, max_entries=4)
def load(path: str) -> tuple:
    """The open wave (a closed one is refused on sending, whatever this says), the districts
    and their barrios."""
    with database.open_db(path) as db:
        return waves.open_wave(db), reference.districts(db), reference.barrios(db)


wave, districts, barrios = load(ui.db_file())
if wave is None or not districts:
    st.info(ui.t("barometer.survey.none_open"))
    st.stop()
st.session_state.setdefault(STARTED, time.time())
st.session_state.setdefault(STEP, 0)
profile = st.session_state.setdefault(PROFILE, {})
answers = st.session_state.setdefault(ANSWERS, {})


def step_fields(n: int) -> list[str]:
    if n == 0:
        return ["district", "sex", "age_band", "born_abroad", "years_in_bilbao", "barrio"]
    return [i.code for i in inst.items if i.block == blocks[n - 1]]


def collect() -> None:
    """Copy this step's answered widgets into the answers kept across steps."""
    for f in PROFILE_FIELDS:
        if st.session_state.get(f"survey_{f}") is not None:
            profile[f] = st.session_state[f"survey_{f}"]
    for i in inst.items:
        if st.session_state.get(f"survey_{i.code}") is not None:
            answers[i.code] = st.session_state[f"survey_{i.code}"]


def cleaned() -> dict:
    """The profile as stored: "" (I'd rather not say) becomes no answer."""
    return {f: profile.get(f) or None for f in PROFILE_FIELDS}


def problems_here(n: int) -> list:
    with ui.database() as db:
        found = responses.validate_survey(db, cleaned(), answers, inst)
    return [p for p in found if p.field in step_fields(n)]


def go(delta: int) -> None:
    collect()
    current = st.session_state[STEP]
    st.session_state[ERRORS] = [] if delta < 0 else problems_here(current)
    if not st.session_state[ERRORS]:
        st.session_state[STEP] = current + delta


def send() -> None:
    collect()
    st.session_state[ERRORS] = problems_here(st.session_state[STEP])
    if st.session_state[ERRORS]:
        return
    try:
        with ui.database() as db:
            responses.submit_survey(db, wave.id, cleaned(), answers,
                                    guard.client_hash(db, ui.client_key()),
                                    st.session_state[STARTED], st.session_state.get("survey_hp_field", ""))
    except ValidationFailed as err:
        st.session_state[ERRORS] = err.problems
    except NetworkError as err:
        st.session_state["survey_failure"] = err
    else:
        st.session_state[DONE] = wave.id
        ui.data_changed("barometer")  # the barometer's and trends' loaders, no other


UNSET = object()


def choice(field: str, options: list, labels: dict, stored, question: str, radio: bool = True):
    index = options.index(stored) if stored is not UNSET and stored in options else None
    if radio:
        return st.radio(question, options, index=index, format_func=labels.get,
                        key=f"survey_{field}")
    return st.selectbox(question, options, index=index, format_func=labels.get,
                        placeholder=ui.t("common.choose"), key=f"survey_{field}")


# Each answer and each step re-runs only this fragment, not the sidebar and navigation.
@st.fragment
def survey() -> None:
    if st.session_state.get(DONE) == wave.id:
        st.success(ui.t("barometer.survey.thanks"))
        return
    step = st.session_state[STEP]
    if step == 0:
        st.write(ui.t("barometer.survey.intro", wave=wave.label))
        if wave.demo:
            st.caption(ui.t("barometer.survey.demo_wave"))
    ui.progress(step / total_steps, ui.t_plain("barometer.survey.progress", step=step + 1,
                                              total=total_steps))

    if step == 0:
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
    else:
        block = blocks[step - 1]
        st.subheader(inst.blocks[block][lang])
        scale_labels = {v: labels[lang] for v, labels in inst.scale.items()}
        for item in (i for i in inst.items if i.block == block):
            choice(item.code, list(scale_labels), scale_labels, answers.get(item.code, UNSET),
                   item.text[lang])

    with st.container(key="survey_hp"):
        st.text_input(ui.t("barometer.survey.honeypot"), key="survey_hp_field")

    if st.session_state.get(ERRORS):
        missing = responses.describe_problems(st.session_state[ERRORS], lang, inst)
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


survey()
