from datetime import date

import pytest

from network import database, demo, overview
from network.core import storage
from network.demo.core import DEMO_ACCOUNTS
from network.setup import initialize


def test_demo_data_looks_like_a_real_network(demo_db):
    assert demo_db.execute("SELECT count(*) FROM agents WHERE demo = 1").fetchone()[0] >= 300
    per_district = demo_db.execute(
        "SELECT count(DISTINCT district_id) FROM actions WHERE demo = 1").fetchone()[0]
    assert per_district == 8
    years = overview.activity_years(demo_db)
    assert len(years) >= 5 and years[0] == date.today().year
    assert demo_db.execute("SELECT count(*) FROM users WHERE demo = 1").fetchone()[0] == len(
        DEMO_ACCOUNTS)


@pytest.mark.slow  # 20 s: two whole demos (the fast loop leaves it to CI)
def test_demo_generation_is_seeded_and_reproducible(tmp_path):
    dumps = []
    for name in ("a.db", "b.db"):
        db = database.connect(tmp_path / name)
        initialize(db)
        demo.generate(db, today=date(2025, 6, 1))
        dumps.append(db.execute(
            "SELECT group_concat(title || date || people_reached) FROM actions").fetchone()[0])
    assert dumps[0] == dumps[1]


def test_demo_is_loaded_once(demo_db):
    before = demo_db["agents"].count
    assert demo.generate(demo_db) is False
    assert demo_db["agents"].count == before


def test_demo_remove_leaves_reference_and_real_data(demo_db):
    with demo_db.atomic():
        demo_db["agents"].insert({"kind": "entity", "name": "Real entity", "sector": "social",
                                  "district_id": 1, "joined_on": "2020-01-01",
                                  "share_code": "REAL0001"})
    assert demo.remove(demo_db) > 300
    assert not demo.has_demo(demo_db)
    assert demo_db["agents"].count == 1
    assert demo_db["districts"].count == 8
    assert demo_db["action_agents"].count == 0
    assert storage.integrity_check(demo_db) == ["ok"]


def test_demo_actions_lie_inside_their_districts(demo_db):
    import json

    from network.core import geo
    geoms = {r[0]: json.loads(r[1]) for r in demo_db.execute("SELECT id, geometry FROM districts")}
    rows = demo_db.execute("SELECT district_id, lat, lon FROM actions LIMIT 200").fetchall()
    assert all(geo.contains(geoms[d], lat, lon) for d, lat, lon in rows)


def test_overview_counts_match_an_independent_count(demo_db):
    year = date.today().year
    rows = overview.network_at_a_glance(demo_db, year)
    for r in rows:
        expected = demo_db.execute(
            "SELECT count(*), coalesce(sum(people_reached), 0) FROM actions "
            "WHERE district_id = ? AND substr(date, 1, 4) = ?", [r["district_id"], str(year - 1)]
        ).fetchone()
        assert (r["actions_last_year"], r["reached_last_year"]) == tuple(expected)


def test_a_year_in_progress_is_compared_with_the_same_period_of_last_year(demo_db):
    year = date.today().year
    rows = overview.network_at_a_glance(demo_db, year, until="03-31")
    for r in rows:
        expected = demo_db.execute(
            "SELECT count(*) FROM actions WHERE district_id = ? AND date BETWEEN ? AND ?",
            [r["district_id"], f"{year - 1}-01-01", f"{year - 1}-03-31"]).fetchone()[0]
        assert r["actions_last_year"] == expected
