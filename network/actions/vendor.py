"""Leaflet's browser files, served by the app itself so maps work without reaching a CDN.

The files come from PyPI packages installed with the app (XStatic-Leaflet and
XStatic-Leaflet-MarkerCluster, the XStatic packaging of the upstream releases). Streamlit's
static serving only serves files inside the app's `static/` folder (it refuses symlinks that
leave it), so `install()` copies the few files needed into `static/vendor/` (git-ignored)
on first use, under a folder named with the version.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path

from network.actions.maps import Assets, local_assets

# name -> (importable XStatic module, files the browser needs)
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "leaflet": ("xstatic.pkg.leaflet", (
        "leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
        "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")),
    "markercluster": ("xstatic.pkg.leaflet_markercluster", (
        "leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")),
}


def sources() -> dict[str, tuple[Path, str]] | None:
    """Each package's data folder and version; None when a package is not installed."""
    found = {}
    for name, (module_name, _) in PACKAGES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
        found[name] = (Path(module.BASE_DIR), str(module.VERSION))
    return found


def _copy(src: Path, dest: Path) -> None:
    if dest.exists() and dest.stat().st_size == src.stat().st_size:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Copy then rename, so a browser never reads a half-written file (several app processes).
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
    os.close(fd)
    shutil.copyfile(src, tmp)
    os.replace(tmp, dest)


def install(static_dir: Path) -> dict[str, str] | None:
    """Copy the files into static_dir/vendor/<name>-<version>/; their folder names, or None."""
    found = sources()
    if found is None:
        return None
    folders = {}
    try:
        for name, (data_dir, version) in found.items():
            folder = f"{name}-{version}"
            for rel in PACKAGES[name][1]:
                _copy(data_dir / rel, static_dir / "vendor" / folder / rel)
            folders[name] = folder
    except OSError:  # a read-only install: the caller falls back to the CDN
        return None
    return folders


def local_map_assets(static_dir: Path, static_url: str) -> Assets | None:
    """Assets at `static_url` (e.g. /app/static) after installing them; None if not possible."""
    folders = install(static_dir)
    if folders is None:
        return None
    return local_assets(f"{static_url.rstrip('/')}/vendor", folders["leaflet"],
                        folders["markercluster"])
