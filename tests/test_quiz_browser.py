"""Real browser: a resident opens an agent's link on a phone in Basque and finishes the quiz.

Starts `streamlit run app.py` on a free port over a copy of the demo database and drives
Debian's Chromium through Playwright; the agent's page then counts one more completion.
"""

from __future__ import annotations

import pytest

from network import database
from network.core import i18n, storage
from network.quiz import attempts, content, sources
from tests.conftest import app_test
from tools.browser import CHROMIUM, CHROMIUM_ARGS, block_outside, blocked_assets, free_port, start_app

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def server(demo_db_path, tmp_path):
    """The app on a free port (tools.browser.start_app polls until it answers)."""
    with database.open_db(demo_db_path) as db:  # the browser run is fast: no minimum time here
        storage.write(db, lambda d: d["settings"].upsert(
            {"key": attempts.MIN_SECONDS_KEY, "value": "0"}, pk="key"))
    proc = start_app(demo_db_path, port := free_port(), tmp_path / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def wait_idle(page, text: str | None = None) -> None:
    """Wait until Streamlit has finished its rerun (and `text` is on the page)."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText"
        ".includes('Running')")
    if text:
        page.get_by_text(text, exact=False).first.wait_for()


def take_quiz(page, url: str, items, lang: str, shots: dict[str, str] | None = None) -> None:
    """Answer every item through the browser: myths 'false', estimates 20."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    page.goto(url)
    wait_idle(page, t("quiz.title"))
    page.get_by_role("button", name=t("quiz.start")).click()
    for n, item in enumerate(items):
        wait_idle(page, item.text(lang, "statement"))
        # Streamlit keeps the previous item's (disabled) widgets on screen until the rerun ends.
        if item.kind == "myth":
            page.locator("label:has(input[type='radio']:not([disabled]))",
                         has_text=t("quiz.choice.false")).click()
        else:
            box = page.locator("input[type='number']:not([disabled])")
            box.fill("20")
            box.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name=t("quiz.check")).click()
        # Fact first: the fact is the heading, and the source closes the feedback.
        wait_idle(page, t("quiz.reference", **sources.reference_parts(item, lang)))
        heading = page.locator("[data-testid='stMarkdownContainer'] h4").first.inner_text()
        assert heading.strip() == item.text(lang, "fact")
        if shots and item.kind in shots:
            page.screenshot(path=shots.pop(item.kind), full_page=True)
        last = n + 1 == len(items)
        page.get_by_role("button", name=t("quiz.see_result" if last else "quiz.next")).click()
    wait_idle(page, t("quiz.share_title"))
    page.get_by_role("button", name=t("quiz.again")).wait_for()
    if shots and "result" in shots:  # Streamlit scrolls inside the page: grow the viewport
        page.set_viewport_size({"width": PHONE["width"], "height": 4200})
        page.wait_for_timeout(1500)
        page.screenshot(path=shots.pop("result"), full_page=True)


def test_a_resident_takes_an_agents_quiz_on_a_phone_in_basque(server, demo_db_path):
    from playwright.sync_api import sync_playwright

    from network.accounts import auth

    with database.open_db(demo_db_path) as db:
        items = content.items_for_version(db, content.current_version(db))
        user_id, code = db.execute(
            "SELECT u.id, a.share_code FROM users u JOIN agents a ON a.id = u.agent_id"
            " WHERE u.username = 'demo-agent'").fetchone()
        agent = auth.get_user(db, user_id)

    def completions() -> str:
        import streamlit as st

        st.cache_data.clear()  # the page caches its counts for a minute
        at = app_test("pages/quiz_share.py", lang="eu", user=agent).run()
        assert not at.exception
        label = i18n.translate("quiz.share.completions", "eu")
        return next(m.value for m in at.metric if m.label == label)

    before = completions()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=PHONE)
        outside = block_outside(page)
        take_quiz(page, f"{server}/quiz?lang=eu&ref={code}", items, "eu")
        score = page.locator("[data-testid='stMetricValue']").first
        score.wait_for()
        score_text = score.inner_text()
        body = page.inner_text("[data-testid='stMain']")
        browser.close()
    assert not blocked_assets(outside)
    assert score_text.strip().endswith("/ 12"), score_text
    assert i18n.translate("quiz.your_answers", "eu") in body
    assert all(item.text("eu", "source") in body for item in items)
    after = completions()
    assert int(after.replace(".", "")) == int(before.replace(".", "")) + 1
