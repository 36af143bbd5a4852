"""Real-browser journeys: `streamlit run` on a free port, Debian's Chromium via Playwright.

Marked `browser`; they run wherever /usr/bin/chromium exists and always under CI.
A failing journey leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from network import database
from network.setup import initialize
from tools.browser import (
    block_outside,
    blocked_assets,
    free_port,
    go_to,
    sign_in,
    start_app,
    wait_rendered,
)

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    db_file = folder / "browser.db"
    with database.open_db(db_file) as db:
        initialize(db, with_demo=True)
    port = free_port()
    proc = start_app(db_file, port, folder / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def page(browser, request):
    def make(phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1000}
        context = browser.new_context(viewport=viewport)
        outside.extend([block_outside(context)])  # everything the app needs is local
        pages.append(context.new_page())
        return pages[-1]

    pages: list = []
    outside: list[list[str]] = []
    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, p in enumerate(pages):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            p.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}.png"), full_page=True)
        p.context.close()
    assets = [u for blocked in outside for u in blocked_assets(blocked)]
    assert failed or not assets, f"the app asked the internet for assets: {assets}"


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


# Journeys on a fresh database (reference data, one coordinator, one staff account, one
# barometer wave): what the test adds is then the only action and the only survey data.
PASSWORD = "journey-pass-1234"


@pytest.fixture(scope="module")
def fresh_app(tmp_path_factory):
    from network.accounts import auth
    from network.barometer import waves
    from tests.barometer_data import WAVE

    folder = tmp_path_factory.mktemp("journeys")
    db_file = folder / "fresh.db"
    with database.open_db(db_file) as db:
        initialize(db)
        ibaiondo = db.execute("SELECT id FROM districts WHERE number = 5").fetchone()[0]
        auth.create_user(db, None, "coord-ibaiondo", PASSWORD, "coordinator", [ibaiondo],
                         system=True)
        staff = auth.create_user(db, None, "staff-member", PASSWORD, "staff", system=True)
        waves.create_wave(db, staff, {**WAVE, "label": "Fieldwork 2025"})
    port = free_port()
    proc = start_app(db_file, port, folder / "streamlit.log")
    yield f"http://127.0.0.1:{port}", db_file
    proc.terminate()
    proc.wait(timeout=20)


def t(key: str, **params) -> str:
    from network.core import i18n

    return i18n.translate(key, "en", **params)


def test_a_coordinator_logs_an_action_and_finds_it_on_the_map_and_in_the_table(fresh_app, page):
    url, db_file = fresh_app
    title = "Café-tertulia <Zorrotzaurre> & friends"  # escaped wherever it is shown
    p = page()
    p.goto(f"{url}/?lang=en")
    wait_rendered(p, t("overview.title"))
    sign_in(p, "coord-ibaiondo", PASSWORD)
    go_to(p, t("nav.actions"), t("actions.form_new"))
    main = p.locator("[data-testid='stMain']")
    main.get_by_label(t("field.action_title")).fill(title)
    main.get_by_label(t("field.action_place")).fill("Plaza del barrio")
    people = main.get_by_label(t("field.action_people"))
    people.fill("35")
    people.press("Tab")
    wait_rendered(p)
    main.get_by_role("button", name=t("actions.save_new")).click()
    wait_rendered(p, t("actions.created", title=title))
    with database.open_db(db_file) as db:
        saved = [dict(r) for r in db.query("SELECT title, people_reached, district_id FROM actions")]
    assert [(r["title"], r["people_reached"]) for r in saved] == [(title, 35)]
    # The table: the editing chooser lists the table's rows (the grid itself is a canvas).
    assert main.locator("[data-testid='stDataFrame']").first.is_visible()
    assert t("actions.shown", count="1", reached="35") in main.inner_text()
    row = main.locator("[data-testid='stDataFrame'] [role='row']", has_text=title)
    assert row.count() == 1 and "Plaza del barrio" in row.inner_text()

    go_to(p, t("nav.map"))
    frame = p.frame_locator("iframe[title='streamlit_folium.st_folium']")
    frame.locator(".leaflet-container").wait_for(timeout=30000)
    marker = frame.locator("path.leaflet-interactive").last  # drawn after the 8 districts
    marker.wait_for(timeout=30000)
    marker.dispatch_event("click")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=30000)
    assert title in popup.inner_text()  # shown as text: the markup was escaped
    assert frame.locator(".leaflet-popup-content b").count() == 1


def test_staff_import_a_barometer_file_and_see_the_chart(fresh_app, page, tmp_path):
    from tests.barometer_data import csv_bytes, fieldwork_rows

    url, db_file = fresh_app
    upload = tmp_path / "fieldwork-2025.csv"
    upload.write_bytes(csv_bytes(fieldwork_rows(800, seed=7)))
    p = page()
    p.goto(f"{url}/?lang=en")
    wait_rendered(p, t("overview.title"))
    sign_in(p, "staff-member", PASSWORD)
    go_to(p, t("barometer.nav.admin"))
    main = p.locator("[data-testid='stMain']")
    main.get_by_role("tab", name=t("barometer.admin.tab_import")).click()
    main.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(upload)
    main.get_by_text(upload.name).first.wait_for(timeout=30000)
    wait_rendered(p)
    main.get_by_role("button", name=t("barometer.admin.import_button"), exact=True).click()
    wait_rendered(p, "800 responses imported into Fieldwork 2025")
    with database.open_db(db_file) as db:
        assert db["barometer_responses"].count == 800

    go_to(p, t("barometer.nav.charts"), t("barometer.title"))
    chart = main.locator("[data-testid='stVegaLiteChart']").first
    chart.locator("canvas, svg").first.wait_for(timeout=30000)
    assert chart.bounding_box()["height"] > 100
    table = main.locator("[data-testid='stDataFrame']").first
    assert "Fieldwork 2025" in " ".join(table.locator("[role='columnheader']").all_inner_texts())
    city = table.locator("[role='row']", has_text="Bilbao").first.inner_text()
    assert any(ch.isdigit() for ch in city), city  # the city's index for the imported wave
    # Only the open tab runs: opening another one draws its chart.
    main.get_by_role("tab", name=t("barometer.tab.items")).click()
    wait_rendered(p, t("barometer.items_note"))
    main.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
                 ).first.wait_for(timeout=30000)
