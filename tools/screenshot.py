"""Screenshot a running Streamlit page in Debian's Chromium (a developer's eye on the UI).

    python tools/screenshot.py URL OUT.png [--phone] [--login USER PASSWORD] [--nav LINK TEXT]
                                           [--wait-text TEXT] [--full]

A page reload starts a new Streamlit session (signed out), so with --login the tool signs in
on URL and then clicks the navigation link --nav (the page title in URL's language).

Waits until Streamlit has rendered (its status widget idle and the text present).
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def wait_rendered(page, text: str | None = None, timeout_ms: int = 30000) -> None:
    """Wait for Streamlit's app view, no running indicator, and optionally some text."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')",
        timeout=timeout_ms,
    )
    if text:
        page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_ms)
    page.wait_for_timeout(1500)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--login", nargs=2, metavar=("USER", "PASSWORD"))
    parser.add_argument("--nav", help="navigation link to click after signing in")
    parser.add_argument("--wait-text")
    parser.add_argument("--full", action="store_true", help="full-page screenshot")
    args = parser.parse_args()
    viewport = {"width": 390, "height": 844} if args.phone else {"width": 1400, "height": 1000}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=viewport)
        page.goto(args.url)
        wait_rendered(page)
        if args.login:
            page.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").first.click()
            sidebar_text = "[data-testid='stSidebar'] input[data-testid='stTextInputField'][type='text']"
            page.locator(sidebar_text).first.fill(args.login[0])
            page.locator("[data-testid='stSidebar'] input[type='password']").first.fill(args.login[1])
            page.locator("[data-testid='stSidebar'] button[kind='secondaryFormSubmit'], "
                         "[data-testid='stSidebar'] "
                         "[data-testid='stBaseButton-secondaryFormSubmit']"
                         ).first.click()
            page.wait_for_selector("[data-testid='stSidebar'] >> text=" + args.login[0])
            wait_rendered(page)
        if args.nav:
            page.locator("[data-testid='stSidebarNav'] a", has_text=args.nav).first.click()
        wait_rendered(page, args.wait_text)
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
