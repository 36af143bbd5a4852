"""Driving the app in Debian's Chromium with Playwright: used by the browser tests and
tools/screenshot.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db_file: Path, port: int, log: Path, script: Path | None = None,
              env: dict[str, str] | None = None) -> subprocess.Popen:
    """`streamlit run app.py` (or `script`) on 127.0.0.1:port against db_file; returns once it
    answers."""
    env = dict(os.environ, ANTIRUMOUR_DB=str(db_file), **(env or {}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script or ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit did not answer on port {port}; see {log}")


def block_outside(target) -> list[str]:
    """Abort every request of a page or browser context that leaves this machine (no CDN,
    no tiles): what the app needs must be served locally. Returns the blocked URLs."""
    blocked: list[str] = []

    def route(r) -> None:
        if urlparse(r.request.url).hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    target.route("**/*", route)
    return blocked


def blocked_assets(blocked: list[str]) -> list[str]:
    """The blocked requests that were scripts, styles or fonts (the page needed them)."""
    return [u for u in blocked if u.split("?")[0].endswith((".js", ".css", ".woff", ".woff2"))]


def wait_rendered(page, text: str | None = None, timeout_ms: int = 30000) -> None:
    """Wait for Streamlit's app view, no script running, and optionally some text."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(
        "() => { const w = document.querySelector('[data-testid=\"stStatusWidget\"]');"
        " return !w || !w.innerText.includes('Running'); }",
        timeout=timeout_ms,
    )
    if text:
        page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_ms)
    page.wait_for_timeout(800)


def sign_in(page, username: str, password: str, attempts: int = 3) -> None:
    """Open the sidebar sign-in box, sign in, and wait for the signed-in sidebar.

    On a loaded machine a submit can be lost (a click landing while the page re-runs): the form
    is filled and sent again, up to `attempts` times; an error the app shows is reported."""
    sidebar = page.locator("[data-testid='stSidebar']")
    signed_in = sidebar.get_by_text(username).first
    for attempt in range(1, attempts + 1):
        wait_rendered(page)
        if signed_in.is_visible():
            break
        username_box = sidebar.locator("input[data-testid='stTextInputField'][type='text']").first
        if not username_box.is_visible():
            sidebar.locator("[data-testid='stExpander'] summary").first.click()
        username_box.fill(username)
        sidebar.locator("input[type='password']").first.fill(password)
        sidebar.locator("[data-testid='stBaseButton-secondaryFormSubmit']").first.click()
        try:
            signed_in.wait_for(timeout=20000)
            break
        except Exception:
            alerts = sidebar.locator("[data-testid='stAlert']").all_inner_texts()
            if attempt == attempts:
                raise AssertionError(f"sign-in as {username} did not show the signed-in "
                                     f"sidebar after {attempts} tries; alerts: {alerts}") from None
    wait_rendered(page)


def go_to(page, link_text: str, wait_text: str | None = None) -> None:
    """Click a navigation link in the sidebar (a reload would start a new, signed-out session)."""
    nav = page.locator("[data-testid='stSidebarNav']")
    link = nav.locator("a", has_text=link_text).first
    more = nav.locator("[data-testid='stSidebarNavViewButton']")
    if not link.is_visible() and more.count():  # a long navigation shows "View N more"
        more.first.click()
    link.click()
    wait_rendered(page, wait_text)


def serve_demo(folder: Path, name: str):
    """A generator for a module fixture: a demo database in `folder`, the app serving it on a
    free port; yields (url, db_file) and stops the app afterwards."""
    from network import database
    from network.setup import initialize

    db_file = folder / f"{name}.db"
    with database.open_db(db_file) as db:
        initialize(db, with_demo=True)
    proc = start_app(db_file, port := free_port(), folder / "streamlit.log")
    try:
        yield f"http://127.0.0.1:{port}", db_file
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def demo_user(db_file: Path, username: str | None):
    """The account of a demo username (None: a visitor), as the app sees it."""
    if username is None:
        return None
    from network import database
    from network.accounts import auth

    with database.open_db(db_file) as db:
        row = db.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
        return auth.get_user(db, row[0])
