"""The public survey: storing answers, abuse guards, and the page (AppTest) in each language."""

import time

import pytest

from network.barometer import estimates, responses, waves
from network.barometer.instrument import instrument
from network.core import guard, i18n
from network.core.errors import NetworkError, ValidationFailed
from tests.barometer_data import make_wave
from tests.conftest import app_test

INST = instrument()
LANGS = list(i18n.LANGUAGES)


@pytest.fixture
def open_wave(db, staff):
    wave = make_wave(db, staff, mode="online")
    waves.set_status(db, staff, wave.id, "open")
    return waves.get_wave(db, wave.id)


def profile(db, **changes):
    return {"district_id": db.execute("SELECT id FROM districts WHERE number = 5").fetchone()[0],
            "sex": "woman", "age_band": "30-44", "born_abroad": "no", **changes}


ANSWERS = {code: 4 for code in INST.codes}


def submit(db, wave, client="c1", started=None, honeypot="", now=None, **changes):
    now = now or time.time()
    return responses.submit_survey(db, wave.id, profile(db, **changes), ANSWERS,
                                   guard.client_hash(db, client),
                                   started if started is not None else now - 300, honeypot, now)


def test_an_honest_answer_is_stored_weighted_and_estimated(db, open_wave):
    result = submit(db, open_wave)
    assert result.flags == []
    row = db.execute("SELECT valid, idx, weight, source, flags FROM barometer_responses").fetchone()
    assert row[0] == 1 and row[2] == 1.0 and row[3] == "survey" and row[4] == "[]"
    # Every item answered 4 (agree): direct items score 75, reverse-coded ones 25.
    assert row[1] == pytest.approx(
        sum(25 if i.reverse else 75 for i in INST.items) / len(INST.items))


@pytest.mark.parametrize("kwargs,flag", [
    ({"honeypot": "http://spam.example"}, "honeypot"),
    ({"started": time.time() - 5, "now": time.time()}, "too_fast"),
])
def test_suspicious_answers_are_kept_for_audit_and_left_out(db, open_wave, kwargs, flag):
    result = submit(db, open_wave, **kwargs)
    assert flag in result.flags
    assert db.execute("SELECT valid, weight FROM barometer_responses").fetchone() == (0, None)
    assert estimates.index_table(db) == []
    assert responses.flagged_counts(db)[open_wave.id][flag] == 1


def test_many_answers_from_one_client_are_throttled(db, open_wave):
    for _ in range(guard.THROTTLE_MAX):
        assert submit(db, open_wave, client="busy").flags == []
    assert "throttled" in submit(db, open_wave, client="busy").flags
    assert submit(db, open_wave, client="someone else").flags == []


def test_the_raw_client_address_is_never_stored(db, open_wave):
    submit(db, open_wave, client="203.0.113.9")
    dump = "\n".join(db.conn.iterdump())
    assert "203.0.113.9" not in dump


def test_a_closed_wave_takes_no_answers(db, staff, open_wave):
    waves.set_status(db, staff, open_wave.id, "closed")
    with pytest.raises(NetworkError) as err:
        submit(db, open_wave)
    assert err.value.key == "barometer.error.wave_closed"
    assert db["barometer_responses"].count == 0


def test_missing_answers_are_refused_listing_each_question(db, open_wave):
    answers = dict(ANSWERS)
    del answers["q03"]
    answers["q04"] = 9
    with pytest.raises(ValidationFailed) as err:
        responses.submit_survey(db, open_wave.id, {"sex": "robot"}, answers, "x", 0)
    fields = [p.field for p in err.value.problems]
    assert fields == ["district", "sex", "age_band", "born_abroad", "q03", "q04"]
    lines = responses.describe_problems(err.value.problems, "eu")
    assert lines[1] == INST.question("sex", "eu") and lines[4] == INST.item("q03").text["eu"]


