"""The contest's operations: permission, validation, one write transaction, audit.

Who sees what: anyone reads the open call, submits and checks a receipt; a juror reads the
works of the contests they sit on with no author field at all (store.works) and scores them;
staff manage the call and the jury, follow progress, rank, confirm winners per category and
only then see the winners' authors; the public page shows published winners by the name or
pseudonym each author chose.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from network.contest import rules, store
from network.core import disclosure, guard, permissions, storage
from network.core.errors import NotFound, PermissionDenied, Problem, ValidationFailed
from network.core.permissions import User
from network.core.privacy import PUBLIC_MIN_COUNT

GUARD_KIND = "contest_work"
MIN_SECONDS = 15.0
MANAGE, JUDGE = "contest.manage", "contest.judge"


# ------------------------------------------------------------------ the call

def contests(db: Database) -> list[dict[str, Any]]:
    """Every call, newest year first (public: the call is public)."""
    return store.contests(db)


def current_contest(db: Database, today: date) -> dict[str, Any] | None:
    """The call to show the public: the one open today, else the next to open, else the last."""
    all_calls = store.contests(db)
    day = today.isoformat()
    for c in all_calls:
        if c["opens_on"] <= day <= c["closes_on"]:
            return c
    upcoming = [c for c in all_calls if c["opens_on"] > day]
    if upcoming:
        return min(upcoming, key=lambda c: c["opens_on"])
    return all_calls[0] if all_calls else None


def save_call(db: Database, user: User | None, call: dict[str, Any]) -> int:
    """Create or update the call of call['year'] (staff); returns the contest's id."""
    permissions.require(user, MANAGE)
    problems = rules.call_problems(call)
    if problems:
        raise ValidationFailed(problems)
    row = {"year": call["year"], "opens_on": call["opens_on"].isoformat(),
           "closes_on": call["closes_on"].isoformat(),
           "age_groups": [g for g in rules.AGE_GROUPS if g in call["age_groups"]],
           "languages": [g for g in rules.LANGUAGES if g in call["languages"]],
           "min_words": call["min_words"], "max_words": call["max_words"],
           "winners": call["winners"],
           **{f"rules_{lang}": (call.get(f"rules_{lang}") or "").strip()
              for lang in ("es", "eu", "en")}}

    def write(d: Database) -> int:
        contest_id = store.save_contest(d, row)
        permissions.audit(d, user, "save", "contests", contest_id)
        return contest_id

    return storage.write(db, write)


def set_jury(db: Database, user: User | None, contest_id: int, user_ids: list[int]) -> None:
    """The contest's jurors (accounts with the jury role)."""
    permissions.require(user, MANAGE)
    _contest(db, contest_id)
    eligible = {a["id"] for a in store.jury_accounts(db)}
    if set(user_ids) - eligible:
        raise ValidationFailed([Problem("contest_jury", "contest.error.not_juror")])

    def write(d: Database) -> None:
        store.set_jurors(d, contest_id, sorted(set(user_ids)))
        permissions.audit(d, user, "jury", "contests", contest_id)

    storage.write(db, write)


def jurors(db: Database, contest_id: int) -> list[dict[str, Any]]:
    return store.jurors(db, contest_id)


def jury_accounts(db: Database, user: User | None) -> list[dict[str, Any]]:
    permissions.require(user, MANAGE)
    return store.jury_accounts(db)


def _contest(db: Database, contest_id: int) -> dict[str, Any]:
    found = store.contest(db, contest_id)
    if found is None:
        raise NotFound()
    return found


# ------------------------------------------------------------------ submission (public)

