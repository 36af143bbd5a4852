"""Single sign-on end to end in Chromium: a real OpenID Connect provider (oidc-provider-mock)
on loopback, Streamlit's st.login configured through a secrets file; a verified e-mail an
admin linked lands on its account's role, an unlinked one is told to ask an administrator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from network import accounts, database
from network.accounts import auth
from network.setup import initialize
from tests.conftest import PASSWORD, ROOT
from tools.browser import free_port, wait_rendered

pytestmark = pytest.mark.browser

MAPPED = {"sub": "ana", "email": "ana@council.example", "email_verified": True, "name": "Ana"}
UNMAPPED = {"sub": "bea", "email": "bea@council.example", "email_verified": True, "name": "Bea"}


def _wait(url: str, proc: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def sso_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sso")
    idp_port, app_port = free_port(), free_port()
    idp_log = folder / "idp.log"
    idp = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port",
         str(idp_port), "--user-claims", json.dumps(MAPPED), "--user-claims",
         json.dumps(UNMAPPED)], stdout=idp_log.open("w"), stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{idp_port}"
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "a test secret that is long enough for the cookie"\n'
        'client_id = "antirumour-test"\n'
        'client_secret = "antirumour-test-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n')
    db_file = folder / "sso.db"
    with database.open_db(db_file) as db:
        initialize(db)
        admin = auth.create_user(db, None, "first-admin", PASSWORD, "admin", system=True)
        staff = auth.create_user(db, None, "council-staff", PASSWORD, "staff", system=True)
        accounts.sso.link(db, admin, MAPPED["email"], staff.id)
    app_log = folder / "streamlit.log"
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless",
         "true", "--server.port", str(app_port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets)],
        cwd=ROOT, env=dict(os.environ, ANTIRUMOUR_DB=str(db_file)),
        stdout=app_log.open("w"), stderr=subprocess.STDOUT)
    try:
        _wait(f"{issuer}/.well-known/openid-configuration", idp, idp_log)
        _wait(f"http://127.0.0.1:{app_port}/_stcore/health", app, app_log)
        yield f"http://127.0.0.1:{app_port}", db_file
    finally:
        for proc in (app, idp):
            proc.terminate()
            proc.wait(timeout=20)


def _sso_sign_in(page, url: str, sub: str) -> None:
    page.goto(f"{url}/?lang=en")
    wait_rendered(page, "The network at a glance")
    page.locator("[data-testid='stSidebar'] button",
                 has_text="Sign in with the council's account").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30000)
    page.locator(f"button[name='sub'][value='{sub}']").click()
    page.wait_for_url(f"{url}/**", timeout=30000)
    wait_rendered(page)
    page.goto(f"{url}/?lang=en")  # back from the provider the app speaks its default language
    wait_rendered(page, "The network at a glance")


def test_a_linked_verified_email_lands_on_its_accounts_role(sso_app, browser):
    url, db_file = sso_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        _sso_sign_in(page, url, "ana")
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("council-staff").first.wait_for(timeout=30000)
        assert "(council staff)" in sidebar.inner_text(), sidebar.inner_text()  # the role
        nav = page.locator("[data-testid='stSidebarNav']")
        assert nav.locator("a", has_text="Barometer trends").count() == 1  # a staff page
        assert nav.locator("a", has_text="Accounts").count() == 0  # not an admin's
        with database.open_db(db_file) as db:
            staff = db.execute("SELECT id FROM users WHERE username = 'council-staff'").fetchone()[0]
            assert db.execute("SELECT count(*) FROM account_sessions WHERE user_id = ? AND "
                              "revoked_at IS NULL", [staff]).fetchone()[0] >= 1
    finally:
        context.close()


def test_an_unlinked_identity_is_told_to_ask_an_administrator(sso_app, browser):
    url, _ = sso_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        _sso_sign_in(page, url, "bea")
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("Ask an administrator").first.wait_for(timeout=30000)
        # the address as typed (ui.md puts an invisible word joiner in e-mail addresses)
        assert "bea@council.example" in sidebar.inner_text().replace("\u2060", "")
        assert "Signed in as" not in sidebar.inner_text()  # no account: not signed in to the app
    finally:
        context.close()
