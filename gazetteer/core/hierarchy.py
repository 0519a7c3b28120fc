"""Admin hierarchy by point-in-polygon: the country, governorate, district and sub-district of every place."""
import re
from dataclasses import dataclass
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .geometry import METRIC_CRS, GeometryError, parse_geojson, to_metric

LEVELS = ("country", "governorate", "district", "subdistrict")
NEAREST_TOLERANCE_KM = 3.0  # simplified polygons leave slivers along coasts and borders
NEAR_MARGIN_DEG = 0.25  # more than NEAREST_TOLERANCE_KM in degrees below 80° latitude: a cheap first filter
MAX_LABEL = 100  # the width of Place.governorate/district/subdistrict
MIN_COVER = 0.8  # share of a line's length or an area's surface a unit must hold to be its unit
EXTENDED_TYPES = ("LineString", "MultiLineString", "Polygon", "MultiPolygon")
LINE_TYPE_IDS = (1, 5)  # shapely type ids of LineString and MultiLineString
BOUNDARY_TYPES = ("border",)  # they lie on the boundaries, so no unit contains them
SUBDISTRICT_PCODE = re.compile(r"^[A-Z]{2}\d{6}$")  # OCHA: country, governorate, district, sub-district

# The spelling the curated gazetteer and the GeoNames reader store, by OCHA governorate P-code, so that
# polygon-derived values agree with curated ones whatever English spelling the polygon source uses.
SY_GOVERNORATE_NAMES = {
    "SY01": "Damascus", "SY02": "Aleppo", "SY03": "Rif Dimashq", "SY04": "Homs", "SY05": "Hama",
    "SY06": "Latakia", "SY07": "Idlib", "SY08": "Al-Hasakah", "SY09": "Deir ez-Zor", "SY10": "Tartus",
    "SY11": "Raqqa", "SY12": "Daraa", "SY13": "As-Suwayda", "SY14": "Quneitra",
}
_EN_SUFFIX = re.compile(r"\s+(governorate|province|district|sub-?district|nahiya|nahia)$", re.IGNORECASE)
_AR_PREFIX = re.compile(r"^(محافظة|منطقة|ناحية)\s+")


class Hierarchy(NamedTuple):
    """A place's admin names per level; None means no polygon says anything (keep the current value)."""

    country: object = None
    governorate: object = None
    district: object = None
    subdistrict: object = None


@dataclass(frozen=True)
class AdminArea:
    """One admin polygon: its level, the value it gives places inside it, and its P-code and country."""

    level: str
    label: str
    geometry: object  # shapely (Multi)Polygon in lon/lat
    pcode: str = ""
    country: str = ""
    derived: bool = False  # dissolved from sub-districts rather than loaded


@dataclass
class PlacePoint:
    """The fields of a place the hierarchy needs (a PlaceRecord has them too)."""

    id: object
    lat: float
    lon: float
    feature_type: str = ""
    name_en: str = ""
    name_ar: str = ""
    pcode: str = ""
    country: str = ""
    governorate: str = ""
    district: str = ""
    subdistrict: str = ""
    geometry: object = None  # GeoJSON; needed only for lines and areas


def admin_label(level, name_en, name_ar, pcode="", country=""):
    """The value an admin unit gives its places: ISO2 for countries, else the English name (Arabic fallback)."""
    if level == "country":
        return (country or "").upper()
    if level == "governorate" and pcode in SY_GOVERNORATE_NAMES:
        return SY_GOVERNORATE_NAMES[pcode]
    english = _EN_SUFFIX.sub("", (name_en or "").strip())
    label = english or _AR_PREFIX.sub("", (name_ar or "").strip())
    return label[:MAX_LABEL]


def admin_areas(records):
    """AdminAreas of the admin places (country..subdistrict) whose geometry is a polygon; plus the skipped labels."""
    areas, skipped = [], []
    for record in records:
        geometry = record.geometry or {}
        if record.feature_type not in LEVELS or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        label = admin_label(record.feature_type, record.name_en, record.name_ar, record.pcode, record.country)
        try:
            shape = parse_geojson(geometry)
        except GeometryError as exc:
            skipped.append(f"{record.name_en or record.name_ar}: {exc}")
            continue
        if not label:
            skipped.append(f"{record.name_en or record.name_ar}: no {record.feature_type} label")
            continue
        areas.append(AdminArea(record.feature_type, label, shape, record.pcode or "", (record.country or "").upper()))
    return areas, skipped


