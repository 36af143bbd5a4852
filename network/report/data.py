"""What the annual report shows, read from the database as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlite_utils import Database

from network import contest, demo, recognition, reference, training, trends
from network.barometer.published import PublishedValue, published_values
from network.quiz import content, results, reviews
from network.reference import District
from network.trends import Period


@dataclass
class ReportData:
    """Everything the report draws for one year."""

    year: int
    today: date
    city: str
    has_demo: bool
    districts: list[District]
    populations: dict[int | None, dict[str, Any]]
    geojson: dict[str, Any]
    attribution: str
    activity: dict[int | None, dict[str, float]]  # area -> actions, reached, agents, quiz
    types: list[tuple[str, int, int]]  # (action type, actions, people reached), most first
    top_actions: list[dict[str, Any]]  # the year's actions that reached most people
    quiz_city: Any
    quiz_districts: list[Any]
    quiz_items: list[content.Item]  # the current content, for its facts and sources
    quiz_reviews: dict[str, reviews.Review]  # the last check of each item code
    trends: trends.Trends  # waves whose fieldwork started by the end of the year
    published: list[PublishedValue]
    recognition: recognition.Recognition
    contest_figures: list[dict[str, Any]] = field(default_factory=list)  # the story contest
    contest_winners: list[dict[str, Any]] = field(default_factory=list)
    training: Any = None  # (coverage per district and city, hidden cells): network.training


def year_activity(db: Database, year: int) -> dict[int | None, dict[str, float]]:
    """Actions, people reached, active agents and quiz completions in the year, per area."""
    period = [Period(str(year), date(year, 1, 1), date(year + 1, 1, 1))]
    cells = trends.activity_table(period, trends.action_events(db), trends.quiz_events(db),
                                  trends.agent_events(db))
    return {area: values for (_, area), values in cells.items()}


def action_types(db: Database, year: int) -> list[tuple[str, int, int]]:
    """Actions and people reached per action type in the year, most actions first."""
    return [tuple(r) for r in db.execute(
        """SELECT type, count(*), coalesce(sum(people_reached), 0) FROM actions
           WHERE date >= ? AND date < ? GROUP BY type ORDER BY 2 DESC, 1""",
        [f"{year}-01-01", f"{year + 1}-01-01"])]


TOP_ACTIONS = 10


def top_actions(db: Database, year: int, limit: int = TOP_ACTIONS) -> list[dict[str, Any]]:
    """The year's actions that reached the most people: date, district, type, title, reached."""
    return [dict(r) for r in db.query(
        """SELECT date, district_id, type, title, people_reached FROM actions
           WHERE date >= ? AND date < ? ORDER BY people_reached DESC, date, id LIMIT ?""",
        [f"{year}-01-01", f"{year + 1}-01-01", limit])]


def trends_until(data: trends.Trends, year: int) -> trends.Trends:
    """The trends restricted to waves whose fieldwork started by the end of `year`."""
    keep = [i for i, w in enumerate(data.waves) if w.fieldwork_start <= f"{year}-12-31"]
    labels = {data.waves[i].label for i in keep}
    return trends.Trends(
        waves=[data.waves[i] for i in keep], periods=[data.periods[i] for i in keep],
        index={k: v for k, v in data.index.items() if k[0] in labels},
        activity={k: v for k, v in data.activity.items() if k[0] in labels},
        quiz={k: v for k, v in data.quiz.items() if k[0] in labels},
        districts=data.districts, populations=data.populations, city=data.city)


def gather(db: Database, year: int, today: date) -> ReportData:
    """Read the report's figures for `year`."""
    quiz_rows = results.attempt_rows(db, year)
    version_id = content.current_version(db)
    city_quiz = results.score_by_group(quiz_rows)
    return ReportData(
        year=year, today=today, city=reference.setting(db, "city.name", ""),
        has_demo=demo.has_demo(db), districts=reference.districts(db),
        populations=reference.latest_populations(db), geojson=reference.districts_geojson(db),
        attribution=reference.setting(db, "city.boundaries_attribution", ""),
        activity=year_activity(db, year), types=action_types(db, year),
        top_actions=top_actions(db, year),
        quiz_city=city_quiz[0] if city_quiz else None,
        quiz_districts=[g for g in results.score_by_group(quiz_rows, "district")
                        if g.group is not None],
        quiz_items=content.items_for_version(db, version_id) if version_id else [],
        quiz_reviews=reviews.last_reviews(db),
        trends=trends_until(trends.load_trends(db), year), published=published_values(),
        recognition=recognition.recognition(db, year),
        contest_figures=contest.figures(db, year), contest_winners=contest.published_winners(db, year),
        training=training.city_table(db, [x.id for x in reference.districts(db)], year),
    )
