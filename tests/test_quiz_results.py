"""Results statistics, checked against formulas written out here; reach masking; export."""

import csv
import io
import math

import numpy as np
import pytest
from click.testing import CliRunner

from network.cli import cli
from network.core import i18n, stats, storage
from network.quiz import attempts, content, export, results, sources
from tests.conftest import district_id, make_agent

Z = 1.959963984540054
NOW = 1_750_000_000.0


def wilson(k, n):
    """The Wilson score interval, written out from its textbook formula."""
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z / (1 + Z**2 / n) * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return centre - half, centre + half


def normal_mean(values):
    """Mean with its 95% interval: Student's t under 30 values (the quantiles are checked
    against R's qt in test_stats.py), the normal from 30 on."""
    x = np.asarray(values, dtype=float)
    half = (stats.T975[len(x) - 2] if len(x) < 30 else Z) * x.std(ddof=1) / math.sqrt(len(x))
    return x.mean(), x.mean() - half, x.mean() + half


def rows_for(code, group, corrects, gaps):
    return [{"code": code, "district": group, "correct": c, "gap": g}
            for c, g in zip(corrects, gaps, strict=True)]


def test_share_right_and_mean_gap_match_the_written_out_formulas():
    gaps_a = [10.8, 6.8, -3.2, 11.8, 0.8, 16.8, 8.8]
    gaps_b = [1.8, 2.8, -0.2, 4.8, 9.8, 12.8]
    rows = (rows_for("born", 1, [0, 0, 0, 0, 1, 0, 0], gaps_a)
            + rows_for("born", 2, [1, 1, 1, 0, 0, 0], gaps_b))
    cells = {c.group: c for c in results.summarize(rows, "district")}
    for group, gaps, right in ((1, gaps_a, 1), (2, gaps_b, 3)):
        cell = cells[group]
        assert (cell.n, cell.correct) == (len(gaps), right)
        assert cell.share == pytest.approx(right / len(gaps))
        assert (cell.share_low, cell.share_high) == pytest.approx(wilson(right, len(gaps)))
        assert (cell.gap_mean, cell.gap_low, cell.gap_high) == pytest.approx(normal_mean(gaps))
    overall = results.summarize(rows)[0]
    assert overall.group == results.ALL and overall.n == 13
    assert overall.gap_mean == pytest.approx(np.mean(gaps_a + gaps_b))


def test_myth_items_have_a_share_but_no_gap():
    cell = results.summarize(rows_for("myth", 1, [1, 0, 1, 1, 0, 1], [None] * 6))[0]
    assert cell.share == pytest.approx(4 / 6) and cell.gap_mean is None


def test_groups_under_five_are_suppressed():
    cells = results.summarize(rows_for("born", 7, [1, 0, 1, 0], [1.0, 2.0, 3.0, 4.0]), "district")
    assert cells[0].suppressed and cells[0].share is None and cells[0].gap_mean is None


def test_group_scores_average_attempts_with_intervals():
    values = [(0.5, 10.0), (0.75, 6.0), (0.25, 14.0), (0.5, 9.0), (1.0, 2.0), (0.5, 7.0)]
    rows = [{"attribution": "action", "score": s, "gap": g} for s, g in values]
    rows += [{"attribution": "agent_link", "score": 0.75, "gap": 5.0}] * 5
    rows += [{"attribution": "unattributed", "score": 0.5, "gap": 12.0}] * 3
    groups = {g.group: g for g in results.score_by_group(rows, "attribution")}
    action = groups["action"]
    assert (action.score, action.score_low, action.score_high) == pytest.approx(
        normal_mean([s for s, _ in values]))
    assert (action.gap, action.gap_low, action.gap_high) == pytest.approx(
        normal_mean([g for _, g in values]))
    assert groups["unattributed"].suppressed and groups["unattributed"].hidden == "primary"
    # alone, the hidden group would be the total minus the others: the smallest shown one goes too
    assert groups["agent_link"].suppressed and groups["agent_link"].hidden == "complementary"
    assert groups["agent_link"].score is None and groups["agent_link"].gap is None


