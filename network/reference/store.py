"""Reference data's named SQL queries (the only place with its SQL)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from network.core.errors import UnknownDistrict
from network.reference.rules import District, fold_name


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
    folded = fold_name(text)
    for d in all_districts:
        if folded in {fold_name(d.name_es), fold_name(d.name_eu)}:
            return d
    raise UnknownDistrict(value=text)


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
