"""Map benchmark: the district map with 5,000 actions, clustered (ours) vs plain markers.

    python benchmarks/bench_map.py [--actions 5000] [--repeat 5]

Ours: one FastMarkerCluster whose markers and escaped popups are built in the browser from a
compact data array. Baseline, measured in the same run: the same map with one folium
CircleMarker and Popup per action (what folium does by default). Prints the build time
(build + render to HTML, median of --repeat runs) and the HTML size of each, with the ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from network import reference  # noqa: E402
from network.actions import maps
from network.core import geo
from network.core.vocab import ACTION_TYPES  # noqa: E402
from network.demo.core import random_point  # noqa: E402


def synthetic(n: int, seed: int = 7):
    """Bilbao's districts (from the city folder, no database) and n actions inside them."""
    meta = reference.read_city(reference.DEFAULT_CITY_DIR)
    rng = random.Random(seed)
    districts, features, actions = [], [], []
    for d in meta["districts"]:
        lat, lon = geo.label_point(d["geometry"])
        districts.append(reference.District(d["number"], d["number"], d["name_es"], d["name_eu"],
                                            lat, lon))
        features.append({"type": "Feature", "geometry": d["geometry"],
                         "properties": {"id": d["number"], "number": d["number"],
                                        "name_es": d["name_es"], "name_eu": d["name_eu"]}})
    for i in range(n):
        d = rng.choice(meta["districts"])
        lat, lon = random_point(rng, d["geometry"])
        actions.append(maps.MapAction(lat, lon, f"Taller «Desmontando rumores» n.º {i}",
                                      f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                                      rng.choice(ACTION_TYPES), rng.randint(1, 300)))
    totals = {d.id: {"actions": n // 8} for d in districts}
    geojson = {"type": "FeatureCollection", "features": features}
    return geojson, districts, totals, actions


def build(geojson, districts, totals, actions, cluster: bool) -> str:
    figures = maps.district_figures(districts, totals, {}, "actions", False, "es", True)
    m = maps.build_map(geojson, figures, actions, metric="actions", per_1000=False, lang="es",
                       cluster=cluster)
    return m.get_root().render()


def measure(repeat: int, *args) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        html = build(*args)
        times.append(time.perf_counter() - start)
        size = len(html.encode("utf-8"))
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = synthetic(args.actions)
    ours_t, ours_size = measure(args.repeat, *data, True)
    base_t, base_size = measure(args.repeat, *data, False)
    print(f"map with {args.actions} actions, median of {args.repeat} builds (build + render to HTML)")
    print(f"{'':28}{'ours (clustered)':>18}{'baseline (plain)':>18}{'ratio':>8}")
    print(f"{'build time (s)':28}{ours_t:18.3f}{base_t:18.3f}{ours_t / base_t:8.2f}")
    print(f"{'HTML size (MB)':28}{ours_size / 1e6:18.2f}{base_size / 1e6:18.2f}"
          f"{ours_size / base_size:8.2f}")


if __name__ == "__main__":
    main()
