"""The one escaping helper for every user-written string that reaches HTML or a JS template."""

from __future__ import annotations

import html


def escape_html(value: object) -> str:
    """HTML-escape, and neutralise `$` and backticks (folium tooltips land in JS template literals)."""
    return (
        html.escape("" if value is None else str(value), quote=True)
        .replace("$", "&#36;")
        .replace("`", "&#96;")
    )
