"""Demo barometer data: Bilbao's design, a cell small enough to be suppressed, labelled, removable."""

import time
from datetime import date

from network import demo
from network.barometer import estimates, responses, waves
from network.barometer.instrument import instrument
from network.core import guard, storage


def test_demo_waves_follow_bilbao_s_design_of_100_per_district(demo_db):
    rows = demo_db.execute(
        "SELECT w.year, w.status, count(*), count(DISTINCT r.district_id) FROM barometer_waves w "
        "JOIN barometer_responses r ON r.wave_id = w.id WHERE r.valid = 1 GROUP BY w.id "
        "ORDER BY w.year").fetchall()
    assert [r[0] for r in rows] == list(range(2019, date.today().year + 1))
    assert all(r[2] == 800 and r[3] == 8 for r in rows if r[1] == "closed")
    assert rows[-1][1] == "open" and rows[-1][2] < 800


def test_the_demo_has_a_suppressed_district_and_unreliable_ones(demo_db):
    table = estimates.index_table(demo_db)
    assert any(r["suppressed"] for r in table)
    assert any(r["unreliable"] for r in table)
    city = [r["mean"] for r in table if r["district_id"] is None]
    assert 50 < min(city) < max(city) < 75  # attitudes drift, plausibly


def test_demo_margins_and_weights_are_labelled_demo(demo_db):
    assert {r[0] for r in demo_db.execute("SELECT DISTINCT demo FROM barometer_margins")} == {1}
    assert all("demo" in r[0].lower() for r in demo_db.execute(
        "SELECT DISTINCT source FROM barometer_margins"))
    for table in ("barometer_waves", "barometer_responses", "barometer_answers"):
        assert demo_db.execute(f"SELECT count(*) FROM {table} WHERE demo = 0").fetchone()[0] == 0


def test_demo_remove_takes_the_barometer_with_it_including_answers_to_a_demo_wave(demo_db):
    wave = waves.open_wave(demo_db)
    district = demo_db.execute("SELECT id FROM districts WHERE number = 2").fetchone()[0]
    responses.submit_survey(demo_db, wave.id,
                            {"district_id": district, "sex": "man", "age_band": "65+",
                             "born_abroad": "no"}, dict.fromkeys(instrument().codes, 3),
                            guard.client_hash(demo_db, "x"), time.time() - 600)
    demo.remove(demo_db)
    for table in ("barometer_answers", "barometer_responses", "barometer_imports",
                  "barometer_waves", "barometer_margins"):
        assert demo_db[table].count == 0
    assert storage.integrity_check(demo_db) == ["ok"]
