"""The contest's pages: empty and demo databases, a resident submitting from the form in
Basque (receipt; refusals keep what was typed), and the jury's blindness: no page or download
a juror can reach shows any author's name, contact or pseudonym."""

from __future__ import annotations

import pytest

from network import contest
from network.accounts import auth
from tests.conftest import app_test, shown
from tests.contest_data import call, fields, juror, story

PAGES = ["pages/contest.py", "pages/contest_winners.py", "pages/contest_jury.py",
         "pages/contest_admin.py", "pages/contest_selection.py"]


def _texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text", "info", "warning",
                 "success", "error", "code", "json"):
        for el in getattr(at, kind, []):
            parts += [str(getattr(el, "value", "")), str(getattr(el, "label", ""))]
    for df in at.dataframe:
        parts.append(df.value.to_csv())
    parts += [h.proto.body for h in at.get("html")]
    for kind in ("selectbox", "multiselect", "radio", "button", "download_button", "text_area",
                 "text_input", "slider", "checkbox", "expander"):
        parts += [str(el.proto) for el in at.get(kind)]
    return "\n".join(parts)


def user(db, name):
    return auth.get_user(db, db.execute("SELECT id FROM users WHERE username = ?",
                                        [name]).fetchone()[0])


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_an_empty_state(db_path, db, staff, page):
    who = juror(db, "j-empty") if page.endswith("jury.py") else staff
    at = app_test(page, user=who).run()
    assert not at.exception, at.exception
    assert not at.error
    assert at.info, "an empty database shows a helpful message"


@pytest.mark.parametrize("page,who", [("pages/contest.py", None),
                                      ("pages/contest_winners.py", None),
                                      ("pages/contest_jury.py", "demo-jury1"),
                                      ("pages/contest_admin.py", "demo-staff"),
                                      ("pages/contest_selection.py", "demo-staff")])
def test_every_page_shows_the_demo(demo_db, page, who):
    at = app_test(page, user=user(demo_db, who) if who else None).run()
    assert not at.exception, at.exception
    assert not at.error
    assert "DEMO" in _texts(at)


def test_the_public_winners_page_and_figures_from_the_demo(demo_db):
    at = app_test("pages/contest_winners.py").run()
    text = shown(_texts(at))
    assert len(at.expander) == 10  # ten winning stories of the last published year
    year = at.selectbox(key="contest_winners_year").value
    labels = [shown(e.label) for e in at.expander]
    assert labels == [f"{w['title']} — {w['byline']}"
                      for w in contest.published_winners(demo_db, year)]
    assert "@example.org" not in text  # contacts never public
    table = at.dataframe[0].value  # submissions per category, a column per year
    assert list(table.columns)[0] == "Category" and len(table.columns) == 4


def _open_call(db, staff, today):
    return contest.save_call(db, staff, call(year=today.year, opens_on=today.replace(day=1),
                                             closes_on=today.replace(day=28), min_words=20))


def test_a_resident_submits_in_basque_and_gets_a_receipt(db_path, db, staff, monkeypatch):
    from datetime import date

    today = date.today()
    contest_id = _open_call(db, staff, today)
    at = app_test("pages/contest.py", lang="eu").run()
    at.session_state["contest_started_at"] = 0.0
    at.text_input(key="contest_title").input("Geltokiko zurrumurrua")
    at.text_area(key="contest_body").input(story(1, lang="eu"))
    at.radio(key="contest_language").set_value("eu")
    at.radio(key="contest_age_group").set_value("adult")
    at.text_input(key="contest_name").input("Ane Etxeberria")
    at.text_input(key="contest_contact").input("ane@example.org")
    at.selectbox(key="contest_age_band").set_value("18_29")
    at.checkbox(key="contest_consent_rules").check()
    at.checkbox(key="contest_consent_publication").check()
    at.button[0].click()  # the form's submit button is its only button before the lookup's
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    receipt = db.execute("SELECT receipt, language FROM contest_works").fetchone()
    assert receipt[1] == "eu"
    assert receipt[0] in shown(at.success[0].value) and "ordainagiri" in at.success[0].value
    assert at.text_input(key="contest_title").value == ""  # the form was cleared
    # the receipt's status, in Basque
    at.text_input(key="contest_receipt").input(receipt[0].lower())
    at.button[1].click()
    at.run()
    assert "Geltokiko zurrumurrua" in at.info[-1].value
    assert contest_id


