"""City reference data: districts, barrios, boundaries and population figures.

A city is a folder with `city.toml` (metadata) and a GeoJSON boundaries file; loading a
second city is the same call with another folder.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from network import DATA_DIR, geo
from network.errors import NetworkError, Problem, UnknownDistrict, ValidationFailed

DEFAULT_CITY_DIR = DATA_DIR / "cities" / "bilbao"


@dataclass(frozen=True)
class District:
    id: int
    number: int
    name_es: str
    name_eu: str
    label_lat: float
    label_lon: float

    def name(self, lang: str) -> str:
        """The district's name in a UI language (English uses the Spanish form)."""
        return self.name_eu if lang == "eu" else self.name_es


def read_city(city_dir: str | Path) -> dict[str, Any]:
    """Read and validate a city folder: its metadata and boundaries, matched by name."""
    city_dir = Path(city_dir)
    meta_path = city_dir / "city.toml"
    if not meta_path.exists():
        raise NetworkError("error.city_missing", path=str(meta_path))
    meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    boundaries = json.loads((city_dir / meta["city"]["boundaries"]).read_text(encoding="utf-8"))
    prop = meta["city"].get("boundaries_name_property", "name")
    by_name = {f["properties"][prop]: f["geometry"] for f in boundaries["features"]}
    numbers = [d["number"] for d in meta["districts"]]
    if len(set(numbers)) != len(numbers):
        raise NetworkError("error.city_invalid", reason="duplicate district numbers")
    for d in meta["districts"]:
        if d["boundary_name"] not in by_name:
            raise NetworkError(
                "error.city_invalid", reason=f"no boundary named {d['boundary_name']!r}"
            )
        d["geometry"] = by_name[d["boundary_name"]]
    return meta


def load_city(db: Database, city_dir: str | Path = DEFAULT_CITY_DIR) -> bool:
    """Load a city's reference data into an empty database; False if one is already loaded."""
    if db["districts"].count:
        return False
    meta = read_city(city_dir)
    city = meta["city"]
    with db.atomic():
        for key in ("slug", "name", "boundaries_attribution", "boundaries_source"):
            db["settings"].upsert({"key": f"city.{key}", "value": city.get(key, "")}, pk="key")
        pop = city.get("population")
        if pop:
            db["populations"].insert(
                {"district_id": None, "year": pop["year"], "value": pop["value"],
                 "source": pop["source"]}
            )
        for d in meta["districts"]:
            geometry = d["geometry"]
            if "label_lat" in d:
                label = (d["label_lat"], d["label_lon"])
                if not geo.contains(geometry, *label):
                    raise NetworkError("error.city_invalid", reason=f"label of {d['name_es']}")
            else:
                label = geo.label_point(geometry)
            district_id = db["districts"].insert(
                {"number": d["number"], "name_es": d["name_es"], "name_eu": d["name_eu"],
                 "boundary_name": d["boundary_name"], "geometry": json.dumps(geometry),
                 "label_lat": label[0], "label_lon": label[1]}
            ).last_pk
            db["barrios"].insert_all(
                {"district_id": district_id, "name": b} for b in d.get("barrios", [])
            )
            if d.get("population"):
                db["populations"].insert(
                    {"district_id": district_id, "year": d["population_year"],
                     "value": d["population"], "source": d["population_source"]}
                )
    return True


def setting(db: Database, key: str, default: str = "") -> str:
    """One value from the settings table."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def _district_rows(db: Database) -> tuple[District, ...]:
    rows = db.execute(
        "SELECT id, number, name_es, name_eu, label_lat, label_lon FROM districts ORDER BY number"
    ).fetchall()
    return tuple(District(*r) for r in rows)


def districts(db: Database) -> list[District]:
    """All districts, ordered by official number."""
    return list(_district_rows(db))


def district_by_id(db: Database, district_id: int) -> District:
    """One district by its row id, or UnknownDistrict."""
    for d in districts(db):
        if d.id == district_id:
            return d
    raise UnknownDistrict(value=district_id)


def resolve_district(db: Database, value: str | int) -> District:
    """A district from its number, or its Spanish or Basque name (case- and accent-tolerant)."""
    text = str(value).strip()
    all_districts = districts(db)
    if text.isdigit():
        for d in all_districts:
            if d.number == int(text):
                return d
    folded = _fold(text)
    for d in all_districts:
        if folded in {_fold(d.name_es), _fold(d.name_eu)}:
            return d
    raise UnknownDistrict(value=text)


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def barrios(db: Database, district_id: int | None = None) -> list[dict[str, Any]]:
    """Barrios (with their optional point), of one district or all."""
    sql = "SELECT id, district_id, name, lat, lon FROM barrios"
    params: list[Any] = []
    if district_id is not None:
        sql += " WHERE district_id = ?"
        params.append(district_id)
    return [dict(r) for r in db.query(sql + " ORDER BY district_id, name", params)]


def district_geometry(db: Database, district_id: int) -> dict[str, Any]:
    """The boundary of one district as a GeoJSON geometry."""
    row = db.execute("SELECT geometry FROM districts WHERE id = ?", [district_id]).fetchone()
    if not row:
        raise UnknownDistrict(value=district_id)
    return json.loads(row[0])


def districts_geojson(db: Database) -> dict[str, Any]:
    """All districts as a GeoJSON FeatureCollection with id, number and names as properties."""
    features = [
        {"type": "Feature",
         "properties": {"id": r["id"], "number": r["number"], "name_es": r["name_es"],
                        "name_eu": r["name_eu"]},
         "geometry": json.loads(r["geometry"])}
        for r in db.query("SELECT id, number, name_es, name_eu, geometry FROM districts")
    ]
    return {"type": "FeatureCollection", "features": features}


def latest_populations(db: Database) -> dict[int | None, dict[str, Any]]:
    """The most recent known population per district (key None: the whole city)."""
    rows = db.query(
        """SELECT district_id, year, value, source FROM populations p
           WHERE year = (SELECT max(year) FROM populations q
                         WHERE coalesce(q.district_id, 0) = coalesce(p.district_id, 0))"""
    )
    return {r["district_id"]: r for r in rows}


def set_population(
    db: Database, user: Any, district_id: int | None, year: int, value: int, source: str
) -> None:
    """Record a population figure (staff/admin only); the year and source are required."""
    from network import permissions
    from network.storage import write

    permissions.require(user, "reference.edit")
    problems = []
    from network import textcheck

    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        problems.append(Problem("value", "error.population_positive"))
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        problems.append(Problem("year", "error.year_range"))
    source = source.strip() if isinstance(source, str) else ""
    if not source:
        problems.append(Problem("source", "error.source_required"))
    problems += textcheck.text_problems("source", source, textcheck.MAX_SOURCE)
    if problems:
        raise ValidationFailed(problems)
    if district_id is not None:
        district_by_id(db, district_id)

    def upsert(db: Database) -> None:
        db.execute(
            "DELETE FROM populations WHERE coalesce(district_id, 0) = ? AND year = ?",
            [district_id or 0, year],
        )
        db["populations"].insert(
            {"district_id": district_id, "year": year, "value": value,
             "source": source.strip(), "updated_by": user.id}
        )
        permissions.audit(db, user, "update", "populations", district_id)

    write(db, upsert)
