"""Reflow (WCAG 1.4.10) and resize to 200 % (1.4.4) in Debian's Chromium: every page a visitor,
a coordinator or staff sees, at 320 CSS pixels wide and at 640 (a 1280-pixel screen zoomed to
200 %), scrolls in one direction only.

Content that needs two dimensions to be read (data tables, charts, the map) may scroll inside
its own box, as the criterion allows; the page itself must not, and no text may be cut off
behind an edge: the test measures the document and Streamlit's main area, and names the widest
element that is not a table, chart or map when a page overflows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from navigation import PAGES, visible
from network.core import i18n
from tools.browser import demo_user, go_to, serve_demo, sign_in, wait_rendered

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"320px": {"width": 320, "height": 640}, "200%": {"width": 640, "height": 450}}
# The boxes allowed to scroll on their own (two-dimensional content).
OWN_SCROLL = ("[data-testid='stDataFrame']", "[data-testid='stTable']",
              "[data-testid='stVegaLiteChart']", "[data-testid='stArrowVegaLiteChart']",
              "iframe", "[data-testid='stCode']", "pre")
MEASURE = """(allowed) => {
  const root = document.documentElement;
  const main = document.querySelector("[data-testid='stMain']") || root;
  const width = window.innerWidth;
  const inside = (el) => allowed.some((sel) => el.closest(sel));
  let widest = null;
  for (const el of document.querySelectorAll("[data-testid='stMain'] *")) {
    if (inside(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 && (!widest || r.right > widest.right)) {
      widest = {right: Math.round(r.right), tag: el.tagName.toLowerCase(),
                within: [...(function* (e) { for (; e && e !== main; e = e.parentElement)
                  if (e.getAttribute("data-testid")) yield e.getAttribute("data-testid"); })(el)]
                  .slice(0, 4).join(" < "),
                text: (el.innerText || "").slice(0, 60)};
    }
  }
  return {document: root.scrollWidth - root.clientWidth,
          main: main.scrollWidth - main.clientWidth, widest};
}"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    yield from serve_demo(tmp_path_factory.mktemp("reflow"), "reflow")



@pytest.mark.parametrize("username", [None, "demo-coordinator", "demo-staff"],
                         ids=lambda u: u or "visitor")
def test_every_page_reflows_at_320_pixels_and_at_200_percent(app_url, browser, username,
                                                              request):
    url, db_file = app_url
    specs = [s for s in PAGES if s.url_path in visible(demo_user(db_file, username))]
    if username:  # the pages a visitor sees are measured once, signed out
        specs = [s for s in specs if s.capability is not None]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(f"{url}/?lang=es")
        wait_rendered(page, i18n.translate("overview.title", "es"))
        if username:
            sign_in(page, username, "demo1234")
        for spec in specs:
            go_to(page, i18n.translate(spec.title_key, "es"))
            for name, viewport in NARROW.items():
                page.set_viewport_size(viewport)
                page.wait_for_timeout(700)  # the sidebar slides out; charts re-measure
                m = page.evaluate(MEASURE, list(OWN_SCROLL))
                if m["document"] > 1 or m["main"] > 1 or m["widest"]:
                    problems.append(f"{spec.url_path} at {name}: document +{m['document']} px, "
                                    f"main +{m['main']} px, widest {m['widest']}")
                    ARTIFACTS.mkdir(exist_ok=True)
                    page.screenshot(path=str(ARTIFACTS / f"reflow-{spec.url_path}-{name}.png"))
            page.set_viewport_size(DESKTOP)
            page.wait_for_timeout(300)
    finally:
        context.close()
    assert not problems, f"{len(problems)} pages overflow:\n" + "\n".join(problems)
