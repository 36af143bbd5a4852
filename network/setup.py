"""Setting up a database: migrations, reference data, and optionally demo data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from network import demo, reference
from network.core import guard


@dataclass
class InitResult:
    city_loaded: bool
    demo_loaded: bool


def initialize(db: Database, city_dir: str | Path | None = None, with_demo: bool = False) -> InitResult:
    """Load the city's reference data on first start and, if asked, the seeded demo data."""
    city_loaded = reference.load_city(db, city_dir or reference.DEFAULT_CITY_DIR)
    guard.client_hash(db, "")  # creates the installation's salt once
    demo_loaded = demo.generate(db) if with_demo else False
    return InitResult(city_loaded, demo_loaded)
