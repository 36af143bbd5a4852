"""Accessibility audits in Debian's Chromium: axe-core (installed from npm by .ci/run, never
copied into the repository) injected into a rendered Streamlit page and into its iframes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE_DIR = Path(os.environ.get("AXE_DIR", ROOT / ".cache" / "axe"))
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_SPEC = "axe-core@4"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}


def axe_script() -> Path:
    """The path of axe.min.js, installed with npm into AXE_DIR when it is missing."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(f"axe-core is missing ({AXE_JS}) and npm is not installed")
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(AXE_DIR), AXE_SPEC], check=True)
    return AXE_JS


_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                     iframes: false, resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,
                              html: n.html.slice(0, 300), summary: n.failureSummary}))}));
}"""


def audit(page) -> list[dict]:
    """axe's WCAG 2.0/2.1 A and AA violations in the page and each of its iframes, one dict
    per failing node: frame (main or the iframe's title), rule, impact, target, html."""
    script = str(axe_script())
    found: list[dict] = []
    for frame in page.frames:
        if frame.is_detached() or frame.url in ("about:blank", "") and frame is not page.main_frame:
            continue
        name = "main" if frame is page.main_frame else (frame.name or frame.url)
        if frame is not page.main_frame:
            try:
                name = frame.frame_element().get_attribute("title") or name
            except Exception:  # a frame that went away while we looked
                continue
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(path=script)
        for v in frame.evaluate(_RUN, WCAG_TAGS):
            for n in v["nodes"]:
                found.append({"frame": name, "rule": v["id"], "impact": n["impact"] or v["impact"],
                              "help": v["help"], "target": n["target"], "html": n["html"],
                              "summary": n["summary"]})
    return found


def serious(found: list[dict]) -> list[dict]:
    """The serious and critical ones."""
    return [f for f in found if f["impact"] in SERIOUS]
