"""CSV import of fieldwork microdata (all-or-nothing) and CSV export of microdata and estimates.

Import columns (header names; order free; `;` or `,`; UTF-8 or Windows-1252):
  respondent_id, district, sex, age_band, born_abroad, q01 ... q16   (required)
  barrio, years_in_bilbao, weight                                      (optional)
See README ("Barometer") for the accepted values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from network import reference
from network.barometer import estimates
from network.barometer.instrument import Instrument, band, fold, instrument, resolve_category
from network.barometer.responses import insert_responses
from network.barometer.waves import Wave, list_waves
from network.barometer.weighting import Weighting, read_weighting
from network.core import csvio, events, i18n, permissions, stats, textcheck
from network.core.errors import ImportRejected, NetworkError, Problem
from network.core.storage import write

PROFILE_COLUMNS = ("respondent_id", "district", "sex", "age_band", "born_abroad")
OPTIONAL_COLUMNS = ("barrio", "years_in_bilbao", "weight")
MAX_PROBLEMS = 100
MAX_ROWS = 50_000  # a wave has a few thousand respondents; 50,000 imports in a few seconds
MAX_ID = 64


def required_columns(inst: Instrument | None = None) -> list[str]:
    """The columns an import must have, in the documented order."""
    return [*PROFILE_COLUMNS, *(inst or instrument()).codes]


def template_csv(inst: Instrument | None = None) -> bytes:
    """An example import file: the header and two made-up rows."""
    inst = inst or instrument()
    cols = [*required_columns(inst), "barrio", "years_in_bilbao"]
    rows = [["R0001", "5", "woman", "30-44", "no", *[3] * len(inst.codes), "", "15plus"],
            ["R0002", "Deustu", "hombre", "65+", "sí", *[4] * len(inst.codes), "Arangoiti", ""]]
    return csvio.to_csv_bytes(cols, rows)


@dataclass
class ParsedImport:
    records: list[dict[str, Any]]
    supplied_weights: bool


def _item_value(raw: str, inst: Instrument) -> int | None | str:
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        return "bad"
    return value if value in inst.scale else "bad"


def parse_import(db: Database, wave: Wave, data: bytes, inst: Instrument | None = None) -> ParsedImport:
    """Read and check a fieldwork file for `wave`; raises ImportRejected listing every problem."""
    inst = inst or instrument()
    table = csvio.read_csv(data, required_columns(inst), OPTIONAL_COLUMNS, max_rows=MAX_ROWS)
    problems: list[Problem] = []
    has_weight = "weight" in table.columns
    existing = {r[0] for r in db.execute(
        "SELECT respondent_id FROM barometer_responses WHERE wave_id = ?", [wave.id])}
    if has_weight and wave.status == "open":
        problems.append(Problem("file", "barometer.error.weights_open_wave"))
    mixed = db.execute("SELECT count(supplied_weight), count(*) FROM barometer_responses "
                       "WHERE wave_id = ?", [wave.id]).fetchone()
    if mixed[1] and (has_weight and mixed[0] < mixed[1] or not has_weight and mixed[0]):
        problems.append(Problem("file", "barometer.error.weights_mixed"))
    districts: dict[str, Any] = {}
    barrios: dict[int, dict[str, str]] = {}
    seen: dict[str, int] = {}
    records = []

    def bad(line: int, column: str, key: str, **params: Any) -> None:
        problems.append(Problem(column, key, {"column": column, **params}, row=line))

    for line, row in table.rows:
        rid = row["respondent_id"]
        if not rid or len(rid) > MAX_ID:
            bad(line, "respondent_id", "barometer.error.respondent_id", max=MAX_ID)
        elif textcheck.has_control(rid):
            bad(line, "respondent_id", "input.error.control")
        elif rid in seen:
            bad(line, "respondent_id", "barometer.error.duplicate_in_file", value=rid,
                first=seen[rid])
        elif rid in existing:
            bad(line, "respondent_id", "barometer.error.duplicate_in_wave", value=rid)
        seen.setdefault(rid, line)
        key = fold(row["district"])
        if key not in districts:
            try:
                districts[key] = reference.resolve_district(db, row["district"])
            except NetworkError:
                districts[key] = None
        district = districts[key]
        if district is None:
            problems.append(Problem("district", "error.unknown_district",
                                    {"value": row["district"]}, row=line))
        profile = {}
        for question in ("sex", "age_band", "born_abroad", "years_in_bilbao"):
            raw = row.get(question, "")
            if question == "years_in_bilbao" and raw == "":
                profile[question] = None
                continue
            profile[question] = resolve_category(question, raw, inst)
            if profile[question] is None:
                bad(line, question, "barometer.error.category", value=raw,
                    allowed=", ".join(inst.categories(question)))
        barrio = row.get("barrio", "")
        if barrio and district is not None:
            names = barrios.setdefault(district.id, {fold(b["name"]): b["name"]
                                                     for b in reference.barrios(db, district.id)})
            if fold(barrio) not in names:
                bad(line, "barrio", "barometer.error.barrio_not_in_district", value=barrio,
                    district=district.name_es)
            barrio = names.get(fold(barrio), barrio)
        answers = {}
        for code in inst.codes:
            value = _item_value(row[code], inst)
            if value == "bad":
                bad(line, code, "barometer.error.item_value", value=row[code],
                    low=inst.scale_min, high=inst.scale_max)
            else:
                answers[code] = value
        weight = None
        if has_weight:
            try:
                weight = float(row["weight"].replace(",", "."))
            except ValueError:
                weight = math.nan
            if not math.isfinite(weight) or weight <= 0:
                bad(line, "weight", "barometer.error.weight", value=row["weight"])
        records.append({"wave_id": wave.id, "respondent_id": rid, "source": "import",
                        "district_id": district.id if district else None, "barrio": barrio or None,
                        **profile, "answers": answers, "supplied_weight": weight})
    if problems:
        extra = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS]
        if extra > 0:
            problems.append(Problem("file", "barometer.error.more_problems", {"count": extra}))
        raise ImportRejected(problems)
    return ParsedImport(records, has_weight)


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    rows: int
    weighting: Weighting


def import_csv(db: Database, user: Any, wave: Wave, data: bytes, filename: str,
               system: bool = False) -> ImportResult:
    """Import a fieldwork file into `wave`: whole or not at all; then re-weight the wave.
    `system=True` is for the CLI, run by the server's operator."""
    if not system:
        permissions.require(user, "barometer.manage")
    parsed = parse_import(db, wave, data)
    user_id = getattr(user, "id", None)

    def store(db: Database) -> ImportResult:
        import_id = db["barometer_imports"].insert(
            {"wave_id": wave.id, "filename": filename[:200], "rows": len(parsed.records),
             "supplied_weights": int(parsed.supplied_weights), "imported_by": user_id,
             "demo": int(wave.demo)}).last_pk
        insert_responses(db, [{**r, "import_id": import_id, "demo": int(wave.demo)}
                              for r in parsed.records])
        events.changed(db, "responses_changed", wave_id=wave.id)
        info = read_weighting(db.execute("SELECT weighting FROM barometer_waves WHERE id = ?",
                                         [wave.id]).fetchone()[0])
        permissions.audit(db, user, "import", "barometer_imports", import_id)
        return ImportResult(import_id, len(parsed.records), info)

    return write(db, store)


