"""The winners' booklet: one self-contained HTML file that prints to A5 or A4 (CSS @page), and
an EPUB (ebooklib). Each story keeps its own language (lang attributes); every text someone
typed is escaped (safe_html.escape_html), so it reads as typed and never becomes markup."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from network.core import i18n
from network.core.safe_html import escape_html as esc

SIZES = ("A5", "A4")
CSS = """
@page { size: %(size)s; margin: %(margin)s; }
body { font: %(font)s/1.5 Georgia, "DejaVu Serif", serif; color: #1b1b1b; margin: 0 auto;
  max-width: 40em; padding: 1em; }
h1 { font-size: 1.6em; color: #123d6b; }
article { margin-top: 2em; }
article h2 { font-size: 1.25em; margin-bottom: 0.2em; color: #123d6b; }
p.byline { font-style: italic; margin-top: 0; color: #444; }
p.meta { font-size: 0.85em; color: #555; }
.demo-note { border: 2px solid #b3261e; color: #b3261e; padding: 0.4em; font-weight: bold; }
@media print { body { max-width: none; padding: 0; } article { break-before: page; }
  h2 { break-after: avoid; } }
"""
_LAYOUT = {"A5": ("14mm 12mm", "10pt"), "A4": ("22mm 20mm", "11.5pt")}


def _paragraphs(body: str) -> str:
    blocks = [b for b in body.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + "<br>".join(esc(line) for line in b.split("\n")) + "</p>"
                   for b in blocks)


def story_html(body: str, language: str) -> str:
    """A story's text as HTML paragraphs in its own language (escaped, line breaks kept)."""
    return f'<div lang="{esc(language)}">{_paragraphs(body)}</div>'


def _article(w: dict[str, Any], lang: str) -> str:
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    return (f'<article lang="{esc(w["language"])}"><h2>{esc(w["title"])}</h2>'
            f'<p class="byline">{esc(w["byline"])}</p>'
            f'<p class="meta" lang="{esc(lang)}">{esc(t("contest.age_group." + w["age_group"]))}'
            f' · {esc(t("contest.language." + w["language"]))}</p>'
            f"{_paragraphs(w['body'])}</article>")


def booklet_html(year: int, winners: Sequence[dict[str, Any]], lang: str, size: str = "A5",
                 demo: bool = False) -> str:
    """The year's winning stories as one HTML document (no script, no external file)."""
    size = size if size in SIZES else "A5"
    margin, font = _LAYOUT[size]
    title = i18n.translate("contest.booklet_title", lang, year=year)
    note = (f'<p class="demo-note">{esc(i18n.translate("demo.notice", lang))}</p>'
            if demo else "")
    return (f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>"
            f"{CSS % {'size': size, 'margin': margin, 'font': font}}</style></head><body>"
            f"<h1>{esc(title)}</h1>{note}"
            f"<p>{esc(i18n.translate('contest.booklet_intro', lang, n=len(winners)))}</p>"
            + "".join(_article(w, lang) for w in winners) + "</body></html>")


def booklet_epub(year: int, winners: Sequence[dict[str, Any]], lang: str,
                 demo: bool = False) -> bytes:
    """The year's winning stories as an EPUB 3 book, one chapter per story in its language."""
    from ebooklib import epub

    book = epub.EpubBook()
    title = i18n.translate("contest.booklet_title", lang, year=year)
    book.set_identifier(f"antirumour-contest-{year}-{lang}")
    book.set_title(title)
    book.set_language(lang)
    book.add_author(i18n.translate("contest.booklet_publisher", lang))
    intro = epub.EpubHtml(title=title, file_name="intro.xhtml", lang=lang)
    note = f"<p><strong>{esc(i18n.translate('demo.notice', lang))}</strong></p>" if demo else ""
    intro.content = (f"<h1>{esc(title)}</h1>{note}<p>"
                     f"{esc(i18n.translate('contest.booklet_intro', lang, n=len(winners)))}</p>")
    book.add_item(intro)
    chapters = [intro]
    for i, w in enumerate(winners, start=1):
        chapter = epub.EpubHtml(title=w["title"], file_name=f"story_{i:03d}.xhtml",
                                lang=w["language"])
        chapter.content = (f"<h2>{esc(w['title'])}</h2><p><em>{esc(w['byline'])}</em></p>"
                           f"{_paragraphs(w['body'])}")
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.spine = ["nav", *chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()
