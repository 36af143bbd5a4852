"""The anti-rumour short-story contest: the call, public submission, the blind jury, the
selection of winners, publication (page, HTML and EPUB booklet) and figures."""

from network.contest import booklet, files, rules, service, views
from network.contest.service import (
    confirm_winners,
    contests,
    current_contest,
    declare_conflict,
    figures,
    juror_contests,
    juror_queue,
    jury_packet,
    progress,
    publish,
    published_winners,
    published_years,
    ranking,
    save_call,
    score,
    set_jury,
    status,
    submit,
    winner_authors,
)

__all__ = ["booklet", "confirm_winners", "contests", "current_contest", "declare_conflict",
           "figures", "files", "juror_contests", "juror_queue", "jury_packet", "progress",
           "publish", "published_winners", "published_years", "ranking", "rules", "save_call",
           "score", "service", "set_jury", "status", "submit", "views", "winner_authors"]
