"""Pure rules of the short-story contest: the call's limits, a work's text (words, duplicates),
receipt codes, the jury's order and the ranking from normalised scores.

Ranking method. Each juror's score of a work is the mean of the rubric's three criteria
(literary quality, clarity of the anti-rumour message, originality; 1-10 each). Within each
juror the scores are standardised (z = (score - juror's mean) / juror's standard deviation,
population form), so a harsh or a generous juror moves no work up or down by their scale
alone; a work's ranking value is the mean of its z-scores. A juror with a single score, or
whose scores are all equal (zero variance), says nothing about how works compare: their
scores are left out of the normalised mean (and listed as such); a work that only such
jurors scored has no ranking value and is listed after the ranked ones. Works with equal
values (to 1e-9) share a rank and are marked tied.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from network.core.errors import Problem

AGE_GROUPS = ("under18", "adult")  # the call's categories
LANGUAGES = ("es", "eu")  # the works' languages
AGE_BANDS = ("under14", "14_17", "18_29", "30_44", "45_64", "65plus")
UNDER18_BANDS = frozenset({"under14", "14_17"})
PUBLISH_AS = ("name", "pseudonym")
CRITERIA = ("quality", "clarity", "originality")
SCORE_MIN, SCORE_MAX = 1, 10
DEFAULT_WINNERS = 10
DEFAULT_MIN_WORDS, DEFAULT_MAX_WORDS = 300, 2500
MAX_TITLE, MAX_NAME, MAX_CONTACT, MAX_PSEUDONYM = 150, 120, 160, 80
MAX_COMMENT, MAX_RULES = 2000, 20000
MAX_BODY_CHARS = 60000
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TIE_EPS = 1e-9
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ------------------------------------------------------------------ text of a work

def clean_text(text: str) -> str:
    """A work's text as stored: Unicode NFC, newlines unified, control characters removed,
    trailing spaces of lines and blank lines at both ends dropped."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def clean_line(text: str) -> str:
    """A one-line field as stored (title, name, contact, pseudonym): NFC, line breaks and tabs
    as spaces, other control characters removed (XML, hence EPUB, cannot hold them), trimmed."""
    text = unicodedata.normalize("NFC", text or "")
    return _CONTROL.sub("", re.sub(r"[\t\n\r]+", " ", text)).strip()


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, joined by - or an apostrophe
    ("egun-argia", "l'aigua" count once)."""
    return len(_WORD.findall(text or ""))


def normalised(text: str) -> str:
    """The text with case, accents' composition, spacing and punctuation ignored, so a copy
    re-typed with other line breaks or quotes is the same work."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_WORD.findall(folded))


def text_hash(text: str) -> str:
    """SHA-256 of the normalised text (duplicates are refused on it)."""
    return hashlib.sha256(normalised(text).encode()).hexdigest()


