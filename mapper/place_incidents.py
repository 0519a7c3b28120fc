"""The incidents at or near a place: its own, those inside its area, or within a few km of its point or line."""
import math
from dataclasses import dataclass

import numpy as np
import shapely
from django.db.models import Q

from gazetteer.core.geometry import GeometryError, parse_geojson, to_metric

from .models import Incident

NEAR_KM = 5.0  # an incident this close to a point or line place happened "at" it
KM_PER_DEGREE_LAT = 111.32
AREA_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class NearIncidents:
    """The canonical incidents at or near a place, newest first: ids with their dates, and how they were found."""

    ids: list
    dates: list  # date or None, aligned with `ids`
    radius_km: float  # 0 for an area: an incident must lie inside it
    by_area: bool

    def __len__(self):
        return len(self.ids)


def place_shape(place):
    """The place's shapely geometry, or None when its GeoJSON is unusable (the bbox is used instead)."""
    try:
        return parse_geojson(place.geometry)
    except (GeometryError, TypeError, ValueError):
        return None


def near_radius_km(place, shape):
    """How far from a point or line place an incident may lie: max(5 km, the place's uncertainty)."""
    if shape is not None and shape.geom_type in AREA_TYPES:
        return 0.0
    return max(NEAR_KM, place.uncertainty_km or 0.0)


def padded_bbox(place, radius_km):
    """The place's bbox grown by `radius_km` on every side (in degrees, wider in longitude off the equator)."""
    pad_lat = radius_km / KM_PER_DEGREE_LAT
    middle = math.radians((place.min_lat + place.max_lat) / 2)
    pad_lon = pad_lat / max(0.1, math.cos(middle))
    return (max(-180.0, place.min_lon - pad_lon), max(-90.0, place.min_lat - pad_lat),
            min(180.0, place.max_lon + pad_lon), min(90.0, place.max_lat + pad_lat))


def _inside(shape, radius_km, lon, lat):
    """A boolean mask over the points: inside the area, or within `radius_km` of the point/line (metric)."""
    if shape.geom_type in AREA_TYPES:
        shapely.prepare(shape)
        return shapely.intersects_xy(shape, lon, lat)
    metric_shape = to_metric(shape)
    metric_points = to_metric(shapely.points(lon, lat))
    return shapely.distance(metric_shape, metric_points) <= radius_km * 1000.0


def incidents_near(place):
    """NearIncidents of `place`: canonical incidents whose place it is, or whose representative point lies
    inside its area (or bbox, when its geometry is unusable), or within max(5 km, its uncertainty) of it."""
    shape = place_shape(place)
    radius = near_radius_km(place, shape)
    min_lon, min_lat, max_lon, max_lat = padded_bbox(place, radius)
    in_box = Q(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat)
    rows = list(Incident.objects.filter(merged_into__isnull=True).filter(Q(place=place) | in_box)
                .values_list("pk", "date", "lon", "lat", "place_id"))
    own = np.array([row[4] == place.pk for row in rows], dtype=bool)
    located = np.array([row[2] is not None and row[3] is not None for row in rows], dtype=bool)
    keep = own.copy()
    if shape is not None and located.any():
        lon = np.array([row[2] for row in rows], dtype=float)[located]
        lat = np.array([row[3] for row in rows], dtype=float)[located]
        keep[located] |= _inside(shape, radius, lon, lat)
    elif shape is None:
        keep |= located  # the DB filter already kept only points in the bbox
    chosen = sorted((rows[i] for i in np.flatnonzero(keep)), key=_newest_first)
    return NearIncidents(ids=[row[0] for row in chosen], dates=[row[1] for row in chosen],
                         radius_km=radius, by_area=shape is not None and shape.geom_type in AREA_TYPES)


def _newest_first(row):
    """Sort key: dated incidents newest first (then by id, newest first), undated ones last."""
    pk, date = row[0], row[1]
    return (date is None, -(date.toordinal() if date else 0), -pk)