def test_a_refused_submission_keeps_what_was_typed(db_path, db, staff):
    from datetime import date

    _open_call(db, staff, date.today())
    at = app_test("pages/contest.py", lang="en").run()
    at.text_input(key="contest_title").input("Too short")
    at.text_area(key="contest_body").input("only four words here")
    at.text_input(key="contest_name").input("Ane")
    at.button[0].click()
    at.run()
    assert at.error and "minimum is 20" in at.error[0].value
    assert at.text_area(key="contest_body").value == "only four words here"
    assert at.text_input(key="contest_name").value == "Ane"
    assert db.execute("SELECT count(*) FROM contest_works").fetchone()[0] == 0


# ---------------------------------------------------------------- the jury's blindness

@pytest.fixture
def judged(db_path, db, staff):
    """A call past its closing date, five works with distinctive author data, two jurors."""
    from datetime import date

    today = date.today()
    year = today.year
    contest_id = contest.save_call(db, staff, call(year=year, opens_on=date(year, 1, 1),
                                                   closes_on=date(year, 1, 2)))
    secrets = []
    for i in range(5):
        name, mail, alias = f"Zuriñe Secretname{i}", f"hidden{i}@private.example", f"Aliasword{i}"
        contest.submit(db, contest_id, fields(i, name=name, contact=mail, pseudonym=alias,
                                              district_id=None),
                       "c", 0.0, today=date(year, 1, 1), now=1000.0 + i)
        secrets += [name, mail, alias]
    people = [juror(db, "blind1"), juror(db, "blind2")]
    contest.set_jury(db, staff, contest_id, [p.id for p in people])
    return contest_id, people, secrets


def test_no_jury_view_or_download_shows_an_author_field(judged, db):
    contest_id, (j1, _), secrets = judged
    seen = []
    at = app_test("pages/contest_jury.py", user=j1).run()
    assert not at.exception
    queue = contest.juror_queue(db, j1, contest_id)
    assert len(queue) == 5
    for work in queue:  # every work's view
        at.selectbox(key="contest_jury_work").set_value(work["id"]).run()
        assert work["title"] in _texts(at)
        seen.append(_texts(at))
    first = contest.juror_queue(db, j1, contest_id)[0]["id"]
    at.selectbox(key="contest_jury_work").set_value(first).run()
    at.slider(key=f"contest_quality_{first}").set_value(9)
    next(b for b in at.button if b.label == "Save score").click()
    at.run()  # the page after a score is saved
    assert db.execute("SELECT quality FROM contest_scores WHERE work_id = ?",
                      [first]).fetchone() == (9,)
    seen.append(_texts(at))
    seen.append(contest.jury_packet(db, j1, contest_id, "es"))  # the download's content
    for page in ("pages/contest.py", "pages/contest_winners.py", "app.py"):
        seen.append(_texts(app_test(page, user=j1).run()))
    everything = "\n".join(seen)
    for secret in secrets:
        assert secret not in everything, secret
        assert secret.lower() not in everything.lower()


def test_staff_see_authors_only_after_confirming_and_jurors_never(judged, db, staff):
    contest_id, people, secrets = judged
    for k, person in enumerate(people):
        for w in contest.juror_queue(db, person, contest_id):
            v = 1 + (w["id"] + k) % 10
            contest.score(db, person, w["id"], {"quality": v, "clarity": v, "originality": v})
    at = app_test("pages/contest_selection.py", user=staff).run()
    assert not any(s in _texts(at) for s in secrets)
    adults = [r["work_id"] for r in contest.ranking(db, staff, contest_id)[0]
              if r["age_group"] == "adult"]
    contest.confirm_winners(db, staff, contest_id, "adult", adults[:1])
    at = app_test("pages/contest_selection.py", user=staff).run()
    shown = _texts(at)
    assert sum(s in shown for s in secrets) == 3  # the one winner's name, contact, pseudonym
    at = app_test("pages/contest_jury.py", user=people[0]).run()
    assert not any(s in _texts(at) for s in secrets)


def test_a_juror_scores_from_the_page(judged, db):
    contest_id, (j1, _), _ = judged
    at = app_test("pages/contest_jury.py", user=j1).run()
    work_id = at.selectbox(key="contest_jury_work").value
    at.slider(key=f"contest_quality_{work_id}").set_value(9)
    at.text_area(key=f"contest_comment_{work_id}").input("Ondo")
    next(b for b in at.button if "Save" in b.label or "Guardar" in b.label).click()
    at.run()
    assert not at.exception and not at.error
    row = db.execute("SELECT quality, comment FROM contest_scores WHERE work_id = ?",
                     [work_id]).fetchone()
    assert tuple(row) == (9, "Ondo")
