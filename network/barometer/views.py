"""What the barometer pages show, as plain data: loaded once, shaped per language (no Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlite_utils import Database

from network import reference
from network.barometer import estimates
from network.barometer.charts import estimate_text, fmt
from network.barometer.instrument import Instrument
from network.barometer.waves import Wave, list_waves
from network.barometer.weighting import read_weighting
from network.core import disclosure, i18n
from network.core.privacy import SURVEY_MIN_CELL
from network.reference import District


@dataclass
class Dashboard:
    """Every estimate the charts page draws, with the waves and districts they refer to."""

    waves: list[Wave]
    index: list[dict[str, Any]]
    bands: list[dict[str, Any]]
    items: list[dict[str, Any]]
    breakdowns: dict[str, list[dict[str, Any]]]
    counts: dict[int, dict[str, int]]
    districts: list[District]
    geojson: dict[str, Any]
    attribution: str
    city: str


def load_dashboard(db: Database, with_items: bool = True) -> Dashboard:
    """Read everything the charts page needs in one go. The item means read every answer
    (16 per respondent): `with_items=False` leaves them out (`items` is then empty) for a
    page that loads them only when they are shown."""
    return Dashboard(
        waves=list_waves(db), index=estimates.index_table(db), bands=estimates.band_shares(db),
        items=estimates.item_means(db) if with_items else [],
        breakdowns={d: estimates.breakdown(db, d) for d in estimates.BREAKDOWNS},
        counts=estimates.wave_counts(db), districts=reference.districts(db),
        geojson=reference.districts_geojson(db),
        attribution=reference.setting(db, "city.boundaries_attribution", ""),
        city=reference.setting(db, "city.name", ""),
    )


def wave_date(wave: Wave, alone_in_year: bool = True) -> str:
    """Where a wave sits on a time axis: mid-year, like the published yearly figures, or the
    middle of its fieldwork when several waves share a year."""
    if alone_in_year:
        return f"{wave.year}-07-01"
    start, end = date.fromisoformat(wave.fieldwork_start), date.fromisoformat(wave.fieldwork_end)
    return (start + (end - start) / 2).isoformat()


def waves_with_data(dash: Dashboard) -> list[Wave]:
    """Waves that have at least one estimated respondent, oldest first."""
    ids = {r["wave_id"] for r in dash.index}
    return [w for w in dash.waves if w.id in ids]


def _with_wave(rows: list[dict[str, Any]], dash: Dashboard) -> list[dict[str, Any]]:
    waves = {w.id: w for w in dash.waves}
    years = [w.year for w in dash.waves]
    dates = {w.id: wave_date(w, years.count(w.year) == 1) for w in dash.waves}
    return [{**r, "wave": waves[r["wave_id"]].label, "date": dates[r["wave_id"]]}
            for r in rows if r["wave_id"] in waves]


def city_rows(dash: Dashboard) -> list[dict[str, Any]]:
    """The city's index per wave, with the wave's label and date."""
    return _with_wave([r for r in dash.index if r["district_id"] is None], dash)


def district_rows(dash: Dashboard, lang: str) -> list[dict[str, Any]]:
    """Each district's index per wave, with the district's name and number."""
    names = {d.id: (d.name(lang), d.number) for d in dash.districts}
    return [{**r, "district": names[r["district_id"]][0], "number": names[r["district_id"]][1]}
            for r in _with_wave([r for r in dash.index if r["district_id"] is not None], dash)]


def rows_for(rows: list[dict[str, Any]], dash: Dashboard) -> list[dict[str, Any]]:
    """Band, item or breakdown rows with their wave's label and date."""
    return _with_wave(rows, dash)


def cell_text(row: dict[str, Any] | None, lang: str) -> str:
    """A table cell: the estimate with its interval, a warning sign when unreliable, or
    'not enough responses'."""
    if row is None:
        return "–"
    text = estimate_text(row, lang)
    return text + " ⚠" if row.get("unreliable") and not row.get("suppressed") else text


