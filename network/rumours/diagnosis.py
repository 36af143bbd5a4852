"""The anti-rumour diagnosis (C4i's three parts) for the city or one district, as one
self-contained HTML document (inline CSS, no JavaScript; prints to PDF): the population
profile from reference data with its sources, perceptions (quiz and barometer), and the
rumour list with what was heard, answered and measured. Every text is escaped here."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from network import demo, reference
from network.barometer.estimates import index_table
from network.core import disclosure, i18n
from network.core.privacy import SURVEY_MIN_CELL
from network.core.safe_html import escape_html as esc
from network.quiz.content import latest_items_by_code
from network.quiz.results import MIN_CELL
from network.report.render import CSS, demo_page_css, table
from network.rumours import store, views
from network.rumours.board import build


def _num(value: float | int | None, lang: str, decimals: int = 0) -> str:
    return i18n.format_number(value, lang, decimals)


def population_part(db: Database, district_id: int | None, lang: str,
                    facts: list[str]) -> str:
    """Part 1: the population figures of reference data (each with its year and source), and
    the catalogue's sourced facts about who lives in the city."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    names = {d.id: d.name(lang) for d in reference.districts(db)}
    rows = [[names.get(p["district_id"], t("report.city")) if p["district_id"] else t("report.city"),
             p["year"], _num(p["value"], lang), p["source"]]
            for p in store.populations(db)
            if district_id is None or p["district_id"] in (None, district_id)]
    out = f"<h2>{esc(t('rumours.diagnosis.part1'))}</h2>"
    if rows:
        out += table([t("field.district"), t("field.year"), t("rumours.diagnosis.population"),
                      t("field.source")], rows, numeric={1, 2})
    else:
        out += f"<p class='empty'>{esc(t('rumours.diagnosis.no_population'))}</p>"
    if facts:
        out += f"<h3>{esc(t('rumours.diagnosis.population_facts'))}</h3><ul>"
        out += "".join(f"<li>{esc(f)}</li>" for f in facts) + "</ul>"
    return out


def perception_part(db: Database, board: Any, district_id: int | None, lang: str) -> str:
    """Part 2: the quiz (share correct and perception gap per item) and the barometer
    (tolerance index and the rumours' statements, latest closed wave), with 95 % intervals."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    out = f"<h2>{esc(t('rumours.diagnosis.part2'))}</h2>"
    items = latest_items_by_code(db)
    rows = []
    for code, item in items.items():
        c = board.quiz.get((code, district_id))
        if c is None:
            continue
        if c.suppressed:
            marker = disclosure.marker(c.hidden or disclosure.PRIMARY, MIN_CELL, lang)
            rows.append([item.text(lang, "title"), marker, "", ""])
            continue
        gap = "" if c.gap_mean is None else t(
            "rumours.estimate", value=_num(c.gap_mean, lang, 1), low=_num(c.gap_low, lang, 1),
            high=_num(c.gap_high, lang, 1))
        rows.append([item.text(lang, "title"), _num(c.n, lang),
                     t("rumours.estimate", value=_num(100 * c.share, lang),
                       low=_num(100 * c.share_low, lang), high=_num(100 * c.share_high, lang)),
                     gap])
    out += f"<h3>{esc(t('rumours.diagnosis.quiz'))}</h3>"
    out += (table([t("rumours.diagnosis.item"), t("rumours.diagnosis.answers"),
                   t("rumours.diagnosis.share_correct"), t("rumours.diagnosis.gap")], rows,
                  numeric={1}) if rows else
            f"<p class='empty'>{esc(t('rumours.diagnosis.no_quiz'))}</p>")
    out += f"<h3>{esc(t('rumours.diagnosis.barometer'))}</h3>"
    if board.wave is None:
        return out + f"<p class='empty'>{esc(t('rumours.diagnosis.no_barometer'))}</p>"
    index = next((r for r in index_table(db) if r["wave_id"] == board.wave["id"]
                  and r["district_id"] == district_id), None)
    if index is not None:
        value = (disclosure.marker(index.get("hidden") or disclosure.PRIMARY, SURVEY_MIN_CELL, lang)
                 if index["suppressed"] or index["mean"] is None else
                 t("rumours.estimate", value=_num(index["mean"], lang, 1),
                   low=_num(index["low"], lang, 1), high=_num(index["high"], lang, 1)))
        out += f"<p>{esc(t('rumours.diagnosis.index', wave=board.wave['label'], value=value))}</p>"
    from network.barometer.instrument import instrument

    statements = {i.code: i for i in instrument().items}
    rows = []
    for code in sorted({c for r in board.rumours for c in r["barometer"]}):
        est = board.barometer.get((code, district_id))
        if est is None or code not in statements:
            continue
        rows.append([code, statements[code].text.get(lang) or statements[code].text.get("es", ""),
                     views.barometer_text(board, [code], district_id, lang).split(": ", 1)[-1]])
    if rows:
        out += table([t("rumours.column.code"), t("rumours.diagnosis.statement"),
                      t("rumours.diagnosis.agree", wave=board.wave["label"])], rows)
    return out


def rumour_part(board: Any, district_id: int | None, lang: str, facts: dict[int, list]) -> str:
    """Part 3: the rumour list: heard, answered and measured, and the data against each."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    headers, rows = views.detail_rows(board, district_id, lang)
    out = f"<h2>{esc(t('rumours.diagnosis.part3'))}</h2>"
    if not rows:
        return out + f"<p class='empty'>{esc(t('rumours.catalogue.empty'))}</p>"
    out += table(headers, rows, numeric={3, 6, 7})
    out += f"<h3>{esc(t('rumours.diagnosis.answers_to'))}</h3>"
    for r in board.rumours:
        lines = [views.fact_line(f, lang) for f in facts.get(r["id"], [])]
        argument = views.text(r, "argument", lang)
        out += (f"<p><strong>{esc(r['code'])} · {esc(views.text(r, 'statement', lang))}</strong></p>"
                "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines)
                + (f"<li>{esc(argument)}</li>" if argument else "") + "</ul>")
    return out


