"""Training coverage: counts against an independent count, small groups hidden, and the
district total never recoverable from the city's."""

from __future__ import annotations

from network import training
from network.core import disclosure
from network.training import coverage
from tests.conftest import district_id, make_agent


def _agent_with(db, number: int, modules: int, active: int = 1) -> int:
    agent = make_agent(db, number, f"A{number}-{db['agents'].count}")
    with db.conn:
        db.execute("UPDATE agents SET active = ? WHERE id = ?", [active, agent])
        for m in range(1, modules + 1):
            db["training_prior"].insert({"agent_id": agent, "module": m,
                                         "recorded_on": "2020-01-01"})
    return agent


def test_coverage_counts_active_agents_per_module_and_the_full_course(db):
    spec = [4] * 7 + [2] * 6 + [0] * 5 + [4, 4]  # 20 active
    for m in spec:
        _agent_with(db, 1, m)
    _agent_with(db, 1, 4, active=0)  # inactive agents do not count
    cov = training.district_coverage(db, district_id(db, 1), 2026)
    assert cov.active == len(spec)
    assert cov.per_module == {1: 15, 2: 15, 3: 9, 4: 9}
    assert cov.full == sum(1 for m in spec if m == 4)
    assert cov.share_full == 9 / 20


def test_small_groups_are_hidden_both_ways():
    agents = [{"id": i, "active": 1} for i in range(12)]
    history = {i: [{"module": m} for m in range(1, 5)] for i in range(3)}  # 3 full course
    history |= {i: [{"module": 1}] for i in range(3, 10)}  # module 1: 10, 2 without
    cov = coverage.compute(agents, history, [])
    assert cov.full is None and cov.share_full is None  # 3 < 5
    assert cov.per_module[1] is None  # 12 - 10 = 2 without it: a small group
    assert cov.per_module[2] is None and cov.attendance_rate is None


def test_a_district_cell_cannot_be_recovered_from_the_city_total(db):
    for _ in range(3):
        _agent_with(db, 1, 4)  # 3 full-course agents in district 1: hidden
    for _ in range(8):
        _agent_with(db, 2, 4)
    for _ in range(9):
        _agent_with(db, 3, 4)
    ids = [district_id(db, n) for n in (1, 2, 3)]
    per, hidden = training.city_table(db, ids, 2026)
    assert per[None].full == 20
    assert ids[0] in hidden and len(hidden) >= 2
    counts = {ids[0]: 3, ids[1]: 8, ids[2]: 9}
    assert not disclosure.exposed(counts, {d: hidden[d] for d in hidden}, 5)


def test_attendance_rate_and_hours_count_recorded_seats_only():
    rows = [{"attended": 1, "kind": "training", "hours": 2.0},
            {"attended": 0, "kind": "training", "hours": 2.0},
            {"attended": None, "kind": "training", "hours": 2.0},
            {"attended": 1, "kind": "district_meeting", "hours": None}]
    cov = coverage.compute([], {}, rows)
    assert (cov.attended, cov.recorded, cov.hours) == (2, 3, 2.0)
    assert cov.attendance_rate == 2 / 3


def test_the_annual_report_shows_training_per_district_with_small_groups_hidden(db):
    import re

    from network.report import build_report

    for _ in range(3):
        _agent_with(db, 1, 4)
    for _ in range(8):
        _agent_with(db, 2, 4)
    for _ in range(9):
        _agent_with(db, 3, 2)
    html = build_report(db, 2026, "en")
    start = re.search(r"<h2>Agents&#x?\w+; training 2026</h2>", html).start()
    section = re.sub(r"<[^>]+>", "|", html[start:html.index("</section>", start)])
    cells = [c for c in section.split("|") if c.strip()]
    deusto = cells.index("Deusto")
    assert cells[deusto + 1] == "3" and cells[deusto + 2] == "fewer than 5"
    assert "8 (100.0 %)" not in section  # district 2 hidden too: 8 = city total - the rest
