"""The rumour catalogue: the rumours that circulate (with data and values-based arguments
against each), where they are heard, the actions that answer them, and whether the quiz and
the barometer show those perceptions moving."""

from network.rumours.board import Board, board_for, build
from network.rumours.rules import (
    CHANNELS,
    FEEDBACK,
    FREQUENCIES,
    LANGS,
    STATUSES,
    THEMES,
    personal_data,
)
from network.rumours.service import (
    add_fact,
    add_theme,
    barometer_codes,
    check_action_rumours,
    close_out,
    delete_fact,
    give_feedback,
    quiz_codes,
    report_heard,
    report_heard_public,
    save_rumour,
    set_status,
    theme_codes,
    triage,
)
from network.rumours.store import (
    action_rumour_ids,
    closeout,
    code_ids,
    codes_by_action,
    district_actions,
    facts,
    feedback_actions,
    feedback_summary,
    get_rumour,
    recent_heard,
    reports_through_link,
    rumours,
    save_action_rumours,
    themes,
    untriaged,
)

__all__ = [
    "Board", "CHANNELS", "FEEDBACK", "FREQUENCIES", "LANGS", "STATUSES", "THEMES",
    "action_rumour_ids", "add_fact", "add_theme", "barometer_codes", "board_for", "build",
    "check_action_rumours", "close_out", "closeout", "code_ids", "codes_by_action", "delete_fact",
    "district_actions", "facts", "feedback_actions", "feedback_summary", "get_rumour",
    "give_feedback", "personal_data", "quiz_codes", "recent_heard", "report_heard",
    "report_heard_public", "reports_through_link", "rumours",
    "save_action_rumours", "save_rumour", "set_status", "theme_codes", "themes", "triage",
    "untriaged",
]
