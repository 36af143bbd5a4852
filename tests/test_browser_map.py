"""The map page in a real browser (Debian's Chromium via Playwright), with no CDN reachable.

Starts `streamlit run app.py` on a free port with a demo database, blocks every request that
leaves this machine, and checks that Leaflet draws the districts and the clustered actions,
and that a click on a district filters the table.
"""

import pytest

from tools.browser import CHROMIUM, CHROMIUM_ARGS, block_outside, blocked_assets, free_port, start_app

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url(demo_db_path, tmp_path):
    proc = start_app(demo_db_path, port := free_port(), tmp_path / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def test_the_map_draws_districts_and_clustered_actions_offline(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        outside = block_outside(page)
        page.goto(app_url)
        page.locator("[data-testid='stSidebarNav'] a", has_text="Mapa de la red").click()
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        frame.locator(".leaflet-container").wait_for(timeout=30000)
        frame.locator(".marker-cluster").first.wait_for(timeout=30000)
        districts = frame.locator("path.leaflet-interactive")
        assert districts.count() >= 8
        assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
        assert frame.locator(".antirumour-legend").count() == 1
        assert not blocked_assets(outside)

        chooser = page.get_by_role("combobox", name="Distrito", exact=True)
        assert chooser.input_value() == "Todos los distritos"
        districts.nth(0).dispatch_event("click")
        page.wait_for_function(
            "() => document.querySelector('input[aria-label=Distrito]').value"
            " !== 'Todos los distritos'", timeout=30000)
        assert any(chooser.input_value().startswith(f"{n}. ") for n in range(1, 9))
        tables = page.locator("[data-testid='stDataFrame']")
        assert tables.count() == 2  # the districts' figures (in an expander), then the actions
        browser.close()