def derive_districts(areas, district_names=None):
    """District areas dissolved from sub-districts whose P-codes name a district that no loaded polygon covers.

    The name comes from `district_names` (district P-code -> label, e.g. from district point places), else
    from the district's centre sub-district (P-code ending in 00), which OCHA names after the district.
    """
    district_names = district_names or {}
    loaded = {a.pcode for a in areas if a.level == "district" and a.pcode}
    groups = {}
    for area in areas:
        if area.level == "subdistrict" and SUBDISTRICT_PCODE.match(area.pcode) and area.pcode[:6] not in loaded:
            groups.setdefault(area.pcode[:6], []).append(area)
    derived = []
    for code, members in sorted(groups.items()):
        centre = next((a.label for a in members if a.pcode == code + "00"), "")
        label = district_names.get(code) or centre
        if label:
            geometry = shapely.union_all([a.geometry for a in members])
            derived.append(AdminArea("district", label, geometry, code, members[0].country, derived=True))
    return derived


def build_areas(admin_records):
    """All AdminAreas from admin place records: loaded polygons plus districts derived from sub-districts."""
    areas, skipped = admin_areas(admin_records)
    names = {r.pcode: admin_label("district", r.name_en, r.name_ar, r.pcode)
             for r in admin_records if r.feature_type == "district" and r.pcode}
    return areas + derive_districts(areas, names), skipped


def _area_frame(areas):
    """The areas of one level as a GeoDataFrame; a country's own code is its `country` for consistency checks."""
    frame = gpd.GeoDataFrame(
        {"label": [a.label for a in areas], "pcode": [a.pcode for a in areas],
         "country": [a.label if a.level == "country" else a.country for a in areas],
         "derived": [a.derived for a in areas]},
        geometry=[a.geometry for a in areas], crs="EPSG:4326")
    frame["metric"] = frame.geometry.to_crs(METRIC_CRS)  # projected once: projecting polygons is the slow part
    frame["area"] = frame["metric"].area
    return frame


def _best(pairs, order):
    """One area per point: the first of its (point, area_pos) pairs after sorting by `order`."""
    pairs = pairs.sort_values(["point"] + order, kind="stable")
    return pairs.drop_duplicates("point").set_index("point")["area_pos"]


def _pairs(point_pos, area_pos, **columns):
    return pd.DataFrame({"point": np.asarray(point_pos, dtype=int), "area_pos": np.asarray(area_pos, dtype=int),
                         **columns})


def _pairs_within(points, frame):
    """(point, area_pos) of every area each point lies in: one spatial join."""
    joined = gpd.sjoin(points, frame[["geometry"]], predicate="within")
    return _pairs(joined.index.to_numpy(), joined["index_right"].to_numpy())


def _query_within_distance(point_geoms, area_geoms, distance):
    """(point index, area index) pairs closer than `distance`: the points go in the tree and the few, complex
    areas are prepared, ten times faster than a join testing each point against unprepared polygons."""
    tree = shapely.STRtree(point_geoms)
    shapely.prepare(area_geoms)
    area_idx, point_idx = tree.query(area_geoms, predicate="dwithin", distance=distance)
    return point_idx, area_idx


def _pairs_near(points, frame, candidates):
    """(point, area_pos, distance in metres) of the areas within NEAREST_TOLERANCE_KM of the candidate points."""
    lon, lat = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    minx, miny, maxx, maxy = frame.total_bounds
    candidates = np.asarray(candidates, dtype=int)
    candidates = candidates[(lon[candidates] >= minx - NEAR_MARGIN_DEG) & (lon[candidates] <= maxx + NEAR_MARGIN_DEG)
                            & (lat[candidates] >= miny - NEAR_MARGIN_DEG) & (lat[candidates] <= maxy + NEAR_MARGIN_DEG)]
    if not len(candidates):
        return _pairs([], [], distance=np.zeros(0))
    metric_points, metric_areas = to_metric(points.geometry.to_numpy()[candidates]), frame["metric"].to_numpy()
    point_idx, area_idx = _query_within_distance(metric_points, metric_areas, NEAREST_TOLERANCE_KM * 1000)
    distance = shapely.distance(metric_points[point_idx], metric_areas[area_idx])
    return _pairs(candidates[point_idx], area_idx, distance=distance)


