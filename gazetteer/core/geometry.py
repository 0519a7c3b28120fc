"""Geometry helpers: GeoJSON in and out, metric operations in UTM 37N (EPSG:32637), never in degrees."""
import math
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, mapping, shape
from shapely.ops import substring

METRIC_CRS = "EPSG:32637"
EARTH_RADIUS_KM = 6371.0088


class GeometryError(ValueError):
    """Raised for GeoJSON that is not a valid geometry."""


@lru_cache(maxsize=1)
def _transformers():
    to_metric = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    to_wgs84 = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    return to_metric, to_wgs84


def _project(geom, transformer):
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def to_metric(geom):
    """Project a lon/lat shapely geometry to UTM 37N metres."""
    return _project(geom, _transformers()[0])


def to_wgs84(geom):
    """Project a UTM 37N shapely geometry back to lon/lat."""
    return _project(geom, _transformers()[1])


def parse_geojson(obj):
    """Return a valid shapely geometry from a GeoJSON geometry dict, or raise GeometryError."""
    if not isinstance(obj, dict) or "type" not in obj:
        raise GeometryError("geometry must be a GeoJSON object with a 'type'")
    if obj["type"] == "Feature":
        obj = obj.get("geometry") or {}
    try:
        geom = shape(obj)
    except Exception as exc:  # shapely raises several types for malformed input
        raise GeometryError(f"malformed GeoJSON geometry: {exc}") from exc
    if geom.is_empty:
        raise GeometryError("geometry is empty")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError("coordinates must be lon/lat in degrees")
    if not geom.is_valid:
        geom = geom.buffer(0) if geom.geom_type in ("Polygon", "MultiPolygon") else geom
        if not geom.is_valid:
            raise GeometryError("geometry is invalid")
    return geom


def to_geojson(geom, precision=5):
    """A shapely geometry as a GeoJSON dict with rounded coordinates."""
    def _round(coords):
        if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
            return [round(c, precision) for c in coords]
        return [_round(c) for c in coords]

    gj = mapping(geom)
    return {"type": gj["type"], "coordinates": _round(gj["coordinates"])}


def summarize(geom):
    """Bounding box and representative point (lat, lon) of a lon/lat geometry."""
    minx, miny, maxx, maxy = geom.bounds
    if geom.geom_type in ("LineString", "MultiLineString"):
        rep = geom.interpolate(0.5, normalized=True)
    else:
        rep = geom.representative_point() if geom.geom_type != "Point" else geom
    return {"min_lon": minx, "min_lat": miny, "max_lon": maxx, "max_lat": maxy,
            "lat": rep.y, "lon": rep.x}


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    return haversine_between(p1, math.cos(p1), lon1, p2, math.cos(p2), lon2)


def haversine_point(lat, lon):
    """(latitude in radians, its cosine, longitude): a point prepared for haversine_between."""
    p = math.radians(lat)
    return p, math.cos(p), lon


def haversine_between(p1, cos1, lon1, p2, cos2, lon2):
    """haversine_km of two prepared points (see haversine_point), for a point measured against many others."""
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + cos1 * cos2 * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def metric_buffer(geom, radius_km, clip_to=None):
    """Buffer a lon/lat geometry by `radius_km` in metres, optionally clipped to another geometry."""
    buffered = to_wgs84(to_metric(geom).buffer(radius_km * 1000.0, quad_segs=32))
    return buffered.intersection(clip_to) if clip_to is not None else buffered


def area_km2(geom):
    """Area of a lon/lat geometry in square kilometres."""
    return to_metric(geom).area / 1e6


def length_km(geom):
    """Length of a lon/lat geometry in kilometres."""
    return to_metric(geom).length / 1000.0


def extent_km(geom):
    """A radius that covers the geometry from its representative point: its honest uncertainty."""
    if geom.geom_type == "Point":
        return 0.0
    metric = to_metric(geom)
    minx, miny, maxx, maxy = metric.bounds
    return math.hypot(maxx - minx, maxy - miny) / 2000.0


def segment_between(a, b, along=None):
    """The line from point a to point b, following `along` (a line through both) when given."""
    if along is not None and along.geom_type == "LineString":
        metric_line = to_metric(along)
        pa, pb = to_metric(a), to_metric(b)
        if metric_line.distance(pa) < 15_000 and metric_line.distance(pb) < 15_000:
            da, db = metric_line.project(pa), metric_line.project(pb)
            lo, hi = sorted((da, db))
            if hi - lo > 1:
                return to_wgs84(substring(metric_line, lo, hi))
    return LineString([(a.x, a.y), (b.x, b.y)])


def offset_point(origin, bearing_deg, distance_km):
    """The point `distance_km` from `origin` on a compass bearing, computed in metres."""
    metric = to_metric(origin)
    rad = math.radians(bearing_deg)
    moved = Point(metric.x + math.sin(rad) * distance_km * 1000, metric.y + math.cos(rad) * distance_km * 1000)
    return to_wgs84(moved)
