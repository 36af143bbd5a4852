"""Pure rules of reference data: the District record, reading a city folder, folding names."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from network import DATA_DIR
from network.core.errors import NetworkError

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

    def label(self, lang: str) -> str:
        """"3. Ibaiondo": its number and name, as every list and choice of districts shows it."""
        return f"{self.number}. {self.name(lang)}"


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


def fold_name(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()