def index_table_frame(dash: Dashboard, lang: str) -> pd.DataFrame:
    """The city and each district as rows, waves as columns (newest first): index (95% interval)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    cells = {(r["wave_id"], r["district_id"]): r for r in dash.index}
    areas = [(None, dash.city or t("barometer.city"))] + [
        (d.id, d.label(lang)) for d in dash.districts]
    data: dict[str, list[Any]] = {t("barometer.chart.area"): [name for _, name in areas]}
    for w in reversed(waves_with_data(dash)):
        data[w.label] = [cell_text(cells.get((w.id, area)), lang) for area, _ in areas]
    return pd.DataFrame(data)


def _chart_frame(rows: list[dict[str, Any]], dash: Dashboard, lang: str,
                 first: list[tuple[str, Any]], unit: str = "") -> pd.DataFrame:
    """A chart's data as a table: the given leading columns, then wave, estimate (95% interval)
    and n; suppressed cells say so instead of showing a number (the chart leaves them out)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    waves = {w.id: w.label for w in dash.waves}
    out = []
    for r in rows:
        if r["wave_id"] not in waves:
            continue
        out.append({**{header: value(r) for header, value in first},
                    t("barometer.chart.wave"): waves[r["wave_id"]],
                    t("barometer.chart.estimate_ci"): estimate_text(r, lang, unit),
                    t("barometer.chart.n"): fmt(r["n"], lang, 0) if not r.get("suppressed")
                    else disclosure.marker(r.get("hidden") or disclosure.PRIMARY,
                                           SURVEY_MIN_CELL, lang)})
    return pd.DataFrame(out)


def map_table_frame(dash: Dashboard, wave_id: int, lang: str) -> pd.DataFrame:
    """The choropleth's figures: each district's index (95% interval) in one wave."""
    names = {d.id: d.label(lang) for d in dash.districts}
    header = i18n.translate("field.district", lang)
    return _chart_frame(sorted(map_rows(dash, wave_id), key=lambda r: names.get(r["district_id"], "")),
                        dash, lang, [(header, lambda r: names.get(r["district_id"], ""))])


def bands_table_frame(dash: Dashboard, lang: str) -> pd.DataFrame:
    """The band chart's figures: share of tolerant, ambivalent and reluctant by wave (%)."""
    header = i18n.translate("barometer.chart.band", lang)
    return _chart_frame(dash.bands, dash, lang, [
        (header, lambda r: i18n.translate(f"barometer.band.{r['band']}", lang))], unit=" %")


def items_table_frame(items: list[dict[str, Any]], dash: Dashboard, inst: Instrument,
                      lang: str) -> pd.DataFrame:
    """The item chart's figures: each item's mean score (0-100) by wave."""
    known = {i.code for i in inst.items}
    header = i18n.translate("barometer.chart.item", lang)
    return _chart_frame([r for r in items if r["item"] in known], dash, lang, [
        (header, lambda r: f"{r['item']} · {inst.item(r['item']).short[lang]}")])


def groups_table_frame(by_dimension: dict[str, list[dict[str, Any]]], dash: Dashboard,
                       inst: Instrument, lang: str) -> pd.DataFrame:
    """The group charts' figures: the index by sex, age band and born abroad in one wave."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    frames = [_chart_frame(rows, dash, lang, [
        (t("barometer.chart.dimension"), lambda r, d=dimension: t(f"barometer.dimension.{d}")),
        (t("barometer.chart.group"), lambda r, d=dimension: inst.label(d, r["category"], lang))])
        for dimension, rows in by_dimension.items() if rows]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def detail_frame(dash: Dashboard, lang: str) -> pd.DataFrame:
    """Long table of the wave x area index: n, n_eff, index, interval, status."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    waves = {w.id: w.label for w in dash.waves}
    names = {d.id: d.label(lang) for d in dash.districts}
    city = dash.city or t("barometer.city")
    rows = []
    for r in dash.index:
        status = ("hidden" if r.get("hidden") == disclosure.COMPLEMENTARY else "not_enough"
                  if r["suppressed"] else "unreliable" if r["unreliable"] else "ok")
        rows.append({
            t("barometer.chart.wave"): waves.get(r["wave_id"], ""),
            t("field.district"): names.get(r["district_id"], city),
            t("barometer.chart.n"): fmt(r["n"], lang, 0) if not r["suppressed"] else
            disclosure.marker(r.get("hidden") or disclosure.PRIMARY, SURVEY_MIN_CELL, lang),
            t("barometer.chart.neff"): fmt(r["n_eff"], lang, 1),
            t("barometer.chart.index"): fmt(r["mean"], lang, 1),
            t("barometer.chart.low"): fmt(r["low"], lang, 1),
            t("barometer.chart.high"): fmt(r["high"], lang, 1),
            t("barometer.chart.status"): t(f"barometer.status.{status}"),
        })
    return pd.DataFrame(rows)


