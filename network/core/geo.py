"""Small pure geometry helpers on GeoJSON lon/lat polygons (no GIS dependency needed)."""

from __future__ import annotations

from typing import Any

Ring = list[list[float]]


def polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    """The geometry as a list of polygons (each a list of rings, outer ring first)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type {geometry['type']!r}")


def _ring_contains(ring: Ring, lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def contains(geometry: dict[str, Any], lat: float, lon: float) -> bool:
    """True when the point lies inside the (multi)polygon, holes excluded."""
    for poly in polygons(geometry):
        if _ring_contains(poly[0], lon, lat) and not any(
            _ring_contains(hole, lon, lat) for hole in poly[1:]
        ):
            return True
    return False


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of the outer rings."""
    total = sx = sy = 0.0
    for poly in polygons(geometry):
        area, x, y = _ring_area_centroid(poly[0])
        total += abs(area)
        sx += x * abs(area)
        sy += y * abs(area)
    return sy / total, sx / total


def bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon)."""
    xs = [x for poly in polygons(geometry) for x, _ in poly[0]]
    ys = [y for poly in polygons(geometry) for _, y in poly[0]]
    return min(ys), min(xs), max(ys), max(xs)


def label_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """A point to label the area: the centroid when it lies inside, else an inside grid point."""
    lat, lon = centroid(geometry)
    if contains(geometry, lat, lon):
        return lat, lon
    min_lat, min_lon, max_lat, max_lon = bounds(geometry)
    best: tuple[float, float] | None = None
    best_d = float("inf")
    steps = 40
    for i in range(1, steps):
        for j in range(1, steps):
            p_lat = min_lat + (max_lat - min_lat) * i / steps
            p_lon = min_lon + (max_lon - min_lon) * j / steps
            d = (p_lat - lat) ** 2 + (p_lon - lon) ** 2
            if d < best_d and contains(geometry, p_lat, p_lon):
                best, best_d = (p_lat, p_lon), d
    if best is None:
        raise ValueError("could not find a point inside the geometry")
    return best
