"""The contest's services: who may do what, the call's dates, duplicates, a submission landing
whole or not at all, the blind jury (conflicts, concurrent scoring), selection, the authors
revealed to staff only after confirmation, publication and the figures' disclosure control."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from network import contest, database
from network.accounts import auth
from network.contest import store
from network.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.conftest import PASSWORD
from tests.contest_data import AFTER, OPEN_DAY, call, fields, juror, story, submit, world


def problem_keys(err):
    return {p.key for p in err.value.problems}


def test_the_jury_role_is_accepted_by_accounts_and_the_cli(db_path, db):
    user = auth.create_user(db, None, "jurado", PASSWORD, "jury", system=True)
    assert user.role == "jury"
    from click.testing import CliRunner

    from network.cli import cli
    result = CliRunner().invoke(cli, ["user", "add", "jurado2", "--role", "jury", "--db",
                                      str(db_path), "--password-stdin"], input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert db.execute("SELECT role FROM users WHERE username = 'jurado2'").fetchone()[0] == "jury"


def test_only_staff_write_the_call_and_choose_the_jury(db, admin, staff, coordinator, agent_user):
    for who in (None, coordinator, agent_user, juror(db, "j1")):
        with pytest.raises(PermissionDenied):
            contest.save_call(db, who, call())
    contest_id = contest.save_call(db, staff, call())
    assert contest.save_call(db, admin, call(winners=12)) == contest_id  # same year: updated
    assert store.contest(db, contest_id)["winners"] == 12
    with pytest.raises(PermissionDenied):
        contest.set_jury(db, coordinator, contest_id, [])
    with pytest.raises(ValidationFailed) as err:
        contest.set_jury(db, staff, contest_id, [coordinator.id])  # not a jury account
    assert problem_keys(err) == {"contest.error.not_juror"}


def test_a_bad_call_is_refused_whole(db, staff):
    with pytest.raises(ValidationFailed):
        contest.save_call(db, staff, call(closes_on=date(2025, 1, 1), winners=0))
    assert contest.contests(db) == []


def test_a_submission_stores_work_author_and_pseudonym_apart(db, staff):
    contest_id = contest.save_call(db, staff, call())
    receipt = submit(db, contest_id, 1)
    work = db.execute("SELECT * FROM contest_works").fetchall()
    assert len(work) == 1
    columns = [c[1] for c in db.execute("PRAGMA table_info(contest_works)")]
    assert not {"name", "contact", "pseudonym", "age_band", "district_id"} & set(columns)
    assert db.execute("SELECT name, contact FROM contest_authors").fetchone() == (
        "Autora Secreta 1", "autora1@example.org")
    assert db.execute("SELECT pseudonym FROM contest_pseudonyms").fetchone()[0] == "Seudonimo1"
    assert contest.status(db, receipt.lower())["state"] in ("received", "in_review")
    assert contest.status(db, "NOPE-NOPE") is None


def test_outside_the_dates_nothing_is_stored(db, staff):
    contest_id = contest.save_call(db, staff, call())
    for day in (date(2025, 1, 31), date(2025, 5, 1)):
        with pytest.raises(ValidationFailed) as err:
            submit(db, contest_id, 1, today=day)
        assert "contest.error.closed" in problem_keys(err)
    assert db.execute("SELECT count(*) FROM contest_works").fetchone()[0] == 0


def test_the_same_text_retyped_is_refused_as_a_duplicate(db, staff):
    contest_id = contest.save_call(db, staff, call())
    submit(db, contest_id, 1)
    retyped = "  " + story(1).upper().replace(" ", "  ,\n") + " !"
    with pytest.raises(ValidationFailed) as err:
        contest.submit(db, contest_id, fields(2, body=retyped), "c", 0.0, today=OPEN_DAY)
    assert problem_keys(err) == {"contest.error.duplicate"}
    other = contest.save_call(db, staff, call(year=2026))
    submit(db, other, 1, today=date(2026, 3, 1))  # another year's call may hold the same text
    assert db.execute("SELECT count(*) FROM contest_works").fetchone()[0] == 2


def test_a_submission_lands_whole_or_not_at_all(db, staff, monkeypatch):
    contest_id = contest.save_call(db, staff, call())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while storing the pseudonym")

    real = store.insert_work

    def half(d, work, author, pseudonym):
        work_id = d["contest_works"].insert(work).last_pk
        d["contest_authors"].insert({**author, "work_id": work_id})
        broken()

    monkeypatch.setattr(store, "insert_work", half)
    with pytest.raises(RuntimeError):
        submit(db, contest_id, 1)
    for table in ("contest_works", "contest_authors", "contest_pseudonyms", "submission_log"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    monkeypatch.setattr(store, "insert_work", real)
    submit(db, contest_id, 1)
    assert db.execute("SELECT count(*) FROM contest_pseudonyms").fetchone()[0] == 1


def test_guard_flags_hold_a_work_back_from_the_jury_and_figures(db, staff):
    contest_id, (j1, *_) = world(db, staff, works=2)
    contest.submit(db, contest_id, fields(9), "bot", started_at=1_000_000.0, honeypot="http://x",
                   today=OPEN_DAY, now=1_000_001.0)
    flags = db.execute("SELECT flags FROM contest_works ORDER BY id DESC").fetchone()[0]
    assert "honeypot" in flags and "too_fast" in flags
    assert len(contest.juror_queue(db, j1, contest_id)) == 2
    assert [r["n"] for r in contest.figures(db) if r["dimension"] == "total"] == [None]  # 2 < 5


def test_a_juror_sees_no_author_field_and_reads_in_a_fixed_order(db, staff):
    contest_id, (j1, j2, _) = world(db, staff, works=8)
    queue = contest.juror_queue(db, j1, contest_id)
    assert {k for w in queue for k in w} == {"id", "position", "title", "body", "words",
                                             "age_group", "language", "score"}
    assert [w["id"] for w in queue] == [w["id"] for w in contest.juror_queue(db, j1, contest_id)]
    assert [w["id"] for w in queue] != [w["id"] for w in contest.juror_queue(db, j2, contest_id)]


def test_only_the_contests_jurors_read_and_score(db, staff, coordinator):
    contest_id, (j1, *_) = world(db, staff, works=2)
    outsider = juror(db, "outsider")
    work_id = contest.juror_queue(db, j1, contest_id)[0]["id"]
    for who in (outsider, staff, coordinator, None):
        with pytest.raises(PermissionDenied):
            contest.juror_queue(db, who, contest_id)
        with pytest.raises(PermissionDenied):
            contest.score(db, who, work_id, {"quality": 5, "clarity": 5, "originality": 5})
    for who in (j1, coordinator, None):
        with pytest.raises(PermissionDenied):
            contest.ranking(db, who, contest_id)
        with pytest.raises(PermissionDenied):
            contest.winner_authors(db, who, contest_id)
    with pytest.raises(NotFound):
        contest.score(db, j1, 99999, {"quality": 5, "clarity": 5, "originality": 5})


def test_a_conflict_withdraws_the_score_and_the_work_from_the_juror(db, staff):
    contest_id, (j1, j2, _) = world(db, staff, works=3)
    work_id = contest.juror_queue(db, j1, contest_id)[0]["id"]
    contest.score(db, j1, work_id, {"quality": 7, "clarity": 7, "originality": 7}, "bien")
    contest.declare_conflict(db, j1, work_id)
    assert work_id not in [w["id"] for w in contest.juror_queue(db, j1, contest_id)]
    assert work_id in [w["id"] for w in contest.juror_queue(db, j2, contest_id)]
    with pytest.raises(ValidationFailed) as err:
        contest.score(db, j1, work_id, {"quality": 7, "clarity": 7, "originality": 7})
    assert problem_keys(err) == {"contest.error.conflicted"}
    assert not store.juror_scores(db, contest_id, j1.id)
    progress = {p["juror"]: p for p in contest.progress(db, staff, contest_id)}
    assert progress["jury1"] == {"juror": "jury1", "to_read": 2, "scored": 0, "conflicts": 1}


def test_jurors_scoring_at_once_lose_nothing(db_path, db, staff):
    contest_id, people = world(db, staff, works=12, jurors=3)
    errors = []

    def work(user):
        conn = database.connect(db_path)
        try:
            for i, w in enumerate(contest.juror_queue(conn, user, contest_id)):
                value = 1 + (i + user.id) % 10
                contest.score(conn, user, w["id"], {"quality": value, "clarity": value,
                                                    "originality": value}, f"c{user.id}-{i}")
        except Exception as exc:  # collected and reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=work, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert db.execute("SELECT count(*) FROM contest_scores").fetchone()[0] == 36
    assert [p["scored"] for p in contest.progress(db, staff, contest_id)] == [12, 12, 12]


def _score_all(db, contest_id, people):
    for k, person in enumerate(people):
        for w in contest.juror_queue(db, person, contest_id):
            v = 1 + (w["id"] * 3 + k) % 10
            contest.score(db, person, w["id"], {"quality": v, "clarity": v, "originality": v})


def test_selection_confirms_per_category_then_reveals_authors_to_staff(db, staff):
    contest_id, people = world(db, staff, works=6)
    _score_all(db, contest_id, people)
    rows, left_out = contest.ranking(db, staff, contest_id)
    assert left_out == [] and len(rows) == 6
    for group in ("adult", "under18"):  # ranks start at 1 within each category
        assert min(r["rank"] for r in rows if r["age_group"] == group) == 1
    adults = [r["work_id"] for r in rows if r["age_group"] == "adult"]
    with pytest.raises(ValidationFailed) as err:  # the call is still open on its last day
        contest.confirm_winners(db, staff, contest_id, "adult", adults[:2], date(2025, 4, 30))
    assert problem_keys(err) == {"contest.error.still_open"}
    young = [r["work_id"] for r in rows if r["age_group"] == "under18"]
    with pytest.raises(ValidationFailed) as err:  # a work of another category
        contest.confirm_winners(db, staff, contest_id, "adult", young[:1], AFTER)
    assert problem_keys(err) == {"contest.error.winner_category"}
    assert contest.winner_authors(db, staff, contest_id) == []
    contest.confirm_winners(db, staff, contest_id, "adult", adults[:2], AFTER)
    revealed = contest.winner_authors(db, staff, contest_id)
    assert {r["work_id"] for r in revealed} == set(adults[:2])
    assert all(r["name"].startswith("Autora Secreta") for r in revealed)
    assert contest.published_winners(db, 2025) == []  # not public until published
    contest.save_call(db, staff, call(winners=3))
    with pytest.raises(ValidationFailed) as err:  # 2 adults + 2 young > 3 winners in all
        contest.confirm_winners(db, staff, contest_id, "under18", young[:2], AFTER)
    assert problem_keys(err) == {"contest.error.too_many_winners"}
    contest.publish(db, staff, contest_id)
    public = contest.published_winners(db, 2025)
    assert sorted(w["byline"] for w in public) == sorted(r["pseudonym"] for r in revealed)
    assert all(set(w) == {"title", "byline", "age_group", "language", "body"} for w in public)
    with pytest.raises(ValidationFailed) as err:
        contest.score(db, people[0], adults[0], {"quality": 1, "clarity": 1, "originality": 1})
    assert problem_keys(err) == {"contest.error.published"}
    assert contest.status(db, db.execute("SELECT receipt FROM contest_works WHERE id = ?",
                                         [adults[0]]).fetchone()[0])["state"] == "winner"


def test_publishing_needs_a_confirmed_category(db, staff):
    contest_id, _ = world(db, staff, works=2)
    with pytest.raises(ValidationFailed) as err:
        contest.publish(db, staff, contest_id)
    assert problem_keys(err) == {"contest.error.nothing_confirmed"}


def test_figures_hide_small_groups_and_cannot_be_recovered_by_subtraction(db, staff):
    contest_id = contest.save_call(db, staff, call())
    districts = [r[0] for r in db.execute("SELECT id FROM districts ORDER BY number")]
    for i in range(14):  # 10 in district 1, 4 in district 2
        district = districts[0] if i < 10 else districts[1]
        submit(db, contest_id, i + 1, district_id=district,
               language="eu" if i < 7 else "es")
    rows = [r for r in contest.figures(db) if r["year"] == 2025]
    total = next(r["n"] for r in rows if r["dimension"] == "total")
    assert total == 14
    by_district = {r["value"]: r for r in rows if r["dimension"] == "district_id"}
    assert by_district[districts[0]]["n"] is None  # complementary: else 14 - 10 = 4 is known
    assert by_district[districts[1]]["n"] is None and set(by_district) == set(districts[:2])
    assert {r["value"]: r["n"] for r in rows if r["dimension"] == "language"} == {"es": 7, "eu": 7}


def test_the_annual_report_has_the_contest_section_with_small_counts_hidden(db, staff):
    from network import report

    contest_id = contest.save_call(db, staff, call())
    for i in range(7):  # 6 adults, 1 under 18: the lone cell and its complement are hidden
        group = "under18" if i == 0 else "adult"
        submit(db, contest_id, i + 1, age_group=group,
               age_band="14_17" if group == "under18" else "30_44")
    html = report.build_report(db, 2025, "en", AFTER)
    part = html[html.index("Anti-rumour short-story contest 2025"):]
    part = part[:part.index("</section>")]
    assert "Stories submitted: 7." in part
    assert "<td>Adults</td><td>hidden</td>" in part
    assert "<td>Under 18</td><td>fewer than 5</td>" in part
    assert "<td>6</td>" not in part
    assert "Autora Secreta" not in html and "example.org" not in html


def test_staff_admit_a_held_work_to_the_jury(db, staff, coordinator):
    contest_id, (j1, *_) = world(db, staff, works=1)
    contest.submit(db, contest_id, fields(9), "fast", started_at=1_000_000.0,
                   today=OPEN_DAY, now=1_000_002.0)  # 2 s: too fast
    held = contest.service.held_works(db, staff, contest_id)
    assert [h["flags"] for h in held] == ["too_fast"] and "name" not in held[0]
    with pytest.raises(PermissionDenied):
        contest.service.admit(db, coordinator, held[0]["id"])
    contest.service.admit(db, staff, held[0]["id"])
    assert held[0]["id"] in [w["id"] for w in contest.juror_queue(db, j1, contest_id)]


def test_done_means_a_basque_story_three_blind_jurors_ten_winners_and_the_booklet(db, staff):
    """The issue's 'done means': submissions (one in Basque), three jurors score blind, staff
    confirm ten winners, the public page and the booklet show the consented names."""
    from network.contest import booklet

    contest_id = contest.save_call(db, staff, call())
    for i in range(14):
        extra = {"language": "eu", "body": story(i, lang="eu")} if i == 0 else {}
        submit(db, contest_id, i + 1, publish_as="name" if i % 2 else "pseudonym", **extra)
    people = [juror(db, f"j{i}") for i in range(3)]
    contest.set_jury(db, staff, contest_id, [p.id for p in people])
    _score_all(db, contest_id, people)
    rows, _ = contest.ranking(db, staff, contest_id)
    top = [r["work_id"] for r in rows if r["rank"] is not None][:10]
    contest.confirm_winners(db, staff, contest_id, "adult", top, AFTER)
    contest.publish(db, staff, contest_id)
    public = contest.published_winners(db, 2025)
    assert len(public) == 10
    authors = {a["title"]: a for a in contest.winner_authors(db, staff, contest_id)}
    for w in public:
        a = authors[w["title"]]
        assert w["byline"] == (a["pseudonym"] if a["publish_as"] == "pseudonym" else a["name"])
    html = booklet.booklet_html(2025, public, "eu", "A5")
    assert all(w["byline"] in html for w in public)
    assert "@page { size: A5" in html
