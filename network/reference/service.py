"""Loading a city and recording population figures (permission-checked, one transaction)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from network.core import geo
from network.core.errors import NetworkError, Problem, ValidationFailed
from network.reference.rules import DEFAULT_CITY_DIR, read_city
from network.reference.store import district_by_id


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


def set_population(
    db: Database, user: Any, district_id: int | None, year: int, value: int, source: str
) -> None:
    """Record a population figure (staff/admin only); the year and source are required."""
    from network.core import events, permissions
    from network.core.storage import write

    permissions.require(user, "reference.edit")
    problems = []
    from network.core import textcheck

    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        problems.append(Problem("value", "error.population_positive"))
    problems += textcheck.year_problems(year)
    source, source_errors = textcheck.source_problems(source)
    problems += source_errors
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
        events.changed(db, "populations_changed", district_id=district_id, year=year)

    write(db, upsert)
