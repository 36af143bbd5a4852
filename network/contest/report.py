"""The contest's section of the annual report (network/report): the year's submissions by
category, language, district and age band (small counts hidden as on the public page) and the
published winners' titles under their chosen names."""

from __future__ import annotations

from typing import Any

from network.contest import views
from network.core import i18n
from network.core.safe_html import escape_html as esc


def section(year: int, figures: list[dict[str, Any]], winners: list[dict[str, Any]],
            districts: dict[int, str], lang: str) -> str:
    """HTML of the section (every value escaped)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    out = f"<h2>{esc(t('contest.report_title', year=year))}</h2>"
    rows = [r for r in figures if r["year"] == year]
    if not rows:
        return out + f"<p class='empty'>{esc(t('contest.report_empty', year=year))}</p>"
    total = views.totals(rows, lang)[year]
    out += f"<p>{esc(t('contest.report_total', n=total))}</p>"
    for dim in ("age_group", "language", "district_id", "age_band"):
        cells = [r for r in rows if r["dimension"] == dim]
        if not cells:
            continue
        frame = views.figures_frame(rows, dim, districts, lang)
        head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
        body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>"
                       for row in frame.itertuples(index=False))
        out += (f"<h3>{esc(t(f'contest.dimension.{dim}'))}</h3>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out += f"<p class='note'>{esc(t('contest.figures_note', n=5))}</p>"
    if winners:
        out += f"<h3>{esc(t('contest.report_winners'))}</h3><ul>"
        out += "".join(f"<li><span lang='{esc(w['language'])}'>{esc(w['title'])}</span> — "
                       f"{esc(w['byline'])} ({esc(t('contest.age_group.' + w['age_group']))})</li>"
                       for w in winners)
        out += "</ul>"
    return out
