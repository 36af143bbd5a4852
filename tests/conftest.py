"""Shared fixtures: a fresh database per test, accounts of every role, AppTest helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from network import database
from network.accounts import auth
from network.core import storage
from network.core.permissions import User
from network.setup import initialize

# Tests hash with argon2id at its lowest cost: the same code path, without ~0.3 s per account.
auth.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

ROOT = Path(__file__).resolve().parent.parent
# The hostile-input suites share one module-scoped `world` fixture.
pytest_plugins = ["tests.hostile_world"]
PASSWORD = "correct horse battery"
_DEMO_TEMPLATE: dict[str, Path] = {}  # kind of database -> its template file


def pytest_addoption(parser):
    parser.addoption("--browser", action="store_true", default=False,
                     help="also run the real-browser tests (marked browser)")


# The robustness, load and packaging suites: the README's command and CI run them; a developer's
# fast loop leaves them out (`pytest -m "not slow and not browser and not pages"`, see
# docs/DEVELOPING.md).
SLOW_MODULES = {"test_hostile_inputs", "test_hostile_quiz", "test_hostile_barometer",
                "test_hostile_imports", "test_hostile_pages", "test_hostile_rendering",
                "test_inert_rendering", "test_broken_files", "test_access_matrix", "test_faults",
                "test_benchmarks", "test_install", "test_crowd", "test_deploy_nginx",
                # independent computations through R, brute-force disclosure attacks, the report
                "test_barometer_variance", "test_disclosure", "test_report",
                "test_rumours_hostile", "test_contest_hostile", "test_training_hostile"}


# Single tests of the fast modules that take a second or more (a whole demo seeded, a
# throttle's delays, R): they run with the slow tier.
SLOW_TESTS = {"test_contest_demo::test_the_demo_is_seeded_and_removed_whole",
              "test_auth::test_one_client_guessing_many_usernames_is_throttled",
              "test_cli::test_init_demo_then_demo_remove",
              "test_trends::test_the_demo_rekalde_change_from_2024_to_2025_reads_as_larger_than_sampling_error",
              "test_actions::test_queries_filter_by_district_period_and_type_and_totals_agree",
              "test_barometer_weighting::test_bounded_weights_are_rs_logit_calibration",
              "test_quiz_attempts::test_the_recording_benchmark_runs_and_loses_nothing",
              "test_contest_service::test_the_annual_report_has_the_contest_section_with_small_counts_hidden"}


def _page_suite(module) -> bool:
    """A module that runs pages through Streamlit's AppTest (seconds per test)."""
    return hasattr(module, "app_test") or hasattr(module, "AppTest")


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if module in SLOW_MODULES or f"{module}::{item.originalname}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        elif _page_suite(item.module) and "browser" not in item.keywords:
            item.add_marker(pytest.mark.pages)
    # Browser tests run wherever Debian's Chromium is installed, and always under CI
    # (.ci/run installs it; there a missing browser must fail, not skip).
    if config.getoption("--browser") or os.environ.get("CI") or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason="browser test: needs Debian's chromium (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (browser tests screenshot on failure)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _copy_of(kind: str, tmp_path_factory, tmp_path, monkeypatch, name: str) -> Path:
    """A copy of a database built once per session (`plain`: reference data; `empty`: migrated,
    nothing else; `demo`: the demo): a test gets its own file in a few milliseconds instead of
    running the migrations and the loaders again."""
    if kind not in _DEMO_TEMPLATE:
        template = tmp_path_factory.getbasetemp() / f"{kind}-template.db"
        if kind == "empty":
            database.connect(template).close()
        else:
            with database.open_db(template) as db:
                initialize(db, with_demo=kind == "demo")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _DEMO_TEMPLATE[kind] = template
    path = tmp_path / name
    shutil.copy(_DEMO_TEMPLATE[kind], path)
    monkeypatch.setenv(storage.DB_ENV, str(path))
    return path


@pytest.fixture
def db_path(tmp_path_factory, tmp_path, monkeypatch) -> Path:
    """A fresh database file with reference data; ANTIRUMOUR_DB points at it (for AppTest)."""
    return _copy_of("plain", tmp_path_factory, tmp_path, monkeypatch, "test.db")


