"""Shared builders for the contest's tests: a call, stories, submissions, jurors."""

from __future__ import annotations

from datetime import date

from network import contest
from network.accounts import auth
from tests.conftest import PASSWORD

OPEN_DAY = date(2025, 3, 15)
AFTER = date(2025, 5, 15)


def call(year: int = 2025, **extra) -> dict:
    return {"year": year, "opens_on": date(year, 2, 1), "closes_on": date(year, 4, 30),
            "age_groups": ["under18", "adult"], "languages": ["es", "eu"], "min_words": 20,
            "max_words": 400, "winners": 10, "rules_es": "Bases", "rules_eu": "Oinarriak",
            "rules_en": "Rules", **extra}


def story(seed: int, words: int = 40, lang: str = "es") -> str:
    base = ("Erase una vez un barrio de Bilbao donde un rumor corría por las escaleras"
            if lang == "es" else "Bazen behin Bilboko auzo bat non zurrumurru bat eskaileretan zebilen")
    tokens = base.split()
    out = [tokens[i % len(tokens)] for i in range(words - 1)]
    return " ".join(out) + f" numero{seed}"


def fields(seed: int = 1, **extra) -> dict:
    return {"title": f"Relato {seed}", "body": story(seed), "age_group": "adult", "language": "es",
            "name": f"Autora Secreta {seed}", "contact": f"autora{seed}@example.org",
            "age_band": "30_44", "district_id": None, "pseudonym": f"Seudonimo{seed}",
            "publish_as": "pseudonym", "consent_rules": True, "consent_publication": True,
            **extra}


def submit(db, contest_id: int, seed: int = 1, today: date = OPEN_DAY, **extra) -> str:
    return contest.submit(db, contest_id, fields(seed, **extra), "client-" + str(seed),
                          started_at=0.0, today=today, now=1_000_000.0 + seed)


def juror(db, name: str):
    return auth.create_user(db, None, name, PASSWORD, "jury", system=True)


def world(db, staff, works: int = 6, jurors: int = 3):
    """A call with `works` stories (half under 18) and `jurors` jurors on its jury."""
    contest_id = contest.save_call(db, staff, call())
    for i in range(works):
        group = "under18" if i % 2 else "adult"
        submit(db, contest_id, i + 1, age_group=group,
               age_band="14_17" if group == "under18" else "30_44")
    people = [juror(db, f"jury{i + 1}") for i in range(jurors)]
    contest.set_jury(db, staff, contest_id, [p.id for p in people])
    return contest_id, people