@pytest.fixture
def recorded(db):
    """Seven counted attempts through one agent's link, one flagged, one unattributed."""
    version_id = content.current_version(db)
    items = content.items_for_version(db, version_id)
    agent = make_agent(db, 2)
    code = db.execute("SELECT share_code FROM agents WHERE id = ?", [agent]).fetchone()[0]

    def record(estimate, ref=code, honeypot=""):
        answers = {i.id: ("false" if i.kind == "myth" else estimate) for i in items}
        sub = attempts.Submission(attempts.new_token(), version_id, "es", answers, NOW - 300,
                                  district_id=district_id(db, 2), ref=ref, honeypot=honeypot)
        return attempts.record_attempt(db, sub, f"c{estimate}", now=NOW)

    recs = [record(e) for e in (10, 20, 30, 40, 50, 15, 25)]
    record(99, honeypot="bot")
    record(60, ref=None)
    return agent, items, recs


def test_flagged_attempts_are_left_out_of_every_result(db, recorded):
    agent, items, recs = recorded
    rows = results.answer_rows(db)
    assert len(rows) == 8 * len(items)
    assert results.flag_counts(db) == {"counted": 8, "flagged": 1, "honeypot": 1, "too_fast": 0,
                                       "throttled": 0}
    born = [c for c in results.summarize(rows) if c.code == "born_abroad_euskadi"][0]
    estimates = [10, 20, 30, 40, 50, 15, 25, 60]
    assert born.gap_mean == pytest.approx(np.mean(estimates) - 13.2)


def test_an_agents_reach_is_counted_by_month_next_to_the_city(db, recorded):
    agent, items, recs = recorded
    months = results.reach_by_month(db, agent_id=agent)
    assert len(months) == 1 and months[0]["count"] == 7
    mine, city = results.reach_summary(db, agent), results.reach_summary(db)
    assert mine["n"] == 7 and city["n"] == 8
    assert mine["score"] == pytest.approx(np.mean([r.score.correct / 12 for r in recs]))
    assert mine["gap"] == pytest.approx(np.mean([r.score.mean_abs_gap for r in recs]))


def test_small_reach_is_shown_as_fewer_than_five(db):
    version_id = content.current_version(db)
    items = content.items_for_version(db, version_id)
    agent = make_agent(db, 4)
    code = db.execute("SELECT share_code FROM agents WHERE id = ?", [agent]).fetchone()[0]
    for n in range(3):
        answers = {i.id: ("true" if i.kind == "myth" else 50) for i in items}
        attempts.record_attempt(db, attempts.Submission(
            attempts.new_token(), version_id, "en", answers, NOW - 300, ref=code), f"x{n}", now=NOW)
    assert results.reach_by_month(db, agent_id=agent)[0]["count"] is None
    assert results.reach_summary(db, agent) == {"n": None, "score": None, "gap": None}
    assert results.reach_summary(db, make_agent(db, 4, "Nobody")) == {"n": 0, "score": None,
                                                                        "gap": None}


def test_the_export_has_every_answer_translated_headers_and_no_client_hash(db, recorded):
    data = export.export_csv(db, "eu")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == export.headers("eu") and "testa" in table[0]
    assert len(table) == 1 + 9 * 12
    hashes = [r[0] for r in db.execute("SELECT client_hash FROM quiz_attempts")]
    assert not any(h in data.decode("utf-8-sig") for h in hashes)
    flags = {r[export.COLUMNS.index("flags")] for r in table[1:]}
    assert flags == {"", "honeypot"}


def test_export_quiz_from_the_command_line(db_path, db, recorded, tmp_path):
    out = tmp_path / "quiz.csv"
    result = CliRunner().invoke(cli, ["export", "quiz", "--db", str(db_path), "-o", str(out),
                                      "--lang", "es"])
    assert result.exit_code == 0, result.output
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("test,fecha,") and len(lines) == 1 + 9 * 12
    table = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    first = content.items_for_version(db, content.current_version(db))[0]
    assert table[1][export.COLUMNS.index("source")] == sources.reference_text(first, "es")
    stdout = CliRunner().invoke(cli, ["export", "quiz", "--db", str(db_path)])
    assert stdout.exit_code == 0 and "attempt,date," in stdout.output


