"""The network's yearly recognition: agents' and entities' contributions in a year, naming
only those who agreed to be named (agents.consent_named = 1). Others are only counted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database


@dataclass(frozen=True)
class Recognition:
    """Named contributors (consenting), and how many more contributed without being named."""

    year: int
    named: list[dict[str, Any]]
    unnamed: int


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


def recognise(rows: list[dict[str, Any]], year: int) -> Recognition:
    """Keep consenting agents (without contact fields), most actions first; count the rest."""
    named = [{k: r[k] for k in ("id", "kind", "name", "district_id", "sector", "actions",
                                "reached", "quiz")}
             for r in rows if r["consent_named"]]
    named.sort(key=lambda r: (-r["actions"], -r["quiz"], r["name"].casefold()))
    return Recognition(year, named, sum(1 for r in rows if not r["consent_named"]))


def recognition(db: Database, year: int) -> Recognition:
    """The year's recognition list (only consenting agents named)."""
    return recognise(contribution_rows(db, year), year)


def years(db: Database) -> list[int]:
    """Years with actions or quiz completions, newest first."""
    return [int(r[0]) for r in db.execute(
        """SELECT DISTINCT y FROM (SELECT substr(date, 1, 4) AS y FROM actions
           UNION SELECT substr(finished_on, 1, 4) FROM quiz_attempts) ORDER BY 1 DESC""")]


def frame(rec: Recognition, district_names: dict[int, str], lang: str) -> Any:
    """The named contributors as a DataFrame with translated headers."""
    import pandas as pd

    from network.core import i18n

    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    return pd.DataFrame({
        t("recognition.name"): [r["name"] for r in rec.named],
        t("recognition.kind_label"): [t(f"recognition.kind.{r['kind']}") for r in rec.named],
        t("field.district"): [district_names.get(r["district_id"], "") for r in rec.named],
        t("trends.measure.actions"): [r["actions"] for r in rec.named],
        t("trends.measure.reached"): [r["reached"] for r in rec.named],
        t("trends.measure.quiz"): [r["quiz"] for r in rec.named],
    })