def list_imports(db: Database) -> list[dict[str, Any]]:
    """Every import with its wave's label, newest first."""
    return [dict(r) for r in db.query(
        """SELECT i.id, i.wave_id, w.label AS wave, i.filename, i.rows, i.supplied_weights,
                  i.imported_at, i.demo
           FROM barometer_imports i JOIN barometer_waves w ON w.id = i.wave_id
           ORDER BY i.id DESC""")]


def delete_import(db: Database, user: Any, import_id: int) -> None:
    """Undo an import: remove its respondents and re-weight the wave."""
    permissions.require(user, "barometer.manage")

    def delete(db: Database) -> None:
        row = db.execute("SELECT wave_id FROM barometer_imports WHERE id = ?", [import_id]).fetchone()
        if row is None:
            raise NetworkError("error.not_found")
        db.execute("DELETE FROM barometer_responses WHERE import_id = ?", [import_id])
        db.execute("DELETE FROM barometer_imports WHERE id = ?", [import_id])
        events.changed(db, "responses_changed", wave_id=row[0])
        permissions.audit(db, user, "delete", "barometer_imports", import_id)

    write(db, delete)


# ---- export -------------------------------------------------------------------------------

def _header(lang: str, name: str) -> str:
    return i18n.translate(f"barometer.export.{name}", lang)


def microdata_csv(db: Database, lang: str, inst: Instrument | None = None) -> bytes:
    """Every respondent with answers, index, band, weight and guard flags (codes as values)."""
    inst = inst or instrument()
    names = ["wave", "year", "respondent_id", "source", "district_number", "district", "barrio",
             "sex", "age_band", "born_abroad", "years_in_bilbao"]
    headers = [_header(lang, n) for n in names] + inst.codes + [
        _header(lang, n) for n in ("index", "band", "weight", "flags")]
    answers: dict[int, dict[str, int]] = {}
    for rid, item, value in db.execute("SELECT response_id, item, value FROM barometer_answers"):
        answers.setdefault(rid, {})[item] = value
    rows = []
    for r in db.query(
            """SELECT r.id, w.label, w.year, r.respondent_id, r.source, d.number, d.name_es,
                      d.name_eu, r.barrio, r.sex, r.age_band, r.born_abroad, r.years_in_bilbao,
                      r.idx, r.weight, r.flags
               FROM barometer_responses r JOIN barometer_waves w ON w.id = r.wave_id
               JOIN districts d ON d.id = r.district_id ORDER BY w.year, w.id, r.id"""):
        a = answers.get(r["id"], {})
        idx = r["idx"]
        rows.append([r["label"], r["year"], r["respondent_id"], r["source"], r["number"],
                     r["name_eu"] if lang == "eu" else r["name_es"], r["barrio"], r["sex"],
                     r["age_band"], r["born_abroad"], r["years_in_bilbao"],
                     *[a.get(c) for c in inst.codes],
                     None if idx is None else round(idx, 4),
                     i18n.translate(f"barometer.band.{band(idx, inst)}", lang) if idx is not None
                     else None,
                     None if r["weight"] is None else round(r["weight"], 6),
                     "" if r["flags"] == "[]" else r["flags"]])
    return csvio.to_csv_bytes(headers, rows)