def receipt_code(rng: random.Random | None = None) -> str:
    """A receipt like 'K7QM-2XPA' (32 symbols, no 0/O/1/I: 40 bits)."""
    pick = (rng.choice if rng else secrets.choice)
    raw = "".join(pick(RECEIPT_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normal_receipt(code: str) -> str:
    """A receipt as typed (any case, spaces, missing dash) in its stored form."""
    raw = re.sub(r"[^A-Za-z0-9]", "", code or "").upper()
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


# ------------------------------------------------------------------ the call

def call_problems(call: Mapping[str, Any]) -> list[Problem]:
    """What is wrong with a call (year, dates, categories, limits, winners, rules texts)."""
    problems = []
    year = call.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append(Problem("contest_year", "contest.error.year"))
    opens, closes = call.get("opens_on"), call.get("closes_on")
    if not isinstance(opens, date) or not isinstance(closes, date) or closes < opens:
        problems.append(Problem("contest_closes_on", "contest.error.dates"))
    if not call.get("age_groups") or set(call["age_groups"]) - set(AGE_GROUPS):
        problems.append(Problem("contest_age_groups", "contest.error.categories"))
    if not call.get("languages") or set(call["languages"]) - set(LANGUAGES):
        problems.append(Problem("contest_languages", "contest.error.languages"))
    lo, hi = call.get("min_words"), call.get("max_words")
    if not isinstance(lo, int) or not isinstance(hi, int) or lo < 1 or hi < lo or hi > 20000:
        problems.append(Problem("contest_max_words", "contest.error.word_limits"))
    winners = call.get("winners")
    if not isinstance(winners, int) or not 1 <= winners <= 100:
        problems.append(Problem("contest_winners", "contest.error.winners"))
    for lang in ("es", "eu", "en"):
        if len(call.get(f"rules_{lang}") or "") > MAX_RULES:
            problems.append(Problem(f"contest_rules_{lang}", "contest.error.too_long",
                                    {"max": MAX_RULES}))
    return problems


def is_open(opens_on: str, closes_on: str, today: date) -> bool:
    """Submissions are accepted from the opening to the closing day, both included."""
    return opens_on <= today.isoformat() <= closes_on


# ------------------------------------------------------------------ a submission

def submission_problems(work: Mapping[str, Any], contest: Mapping[str, Any],
                        today: date) -> list[Problem]:
    """Everything wrong with a submission against its call (dates, categories, limits,
    required fields, consents, age band against category)."""
    problems = []
    if not is_open(contest["opens_on"], contest["closes_on"], today):
        problems.append(Problem("contest_contest", "contest.error.closed",
                                {"opens": contest["opens_on"], "closes": contest["closes_on"]}))
    title = (work.get("title") or "").strip()
    if not title:
        problems.append(Problem("contest_title", "contest.error.required"))
    elif len(title) > MAX_TITLE:
        problems.append(Problem("contest_title", "contest.error.too_long", {"max": MAX_TITLE}))
    body = work.get("body") or ""
    words = word_count(body)
    if not body.strip():
        problems.append(Problem("contest_body", "contest.error.no_text"))
    elif len(body) > MAX_BODY_CHARS or words > contest["max_words"]:
        problems.append(Problem("contest_body", "contest.error.too_many_words",
                                {"n": words, "max": contest["max_words"]}))
    elif words < contest["min_words"]:
        problems.append(Problem("contest_body", "contest.error.too_few_words",
                                {"n": words, "min": contest["min_words"]}))
    if work.get("age_group") not in contest["age_groups"]:
        problems.append(Problem("contest_age_group", "contest.error.category"))
    if work.get("language") not in contest["languages"]:
        problems.append(Problem("contest_language", "contest.error.language"))
    name = (work.get("name") or "").strip()
    if not name:
        problems.append(Problem("contest_name", "contest.error.required"))
    elif len(name) > MAX_NAME:
        problems.append(Problem("contest_name", "contest.error.too_long", {"max": MAX_NAME}))
    contact = (work.get("contact") or "").strip()
    if not contact:
        problems.append(Problem("contest_contact", "contest.error.required"))
    elif len(contact) > MAX_CONTACT:
        problems.append(Problem("contest_contact", "contest.error.too_long", {"max": MAX_CONTACT}))
    band = work.get("age_band")
    if band not in AGE_BANDS:
        problems.append(Problem("contest_age_band", "contest.error.required"))
    elif work.get("age_group") in AGE_GROUPS and (band in UNDER18_BANDS) != (
            work.get("age_group") == "under18"):
        problems.append(Problem("contest_age_band", "contest.error.band_category"))
    pseudonym = (work.get("pseudonym") or "").strip()
    if len(pseudonym) > MAX_PSEUDONYM:
        problems.append(Problem("contest_pseudonym", "contest.error.too_long", {"max": MAX_PSEUDONYM}))
    if work.get("publish_as") not in PUBLISH_AS:
        problems.append(Problem("contest_publish_as", "contest.error.required"))
    elif work.get("publish_as") == "pseudonym" and not pseudonym:
        problems.append(Problem("contest_pseudonym", "contest.error.pseudonym_needed"))
    if not work.get("consent_rules"):
        problems.append(Problem("contest_consent_rules", "contest.error.consent_rules"))
    if not work.get("consent_publication"):
        problems.append(Problem("contest_consent_publication", "contest.error.consent_publication"))
    return problems


def byline(author: Mapping[str, Any]) -> str:
    """The name a winning story is published under, as its author consented."""
    if author.get("publish_as") == "pseudonym" and (author.get("pseudonym") or "").strip():
        return author["pseudonym"].strip()
    return (author.get("name") or "").strip()


# ------------------------------------------------------------------ the jury

def score_problems(scores: Mapping[str, Any], comment: str) -> list[Problem]:
    """Each criterion a whole number from 1 to 10; the comment within its length."""
    problems = []
    for c in CRITERIA:
        v = scores.get(c)
        if isinstance(v, bool) or not isinstance(v, int) or not SCORE_MIN <= v <= SCORE_MAX:
            problems.append(Problem(f"contest_{c}", "contest.error.score", {"min": SCORE_MIN,
                                                                "max": SCORE_MAX}))
    if len(comment or "") > MAX_COMMENT:
        problems.append(Problem("contest_comment", "contest.error.too_long", {"max": MAX_COMMENT}))
    return problems


def juror_order(work_ids: Iterable[int], juror_id: int, contest_id: int) -> list[int]:
    """The works in a fixed random order for this juror and contest (the same on every visit,
    different between jurors, so no work is always read first or last)."""
    ids = sorted(work_ids)
    random.Random(f"contest:{contest_id}:juror:{juror_id}").shuffle(ids)
    return ids


def total(score: Mapping[str, Any]) -> float:
    """A juror's score of a work: the mean of the rubric's criteria."""
    return sum(score[c] for c in CRITERIA) / len(CRITERIA)


@dataclass(frozen=True)
class Ranked:
    """A work's place: its ranking value (mean z), rank (None: unranked), tie, counts."""

    work_id: int
    value: float | None
    rank: int | None
    tied: bool
    scores: int  # jurors' scores counted in the value
    raw_mean: float | None  # mean of the raw scores (all jurors), for reference


@dataclass(frozen=True)
class Ranking:
    works: list[Ranked]
    left_out: list[int] = field(default_factory=list)  # jurors with one score or no variance


def rank(scores: Iterable[Mapping[str, Any]], work_ids: Iterable[int] = ()) -> Ranking:
    """Rank works from rows {work_id, juror_id, quality, clarity, originality} (see the
    module's docstring for the method); `work_ids` adds works nobody scored (unranked)."""
    by_juror: dict[int, list[tuple[int, float]]] = {}
    raw: dict[int, list[float]] = {w: [] for w in work_ids}
    for s in scores:
        value = total(s)
        by_juror.setdefault(s["juror_id"], []).append((s["work_id"], value))
        raw.setdefault(s["work_id"], []).append(value)
    z: dict[int, list[float]] = {w: [] for w in raw}
    left_out = []
    for juror, rows in sorted(by_juror.items()):
        values = [v for _, v in rows]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        if len(values) < 2 or sd < TIE_EPS:
            left_out.append(juror)
            continue
        for work, v in rows:
            z[work].append((v - mean) / sd)
    values = {w: (sum(zs) / len(zs) if zs else None) for w, zs in z.items()}
    out = [Ranked(w, values[w], rank_, tied, len(z[w]), _mean(raw[w]))
           for w, (rank_, tied) in places(values).items()]
    return Ranking(out, left_out)


def places(values: Mapping[int, float | None]) -> dict[int, tuple[int | None, bool]]:
    """Rank and tie flag per work, best value first (equal values to 1e-9 share the rank:
    1, =2, =2, 4); works without a value come last, unranked. Ordered as ranked."""
    ranked = sorted((w for w in values if values[w] is not None), key=lambda w: (-values[w], w))
    out: dict[int, tuple[int | None, bool]] = {}
    place = 0
    for i, w in enumerate(ranked):
        if i == 0 or values[ranked[i - 1]] - values[w] > TIE_EPS:
            place = i + 1
        near = (ranked[j] for j in (i - 1, i + 1) if 0 <= j < len(ranked))
        out[w] = (place, any(abs(values[o] - values[w]) <= TIE_EPS for o in near))
    for w in sorted(w for w in values if values[w] is None):
        out[w] = (None, False)
    return out


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


# ------------------------------------------------------------------ figures

def partitions(rows: Iterable[Mapping[str, Any]],
               dims: tuple[str, ...] = ("age_group", "language", "district_id", "age_band")
               ) -> dict[str, dict[Any, int]]:
    """Submission counts per value of each dimension (None counts as 'not given')."""
    out: dict[str, dict[Any, int]] = {d: {} for d in dims}
    for r in rows:
        for d in dims:
            out[d][r.get(d)] = out[d].get(r.get(d), 0) + 1
    return out