def test_results_on_a_database_without_attempts_are_empty(db):
    assert results.answer_rows(db) == [] and results.years(db) == []
    assert results.reach_summary(db) == {"n": 0, "score": None, "gap": None}
    assert storage.integrity_check(db) == ["ok"]


def test_the_interval_chart_leaves_suppressed_groups_out():
    from network.quiz import charts

    rows = (rows_for("born", 1, [0, 1, 0, 0, 1, 0], [10.0, 2.0, 8.0, 12.0, 1.0, 9.0])
            + rows_for("born", 2, [0, 1], [5.0, 3.0])
            + rows_for("born", 3, [0, 1, 1, 0, 1], [5.0, 3.0, 2.0, 1.0, 4.0]))  # hidden as well
    cells = results.summarize(rows, "district")
    chart = charts.interval_chart(cells, {1: "Deusto", 2: "Uribarri", 3: "Txurdinaga"}, "gap", "gap",
                                  "district",
                                  "n", ("low", "high"), reference=0.0)
    data = chart.layer[0].data
    assert list(data["group"]) == ["Deusto"]
    assert data["value"][0] == pytest.approx(np.mean([10.0, 2.0, 8.0, 12.0, 1.0, 9.0]))
    assert len(chart.layer) == 3


@pytest.mark.parametrize("dimension", [None, *results.DIMENSIONS])
@pytest.mark.parametrize("year", [None, 2024])
def test_sums_in_sql_give_the_same_cells_as_summarizing_every_answer(demo_db, dimension, year):
    # The page aggregates in SQL; summarize() over every answer row is the reference.
    def close(a, b):
        return a == b or (a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9))

    sums = results.answer_sums(demo_db, dimension, year)
    from_sql = results.cells_from_sums(sums)
    reference = results.summarize(results.answer_rows(demo_db, year), dimension)
    one_item = results.cells_from_sums(results.answer_sums(demo_db, dimension, year,
                                                           "born_abroad_euskadi"))
    assert one_item == [c for c in from_sql if c.code == "born_abroad_euskadi"]
    assert len(from_sql) == len(reference) > 0
    for a, b in zip(from_sql, reference, strict=True):
        assert (a.code, a.group, a.n, a.correct, a.suppressed) == (
            b.code, b.group, b.n, b.correct, b.suppressed)
        for field in ("share", "share_low", "share_high", "gap_mean", "gap_low", "gap_high"):
            assert close(getattr(a, field), getattr(b, field)), (a, field)

    scores = results.score_sums(demo_db, dimension, year)
    expected = results.score_by_group(results.attempt_rows(demo_db, year), dimension)
    assert [(g.group, g.n, g.suppressed) for g in scores] == [
        (g.group, g.n, g.suppressed) for g in expected]
    for a, b in zip(scores, expected, strict=True):
        for field in ("score", "score_low", "score_high", "gap", "gap_low", "gap_high"):
            assert close(getattr(a, field), getattr(b, field)), (a, field)


@pytest.mark.parametrize("lang", ["es", "eu", "en"])
def test_the_export_gives_every_answer_its_items_full_reference(db, recorded, lang):
    table = list(csv.reader(io.StringIO(export.export_csv(db, lang).decode("utf-8-sig"))))
    items = {i.code: i for i in content.items_for_version(db, content.current_version(db))}
    code, source = export.COLUMNS.index("item"), export.COLUMNS.index("source")
    assert table[0][source] == i18n.translate("quiz.csv.source", lang)
    assert all(r[source] == sources.reference_text(items[r[code]], lang) for r in table[1:])
    assert {r[source] for r in table[1:]} >= {sources.reference_text(i, lang)
                                              for i in items.values()}