def submit(db: Database, contest_id: int, fields: dict[str, Any], client_hash: str,
           started_at: float, honeypot: str = "", today: date | None = None,
           now: float | None = None, rng: random.Random | None = None) -> str:
    """Store a work with its author and pseudonym, whole or not at all; returns the receipt.
    Refused (nothing stored) outside the dates, over the limits, or when the same text (after
    normalisation) is already in this contest. The abuse guards' flags hold a work back from
    the jury and the figures without telling a bot so."""
    today = today or date.today()
    now = time.time() if now is None else now
    body = rules.clean_text(fields.get("body") or "")
    work = {**fields, "body": body,
            **{k: rules.clean_line(fields.get(k) or "")
               for k in ("title", "name", "contact", "pseudonym")}}

    def write(d: Database) -> str:
        contest = _contest(d, contest_id)
        problems = rules.submission_problems(work, contest, today)
        district = work.get("district_id")
        if district is not None and not d.execute("SELECT 1 FROM districts WHERE id = ?",
                                                   [district]).fetchone():
            problems.append(Problem("district", "error.unknown_district", {"value": district}))
        digest = rules.text_hash(body)
        if body.strip() and store.hash_taken(d, contest_id, digest):
            problems.append(Problem("contest_body", "contest.error.duplicate"))
        if problems:
            raise ValidationFailed(problems)
        flags = guard.submission_flags(d, GUARD_KIND, client_hash, started_at, honeypot,
                                       MIN_SECONDS, now)
        receipt = rules.receipt_code(rng)
        while store.receipt_taken(d, receipt):
            receipt = rules.receipt_code(rng)
        store.insert_work(
            d,
            {"contest_id": contest_id, "receipt": receipt, "title": work["title"], "body": body,
             "words": rules.word_count(body), "text_hash": digest,
             "age_group": work["age_group"], "language": work["language"],
             "source": work.get("source") or "pasted", "flags": ",".join(flags),
             "submitted_at": datetime.fromtimestamp(now).strftime("%Y-%m-%dT%H:%M:%S")},
            {"name": work["name"], "contact": work["contact"],
             "age_band": work["age_band"], "district_id": district,
             "consent_rules": 1, "consent_publication": 1, "publish_as": work["publish_as"]},
            work["pseudonym"])
        return receipt

    return storage.write(db, write)


def status(db: Database, code: str) -> dict[str, Any] | None:
    """What a receipt's holder may know: year, title, category, date and where it stands
    ('received', 'in_review', 'winner', 'not_selected')."""
    row = store.work_by_receipt(db, rules.normal_receipt(code))
    if row is None:
        return None
    if row["published_at"]:
        state = "winner" if row["winner"] else "not_selected"
    else:
        state = "in_review" if row["closes_on"] < date.today().isoformat() else "received"
    return {"year": row["year"], "title": row["title"], "age_group": row["age_group"],
            "language": row["language"], "submitted_at": row["submitted_at"], "state": state}


# ------------------------------------------------------------------ the blind jury

def juror_contests(db: Database, juror: User | None) -> list[dict[str, Any]]:
    """The unpublished contests the juror sits on, newest first."""
    permissions.require(juror, JUDGE)
    return [c for c in store.contests(db)
            if not c["published_at"] and store.is_juror(db, c["id"], juror.id)]


def _require_juror(db: Database, juror: User | None, contest_id: int) -> dict[str, Any]:
    permissions.require(juror, JUDGE)
    contest = _contest(db, contest_id)
    if not store.is_juror(db, contest_id, juror.id):
        raise PermissionDenied(capability=JUDGE)
    return contest


def juror_queue(db: Database, juror: User | None, contest_id: int) -> list[dict[str, Any]]:
    """The works this juror reads, in their fixed random order, with no author data: id,
    position, title, body, words, category, language and the juror's own score if any.
    Works the juror declared a conflict on are left out."""
    _require_juror(db, juror, contest_id)
    works = {w["id"]: w for w in store.works(db, contest_id)}
    excluded = {c["work_id"] for c in store.conflicts(db, contest_id) if c["juror_id"] == juror.id}
    mine = store.juror_scores(db, contest_id, juror.id)
    order = rules.juror_order([w for w in works if w not in excluded], juror.id, contest_id)
    keep = ("id", "title", "body", "words", "age_group", "language")
    return [{**{k: works[w][k] for k in keep}, "position": i + 1, "score": mine.get(w)}
            for i, w in enumerate(order)]


def score(db: Database, juror: User | None, work_id: int, scores: dict[str, Any],
          comment: str = "") -> None:
    """Record (or replace) the juror's rubric scores and comment for a work."""
    work = store.work(db, work_id)
    if work is None or work["flags"]:
        raise NotFound()
    contest = _require_juror(db, juror, work["contest_id"])
    if contest["published_at"]:
        raise ValidationFailed([Problem("contest_work", "contest.error.published")])
    problems = rules.score_problems(scores, comment)
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> None:
        if d.execute("SELECT 1 FROM contest_conflicts WHERE work_id = ? AND juror_id = ?",
                     [work_id, juror.id]).fetchone():
            raise ValidationFailed([Problem("contest_work", "contest.error.conflicted")])
        store.upsert_score(d, {"work_id": work_id, "juror_id": juror.id,
                               **{c: scores[c] for c in rules.CRITERIA},
                               "comment": (comment or "").strip()})
        permissions.audit(d, juror, "score", "contest_works", work_id)

    storage.write(db, write)


