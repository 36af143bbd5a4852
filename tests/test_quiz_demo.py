"""Demo quiz data: realistic, attributed, labelled demo and removable."""

from network import demo
from network.core import storage
from network.quiz import results


def test_demo_attempts_look_like_real_use(demo_db):
    n, flagged, via_agents, at_actions, years = demo_db.execute(
        "SELECT count(*), sum(flags <> ''), sum(agent_id IS NOT NULL), sum(action_id IS NOT NULL),"
        " count(DISTINCT substr(finished_on, 1, 4)) FROM quiz_attempts WHERE demo = 1").fetchone()
    assert n >= 3000 and 10 <= flagged <= 100
    assert via_agents >= 500 and at_actions >= 200 and years >= 4
    assert demo_db.execute("SELECT count(*) FROM quiz_answers WHERE demo = 0").fetchone()[0] == 0
    assert demo_db.execute("SELECT count(DISTINCT lang) FROM quiz_attempts").fetchone()[0] == 3
    districts = demo_db.execute("SELECT count(DISTINCT district_id) FROM quiz_attempts").fetchone()[0]
    assert districts == 8


def test_demo_perceptions_overestimate_the_born_abroad_share(demo_db):
    cell = [c for c in results.summarize(results.answer_rows(demo_db))
            if c.code == "born_abroad_euskadi"][0]
    assert 6 < cell.gap_mean < 14 and cell.gap_low > 0  # surveys: 23.4 estimated vs 13.2 real


def test_the_demo_agent_has_completions_to_look_at(demo_db):
    agent = demo_db.execute("SELECT agent_id FROM users WHERE username = 'demo-agent'").fetchone()[0]
    assert results.reach_summary(demo_db, agent)["n"] >= 100


def test_demo_actions_link_attempts_in_their_district(demo_db):
    mismatched = demo_db.execute(
        "SELECT count(*) FROM quiz_attempts q JOIN actions a ON a.id = q.action_id"
        " WHERE q.district_id IS NOT NULL AND q.district_id <> a.district_id").fetchone()[0]
    assert mismatched == 0


def test_demo_remove_takes_the_attempts_and_keeps_the_content(demo_db):
    demo.remove(demo_db)
    assert demo_db["quiz_attempts"].count == 0 and demo_db["quiz_answers"].count == 0
    assert demo_db["quiz_reviews"].count == 0
    assert demo_db["quiz_items"].count == 12
    assert storage.integrity_check(demo_db) == ["ok"]


def test_demo_checks_show_review_dates_some_due_and_one_in_four_never_checked(demo_db):
    from datetime import date

    from network.quiz import content, reviews

    items = content.items_for_version(demo_db, content.current_version(demo_db))
    last = reviews.last_reviews(demo_db)
    assert len(last) == 9 and all(r.demo and r.reviewer == "demo-staff" for r in last.values())
    assert all(len(reviews.history(demo_db, code)) >= 2 for code in last)
    due = reviews.due(items, last, date.today())  # the demo is generated for today
    assert len(due) == 6 and {i.code for i in items if i.position % 4 == 0} <= set(due)
