"""The page registry: which pages exist, where they sit, and who may see them."""

from __future__ import annotations

from typing import NamedTuple

from network import permissions
from network.permissions import User


class PageSpec(NamedTuple):
    path: str
    title_key: str
    icon: str
    url_path: str
    capability: str | None  # None: public
    section_key: str


PAGES: list[PageSpec] = [
    # Public
    PageSpec("pages/overview.py", "nav.overview", ":material/home:", "overview", None,
             "nav.public"),
    PageSpec("pages/map.py", "nav.map", ":material/map:", "map", None, "nav.public"),
    PageSpec("pages/quiz.py", "quiz.nav.take", ":material/quiz:", "quiz", None, "nav.public"),
    PageSpec("pages/survey.py", "barometer.nav.survey", ":material/ballot:", "survey", None,
             "nav.public"),
    PageSpec("pages/accessibility.py", "a11y.nav", ":material/accessibility_new:", "accessibility",
             None, "nav.public"),
    # The network's work
    PageSpec("pages/actions.py", "nav.actions", ":material/event_note:", "actions",
             "action.write", "nav.network"),
    PageSpec("pages/agents.py", "nav.agents", ":material/groups:", "agents", "agent.view",
             "nav.network"),
    PageSpec("pages/district.py", "nav.district", ":material/monitoring:", "district",
             "district.dashboard", "nav.network"),
    PageSpec("pages/quiz_share.py", "quiz.nav.share", ":material/qr_code_2:", "quiz_share",
             "quiz.share", "nav.network"),
    PageSpec("pages/quiz_results.py", "quiz.nav.results", ":material/insights:", "quiz_results",
             "quiz.results", "nav.network"),
    PageSpec("pages/barometer.py", "barometer.nav.charts", ":material/bar_chart:", "barometer",
             "barometer.view", "nav.network"),
    PageSpec("pages/trends.py", "trends.nav", ":material/query_stats:", "trends", "trends.view",
             "nav.network"),
    PageSpec("pages/recognition.py", "recognition.nav", ":material/military_tech:", "recognition",
             "recognition.view", "nav.network"),
    PageSpec("pages/report.py", "report.nav", ":material/summarize:", "report", "report.build",
             "nav.network"),
    # Administration
    PageSpec("pages/quiz_editor.py", "quiz.nav.editor", ":material/edit_note:", "quiz_editor",
             "quiz.edit", "nav.admin"),
    PageSpec("pages/barometer_admin.py", "barometer.nav.admin", ":material/edit_calendar:",
             "barometer-admin", "barometer.manage", "nav.admin"),
    PageSpec("pages/reference.py", "nav.reference", ":material/database:", "reference",
             "reference.edit", "nav.admin"),
    PageSpec("pages/users.py", "nav.users", ":material/manage_accounts:", "users",
             "users.manage", "nav.admin"),
]


def visible(user: User | None) -> list[str]:
    """URL paths of the pages this user sees in the navigation."""
    return [p.url_path for p in PAGES
            if p.capability is None or permissions.allowed(user, p.capability)]