def estimate_rows(db: Database, lang: str, inst: Instrument | None = None) -> list[dict[str, Any]]:
    """The estimates table in long form: every measure, wave and group, with n, n_eff, interval
    and status (suppressed cells carry no figures)."""
    inst = inst or instrument()
    waves = {w.id: w for w in list_waves(db)}
    names = {d.id: d.name(lang) for d in reference.districts(db)}
    city = reference.setting(db, "city.name", "") or i18n.translate("barometer.city", lang)

    def row(measure: str, wave_id: int, group_type: str, group: str, est: dict) -> dict:
        wave = waves[wave_id]
        status = ("hidden" if est.get("hidden") == "complementary" else "not_enough"
                  if est["suppressed"] else "unreliable" if est["unreliable"] else "ok")
        return {"measure": i18n.translate(f"barometer.measure.{measure}", lang),
                "measure_code": measure,
                "wave": wave.label, "year": wave.year,
                "group_type": i18n.translate(f"barometer.group.{group_type}", lang),
                "group": group, "n": est["n"], "n_eff": est["n_eff"], "estimate": est["mean"],
                "se": est.get("se"), "low": est["low"], "high": est["high"],
                "status": i18n.translate(f"barometer.status.{status}", lang),
                "weighting": i18n.translate(
                    f"barometer.weighting.{read_weighting(wave.weighting).method}", lang)}

    out = []
    for r in estimates.index_table(db):
        if r["district_id"] is None:
            out.append(row("index", r["wave_id"], "city", city, r))
        else:
            out.append(row("index", r["wave_id"], "district", names[r["district_id"]], r))
    for dim in estimates.BREAKDOWNS:
        for r in estimates.breakdown(db, dim):
            out.append(row("index", r["wave_id"], dim, inst.label(dim, r["category"], lang), r))
    for r in estimates.band_shares(db, inst):
        out.append(row("band_share", r["wave_id"], "band",
                       i18n.translate(f"barometer.band.{r['band']}", lang), r))
    for r in estimates.item_means(db, inst):
        item = inst.item(r["item"])
        out.append(row("item_score", r["wave_id"], "item", f"{item.code} {item.short[lang]}", r))
    return out


ESTIMATE_COLUMNS = ("measure", "wave", "year", "group_type", "group", "n", "n_eff", "estimate",
                    "se", "low", "high", "status", "weighting")
CHANGE_COLUMNS = ("measure", "first_wave", "second_wave", "group_type", "group", "first",
                  "second", "change", "se", "z", "p")


def export_for(db: Database, user: Any, what: str, lang: str) -> bytes:
    """An export ("microdata", "estimates" or "changes") for a signed-in user (barometer.export:
    staff and admins). The *_csv functions themselves are for the command line."""
    permissions.require(user, "barometer.export")
    build = {"microdata": microdata_csv, "estimates": estimates_csv, "changes": changes_csv}[what]
    return build(db, lang)


def estimates_csv(db: Database, lang: str) -> bytes:
    """estimate_rows() as CSV with translated headers (figures rounded to 2 decimals)."""
    rows = estimate_rows(db, lang)
    headers = [_header(lang, c) for c in ESTIMATE_COLUMNS]
    return csvio.to_csv_bytes(headers, (
        [round(r[c], 2) if isinstance(r[c], float) else r[c] for c in ESTIMATE_COLUMNS]
        for r in rows))



def change_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tests of change of the index between every two waves (earlier, later), per group shown
    in both: change, se = sqrt(se1^2 + se2^2), z and two-sided p (independent waves)."""
    series: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    order: list[str] = []
    for r in rows:
        if r["wave"] not in order:
            order.append(r["wave"])
        if r["estimate"] is not None and r["se"] is not None and r["measure_code"] == "index":
            series.setdefault((r["measure"], r["group_type"], r["group"]), []).append(r)
    out = []
    for (measure, group_type, group), cells in series.items():
        cells = sorted(cells, key=lambda c: order.index(c["wave"]))
        for i, a in enumerate(cells):
            for b in cells[i + 1:]:
                test = stats.change_test(a["estimate"], a["se"], b["estimate"], b["se"])
                out.append({"measure": measure, "first_wave": a["wave"], "second_wave": b["wave"],
                            "group_type": group_type, "group": group, "first": a["estimate"],
                            "second": b["estimate"], **test})
    return out


def changes_csv(db: Database, lang: str) -> bytes:
    """change_rows() of the estimates as CSV with translated headers (p to 4 decimals)."""
    rows = change_rows(estimate_rows(db, lang))
    headers = [_header(lang, c) for c in CHANGE_COLUMNS]
    return csvio.to_csv_bytes(headers, (
        [round(r[c], 4 if c == "p" else 2) if isinstance(r[c], float) else r[c]
         for c in CHANGE_COLUMNS] for r in rows))
