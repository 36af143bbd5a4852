"""Screenshot a running Streamlit page in Debian's Chromium (a developer's eye on the UI).

    python tools/screenshot.py URL OUT.png [--phone] [--login USER PASSWORD] [--nav LINK TEXT]
                                           [--wait-text TEXT] [--full]

A page reload starts a new Streamlit session (signed out), so with --login the tool signs in
on URL and then clicks the navigation link --nav (the page title in URL's language).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.browser import CHROMIUM, CHROMIUM_ARGS, go_to, sign_in, wait_rendered  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--login", nargs=2, metavar=("USER", "PASSWORD"))
    parser.add_argument("--nav", help="navigation link to click (after signing in)")
    parser.add_argument("--wait-text")
    parser.add_argument("--full", action="store_true", help="full-page screenshot")
    args = parser.parse_args()
    viewport = {"width": 390, "height": 844} if args.phone else {"width": 1400, "height": 1000}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=viewport)
        page.goto(args.url)
        wait_rendered(page)
        if args.login:
            sign_in(page, *args.login)
        if args.nav:
            go_to(page, args.nav)
        wait_rendered(page, args.wait_text)
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
