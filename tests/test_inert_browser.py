"""In Chromium, text someone typed is shown exactly as typed: through Streamlit's real Markdown
renderer (paragraphs, captions, alerts, translation parameters) and in the map's popups after
folium's and branca's templates and Leaflet have drawn them.

tests/conftest.py's `shown()` (used by the AppTest suites) is checked here against the browser.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from network import actions, database, reference
from tests import hostile
from tests.conftest import ROOT, district_id
from tools.browser import CHROMIUM, CHROMIUM_ARGS, block_outside, free_port, go_to, start_app, wait_rendered

pytestmark = pytest.mark.browser

# Single-line texts; leading/trailing blanks are trimmed by Markdown and by every write path.
PROBED = [v for v in hostile.SHOWN_AS_TYPED if v == v.strip() and len(v) < 300
          and "\u202e" not in v and "\ufeff" not in v and "\u200b" not in v]


def _run(url_path, script, tmp_path, env, check):
    from playwright.sync_api import sync_playwright

    proc = start_app(tmp_path / "empty.db", port := free_port(), tmp_path / "streamlit.log",
                     script=script, env=env)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            block_outside(page)
            page.goto(f"http://127.0.0.1:{port}/{url_path}")
            check(page)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_markdown_sinks_show_typed_text_exactly_as_typed(tmp_path):
    corpus = tmp_path / "texts.json"
    corpus.write_text(json.dumps(PROBED), encoding="utf-8")
    with database.open_db(tmp_path / "empty.db") as db:
        from network.setup import initialize
        initialize(db)

    def check(page):
        wait_rendered(page, "probe done", timeout_ms=60000)
        results = page.evaluate("""(n) => {
            const active = 'a, img, em, strong, code, h1, h2, h3, h4, li, blockquote, table, '
                + '.katex, span[style*=color], [data-testid=stIconMaterial]';
            const read = (kind, i) => {
                const box = document.querySelector(`.st-key-probe_${kind}_${i}`);
                // The word joiners escape_markdown adds are invisible and zero-width.
                return [box.innerText.trim().replaceAll('\\u2060', ''),
                        box.querySelectorAll(active).length];
            };
            const out = [];
            for (let i = 0; i < n; i++) {
                const [md, a] = read('md', i), [caption, b] = read('caption', i);
                const [alert, c] = read('alert', i);
                out.push({md, caption, alert, active: a + b + c});
            }
            return out;
        }""", len(PROBED))
        wrong = [(PROBED[i], r) for i, r in enumerate(results)
                 if r["md"] != PROBED[i] or r["caption"] != PROBED[i]
                 or r["alert"] != f"Acción guardada: {PROBED[i]}" or r["active"]]
        assert not wrong, wrong[:5]

    _run("", ROOT / "tests" / "apps" / "markdown_probe.py", tmp_path,
         {"PROBE_TEXTS": str(corpus)}, check)


MAP_TITLES = ["{{7*7}}", "{% raw %}", "{{ lipsum.__globals__ }}", "<b>bold</b> ${1} `x`",
              "[x](javascript:alert(1))"]


def test_map_popups_show_typed_titles_exactly_as_typed(tmp_path):
    from network.accounts import auth
    from network.setup import initialize
    from tests.conftest import PASSWORD
    with database.open_db(tmp_path / "empty.db") as db:
        initialize(db)
        admin = auth.create_user(db, None, "b-admin", PASSWORD, "admin", system=True)
        d1 = district_id(db, 1)
        home = next(d for d in reference.districts(db) if d.id == d1)
        for i, title in enumerate(MAP_TITLES):  # far enough apart not to cluster at zoom 17
            actions.create_action(db, admin, {"district_id": d1, "date": date.today().isoformat(),
                                              "type": "workshop", "title": title,
                                              "lat": home.label_lat + i * 0.0008,
                                              "lon": home.label_lon}, today=None)

    def check(page):
        wait_rendered(page)
        go_to(page, "Mapa de la red")
        frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
        frame.locator(".leaflet-container").wait_for(timeout=30000)
        frame.locator(".marker-cluster, path[fill='#c2185b']").first.wait_for(timeout=30000)
        frame.locator("body").evaluate("""() => {
            // streamlit-folium keeps the Leaflet map at window.map. Open the first marker's own
            // popup content as a popup on the map (no zoom or cluster animation to wait for).
            let cluster = null;
            window.map.eachLayer(layer => { if (layer.zoomToShowLayer) cluster = layer; });
            const m = cluster.getLayers()[0];
            L.popup().setLatLng(m.getLatLng()).setContent(m.getPopup().getContent()(m))
                .openOn(window.map);
        }""")
        frame.locator(".leaflet-popup-content").wait_for(timeout=30000)
        opened = frame.locator(".leaflet-popup-content").inner_text()
        assert opened.split("\n")[0] in MAP_TITLES
        assert frame.locator(".leaflet-popup-content b").count() == 1  # only the app's own <b>
        everything = frame.locator("body").evaluate("""() => {
            let cluster = null;
            window.map.eachLayer(layer => { if (layer.zoomToShowLayer) cluster = layer; });
            return cluster.getLayers().map(m => {
                const content = m.getPopup().getContent();
                const node = typeof content === 'function' ? content(m) : content;
                return node.querySelector('b').textContent;
            });
        }""")
        assert sorted(everything) == sorted(MAP_TITLES)

    _run("", None, tmp_path, {}, check)
