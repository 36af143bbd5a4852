"""The shipped catalogue (data/rumours/catalogue.toml): read and loaded into a new database."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from network import DATA_DIR
from network.rumours.rules import LANGS

SHIPPED_FILE = DATA_DIR / "rumours" / "catalogue.toml"  # in the checkout or the installed share/


def read_shipped(path: Path = SHIPPED_FILE) -> dict[str, Any]:
    """The shipped themes and rumours as plain data."""
    with open(path, "rb") as f:
        return tomllib.load(f)


def load_shipped(db: Database, path: Path = SHIPPED_FILE) -> int:
    """Insert the shipped catalogue where no rumour exists yet (inside the caller's
    transaction); returns how many rumours were loaded."""
    if db.execute("SELECT 1 FROM rumours LIMIT 1").fetchone():
        return 0
    data = read_shipped(path)
    for code, labels in data.get("themes", {}).items():
        db["rumour_themes"].insert({"code": code, **{f"label_{k}": labels[k] for k in LANGS}})
    for r in data["rumours"]:
        rumour_id = db["rumours"].insert({
            "code": r["code"], "theme": r["theme"], "status": "active",
            **{f"statement_{k}": r["statement"][k] for k in LANGS},
            **{f"argument_{k}": r["argument"][k] for k in LANGS}}).last_pk
        for position, fact in enumerate(r.get("facts", []), start=1):
            db["rumour_facts"].insert({
                "rumour_id": rumour_id, "position": position, "source": fact["source"],
                "year": fact.get("year"), **{f"text_{k}": fact[k] for k in LANGS}})
        for kind in ("quiz", "barometer"):
            for code in r.get(kind, []):
                db["rumour_measures"].insert({"rumour_id": rumour_id, "kind": kind, "code": code})
    return len(data["rumours"])
