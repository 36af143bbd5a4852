"""The public barometer survey for the open wave: anonymous, step by step, phone-friendly."""

import time

import streamlit as st

import ui
from network import database, reference
from network.barometer import instrument as instrument_module
from network.barometer import responses, waves
from network.core import guard
from network.core.errors import NetworkError, ValidationFailed
from screens import barometer as screens

STEP, PROFILE, ANSWERS, ERRORS = "survey_step", "survey_profile", "survey_answers", "survey_errors"
STARTED, DONE = "survey_started_at", "survey_done_wave"

lang = ui.lang()
inst = instrument_module.instrument()
blocks = responses.survey_blocks(inst)
total_steps = 1 + len(blocks)
# The honeypot sits off-screen: people never see it, form-filling bots do.
st.html("<style>" + ui.honeypot_css("survey_hp") + "</style>")
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


def collect() -> None:
    """Copy this step's answered widgets into the answers kept across steps."""
    for f in responses.PROFILE_FIELDS:
        if st.session_state.get(f"survey_{f}") is not None:
            profile[f] = st.session_state[f"survey_{f}"]
    for i in inst.items:
        if st.session_state.get(f"survey_{i.code}") is not None:
            answers[i.code] = st.session_state[f"survey_{i.code}"]


def problems_here(n: int) -> list:
    with ui.database() as db:
        found = responses.validate_survey(db, responses.stored_profile(profile), answers, inst)
    return [p for p in found if p.field in responses.step_fields(inst, n)]


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
            responses.submit_survey(db, wave.id, responses.stored_profile(profile), answers,
                                    guard.client_hash(db, ui.client_key()),
                                    st.session_state[STARTED], st.session_state.get("survey_hp_field", ""))
    except ValidationFailed as err:
        st.session_state[ERRORS] = err.problems
    except NetworkError as err:
        st.session_state["survey_failure"] = err
    else:
        st.session_state[DONE] = wave.id
        ui.data_changed("barometer")  # the barometer's and trends' loaders, no other


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
        screens.profile_step(inst, districts, barrios, profile, lang)
    else:
        screens.block_step(inst, blocks[step - 1], answers, lang)
    screens.step_footer(inst, step, total_steps, ERRORS, go, send, lang)


survey()
