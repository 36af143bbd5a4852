"""Real-browser journeys: `streamlit run` on a free port, Debian's Chromium via Playwright.

Marked `browser`; they run wherever /usr/bin/chromium exists and always under CI.
A failing journey leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from network import storage
from network.setup import initialize
from tools.browser import CHROMIUM, CHROMIUM_ARGS, free_port, go_to, sign_in, start_app, wait_rendered

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    db_file = folder / "browser.db"
    with storage.open_db(db_file) as db:
        initialize(db, with_demo=True)
    port = free_port()
    proc = start_app(db_file, port, folder / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    def make(phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1000}
        context = browser.new_context(viewport=viewport)
        pages.append(context.new_page())
        return pages[-1]

    pages: list = []
    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, p in enumerate(pages):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            p.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}.png"), full_page=True)
        p.context.close()


def test_overview_in_basque_on_a_phone(app_url, page):
    p = page(phone=True)
    p.goto(f"{app_url}/?lang=eu")
    wait_rendered(p, "Sarea begirada batean")
    assert p.get_by_text("Agente aktiboak (pertsonak)").first.is_visible()
    assert p.locator("[data-testid='stMain']").get_by_text("DEMO", exact=True).first.is_visible()


def test_admin_signs_in_and_reaches_the_accounts_page(app_url, page):
    p = page()
    p.goto(f"{app_url}/?lang=en")
    wait_rendered(p, "The network at a glance")
    sign_in(p, "demo-admin", "demo1234")
    go_to(p, "Accounts", "New account")
    assert p.locator("[data-testid='stDataFrame']").first.is_visible()  # canvas: no DOM text
    assert p.get_by_text("Signed in as").first.is_visible()