def weighting_frame(dash: Dashboard, lang: str) -> pd.DataFrame:
    """Per wave: how its weights were made (method, margins with year and source, range)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    rows = []
    for w in dash.waves:
        info = read_weighting(w.weighting)
        margins = " · ".join(f"{t(f'barometer.dimension.{dim}')} {info.margins[dim]['year']}"
                             for dim in ("district", "sex", "age_band") if dim in info.margins)
        counts = dash.counts.get(w.id, {})
        rows.append({
            t("barometer.chart.wave"): w.label,
            t("barometer.admin.respondents"): counts.get("valid") or 0,
            t("barometer.admin.flagged"): counts.get("flagged") or 0,
            t("barometer.method.weighting"): t(f"barometer.weighting.{info.method}"),
            t("barometer.method.margins"): margins or "–",
            t("barometer.method.weight_range"): (
                f"{fmt(info.min_weight, lang, 2)} – {fmt(info.max_weight, lang, 2)}"
                if info.min_weight is not None else "–"),
            t("barometer.method.trimmed"): info.trimmed,
            t("barometer.method.max_gap"): fmt(100 * info.max_gap, lang, 2),
        })
    return pd.DataFrame(rows)


def margin_sources(dash: Dashboard) -> list[str]:
    """The distinct sources of the margins the waves were weighted to."""
    return sorted({m["source"] for w in dash.waves
                   for m in read_weighting(w.weighting).margins.values()})


def weighting_notices(dash: Dashboard) -> dict[str, list[str]]:
    """Waves by what the reader must be told: 'unweighted', 'partial' (a margin missing),
    'demo_margins', 'not_converged' (margins not met within the weight bounds), 'dropped'
    (a margin category nobody in the wave falls in: 'wave: dimension category')."""
    out: dict[str, list[str]] = {"unweighted": [], "partial": [], "demo_margins": [],
                                 "not_converged": [], "dropped": []}
    for w in waves_with_data(dash):
        info = read_weighting(w.weighting)
        if info.method == "unweighted":
            out["unweighted"].append(w.label)
        elif info.method == "raked":
            if info.missing:
                out["partial"].append(w.label)
            if any(m.get("demo") for m in info.margins.values()):
                out["demo_margins"].append(w.label)
            if not info.converged:
                out["not_converged"].append(w.label)
            out["dropped"] += [f"{w.label}: {dim} {cat}" for dim, cat in info.dropped]
    return out


def map_rows(dash: Dashboard, wave_id: int) -> list[dict[str, Any]]:
    """One wave's district rows for the map."""
    return [r for r in dash.index if r["wave_id"] == wave_id and r["district_id"] is not None]


def map_labels(dash: Dashboard, lang: str) -> list[dict[str, Any]]:
    """Where each district's name goes on the map."""
    return [{"district_id": d.id, "name": d.name(lang), "lat": d.label_lat, "lon": d.label_lon}
            for d in dash.districts]


