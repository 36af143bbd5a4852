"""City reference data: districts, barrios, boundaries and population figures.

A city is a folder with `city.toml` (metadata) and a GeoJSON boundaries file; loading a
second city is the same call with another folder."""

from network.reference.rules import DEFAULT_CITY_DIR, District, fold_name, read_city
from network.reference.service import load_city, set_population
from network.reference.store import (
    barrios,
    district_by_id,
    district_geometry,
    districts,
    districts_geojson,
    latest_populations,
    resolve_district,
    setting,
)

__all__ = [
    "DEFAULT_CITY_DIR",
    "District",
    "fold_name",
    "barrios",
    "district_by_id",
    "district_geometry",
    "districts",
    "districts_geojson",
    "latest_populations",
    "load_city",
    "read_city",
    "resolve_district",
    "set_population",
    "setting",
]
