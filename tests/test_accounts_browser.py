"""Sessions in Chromium: sign in, reload, a second tab, sign out in one tab and the other is
signed out on its next action; the cookie's value is nowhere in the database file."""

from __future__ import annotations

import pytest

from network import accounts, database
from network.setup import initialize
from tools.browser import free_port, start_app, wait_rendered
from tools.browser import sign_in as browser_sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sessions")
    db_file = folder / "sessions.db"
    with database.open_db(db_file) as db:
        initialize(db, with_demo=True)
    port = free_port()
    proc = start_app(db_file, port, folder / "streamlit.log")
    yield f"http://127.0.0.1:{port}", db_file
    proc.terminate()
    proc.wait(timeout=20)


def signed_in(page) -> bool:
    return page.locator("[data-testid='stSidebar']").get_by_text("Signed in as").count() > 0


def session_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == accounts.COOKIE_NAME), None)


def test_sign_in_lasts_across_reloads_and_tabs_and_sign_out_ends_it_everywhere(app, browser):
    url, db_file = app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        first = context.new_page()
        first.goto(f"{url}/?lang=en")
        wait_rendered(first, "The network at a glance")
        browser_sign_in(first, "demo-coordinator", "demo1234")
        first.wait_for_function(
            f"() => document.cookie.includes('{accounts.COOKIE_NAME}=')", timeout=15000)
        cookie = session_cookie(context)
        assert cookie["sameSite"] == "Strict" and not cookie["secure"]  # http on loopback
        token = cookie["value"]

        first.reload()
        wait_rendered(first, "The network at a glance")
        assert signed_in(first), "a reload signed the user out"

        second = context.new_page()
        second.goto(f"{url}/agents?lang=en")
        wait_rendered(second, "Signed in as")
        assert signed_in(second), "a second tab is not signed in"

        # The cookie's value is nowhere in the database file (nor its WAL).
        for path in db_file.parent.glob(db_file.name + "*"):
            assert token.encode() not in path.read_bytes(), path

        first.locator("[data-testid='stSidebar'] button", has_text="Sign out").click()
        wait_rendered(first)
        first.locator("[data-testid='stSidebar']").get_by_text("Sign in").first.wait_for()
        assert not signed_in(first)
        assert session_cookie(context) is None, "sign-out left the cookie"

        # The other tab is signed out on its next action (a click that reruns the script).
        second.locator("[data-testid='stSidebarNav'] a", has_text="Overview").first.click()
        wait_rendered(second, "The network at a glance")
        assert not signed_in(second)
        # and a tab reopened with the old token (reused after sign-out) is signed out too
        context.add_cookies([{"name": accounts.COOKIE_NAME, "value": token,
                              "url": url, "sameSite": "Strict"}])
        third = context.new_page()
        third.goto(f"{url}/?lang=en")
        wait_rendered(third, "The network at a glance")
        assert not signed_in(third)
    finally:
        context.close()