def items_frame(inst: Instrument, lang: str) -> pd.DataFrame:
    """The questionnaire's items: code, block, wording and coding direction."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    return pd.DataFrame({
        t("barometer.chart.code"): [i.code for i in inst.items],
        t("barometer.chart.block"): [inst.blocks[i.block][lang] for i in inst.items],
        t("barometer.chart.item"): [i.text[lang] for i in inst.items],
        t("barometer.chart.coding"): [t("barometer.chart.reverse_coded" if i.reverse
                                        else "barometer.chart.direct_coded") for i in inst.items],
    })


def category_labels(dimension: str, districts: list[District], inst: Instrument,
                    lang: str) -> dict[str, str]:
    """A margin dimension's categories (codes) and their labels in `lang`."""
    if dimension == "district":
        return {str(d.number): d.label(lang) for d in districts}
    return {c: inst.label(dimension, c, lang) for c in inst.categories(dimension)}


def waves_frame(waves: list[Wave], counts: dict[int, dict[str, int]], districts: int,
                lang: str) -> pd.DataFrame:
    """The staff's list of waves: dates, mode, status, responses against target, weighting."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    num = lambda v: i18n.format_number(v, lang)  # noqa: E731
    return pd.DataFrame({
        t("barometer.chart.wave"): [w.label for w in waves],
        t("field.year"): [str(w.year) for w in waves],
        t("barometer.admin.fieldwork"): [f"{w.fieldwork_start} – {w.fieldwork_end}" for w in waves],
        t("barometer.admin.mode"): [t(f"barometer.mode.{w.mode}") for w in waves],
        t("barometer.admin.status"): [t(f"barometer.status_label.{w.status}") for w in waves],
        t("barometer.admin.respondents_target"): [
            f"{num(counts.get(w.id, {}).get('valid') or 0)} / {num(w.target_per_district * districts)}"
            for w in waves],
        t("barometer.admin.flagged"): [counts.get(w.id, {}).get("flagged") or 0 for w in waves],
        t("barometer.method.weighting"): [
            t(f"barometer.weighting.{read_weighting(w.weighting).method}") for w in waves],
        t("demo.label"): [t("common.yes") if w.demo else "" for w in waves],
    })


def progress_frame(wave: Wave, progress: list[dict[str, Any]], districts: list[District],
                   lang: str) -> pd.DataFrame:
    """One wave's fieldwork by district: valid responses, target, flagged."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    by_district = {r["district_id"]: r for r in progress if r["wave_id"] == wave.id}
    return pd.DataFrame({
        t("field.district"): [d.label(lang) for d in districts],
        t("barometer.admin.respondents"): [by_district.get(d.id, {}).get("valid") or 0
                                           for d in districts],
        t("barometer.admin.target_short"): [wave.target_per_district] * len(districts),
        t("barometer.admin.flagged"): [by_district.get(d.id, {}).get("flagged") or 0
                                       for d in districts],
    })