# ---- the page -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_without_an_open_wave_the_page_says_when_to_come_back(db, lang):
    at = app_test("pages/survey.py", lang=lang).run()
    assert not at.exception
    assert at.info[0].value == i18n.translate("barometer.survey.none_open", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_survey_page_opens_in_each_language(db, open_wave, lang):
    at = app_test("pages/survey.py", lang=lang).run()
    assert not at.exception
    assert at.title[0].value == i18n.translate("barometer.survey.title", lang)
    assert at.radio(key="survey_sex").options == [INST.label("sex", c, lang)
                                                  for c in INST.categories("sex")]
    status = i18n.translate("barometer.survey.progress", lang, step=1, total=6)
    live = [h.proto.body for h in at.get("html") if 'role="status"' in h.proto.body]
    assert len(live) == 1 and live[0].endswith(f">{status}</p>")  # announced at each step


def fill_profile(at, db):
    ibaiondo = db.execute("SELECT id FROM districts WHERE number = 5").fetchone()[0]
    at.selectbox(key="survey_district_id").set_value(ibaiondo)
    at.radio(key="survey_sex").set_value("woman")
    at.radio(key="survey_age_band").set_value("45-64")
    at.radio(key="survey_born_abroad").set_value("yes")


@pytest.mark.parametrize("lang", ["en", "eu"])
def test_a_resident_answers_the_whole_survey(db, open_wave, lang):
    at = app_test("pages/survey.py", lang=lang)
    at.session_state["survey_started_at"] = time.time() - 600
    at.run()
    fill_profile(at, db)
    at.button(key="survey_next").click().run()
    assert not at.exception and not at.error
    blocks = list(dict.fromkeys(i.block for i in INST.items))
    for n, block in enumerate(blocks):
        assert at.subheader[0].value == INST.blocks[block][lang]
        for item in (i for i in INST.items if i.block == block):
            at.radio(key=f"survey_{item.code}").set_value(5 if item.code == "q01" else 2)
        at.button(key="survey_send" if n == len(blocks) - 1 else "survey_next").click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == i18n.translate("barometer.survey.thanks", lang)
    row = db.execute("SELECT d.number, sex, age_band, born_abroad, valid, idx "
                     "FROM barometer_responses r JOIN districts d ON d.id = r.district_id"
                     ).fetchone()
    assert row[:5] == (5, "woman", "45-64", "yes", 1)
    expected = [item_score for item_score in (
        (100 - 100 if i.reverse else 100) if i.code == "q01" else (100 - 25 if i.reverse else 25)
        for i in INST.items)]
    assert row[5] == pytest.approx(sum(expected) / len(expected))
    assert db.execute("SELECT count(*) FROM barometer_answers").fetchone()[0] == len(INST.items)
    at.run()  # one submission per session: the thanks stay, no form comes back
    assert at.success and not at.button


def test_next_refuses_until_the_step_is_answered_and_keeps_what_was_chosen(db, open_wave):
    at = app_test("pages/survey.py").run()
    at.radio(key="survey_sex").set_value("man")
    at.button(key="survey_next").click().run()
    assert not at.exception
    assert at.error and i18n.translate("barometer.survey.answer_all", "en") in at.error[0].value
    assert INST.question("age_band", "en") in at.error[0].value
    assert at.radio(key="survey_sex").value == "man"
    assert at.get("progress")[0].proto.value == 0


def test_going_back_keeps_the_answers(db, open_wave):
    at = app_test("pages/survey.py").run()
    fill_profile(at, db)
    at.button(key="survey_next").click().run()
    at.radio(key="survey_q01").set_value(3)
    at.button(key="survey_back").click().run()
    assert at.radio(key="survey_sex").value == "woman"
    at.button(key="survey_next").click().run()
    assert at.radio(key="survey_q01").value == 3


def test_an_answer_sent_too_fast_is_thanked_but_left_out(db, open_wave):
    at = app_test("pages/survey.py")
    at.session_state["survey_started_at"] = time.time()
    at.run()
    fill_profile(at, db)
    at.button(key="survey_next").click().run()
    for block in dict.fromkeys(i.block for i in INST.items):
        for item in (i for i in INST.items if i.block == block):
            at.radio(key=f"survey_{item.code}").set_value(3)
        buttons = [b.key for b in at.button]
        at.button(key="survey_send" if "survey_send" in buttons else "survey_next").click().run()
    assert at.success
    assert db.execute("SELECT valid, flags FROM barometer_responses").fetchone() == (
        0, '["too_fast"]')


def test_the_survey_asks_about_the_respondent_first_then_one_block_per_step():
    blocks = responses.survey_blocks(INST)
    assert blocks == list(dict.fromkeys(i.block for i in INST.items)) and len(set(blocks)) == len(blocks)
    assert responses.step_fields(INST, 0) == ["district", "sex", "age_band", "born_abroad",
                                              "years_in_bilbao", "barrio"]
    steps = [responses.step_fields(INST, n) for n in range(1, len(blocks) + 1)]
    assert [code for step in steps for code in step] == [i.code for i in INST.items]
    assert all({INST.item(c).block for c in step} == {b} for step, b in zip(steps, blocks, strict=True))


def test_a_declined_answer_is_stored_as_none_and_nothing_else_is_kept():
    assert responses.stored_profile({"district_id": 3, "barrio": "", "sex": "woman", "extra": 1}) == {
        "district_id": 3, "barrio": None, "sex": "woman", "age_band": None, "born_abroad": None,
        "years_in_bilbao": None}
