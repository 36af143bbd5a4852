"""The one boundary where user-written text meets a renderer: HTML, JavaScript data, Markdown.

Every string a person typed (titles, names, places, labels, quiz and barometer texts, error
echoes) reaches HTML through `escape_html`, a `<script>` through `js_data`, and Streamlit's
Markdown through `escape_markdown`. Each is meant to make the text inert *and* show it as typed.

Why braces are escaped too: folium and branca render every element's macros, wrap the result
in a new `Element` and parse it again as a Jinja template when the figure is rendered
(`branca.element.MacroElement.render`). Text that survived HTML escaping was evaluated on that
second pass (`{{7*7}}` became `49`, `{{ lipsum.__globals__ }}` reached Python's `os`). With no
`{` or `}` left in user text, no `{{`, `{%` or `{#` can form from it.
"""

from __future__ import annotations

import html
import json
import re
import string
from typing import Any

_HTML_EXTRA = str.maketrans({
    "$": "&#36;",  # folium tooltips land in JavaScript template literals
    "`": "&#96;",
    "{": "&#123;",  # Jinja's second pass in branca (see the module docstring)
    "}": "&#125;",
})
_JS_EXTRA = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
             "`": "\\u0060", "$": "\\u0024",
             "{": "\\u007b", "}": "\\u007d", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_MARKDOWN = str.maketrans({c: "\\" + c for c in string.punctuation})
WORD_JOINER = "\u2060"  # invisible, no width; screen readers skip it
# Streamlit and remark-gfm rewrite the *decoded* text of Markdown, where no escape reaches:
# bare URLs and e-mail addresses become links (GFM autolink literals), `:streamlit:` and
# `:material_x:` become images and icons, and ` -- `, ` -> `, ` <- `, ` >= `, ` <= `, ` ~= `
# become typographic symbols. An invisible word joiner inside each such sequence stops them.
_REWRITTEN = re.compile(r"(?i)(?<=http)(?=s?:)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)|(?<=www)(?=\.)|(?<=@)"
                        r"|(?<=:)(?=streamlit:|material_)"
                        r"|(?<=-)(?=[->])|(?<=<)(?=[-=])|(?<=[>~])(?==)")


def escape_html(value: object) -> str:
    """Text for HTML: `<>&"'` as entities, and `$`, backtick, `{` and `}` as numeric references."""
    return html.escape("" if value is None else str(value), quote=True).translate(_HTML_EXTRA)


def js_data(value: Any) -> str:
    """JSON to place inside a `<script>` that a Jinja pass may read again.

    Inside JSON strings every `{`, `}`, `<`, `>`, `&`, `'`, `$` and backtick becomes a `\\uXXXX`
    escape, which
    JavaScript reads back as the same character; structural braces of objects are kept (an
    object opens with `{"` or `{}`, so no Jinja delimiter can form)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    out, in_string, escaped = [], False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            else:
                ch = _JS_EXTRA.get(ch, ch)
        elif ch == '"':
            in_string = True
        out.append(ch)
    return "".join(out)


def escape_markdown(value: object) -> str:
    """Text for Streamlit's Markdown (st.markdown, st.caption, alerts, widget labels) shown as typed.

    Every ASCII punctuation character is backslash-escaped (CommonMark lets any of them be), so
    no link, image, emphasis, heading, list, table, code span, maths (`$`), colour or icon
    directive (`:red[...]`, `:material/...:`) or HTML can form; an invisible word joiner
    (U+2060) breaks the few sequences rewritten after escapes are decoded (bare URLs, e-mail
    addresses, `:streamlit:`, arrows and dashes). Line breaks become Markdown hard breaks, so a
    multi-line text keeps its lines. Shown, the text reads exactly as typed."""
    text = _REWRITTEN.sub(WORD_JOINER, "" if value is None else str(value))
    return text.translate(_MARKDOWN).replace("\r\n", "\n").replace("\n", "  \n")