def imports_frame(imports: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """The list of fieldwork imports."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    return pd.DataFrame({
        t("barometer.chart.wave"): [i["wave"] for i in imports],
        t("barometer.admin.file"): [i["filename"] for i in imports],
        t("barometer.admin.rows"): [i["rows"] for i in imports],
        t("barometer.admin.supplied_weights"): [
            t("common.yes" if i["supplied_weights"] else "common.no") for i in imports],
        t("barometer.admin.imported_at"): [i["imported_at"].replace("T", " ") for i in imports],
    })


def margins_frame(sets: list[Any], districts: list[District], inst: Instrument,
                  lang: str) -> pd.DataFrame:
    """Every margin set, one row per category: population, share, year, source, demo."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    rows = []
    for s in sets:
        labels = category_labels(s.dimension, districts, inst, lang)
        total = sum(s.values.values())
        for code in [c for c in labels if c in s.values]:
            rows.append({
                t("barometer.admin.dimension"): t(f"barometer.dimension.{s.dimension}"),
                t("field.year"): str(s.year),
                t("barometer.admin.category"): labels[code],
                t("barometer.admin.population"): i18n.format_number(s.values[code], lang),
                t("barometer.admin.share"): i18n.format_number(100 * s.values[code] / total,
                                                               lang, 1) + " %",
                t("field.source"): s.source,
                t("demo.label"): t("common.yes") if s.demo else "",
            })
    return pd.DataFrame(rows)


def margin_defaults(sets: list[Any], register: dict[int | None, dict[str, Any]],
                    districts: list[District], dimension: str) -> tuple[dict[str, int], int | None]:
    """Starting values (and their year) for the margins form: the latest real (not demo) set of
    the dimension, else, for districts, the register populations that are known."""
    real = [s for s in sets if s.dimension == dimension and not s.demo]
    if real:
        latest = max(real, key=lambda s: s.year)
        return dict(latest.values), latest.year
    if dimension == "district":
        known = [d for d in districts if d.id in register]
        if known:
            return ({str(d.number): register[d.id]["value"] for d in known},
                    max(register[d.id]["year"] for d in known))
    return {}, None


def technical_sheet(wave: Wave, city_row: dict[str, Any] | None, city: str,
                    lang: str) -> list[tuple[str, str]]:
    """A wave's technical sheet, as Spanish survey sheets publish it: universe, sample,
    fieldwork, mode, weighting, its efficiency, margins of error before and after weighting,
    and how changes are tested. city_row: the wave's city estimate (index_table)."""
    from network.barometer import weighting as w
    from network.core import stats

    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    info = read_weighting(wave.weighting)
    row = city_row or {}
    n, neff, se = row.get("n"), row.get("n_eff"), row.get("se")

    def moe(size: float | None) -> str:
        if not size:
            return "–"
        return t("barometer.sheet.points", value=fmt(100 * stats.Z95 * (0.25 / size) ** 0.5, lang, 2))

    if info.method == "raked":
        variables = ", ".join(t(f"barometer.dimension.{d}").lower() for d in info.margins)
        weighting_text = t("barometer.sheet.weighting_raked", variables=variables,
                           low=fmt(w.TRIM_LOW, lang, 2), high=fmt(w.TRIM_HIGH, lang, 0))
    else:
        weighting_text = t(f"barometer.weighting.{info.method}")
    return [
        (t("barometer.sheet.universe"), t("barometer.sheet.universe_text", city=city)),
        (t("barometer.sheet.sample"), t("barometer.sheet.sample_text", n=fmt(n, lang, 0),
                                        target=fmt(wave.target_per_district, lang, 0))),
        (t("barometer.sheet.fieldwork"), f"{wave.fieldwork_start} – {wave.fieldwork_end}"),
        (t("barometer.sheet.mode"), t(f"barometer.mode.{wave.mode}")),
        (t("barometer.sheet.weighting"), weighting_text),
        (t("barometer.sheet.efficiency"),
         f"{fmt(100 * neff / n, lang, 1)} %" if n and neff else "–"),
        (t("barometer.sheet.moe_before"), moe(n)),
        (t("barometer.sheet.moe_after"), moe(neff)),
        (t("barometer.sheet.moe_index"), t("barometer.sheet.points",
                                           value=fmt(stats.Z95 * se, lang, 2)) if se else "–"),
        (t("barometer.sheet.tests"), t("barometer.sheet.tests_text")),
    ]


def technical_sheet_frame(dash: Dashboard, wave_id: int, lang: str) -> pd.DataFrame:
    """technical_sheet() of one wave as a two-column table."""
    wave = next(w for w in dash.waves if w.id == wave_id)
    city_row = next((r for r in dash.index if r["wave_id"] == wave_id and r["district_id"] is None),
                    None)
    rows = technical_sheet(wave, city_row, dash.city or i18n.translate("barometer.city", lang),
                           lang)
    return pd.DataFrame({i18n.translate("barometer.sheet.item", lang): [a for a, _ in rows],
                         i18n.translate("barometer.sheet.value", lang): [b for _, b in rows]})