def declare_conflict(db: Database, juror: User | None, work_id: int) -> None:
    """The juror knows the author or has another interest: they leave this work (any score
    they gave it is withdrawn)."""
    work = store.work(db, work_id)
    if work is None:
        raise NotFound()
    _require_juror(db, juror, work["contest_id"])

    def write(d: Database) -> None:
        store.declare_conflict(d, work_id, juror.id)
        permissions.audit(d, juror, "conflict", "contest_works", work_id)

    storage.write(db, write)


def jury_packet(db: Database, juror: User | None, contest_id: int, lang: str) -> str:
    """The juror's works as one plain-text file, in their order (to read offline)."""
    from network.core import i18n

    contest = _require_juror(db, juror, contest_id)
    parts = [i18n.translate("contest.packet_title", lang, year=contest["year"])]
    for w in juror_queue(db, juror, contest_id):
        parts.append(f"\n\n{'=' * 60}\n{w['position']}. {w['title']}\n"
                     f"{i18n.translate('contest.age_group.' + w['age_group'], lang)} · "
                     f"{i18n.translate('contest.language.' + w['language'], lang)} · "
                     f"{i18n.translate('contest.words', lang, n=w['words'])}\n\n{w['body']}")
    return "".join(parts) + "\n"


# ------------------------------------------------------------------ staff: progress, selection

def progress(db: Database, user: User | None, contest_id: int) -> list[dict[str, Any]]:
    """Per juror: works to read (unflagged, minus conflicts), scored, conflicts declared."""
    permissions.require(user, MANAGE)
    works = {w["id"] for w in store.works(db, contest_id)}
    scored, conflicted = {}, {}
    for s in store.scores(db, contest_id):
        scored[s["juror_id"]] = scored.get(s["juror_id"], 0) + 1
    for c in store.conflicts(db, contest_id):
        if c["work_id"] in works:
            conflicted[c["juror_id"]] = conflicted.get(c["juror_id"], 0) + 1
    return [{"juror": j["username"], "to_read": len(works) - conflicted.get(j["id"], 0),
             "scored": scored.get(j["id"], 0), "conflicts": conflicted.get(j["id"], 0)}
            for j in store.jurors(db, contest_id)]


def held_works(db: Database, user: User | None, contest_id: int) -> list[dict[str, Any]]:
    """Works the abuse guards held back (honeypot, too fast, throttled), for staff to check."""
    permissions.require(user, MANAGE)
    return store.held_works(db, contest_id)


def admit(db: Database, user: User | None, work_id: int) -> None:
    """Staff let a held work through to the jury and the figures (a person, not a bot)."""
    permissions.require(user, MANAGE)
    if store.work(db, work_id) is None:
        raise NotFound()

    def write(d: Database) -> None:
        store.admit(d, work_id)
        permissions.audit(d, user, "admit", "contest_works", work_id)

    storage.write(db, write)


def ranking(db: Database, user: User | None, contest_id: int) -> tuple[list[dict[str, Any]],
                                                                       list[str]]:
    """The ranked works per category (no author data; ranks within the category, z-scores
    over each juror's whole reading), and the usernames of jurors left out of the
    normalisation (one score, or all scores equal)."""
    permissions.require(user, MANAGE)
    works = {w["id"]: w for w in store.works(db, contest_id)}
    result = rules.rank(store.scores(db, contest_id), works)
    winners = {w["work_id"] for w in store.winners(db, contest_id)}
    names = {j["id"]: j["username"] for j in store.jurors(db, contest_id)}
    rows = []
    for group in rules.AGE_GROUPS:  # ranks within each category (values are contest-wide)
        mine = {r.work_id: r for r in result.works if works[r.work_id]["age_group"] == group}
        for work_id, (place, tied) in rules.places({w: r.value for w, r in mine.items()}).items():
            r = mine[work_id]
            rows.append({"work_id": work_id, "rank": place, "tied": tied, "value": r.value,
                         "raw_mean": r.raw_mean, "scores": r.scores,
                         "title": works[work_id]["title"], "age_group": group,
                         "language": works[work_id]["language"], "winner": work_id in winners})
    return rows, [names.get(j, str(j)) for j in result.left_out]