def _consistent(pcodes, countries, parent_pcodes, parent_countries):
    """Whether each unit agrees with its parent unit: P-code prefix and country, where both are known."""
    return np.array([(not pc or not pp or pc.startswith(pp)) and (not cc or not cp or cc == cp)
                     for pc, pp, cc, cp in zip(pcodes, parent_pcodes, countries, parent_countries)], dtype=bool)


def _governed(pcodes, countries, parent_frame):
    """Whether units with these P-codes (else countries) have a parent unit among `parent_frame`'s."""
    parent_pcodes = set(parent_frame["pcode"]) - {""}
    lengths = {len(p) for p in parent_pcodes}
    parent_countries = set(parent_frame["country"]) - {""}
    return np.array([any(pc[:n] in parent_pcodes for n in lengths) if pc and parent_pcodes else cc in parent_countries
                     for pc, cc in zip(pcodes, countries)], dtype=bool)


def _fits(pairs, frame, parents):
    """Mask of the pairs whose area agrees with the place's unit in each (frame, match) of `parents`; a place
    without a unit there fits only areas whose parent unit is not loaded. So a sub-district simplified
    across a border, or overlapping its neighbour, cannot claim a place its governorate does not."""
    pos = pairs["area_pos"].to_numpy()
    pcodes, countries = frame["pcode"].to_numpy()[pos], frame["country"].to_numpy()[pos]
    ok = np.ones(len(pairs), dtype=bool)
    for parent_frame, parent_match in parents:
        parent_pos = parent_match.reindex(pairs["point"].to_numpy()).to_numpy()
        found = ~pd.isna(parent_pos)
        parent_pos = np.where(found, parent_pos, 0).astype(int)
        agrees = found & _consistent(pcodes, countries, parent_frame["pcode"].to_numpy()[parent_pos],
                                     parent_frame["country"].to_numpy()[parent_pos])
        ok &= agrees | (~found & ~_governed(pcodes, countries, parent_frame))
    return ok


def match_levels(places, areas):
    """Per loaded level: the area frame, and a Series place position -> the row of the area it belongs to.

    Country outlines are not an ancestor of the sub-national levels (admin units are drawn finer), but a
    place off every unit of a level may snap to one only if it lies in the level above, country included.
    """
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy([p.lon for p in places], [p.lat for p in places]), crs="EPSG:4326")
    frames, matches, parent, ancestors = {}, {}, None, []
    for level in LEVELS:
        level_areas = [a for a in areas if a.level == level]
        if not level_areas:
            continue
        frame = _area_frame(level_areas)
        pairs = _pairs_within(points, frame)
        pairs = pairs[_fits(pairs, frame, ancestors)]
        pairs["derived"] = frame["derived"].to_numpy()[pairs["area_pos"].to_numpy()]
        pairs["area"] = frame["area"].to_numpy()[pairs["area_pos"].to_numpy()]
        # Overlaps of simplified polygons: a loaded polygon beats a derived one, the smaller (more specific) wins.
        match = _best(pairs, ["derived", "area", "area_pos"])
        if level == "country" or parent is not None:
            unmatched = points.index.difference(match.index)
            if parent is not None:
                unmatched = unmatched.intersection(parent[1].index)
            near = _pairs_near(points, frame, unmatched)
            near = near[_fits(near, frame, ancestors + ([parent] if parent is not None else []))]
            match = pd.concat([match, _best(near, ["distance", "area_pos"])]).sort_index()
        if level != "country":
            ancestors.append((frame, match))
        frames[level], matches[level] = frame, match
        parent = (frame, match)
    return frames, matches


def _extended_shapes(places):
    """{place position: shapely geometry} of the non-admin lines and areas."""
    shapes = {}
    for i, place in enumerate(places):
        geometry = place.geometry or {}
        if place.feature_type not in LEVELS and geometry.get("type") in EXTENDED_TYPES:
            try:
                shapes[i] = parse_geojson(geometry)
            except GeometryError:
                continue
    return shapes


