"""The map page in a real browser (Debian's Chromium via Playwright), with no CDN reachable.

Starts `streamlit run app.py` on a free port with a demo database, blocks every request that
leaves this machine, and checks that Leaflet draws the districts and the clustered actions,
and that a click on a district filters the table.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
LOCAL = {"localhost", "127.0.0.1", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_url(demo_db_path):
    port = free_port()
    env = {**os.environ, "ANTIRUMOUR_DB": str(demo_db_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start: {proc.stderr.read()!r}") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_map_draws_districts_and_clustered_actions_offline(app_url):
    from playwright.sync_api import sync_playwright

    outside: list[str] = []

    def block_outside(route):
        if urlparse(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.route("**/*", block_outside)
        page.goto(app_url)
        page.locator("[data-testid='stSidebarNav'] a", has_text="Mapa de la red").click()
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        frame.locator(".leaflet-container").wait_for(timeout=30000)
        frame.locator(".marker-cluster").first.wait_for(timeout=30000)
        districts = frame.locator("path.leaflet-interactive")
        assert districts.count() >= 8
        assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
        assert frame.locator(".antirumour-legend").count() == 1
        assert not [u for u in outside if u.endswith((".js", ".css"))]

        chooser = page.get_by_role("combobox", name="Distrito", exact=True)
        assert chooser.input_value() == "Todos los distritos"
        districts.nth(0).dispatch_event("click")
        page.wait_for_function(
            "() => document.querySelector('input[aria-label=Distrito]').value"
            " !== 'Todos los distritos'", timeout=30000)
        assert any(chooser.input_value().startswith(f"{n}. ") for n in range(1, 9))
        table = page.locator("[data-testid='stDataFrame']")
        assert table.count() == 1
        browser.close()