def build_diagnosis(db: Database, district_id: int | None, lang: str,
                    today: date | None = None) -> str:
    """The diagnosis of the city (None) or of one district, for the last 12 months, in `lang`."""
    lang = i18n.normalize_language(lang)
    today = today or date.today()
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    area = (reference.district_by_id(db, district_id).name(lang) if district_id is not None
            else t("report.city"))
    start, end = (today - timedelta(days=365)).isoformat(), (today + timedelta(days=1)).isoformat()
    board = build(db, start, end, today, statuses=("active", "dormant"))
    facts = store.facts(db, [r["id"] for r in board.rumours])
    population_facts = [views.fact_line(f, lang) for r in board.rumours
                        if r["theme"] == "demography" for f in facts.get(r["id"], [])]
    has_demo = demo.has_demo(db)
    title = t("rumours.diagnosis.title", area=area)
    stamp = (f"<div class='demo-stamp'>{esc(t('report.demo.stamp'))}</div>"
             f"<p class='demo-note'>{esc(t('report.demo.note'))}</p>" if has_demo else "")

    class _W:
        def t(self, key: str, **kw: Any) -> str:
            return t(key, **kw)

    parts = [
        f"<header><h1>{esc(title)}</h1><p class='lead'>{esc(t('rumours.diagnosis.lead'))}</p>"
        f"<p class='muted'>{esc(t('rumours.diagnosis.period', start=start, end=today.isoformat()))}"
        f"</p><p class='muted'>{esc(t('report.generated', date=today.isoformat()))}</p>{stamp}"
        "</header>",
        f"<section class='first'>{population_part(db, district_id, lang, population_facts)}</section>",
        f"<section>{perception_part(db, board, district_id, lang)}</section>",
        f"<section>{rumour_part(board, district_id, lang, facts)}</section>",
        f"<section><h2>{esc(t('rumours.diagnosis.method_title'))}</h2>"
        f"<p class='note'>{esc(t('rumours.diagnosis.method'))}</p></section>",
    ]
    return ("<!DOCTYPE html>\n"
            f"<html lang='{esc(lang)}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(title)}</title><style>{CSS}{demo_page_css(_W()) if has_demo else ''}"
            "</style></head><body>" + "".join(parts) + "</body></html>")