@pytest.fixture
def db(db_path):
    conn = database.connect(db_path)
    yield conn
    conn.close()


@pytest.fixture
def empty_db_path(tmp_path_factory, tmp_path, monkeypatch) -> Path:
    """A migrated database with no reference data at all."""
    return _copy_of("empty", tmp_path_factory, tmp_path, monkeypatch, "empty.db")


@pytest.fixture
def demo_db_path(tmp_path_factory, tmp_path, monkeypatch) -> Path:
    """A copy of a demo database (generated once per session, copied per test)."""
    return _copy_of("demo", tmp_path_factory, tmp_path, monkeypatch, "demo.db")


@pytest.fixture
def demo_db(demo_db_path):
    conn = database.connect(demo_db_path)
    yield conn
    conn.close()


def district_id(db, number: int) -> int:
    return db.execute("SELECT id FROM districts WHERE number = ?", [number]).fetchone()[0]


def make_agent(db, number: int = 1, name: str = "Test Agent") -> int:
    with db.atomic():
        return db["agents"].insert({
            "kind": "individual", "name": name, "sector": "social",
            "district_id": district_id(db, number), "joined_on": "2020-01-01",
            "share_code": f"CODE{number}{name[:3].upper()}{db['agents'].count}",
        }).last_pk


@pytest.fixture
def admin(db) -> User:
    return auth.create_user(db, None, "admin1", PASSWORD, "admin", system=True)


@pytest.fixture
def staff(db) -> User:
    return auth.create_user(db, None, "staff1", PASSWORD, "staff", system=True)


@pytest.fixture
def coordinator(db) -> User:
    """Coordinator of district 1 only."""
    return auth.create_user(db, None, "coord1", PASSWORD, "coordinator",
                            [district_id(db, 1)], system=True)


@pytest.fixture
def agent_user(db) -> User:
    return auth.create_user(db, None, "agent1", PASSWORD, "agent", agent_id=make_agent(db),
                            system=True)


def app_test(page: str = "app.py", lang: str | None = "en", user: User | None = None,
             timeout: int = 30, query: dict[str, str] | None = None):
    """An AppTest of app.py or a page, in a language, optionally signed in, with ?query."""
    from streamlit.testing.v1 import AppTest

    class MainScriptAppTest(AppTest):
        """AppTest that re-runs app.py on every run, as a browser does.

        AppTest (1.67) re-runs only the last page script after the first run of an app that
        calls st.navigation, skipping app.py and its sidebar; a real session re-runs app.py.
        """

        def _run(self, *args, **kwargs):
            if page == "app.py" and not self._page_hash:
                self._finished_page_script_hash = ""
            return super()._run(*args, **kwargs)

    from streamlit import config as st_config
    # The app hides error details from visitors (.streamlit/config.toml); tests want them.
    st_config.set_option("client.showErrorDetails", "full")
    cls = MainScriptAppTest if page == "app.py" else AppTest
    at = cls(str(ROOT / page), default_timeout=timeout)
    if lang is not None:
        at.session_state["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if user is not None:  # signed in as a browser is: a server-side session and its token
        from network import accounts

        with database.open_db() as db:
            at.session_state["auth_token"] = accounts.start_session(db, user)
    return at


_MD_ESCAPE = __import__("re").compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown_source: str) -> str:
    """The text a reader sees of Markdown whose user text was escaped with ui.md (backslash
    escapes of ASCII punctuation removed, as CommonMark does; the invisible word joiners that stop
    Streamlit's text rewrites are not seen). tests/test_inert_browser.py checks
    in Chromium that Streamlit's renderer shows exactly this."""
    return _MD_ESCAPE.sub(r"\1", markdown_source.replace("  \n", "\n")).replace("\u2060", "")


@pytest.fixture(scope="module")
def browser():
    """One Debian Chromium per test module (Playwright cannot download its own browser here)."""
    from playwright.sync_api import sync_playwright

    from tools.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
