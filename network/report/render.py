"""The annual report as one HTML document: inline CSS, inline SVG charts, no JavaScript."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from network import trends
from network.barometer.charts import estimate_text, index_trend_chart
from network.barometer.views import technical_sheet
from network.contest import report as contest_report
from network.core import disclosure, i18n, vocab
from network.core.privacy import PUBLIC_MIN_COUNT, SURVEY_MIN_CELL
from network.core.safe_html import escape_html as esc
from network.quiz.sources import reference_text
from network.report.data import ReportData
from network.report.svg import chart_svg
from network.trends.charts import activity_map, bar_chart, change_scatter, small_multiples
from network.trends.views import change_status, p_text, signed, tests_text

CSS = """
@page { size: A4; margin: 18mm 14mm 16mm; }
@page { @bottom-right { content: counter(page) " / " counter(pages); font: 9pt sans-serif;
  color: #555; } }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1b1b1b;
  margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; }
h1 { font-size: 22pt; margin: 0 0 2mm; color: #123d6b; }
h2 { font-size: 15pt; color: #123d6b; border-bottom: 2px solid #123d6b; padding-bottom: 1mm;
  margin: 0 0 4mm; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
section { margin-top: 10mm; }
p.lead { font-size: 12pt; color: #333; }
.muted, figcaption, .note { color: #555; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 2mm 0 3mm; }
th, td { border-bottom: 1px solid #d5d9de; padding: 1.2mm 1.6mm; text-align: left;
  vertical-align: top; }
th { background: #eef2f6; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
th { font-size: 9pt; }
tr.total td { font-weight: bold; border-top: 2px solid #999; }
figure { margin: 3mm 0; }
figure svg { display: block; max-width: 100%; height: auto; }
.caveat { border-left: 4px solid #b05a00; background: #fbf3ea; padding: 2mm 3mm;
  margin: 3mm 0; font-size: 10pt; }
.demo-note { border: 2px solid #b3261e; color: #b3261e; padding: 2mm 3mm; font-weight: bold;
  margin: 3mm 0; }
.demo-stamp { position: fixed; top: 0; left: 0; right: 0; text-align: center;
  font: bold 9pt sans-serif; color: #fff; background: #b3261e; padding: 1mm; z-index: 10; }
.empty { font-style: italic; color: #555; }
@media screen { body { padding-top: 14mm; } }
@media print {
  body { max-width: none; padding: 0; }
  section { break-before: page; margin-top: 0; }
  figure, svg, tr, .caveat, h3 { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  section.first { break-before: auto; margin-top: 8mm; }
  .demo-stamp { display: none; }
  .demo-watermark { display: block; }
}
.demo-watermark { display: none; position: fixed; top: 45%; left: 0; right: 0;
  text-align: center; font: bold 44pt sans-serif; color: rgba(179, 38, 30, 0.09);
  transform: rotate(-30deg); pointer-events: none; z-index: 5; }
"""


class Writer:
    """Translation and number formatting in one language, and unique chart ids."""

    def __init__(self, lang: str):
        self.lang = lang
        self.charts = 0

    def t(self, key: str, **params: Any) -> str:
        return i18n.translate(key, self.lang, **params)

    def num(self, value: float | int | None, decimals: int = 0) -> str:
        return i18n.format_number(value, self.lang, decimals)

    def figure(self, chart: Any, caption: str = "") -> str:
        self.charts += 1
        cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
        return f"<figure>{chart_svg(chart, f'c{self.charts}-')}{cap}</figure>"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: set[int] = frozenset(),
          total: bool = False) -> str:
    """An HTML table; every cell is escaped here. The last row is bold when `total`."""
    head = "".join(f'<th class="{"n" if i in numeric else ""}">{esc(h)}</th>'
                   for i, h in enumerate(headers))
    body = []
    for k, row in enumerate(rows):
        cls = ' class="total"' if total and k == len(rows) - 1 else ""
        cells = "".join(f'<td class="{"n" if i in numeric else ""}">{esc(c)}</td>'
                        for i, c in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _areas(d: ReportData, w: Writer) -> list[tuple[int | None, str]]:
    return [(dist.id, f"{dist.number}. {dist.name(w.lang)}")
            for dist in sorted(d.districts, key=lambda x: x.number)] + [
        (None, d.city or w.t("report.city"))]


def section_numbers(d: ReportData, w: Writer) -> str:
    rows = []
    for area, name in _areas(d, w):
        a = d.activity.get(area, dict.fromkeys(trends.MEASURES, 0))
        pop = (d.populations.get(area) or {}).get("value")
        rows.append([name, w.num(a["actions"]), w.num(a["reached"]), w.num(a["agents"]),
                     w.num(a["quiz"]),
                     w.num(trends.per_thousand(a["actions"], pop), 2),
                     w.num(trends.per_thousand(a["reached"], pop), 1)])
    headers = [w.t("field.district"), w.t("trends.measure.actions"), w.t("trends.measure.reached"),
               w.t("trends.measure.agents"), w.t("trends.measure.quiz"),
               w.t("trends.per_1000", measure=w.t("trends.measure.actions")),
               w.t("trends.per_1000", measure=w.t("trends.measure.reached"))]
    known = sum(1 for x in d.districts if d.populations.get(x.id))
    return (f"<h2>{esc(w.t('report.numbers.title'))}</h2>"
            f"<p>{esc(w.t('report.numbers.intro', year=d.year))}</p>"
            + table(headers, rows, set(range(1, 7)), total=True)
            + f"<p class='note'>{esc(w.t('report.numbers.note', known=known, total=len(d.districts)))}</p>")


def map_measure(d: ReportData) -> str:
    """Actions per 1,000 residents when every district's population is known, else actions."""
    return ("actions_per_1000" if all(d.populations.get(x.id) for x in d.districts)
            else "actions")


def section_map(d: ReportData, w: Writer) -> str:
    measure = map_measure(d)
    figures = {}
    for dist in d.districts:
        a = d.activity.get(dist.id, {}).get("actions", 0)
        pop = (d.populations.get(dist.id) or {}).get("value")
        figures[dist.id] = trends.per_thousand(a, pop) if measure.endswith("_per_1000") else a
    labels = [{"district_id": x.id, "name": x.name(w.lang), "lat": x.label_lat, "lon": x.label_lon}
              for x in d.districts]
    if not d.geojson["features"]:
        return f"<h3>{esc(w.t('report.map.title'))}</h3><p class='empty'>{esc(w.t('report.empty'))}</p>"
    chart = activity_map(d.geojson, figures, labels, w.lang, measure)
    return (f"<h3>{esc(w.t('report.map.title'))}</h3>"
            + w.figure(chart, w.t("report.map.caption", year=d.year, attribution=d.attribution)))


def section_types(d: ReportData, w: Writer) -> str:
    head = f"<h2>{esc(w.t('report.types.title'))}</h2>"
    if not d.types:
        return head + f"<p class='empty'>{esc(w.t('report.types.empty', year=d.year))}</p>"
    label = {code: w.t(vocab.label_key("action_type", code)) for code, _, _ in d.types}
    chart = bar_chart([{"label": label[c], "value": n} for c, n, _ in d.types], w.lang,
                      w.t("trends.measure.actions"), width=520)
    rows = [[label[c], w.num(n), w.num(r)] for c, n, r in d.types]
    names = {x.id: x.name(w.lang) for x in d.districts}
    top = [[a["date"], names.get(a["district_id"], ""), w.t(vocab.label_key("action_type", a["type"])),
            a["title"], w.num(a["people_reached"])] for a in d.top_actions]
    return (head + w.figure(chart)
            + table([w.t("report.types.type"), w.t("trends.measure.actions"),
                     w.t("trends.measure.reached")], rows, {1, 2})
            + f"<h3>{esc(w.t('report.types.top', n=len(top)))}</h3>"
            + table([w.t("actions.column.date"), w.t("field.district"), w.t("report.types.type"),
                     w.t("actions.column.title"), w.t("trends.measure.reached")], top, {4}))


def _pct(value: float | None, w: Writer) -> str:
    return "–" if value is None else w.num(100 * value, 0) + " %"


def _gap(g: Any, w: Writer) -> str:
    if g is None or g.suppressed or g.gap is None:
        if g is not None and g.suppressed:
            return disclosure.marker(g.hidden or disclosure.PRIMARY, PUBLIC_MIN_COUNT, w.lang)
        return "–"
    return f"{w.num(g.gap, 1)} ({w.num(g.gap_low, 1)}–{w.num(g.gap_high, 1)})"


def quiz_sources(d: ReportData, w: Writer) -> str:
    """The quiz's facts, each with its full reference and its last check against the source."""
    if not d.quiz_items:
        return ""
    rows = []
    for item in d.quiz_items:
        check = d.quiz_reviews.get(item.code)
        fact = item.text(w.lang, "recap") + (f" ({w.t('report.quiz.historical')})"
                                             if item.historical else "")
        rows.append([item.text(w.lang, "title"), fact, reference_text(item, w.lang),
                     check.checked_on if check else w.t("report.quiz.never_checked")])
    return (f"<h3>{esc(w.t('report.quiz.sources_title'))}</h3>"
            + table([w.t("quiz.column.item"), w.t("report.quiz.fact"), w.t("field.source"),
                     w.t("quiz.review.checked_on")], rows, set()))


def section_quiz(d: ReportData, w: Writer) -> str:
    head = f"<h2>{esc(w.t('report.quiz.title'))}</h2>"
    if d.quiz_city is None:
        return (head + f"<p class='empty'>{esc(w.t('report.quiz.empty', year=d.year))}</p>"
                + quiz_sources(d, w))
    c = d.quiz_city
    lead = w.t("report.quiz.lead", n=w.num(c.n), score=_pct(c.score, w), gap=_gap(c, w))
    names = {x.id: f"{x.number}. {x.name(w.lang)}" for x in d.districts}
    rows = [[names.get(g.group, str(g.group)),
             w.num(g.n) if not g.suppressed else
             disclosure.marker(g.hidden or disclosure.PRIMARY, PUBLIC_MIN_COUNT, w.lang),
             _pct(g.score, w), _gap(g, w)] for g in d.quiz_districts]
    return (head + f"<p>{esc(lead)}</p>"
            + table([w.t("field.district"), w.t("trends.measure.quiz"), w.t("report.quiz.score"),
                     w.t("report.quiz.gap")], rows, {1, 2, 3})
            + f"<p class='note'>{esc(w.t('report.quiz.note', min=PUBLIC_MIN_COUNT))}</p>"
            + quiz_sources(d, w))


def section_barometer(d: ReportData, w: Writer) -> str:
    head = f"<h2>{esc(w.t('report.barometer.title'))}</h2>"
    tr = d.trends
    if not tr.waves:
        return head + f"<p class='empty'>{esc(w.t('report.barometer.empty'))}</p>"
    years = [x.year for x in tr.waves]
    city_rows = []
    for x, p in zip(tr.waves, tr.periods, strict=True):
        r = tr.index.get((x.label, None))
        if r and not r["suppressed"]:
            when = f"{x.year}-07-01" if years.count(x.year) == 1 else p.end.isoformat()
            city_rows.append({**r, "wave": x.label, "date": when})
    chart = index_trend_chart(city_rows, [p for p in d.published if p.year <= d.year], w.lang,
                              w.t("report.barometer.series")).properties(width=600, height=300)
    shown = tr.waves[-4:]
    headers = [w.t("field.district")] + [x.label for x in shown]
    rows = []
    for area, name in _areas(d, w):
        rows.append([name] + [_estimate(tr.index.get((x.label, area)), w) for x in shown])
    last = tr.waves[-1]
    sheet = technical_sheet(last, tr.index.get((last.label, None)), tr.city or w.t("report.city"),
                            w.lang)
    return (head + f"<p>{esc(w.t('report.barometer.intro'))}</p>" + w.figure(chart)
            + table(headers, rows, set(range(1, len(headers))), total=True)
            + f"<p class='note'>{esc(w.t('report.barometer.note', min=SURVEY_MIN_CELL))}</p>"
            + f"<h3>{esc(w.t('barometer.sheet.title', wave=last.label))}</h3>"
            + table([w.t("barometer.sheet.item"), w.t("barometer.sheet.value")],
                    [list(r) for r in sheet], set(), total=False))


def _estimate(row: dict[str, Any] | None, w: Writer) -> str:
    if row is None:
        return "–"
    return estimate_text(row, w.lang) + (" ⚠" if row.get("unreliable") and not row["suppressed"]
                                         else "")


def section_attitudes(d: ReportData, w: Writer) -> str:
    head = f"<h2>{esc(w.t('report.attitudes.title'))}</h2>"
    tr = d.trends
    caveat = f"<div class='caveat'>{esc(w.t('trends.caveats'))}</div>"
    if not tr.waves:
        return head + caveat + f"<p class='empty'>{esc(w.t('report.barometer.empty'))}</p>"
    city_name = w.t("report.city")
    panels = small_multiples(trends.panel_rows(tr, w.lang, city_name), w.lang, "actions",
                             width=175)
    out = head + caveat + w.figure(panels, w.t("trends.panels_note"))
    if len(tr.waves) < 2:
        return out + f"<p class='empty'>{esc(w.t('trends.change.one_wave'))}</p>"
    first, second = tr.waves[-2].label, tr.waves[-1].label
    rows = trends.change_rows(tr, first, second, w.lang, city_name)
    districts = [r for r in rows if r["area_id"] is not None]
    intensity = ("actions_per_1000" if all(r["actions_per_1000"] is not None for r in districts)
                 else "actions")
    out += f"<h3>{esc(w.t('trends.change.title', first=first, second=second))}</h3>"
    out += w.figure(change_scatter(districts, w.lang, intensity, width=560, height=250),
                    w.t("trends.change.note"))
    out += f"<p class='caveat'>{esc(tests_text(rows, w.lang))}</p>"
    return out + table(*change_table(rows, w), numeric={1, 2, 3, 4, 5}, total=False)


def change_table(rows: Sequence[dict[str, Any]], w: Writer) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the change table."""
    headers = [w.t("field.district"), w.t("trends.change.first"), w.t("trends.change.second"),
               w.t("trends.chart.change"), w.t("trends.chart.p"), w.t("trends.measure.actions"),
               w.t("trends.chart.status")]
    out = [[r["area"], w.num(r["first"], 1), w.num(r["second"], 1), signed(r["change"], w.lang),
            p_text(r["p"], w.lang), w.num(r["actions"]), change_status(r, w.lang)] for r in rows]
    return headers, out


def section_recognition(d: ReportData, w: Writer) -> str:
    head = f"<h2>{esc(w.t('recognition.title', year=d.year))}</h2>"
    rec = d.recognition
    names = {x.id: x.name(w.lang) for x in d.districts}
    body = f"<p>{esc(w.t('recognition.intro'))}</p>"
    if rec.named:
        rows = [[r["name"], w.t(f"recognition.kind.{r['kind']}"), names.get(r["district_id"], ""),
                 w.num(r["actions"]), w.num(r["reached"]), w.num(r["quiz"])] for r in rec.named]
        body += table([w.t("recognition.name"), w.t("recognition.kind_label"),
                       w.t("field.district"), w.t("trends.measure.actions"),
                       w.t("trends.measure.reached"), w.t("trends.measure.quiz")], rows, {3, 4, 5})
    elif not rec.unnamed:
        body += f"<p class='empty'>{esc(w.t('recognition.empty', year=d.year))}</p>"
    if rec.unnamed:
        body += f"<p><strong>{esc(w.t('recognition.unnamed', n=w.num(rec.unnamed)))}</strong></p>"
    return head + body + f"<p class='note'>{esc(w.t('recognition.note'))}</p>"


def section_contest(d: ReportData, w: Writer) -> str:
    names = {x.id: x.name(w.lang) for x in d.districts}
    return contest_report.section(d.year, d.contest_figures, d.contest_winners, names, w.lang)


def section_training(d: ReportData, w: Writer) -> str:
    """Agents' training per district (network/training), small groups hidden."""
    from network.training.views import report_section

    per, hidden = d.training
    names = {x.id: x.name(w.lang) for x in d.districts}
    return report_section(per, hidden, names, d.city or w.t("report.city"), d.year, w.lang)


def section_method(d: ReportData, w: Writer) -> str:
    pops = []
    names = {x.id: x.name(w.lang) for x in d.districts}
    for area, row in sorted(d.populations.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        pops.append([names.get(area, d.city or w.t("report.city")), w.num(row["value"]),
                     str(row["year"]), row["source"]])
    out = f"<h2>{esc(w.t('report.method.title'))}</h2>"
    for key in ("periods", "barometer", "quiz", "activity", "privacy"):
        out += f"<h3>{esc(w.t(f'report.method.{key}_title'))}</h3>"
        out += f"<p>{esc(w.t(f'report.method.{key}', min=SURVEY_MIN_CELL, small=PUBLIC_MIN_COUNT))}</p>"
    out += f"<h3>{esc(w.t('report.method.sources_title'))}</h3>"
    if pops:
        out += table([w.t("field.district"), w.t("report.method.population"), w.t("field.year"),
                      w.t("field.source")], pops, {1})
    out += f"<p>{esc(w.t('report.method.published'))}</p>"
    if d.attribution:
        out += f"<p>{esc(w.t('report.method.boundaries', attribution=d.attribution))}</p>"
    if d.has_demo:
        out += f"<p class='demo-note'>{esc(w.t('report.demo.note'))}</p>"
    return out


def css_string(text: str) -> str:
    """Text as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    return '"' + "".join(c if c.isalnum() or c in " :,.-" else f"\\{ord(c):x} " for c in text) + '"'


def demo_page_css(w: Writer) -> str:
    """A demo stamp in the top margin of every printed page (CSS page-margin box)."""
    return ("@page { @top-center { content: " + css_string(w.t("report.demo.stamp"))
            + "; font: bold 9pt sans-serif; color: #b3261e; } }")


def render(d: ReportData, lang: str) -> str:
    """The whole report as an HTML document in `lang`."""
    w = Writer(i18n.normalize_language(lang))
    title = w.t("report.title", year=d.year, city=d.city or w.t("report.city"))
    stamp = (f"<div class='demo-stamp'>{esc(w.t('report.demo.stamp'))}</div>"
             f"<div class='demo-watermark' aria-hidden='true'>{esc(w.t('demo.label').upper())}</div>"
             f"<p class='demo-note'>{esc(w.t('report.demo.note'))}</p>" if d.has_demo else "")
    head_note = w.t("report.generated", date=d.today.isoformat())
    parts = [
        f"<header><h1>{esc(title)}</h1><p class='lead'>{esc(w.t('report.lead'))}</p>"
        f"<p class='muted'>{esc(head_note)}</p>{stamp}</header>",
        f"<section class='first'>{section_numbers(d, w)}{section_map(d, w)}</section>",
        f"<section>{section_types(d, w)}</section>",
        f"<section>{section_quiz(d, w)}</section>",
        f"<section>{section_barometer(d, w)}</section>",
        f"<section>{section_attitudes(d, w)}</section>",
        f"<section>{section_recognition(d, w)}</section>",
        f"<section>{section_contest(d, w)}</section>",
        f"<section>{section_training(d, w)}</section>" if d.training else "",
        f"<section>{section_method(d, w)}</section>",
    ]
    return ("<!DOCTYPE html>\n"
            f"<html lang='{esc(w.lang)}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{esc(title)}</title><style>{CSS}{demo_page_css(w) if d.has_demo else ''}"
            "</style></head><body>"
            + "".join(parts) + "</body></html>")
