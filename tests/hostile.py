"""A corpus of hostile inputs for every free-text field, form handler and importer."""

from __future__ import annotations

SCRIPT_AND_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>*{display:none}</style>",
    "<div style=\"background:url(javascript:alert(1))\">",
    "<object data=\"data:text/html,<script>alert(1)</script>\">",
    "<!--<img src=x onerror=alert(1)>-->",
    "<b>bold</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]
TEMPLATE_AND_JS = [
    "${alert(1)}",
    "`${alert(1)}`",
    "`-alert(1)-`",
    "{{7*7}}",
    "{{constructor.constructor('alert(1)')()}}",
    "#{7*7}",
    "<%= 7*7 %>",
    "\\u003cscript\\u003e",
    "');alert(1);//",
    "\";alert(1);//",
    "</script><script>alert(1)</script>",
    "{0}{1}{name}",
    "%s%s%s%n",
    "{__class__}",
]
# Template syntax of the engines that may see stored text: Jinja (folium/branca parse rendered
# output again), Vega expressions, Markdown (Streamlit renders it, with its own directives).
TEMPLATE_SYNTAX = [  # "{{7*7}}" itself is in TEMPLATE_AND_JS
    "{{",
    "}}",
    "{{ 1/0 }}",
    "{% raw %}",
    "{% endraw %}",
    "{% for x in range(3) %}x{% endfor %}",
    "{# comment #}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__.os.getcwd() }}",
    "{{ config }}",
    "{{ self.__init__.__globals__ }}",
    "{%- if true -%}yes{%- endif -%}",
    "datum.value + ' ' + toString(event)",
    "{signal: 'width'}",
    "[x](javascript:alert(1))",
    "![x](http://example.invalid/p.png)",
    "[click](http://example.invalid)",
    "<http://example.invalid>",
    "http://example.invalid/path",
    "**bold** _em_ ~~strike~~",
    "# heading",
    "- list item",
    "1. first",
    "> quote",
    "| a | b |",
    ":red[coloured] :material/home: :smile:",
    "$x^2$ and $$y$$",
    "\\escaped\\ \\*",
    "trailing backslash \\",
    "｛｛7*7｝｝",  # fullwidth braces
    "❴❴7*7❵❵",  # ornamental braces
    "﹛﹛7*7﹜﹜",  # small braces
]
SQL_LIKE = [
    "'; DROP TABLE actions; --",
    "1; DELETE FROM agents",
    "' OR '1'='1",
    "\" OR \"\"=\"",
    "1 UNION SELECT password_hash FROM users",
    "Robert'); DROP TABLE users;--",
    "%' AND 1=1 --",
    "\\'; SELECT 1; --",
    "NULL",
    "null",
    "0x41",
]
CSV_FORMULAS = [
    "=1+1",
    "=HYPERLINK(\"http://example.org\",\"x\")",
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(1)",
    "=cmd|' /C calc'!A0",
]
CONTROL_AND_WHITESPACE = [
    "line1\nline2",
    "tab\there",
    "carriage\rreturn",
    "nul\x00byte",
    "bell\x07",
    "escape\x1b[31mred",
    "\u200b",  # zero-width space only
    "   ",
    "",
    "\ufeffBOM at start",
    "back\bspace",
    "form\x0cfeed",
    "vertical\x0btab",
    "del\x7f",
]
UNICODE = [
    "😀🎉👍🏽",
    "👨‍👩‍👧‍👦 family",
    "مرحبا بالعالم",  # Arabic, right-to-left
    "שלום",  # Hebrew
    "\u202eevil\u202c reversed",  # right-to-left override
    "Ñandú Güeñes Zazpikaleak",
    "Deustu – Begoña — «Ibaiondo»",
    "中文测试",
    "𝕳𝖊𝖑𝖑𝖔",
    "e\u0301 combining",
    "İstanbul ı",
    "ß ẞ",
    "\ud7ff",
    "Ⅻ ½ ²",
]
LONG = [
    "x" * 100_000,
    "<" * 10_000,
    "é" * 50_000,
    ("word " * 20_000).strip(),
]
WRONG_TYPES_AND_NUMBERS = [
    "-1", "-0", "1e309", "NaN", "nan", "inf", "-inf", "Infinity", "1.5", "1,5", "01", "0x10",
    "999999999999999999999999", "9" * 400, "  42  ", "4 2", "½", "٣", "١٢", "true", "[]", "{}",
]
DATES = [
    "2025-02-30", "2025-13-01", "2025-00-10", "2025-04-31", "0000-01-01", "9999-12-31",
    "2025/01/01", "01/02/2025", "2025-1-1", "yesterday", "2025-02-29", "", "2025-06-01T25:00",
    "-2025-01-01", "20250101", "2100-01-01",
]

# Every input once (a field with unique values, such as a wave's label, must not see a repeat).
ALL_TEXT = (SCRIPT_AND_HTML + TEMPLATE_AND_JS + TEMPLATE_SYNTAX + SQL_LIKE + CSV_FORMULAS
            + CONTROL_AND_WHITESPACE + UNICODE + LONG)
ALL = ALL_TEXT + WRONG_TYPES_AND_NUMBERS + DATES

# The single-line texts a title, name or place field stores (no control characters, 1-200
# characters): what the "shown as typed" suites store through the real write paths.
def storable(values: list[str], limit: int = 200) -> list[str]:
    """The values a single-line field of at most `limit` characters accepts."""
    import re
    return [v for v in values if v.strip() and len(v) <= limit and not re.search(r"[\x00-\x1f\x7f]", v)]


SHOWN_AS_TYPED = storable(ALL_TEXT)

# Strings that must never appear raw in rendered HTML (only escaped).
DANGEROUS_MARKERS = ["<script", "<img", "<svg", "<iframe", "onerror=", "onload=", "${", "`"]