def _drop_partial_cover(positions, frames, shapes):
    """Forget the unit of a line or area that the unit does not mostly hold (a road through three governorates)."""
    for level, pos in positions.items():
        rows = np.array([i for i in shapes if pos[i] >= 0], dtype=int)
        if not len(rows):
            continue
        place_shapes = np.array([shapes[i] for i in rows], dtype=object)
        inside = shapely.intersection(place_shapes, frames[level].geometry.to_numpy()[pos[rows]])
        lines = np.isin(shapely.get_type_id(place_shapes), LINE_TYPE_IDS)  # lines are measured by length
        measure = lambda g: np.where(lines, shapely.length(g), shapely.area(g))  # noqa: E731
        whole = measure(place_shapes)
        held = np.divide(measure(inside), whole, out=np.zeros(len(rows)), where=whole > 0)
        pos[rows[held < MIN_COVER]] = -1


def _country_from_units(positions, frames, count):
    """The country of the finest admin unit each place lies in (None where none or unknown)."""
    countries = np.full(count, None, dtype=object)
    for level in reversed(LEVELS[1:]):
        if level in positions:
            pos = positions[level]
            rows = np.flatnonzero((pos >= 0) & pd.isna(countries))
            values = frames[level]["country"].to_numpy()[pos[rows]]
            countries[rows[values != ""]] = values[values != ""]
    return countries


def _keep_current_near_boundary(places, labels, frames):
    """Where the polygons differ from a place's current value but a unit of that value lies within
    NEAREST_TOLERANCE_KM, the boundary is too coarse to contradict it: keep the current value (None)."""
    for level, frame in frames.items():
        current = np.array([getattr(p, level, "") or "" for p in places], dtype=object)
        differs = np.flatnonzero([bool(c) and v is not None and v != c for c, v in zip(current, labels[level])])
        if not len(differs):
            continue
        points = to_metric(shapely.points([places[i].lon for i in differs], [places[i].lat for i in differs]))
        point_idx, area_idx = _query_within_distance(points, frame["metric"].to_numpy(), NEAREST_TOLERANCE_KM * 1000)
        agreeing = point_idx[frame["label"].to_numpy()[area_idx] == current[differs][point_idx]]
        labels[level][differs[agreeing]] = None


def assign_hierarchy(places, areas):
    """{place id: Hierarchy} for every place (PlaceRecord or PlacePoint) against the admin areas.

    At each level a place takes the label of the unit its representative point lies in, or lies within
    NEAREST_TOLERANCE_KM of while inside the level above, and that agrees (by P-code and country) with its
    units above; a line or area only if the unit holds MIN_COVER of it; a border never (it lies on the
    boundaries). The country is that of its finest unit, else of the country polygon. A place whose current
    value names a unit within NEAREST_TOLERANCE_KM keeps it. An admin unit names itself at its own level and
    has nothing below. None means "keep what the place has".
    """
    places = list(places)
    frames, matches = match_levels(places, areas) if places and areas else ({}, {})
    positions = {}
    for level, match in matches.items():
        positions[level] = np.full(len(places), -1, dtype=int)
        positions[level][match.index.to_numpy()] = match.to_numpy()
    _drop_partial_cover(positions, frames, _extended_shapes(places))
    labels = {level: np.full(len(places), None, dtype=object) for level in LEVELS}
    for level, pos in positions.items():
        rows = np.flatnonzero(pos >= 0)
        labels[level][rows] = frames[level]["label"].to_numpy()[pos[rows]]
    # Admin units are drawn finer than 1:10m country outlines: along a border their country wins.
    from_units = _country_from_units(positions, frames, len(places))
    known = ~pd.isna(from_units)
    labels["country"][known] = from_units[known]
    _keep_current_near_boundary(places, labels, frames)
    result = {}
    for i, place in enumerate(places):
        values = [labels[level][i] for level in LEVELS]
        if place.feature_type in BOUNDARY_TYPES:
            values = [None] * len(LEVELS)
        elif place.feature_type in LEVELS:
            own = LEVELS.index(place.feature_type)
            label = admin_label(place.feature_type, place.name_en, place.name_ar, place.pcode, place.country)
            values[own] = label or values[own]
            values[own + 1:] = [""] * (len(LEVELS) - own - 1)
        result[place.id] = Hierarchy(*values)
    return result
