"""The trends' named SQL queries: dated actions, quiz completions and agents' activity."""

from __future__ import annotations

from typing import Any


def action_events(db: Any) -> list[dict[str, Any]]:
    """One event per action: date, district, actions = 1, people reached."""
    return [{"date": d, "district_id": dist, "actions": 1, "reached": reached}
            for d, dist, reached in db.execute(
                "SELECT date, district_id, people_reached FROM actions")]


def quiz_events(db: Any) -> list[dict[str, Any]]:
    """One event per counted quiz completion: date, respondent's district, score, gap."""
    return [{"date": d, "district_id": dist, "quiz": 1, "score": score, "gap": gap}
            for d, dist, score, gap in db.execute(
                """SELECT finished_on, district_id, 1.0 * score / max_score, mean_abs_gap
                   FROM quiz_attempts WHERE flags = ''""")]


def agent_events(db: Any) -> list[dict[str, Any]]:
    """One row per (action, agent involved): date, the action's district, agent id."""
    return [{"date": d, "district_id": dist, "agent_id": agent}
            for d, dist, agent in db.execute(
                """SELECT a.date, a.district_id, l.agent_id
                   FROM action_agents l JOIN actions a ON a.id = l.action_id""")]