def confirm_winners(db: Database, user: User | None, contest_id: int, age_group: str,
                    work_ids: list[int], today: date | None = None) -> None:
    """Staff confirm a category's winners (after the call closed). The contest's number of
    winners bounds all categories together."""
    permissions.require(user, MANAGE)
    today = today or date.today()
    contest = _contest(db, contest_id)
    works = {w["id"]: w for w in store.works(db, contest_id)}
    problems = []
    if contest["closes_on"] >= today.isoformat():
        problems.append(Problem("contest_contest", "contest.error.still_open"))
    if contest["published_at"]:
        problems.append(Problem("contest_contest", "contest.error.published"))
    if age_group not in contest["age_groups"]:
        problems.append(Problem("contest_age_group", "contest.error.category"))
    if not work_ids or any(works.get(w, {}).get("age_group") != age_group for w in work_ids):
        problems.append(Problem("contest_winners", "contest.error.winner_category"))
    others = [w for w in store.winners(db, contest_id) if w["age_group"] != age_group]
    if len(others) + len(set(work_ids)) > contest["winners"]:
        problems.append(Problem("contest_winners", "contest.error.too_many_winners",
                                {"max": contest["winners"]}))
    if problems:
        raise ValidationFailed(problems)

    def write(d: Database) -> None:
        store.confirm_winners(d, contest_id, age_group, sorted(set(work_ids)), user.id)
        permissions.audit(d, user, "confirm", "contests", contest_id)

    storage.write(db, write)


def winner_authors(db: Database, user: User | None, contest_id: int) -> list[dict[str, Any]]:
    """The authors of confirmed winners (staff only; other works stay anonymous)."""
    permissions.require(user, MANAGE)
    return store.winner_authors(db, contest_id)


def publish(db: Database, user: User | None, contest_id: int, published: bool = True,
            now: datetime | None = None) -> None:
    """Put the winners on the public page (or take them down)."""
    permissions.require(user, MANAGE)
    _contest(db, contest_id)
    if published and not store.confirmed_groups(db, contest_id):
        raise ValidationFailed([Problem("contest_contest", "contest.error.nothing_confirmed")])
    stamp = (now or datetime.now()).strftime("%Y-%m-%dT%H:%M:%S") if published else None

    def write(d: Database) -> None:
        store.set_published(d, contest_id, stamp)
        permissions.audit(d, user, "publish" if published else "unpublish", "contests",
                          contest_id)

    storage.write(db, write)


# ------------------------------------------------------------------ public: winners, figures

def published_years(db: Database) -> list[int]:
    return [c["year"] for c in store.contests(db) if c["published_at"]]


def published_winners(db: Database, year: int) -> list[dict[str, Any]]:
    """A published year's winning stories: title, byline as consented, category, language,
    text. Nothing else about the authors."""
    contest = store.contest_for_year(db, year)
    if contest is None or not contest["published_at"]:
        return []
    return [{"title": w["title"], "byline": rules.byline(w), "age_group": w["age_group"],
             "language": w["language"], "body": w["body"]}
            for w in store.winner_authors(db, contest["id"])]


DIMENSIONS = ("age_group", "language", "district_id", "age_band")
_VOCAB = {"age_group": rules.AGE_GROUPS, "language": rules.LANGUAGES, "age_band": rules.AGE_BANDS}


def _order(dimension: str, value: Any) -> tuple:
    """Vocabulary order (categories, bands), districts by id, 'not given' last."""
    known = _VOCAB.get(dimension, ())
    return (value is None, known.index(value) if value in known else 0,
            value if isinstance(value, int) else 0)


def figures(db: Database, year: int | None = None) -> list[dict[str, Any]]:
    """Submissions per year and per category, language, district and age band, with small
    counts hidden (fewer than PUBLIC_MIN_COUNT) and complementary cells hidden so none can be
    recovered from the year's total. Rows: year, dimension, value, n (None: hidden), why."""
    rows = store.figure_rows(db)
    years = sorted({r["year"] for r in rows}, reverse=True)
    out = []
    for y in years if year is None else [year]:
        mine = [r for r in rows if r["year"] == y]
        if not mine:
            continue
        total = len(mine)
        out.append({"year": y, "dimension": "total", "value": None,
                    "n": None if 0 < total < PUBLIC_MIN_COUNT else total,
                    "why": disclosure.PRIMARY if 0 < total < PUBLIC_MIN_COUNT else ""})
        if 0 < total < PUBLIC_MIN_COUNT:
            continue
        for dim, counts in rules.partitions(mine, DIMENSIONS).items():
            hidden = disclosure.hide(counts, PUBLIC_MIN_COUNT, total_shown=True)
            if disclosure.exposed(counts, hidden, PUBLIC_MIN_COUNT):
                continue  # every cell hidden and still pinned by the total: no breakdown
            for value in sorted(counts, key=lambda v, d=dim: _order(d, v)):
                out.append({"year": y, "dimension": dim, "value": value,
                            "n": None if value in hidden else counts[value],
                            "why": hidden.get(value, "")})
    return out
