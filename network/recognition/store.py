"""Recognition's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def contribution_rows(db: Database, year: int) -> list[dict[str, Any]]:
    """Per agent with any contribution in `year`: kind, district, consent flag, actions, people
    reached by those actions, counted quiz completions through the agent's link. Names are
    read here and dropped by `recognise` for agents who did not consent."""
    start, end = f"{year:04d}-01-01", f"{year + 1:04d}-01-01"
    sql = """
        WITH acts AS (
            SELECT l.agent_id, count(*) AS actions, coalesce(sum(a.people_reached), 0) AS reached
            FROM action_agents l JOIN actions a ON a.id = l.action_id
            WHERE a.date >= :start AND a.date < :end GROUP BY l.agent_id),
        quiz AS (
            SELECT agent_id, count(*) AS quiz FROM quiz_attempts
            WHERE agent_id IS NOT NULL AND flags = '' AND finished_on >= :start
              AND finished_on < :end GROUP BY agent_id)
        SELECT g.id, g.kind, g.name, g.consent_named, g.district_id, g.sector,
               coalesce(acts.actions, 0) AS actions, coalesce(acts.reached, 0) AS reached,
               coalesce(quiz.quiz, 0) AS quiz
        FROM agents g LEFT JOIN acts ON acts.agent_id = g.id LEFT JOIN quiz ON quiz.agent_id = g.id
        WHERE acts.actions IS NOT NULL OR quiz.quiz IS NOT NULL"""
    return [dict(r) for r in db.query(sql, {"start": start, "end": end})]


def years(db: Database) -> list[int]:
    """Years with actions or quiz completions, newest first."""
    return [int(r[0]) for r in db.execute(
        """SELECT DISTINCT y FROM (SELECT substr(date, 1, 4) AS y FROM actions
           UNION SELECT substr(finished_on, 1, 4) FROM quiz_attempts) ORDER BY 1 DESC""")]
