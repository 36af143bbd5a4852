"""Charts as inline SVG for the offline report: Vega-Lite rendered by vl-convert (no
JavaScript, no CDN), with element ids made unique per chart so several SVGs can share a page."""

from __future__ import annotations

import re

import altair as alt
import vl_convert

VL_VERSION = "_".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
_ID = re.compile(r'\bid="([^"]+)"')


def unique_ids(svg: str, prefix: str) -> str:
    """Prefix every id and its references (url(#id), href="#id") with `prefix`."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    svg = re.sub(rf'\bid="({names})"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(rf"url\(#({names})\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    return re.sub(rf'href="#({names})"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)


def chart_svg(chart: alt.TopLevelMixin, prefix: str) -> str:
    """The chart as an <svg> element, scalable to the page width."""
    svg = vl_convert.vegalite_to_svg(chart.to_json(), vl_version=VL_VERSION)
    svg = unique_ids(svg, prefix)
    # Let CSS scale the drawing to the column (the viewBox keeps its proportions).
    return re.sub(r'<svg([^>]*?) width="([\d.]+)" height="([\d.]+)"',
                  r'<svg\1 width="\2" height="\3" style="max-width:100%;height:auto" '
                  r'role="img"', svg, count=1)
