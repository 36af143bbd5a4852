"""The contest's demo: three yearly calls of 100+ works marked demo, the demo jurors' scores,
ten published winners for past years, the current call open around today; seeded, removable."""

from __future__ import annotations

from datetime import date

from network import contest, database, demo
from network.setup import initialize


def test_three_years_of_calls_with_100_works_each_and_winners_for_past_years(demo_db):
    today = date.today()
    calls = {c["year"]: c for c in contest.contests(demo_db)}
    assert sorted(calls) == [today.year - 2, today.year - 1, today.year]
    for year, c in calls.items():
        works = demo_db.execute("SELECT count(*), min(body LIKE '[DEMO]%') FROM contest_works "
                                "WHERE contest_id = ?", [c["id"]]).fetchone()
        assert works[0] >= 100 and works[1] == 1  # every text opens with its DEMO notice
        if year < today.year:
            assert c["published_at"] and len(contest.published_winners(demo_db, year)) == 10
    current = calls[today.year]
    assert current["opens_on"] <= today.isoformat() <= current["closes_on"]
    jurors = demo_db.execute("SELECT count(DISTINCT juror_id) FROM contest_scores").fetchone()[0]
    assert jurors == 3


def test_the_demo_is_seeded_and_removed_whole(tmp_path):
    dumps = []
    for name in ("a.db", "b.db"):
        with database.open_db(tmp_path / name) as db:
            initialize(db)
            demo.generate(db, today=date(2025, 6, 1))
            dumps.append(db.execute("SELECT group_concat(receipt || title || text_hash) "
                                    "FROM contest_works").fetchone()[0])
            if name == "b.db":
                demo.remove(db)
                for table in ("contests", "contest_works", "contest_authors", "contest_scores"):
                    assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert dumps[0] == dumps[1]
