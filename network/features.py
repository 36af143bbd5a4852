"""The feature registry: one row per feature, naming everything it adds outside its own package.

A new feature adds its package under network/, its pages under pages/, and one `Feature` row
here: its migration set, its demo generator, its capabilities (and which of them a coordinator
holds only for their own districts), its command-line commands, its pages and the handlers that
re-derive its data when another feature's write announces a change (network/core/events.py). Nothing else is
edited by hand: the migrations runner, the demo generator, the permission table, the command
line and the navigation all read this table (tests/test_features.py fails when a part is
missing or unused).

The rows are plain data (module paths as strings), so reading the registry imports no feature.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils.migrations import Migrations

from network.core import events, permissions

STAFF = frozenset({"admin", "staff"})
NETWORK = frozenset({"admin", "staff", "coordinator"})


@dataclass(frozen=True)
class PageSpec:
    """A page of the app: its script, title, icon, URL, who sees it (None: everyone), section."""

    path: str
    title_key: str
    icon: str
    url_path: str
    capability: str | None
    section_key: str
    position: int  # order in the navigation, across features


@dataclass(frozen=True)
class Feature:
    """What a feature adds outside its package (module paths as "module:attribute")."""

    name: str
    migrations: str | None = None
    demo: str | None = None
    capabilities: dict[str, frozenset[str]] = field(default_factory=dict)
    district_scoped: frozenset[str] = frozenset()
    cli: tuple[str, ...] = ()  # command paths, e.g. "export actions"
    pages: tuple[PageSpec, ...] = ()
    handlers: dict[str, str] = field(default_factory=dict)  # event -> "module:function"


def _page(path: str, title: str, icon: str, url: str, capability: str | None, section: str,
          position: int) -> PageSpec:
    return PageSpec(f"pages/{path}", title, f":material/{icon}:", url, capability,
                    f"nav.{section}", position)


FEATURES: tuple[Feature, ...] = (
    Feature("core", migrations="network.core.schema:core",
            cli=("init", "check", "backup", "serve")),
    Feature("demo", demo="network.demo.core",
            cli=("demo remove",)),
    # After "demo": its demo records consents for the demo agents.
    Feature("accounts", migrations="network.accounts.schema:migrations",
            demo="network.demo.accounts",
            capabilities={"users.manage": frozenset({"admin"}),
                          "account.self": frozenset({"admin", "staff", "coordinator", "agent"}),
                          "privacy.manage": frozenset({"admin", "coordinator"}),
                          "privacy.audit": frozenset({"admin"})},
            district_scoped=frozenset({"privacy.manage"}),
            cli=("user add", "user list", "privacy export", "privacy erase", "privacy purge"),
            pages=(_page("users.py", "nav.users", "manage_accounts", "users", "users.manage",
                         "admin", 170),
                   _page("account_admin.py", "accounts.nav.admin", "key", "account_admin",
                         "users.manage", "admin", 175),
                   _page("access_log.py", "accounts.nav.access_log", "policy", "access_log",
                         "privacy.audit", "admin", 180),
                   _page("agent_privacy.py", "accounts.nav.agent_privacy", "shield_person",
                         "agent_privacy", "privacy.manage", "network", 65),
                   _page("account.py", "accounts.nav.mine", "account_circle", "account",
                         "account.self", "network", 190),
                   _page("privacy.py", "accounts.nav.notice", "privacy_tip", "privacy", None,
                         "public", 47))),
    Feature("reference", capabilities={"reference.edit": STAFF},
            pages=(_page("reference.py", "nav.reference", "database", "reference",
                         "reference.edit", "admin", 160),)),
    Feature("overview", pages=(_page("overview.py", "nav.overview", "home", "overview", None,
                                     "public", 10),)),
    Feature("actions",
            capabilities={"action.write": NETWORK, "action.export": NETWORK},
            district_scoped=frozenset({"action.write", "action.export"}),
            cli=("import actions", "export actions"),
            pages=(_page("map.py", "nav.map", "map", "map", None, "public", 20),
                   _page("actions.py", "nav.actions", "event_note", "actions", "action.write",
                         "network", 50))),
    Feature("agents",
            capabilities={"agent.write": frozenset({"admin", "coordinator"}),
                          "agent.view": NETWORK,
                          "agent.contacts": frozenset({"admin", "coordinator"}),
                          "agent.export": frozenset({"admin", "coordinator"})},
            district_scoped=frozenset({"agent.write", "agent.view", "agent.contacts",
                                       "agent.export"}),
            cli=("export agents",),
            pages=(_page("agents.py", "nav.agents", "groups", "agents", "agent.view", "network",
                         60),)),
    Feature("district", migrations="network.district.schema:migrations",
            capabilities={"district.dashboard": NETWORK},
            district_scoped=frozenset({"district.dashboard"}),
            pages=(_page("district.py", "nav.district", "monitoring", "district",
                         "district.dashboard", "network", 70),)),
    Feature("quiz", migrations="network.quiz.schema:migrations", demo="network.demo.quiz",
            capabilities={"quiz.share": frozenset({"agent", "coordinator", "admin"}),
                          "quiz.results": NETWORK, "quiz.edit": STAFF, "quiz.export": STAFF},
            cli=("export quiz",),
            pages=(_page("quiz.py", "quiz.nav.take", "quiz", "quiz", None, "public", 30),
                   _page("quiz_share.py", "quiz.nav.share", "qr_code_2", "quiz_share",
                         "quiz.share", "network", 80),
                   _page("quiz_results.py", "quiz.nav.results", "insights", "quiz_results",
                         "quiz.results", "network", 90),
                   _page("quiz_editor.py", "quiz.nav.editor", "edit_note", "quiz_editor",
                         "quiz.edit", "admin", 140))),
    Feature("barometer", migrations="network.barometer.schema:migrations",
            demo="network.demo.barometer",
            capabilities={"barometer.manage": STAFF, "barometer.view": NETWORK,
                          "barometer.export": STAFF},
            cli=("import barometer", "export barometer", "wave create", "wave list"),
            handlers={"populations_changed": "network.barometer.handlers:reweight_every_wave",
                      "margins_changed": "network.barometer.handlers:reweight_every_wave",
                      "responses_changed": "network.barometer.handlers:reweight_the_wave"},
            pages=(_page("survey.py", "barometer.nav.survey", "ballot", "survey", None, "public",
                         40),
                   _page("barometer.py", "barometer.nav.charts", "bar_chart", "barometer",
                         "barometer.view", "network", 100),
                   _page("barometer_admin.py", "barometer.nav.admin", "edit_calendar",
                         "barometer_admin", "barometer.manage", "admin", 150),
                   _page("barometer_margins.py", "barometer.nav.margins", "balance",
                         "barometer_margins", "barometer.manage", "admin", 155))),
    Feature("accessibility", migrations="network.accessibility.schema:migrations",
            demo="network.demo.accessibility", capabilities={"a11y.feedback": frozenset({"admin"})},
            pages=(_page("accessibility.py", "a11y.nav", "accessibility_new", "accessibility",
                         None, "public", 45),)),
    Feature("trends", capabilities={"trends.view": NETWORK},
            pages=(_page("trends.py", "trends.nav", "query_stats", "trends", "trends.view",
                         "network", 110),)),
    Feature("recognition", capabilities={"recognition.view": NETWORK},
            pages=(_page("recognition.py", "recognition.nav", "military_tech", "recognition",
                         "recognition.view", "network", 120),)),
    Feature("rumours", migrations="network.rumours.schema:migrations",
            demo="network.demo.rumours",
            capabilities={"rumour.edit": STAFF, "rumour.propose": NETWORK,
                          "rumour.report": frozenset({"admin", "staff", "coordinator", "agent"}),
                          "rumour.triage": NETWORK, "rumour.board": NETWORK},
            district_scoped=frozenset({"rumour.triage"}),
            cli=("export rumours", "diagnosis"),
            pages=(_page("rumours.py", "rumours.nav.catalogue", "campaign", "rumours", None,
                         "public", 35),
                   _page("rumour_report.py", "rumours.nav.report", "record_voice_over", "rumour_report",
                         None, "public", 36),
                   _page("rumours_heard.py", "rumours.nav.heard", "hearing", "rumours_heard",
                         "rumour.report", "network", 52),
                   _page("action_closeout.py", "rumours.nav.closeout", "task_alt",
                         "action_closeout", "action.write", "network", 55),
                   _page("action_feedback.py", "rumours.nav.feedback", "rate_review",
                         "action_feedback", "rumour.report", "network", 56),
                   _page("rumour_board.py", "rumours.nav.board", "grid_view", "rumour_board",
                         "rumour.board", "network", 75),
                   _page("rumours_edit.py", "rumours.nav.edit", "edit_document", "rumours_edit",
                         "rumour.propose", "network", 76))),
    Feature("contest", migrations="network.contest.schema:migrations",
            demo="network.demo.contest",
            capabilities={"contest.manage": STAFF, "contest.judge": frozenset({"jury"})},
            pages=(_page("contest.py", "contest.nav.call", "edit_note", "contest", None,
                         "public", 46),
                   _page("contest_winners.py", "contest.nav.winners", "auto_stories",
                         "contest_winners", None, "public", 47),
                   _page("contest_jury.py", "contest.nav.jury", "rate_review", "contest_jury",
                         "contest.judge", "network", 125),
                   _page("contest_admin.py", "contest.nav.admin", "trophy", "contest_admin",
                         "contest.manage", "admin", 158),
                   _page("contest_selection.py", "contest.nav.selection", "workspace_premium",
                         "contest_selection", "contest.manage", "admin", 159))),
    Feature("training", migrations="network.training.schema:migrations",
            demo="network.demo.training",
            capabilities={"training.view": frozenset({"admin", "staff", "coordinator", "agent"}),
                          "training.signup": frozenset({"agent"}),
                          "training.manage": NETWORK, "training.city": STAFF},
            district_scoped=frozenset({"training.manage"}),
            cli=("events ics", "events remind"),
            handlers={"training_changed": "network.training.handlers:recount_modules"},
            pages=(_page("training.py", "training.nav", "event", "training", "training.view",
                         "network", 62),
                   _page("training_manage.py", "training.nav_manage", "edit_calendar",
                         "training_manage", "training.manage", "network", 64))),
    Feature("report", capabilities={"report.build": STAFF}, cli=("report",),
            pages=(_page("report.py", "report.nav", "summarize", "report", "report.build",
                         "network", 130),)),
)


def _load(spec: str) -> Any:
    module, _, attribute = spec.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


def migration_sets() -> list[Migrations]:
    """Every migration set in the order it applies: core first, then each feature's."""
    return [_load(f.migrations) for f in FEATURES if f.migrations]


def demo_modules() -> list[Any]:
    """The demo generators in the order they run (each with TABLES and generate())."""
    return [_load(f.demo) for f in FEATURES if f.demo]


def pages() -> list[PageSpec]:
    """Every page, in navigation order."""
    return sorted((p for f in FEATURES for p in f.pages), key=lambda p: p.position)


def cli_commands() -> dict[str, str]:
    """Command path -> the feature that owns it."""
    return {command: f.name for f in FEATURES for command in f.cli}


for _feature in FEATURES:
    permissions.register(_feature.capabilities, _feature.district_scoped)
    for _event, _handler in _feature.handlers.items():
        events.register(_event, _handler)
