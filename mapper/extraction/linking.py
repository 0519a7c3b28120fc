"""Location linking: the most specific literal place tied to a trigger, clause first, then wider scopes."""
import bisect
from dataclasses import dataclass

from shapely.geometry import Point

from gazetteer.core.geometry import GeometryError, extent_km, haversine_km, parse_geojson, to_metric
from gazetteer.core.memo import GuardedMemo

PRECISION_BY_TYPE = {
    "city": 1, "town": 1, "village": 1, "neighbourhood": 1, "base": 1, "airport": 1, "station": 1,
    "camp": 1, "crossing": 1, "facility": 1, "mountain": 2, "road": 2, "border": 2, "zone": 2,
    "subdistrict": 2, "district": 2, "river": 2, "region": 3, "governorate": 3, "country": 3,
}
VICINITY_KM = 10.0
COUNTRYSIDE_KM = 40.0
# How far a place in a wider scope than the trigger's clause may be from the event: each step outwards
# loosens ACLED's geo-precision and widens the uncertainty radius.
SENTENCE_KM = 10.0  # same sentence, other clause: near the place
GOVERNORATE_KM = 50.0  # same paragraph or only the article's focus: somewhere in its region
SCOPE_NAMES = ("clause", "sentence", "paragraph")
REFINE_SHARE = 0.5  # a sentence's place refines the clause's when at most half as uncertain
REFINE_TOLERANCE_KM = 15.0  # and within the clause's line or zone, give or take this
# Only places read literally are event locations; a metonym ("واشنطن تبحث"), a conference venue
# ("مؤتمر أستانة") or an outlet ("الميادين نت") never is (roles from gazetteer/core/roles.py).
LOCATION_ROLES = {"literal"}


@dataclass
class LocationCandidate:
    """A literal location in the text (a resolved mention or a derived location) with its specificity."""

    nstart: int
    nend: int
    location: dict
    place_id: object = None


class Locations(list):
    """Location candidates sorted by start, with the starts kept for finding a span's candidates by bisection."""

    def __init__(self, candidates):
        super().__init__(sorted(candidates, key=lambda c: c.nstart))
        self.starts = [c.nstart for c in self]

    def starting_in(self, start, end):
        return self[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


_LOCATIONS = GuardedMemo(50_000)  # (the extent of an area costs a projection)


def location_from_place(place, qualifier=""):
    """The contract's location object for a gazetteer place (a vicinity or countryside widens it): a new
    dict each time, of values worked out once per place and qualifier (places recur in article after article)."""
    name, lat, lon, precision, uncertainty = _LOCATIONS.get(
        (id(place), qualifier), (place, place.geometry), lambda: _location_values(place, qualifier))
    return {"name": name, "geometry": place.geometry, "lat": lat, "lon": lon,
            "precision": precision, "uncertainty_km": uncertainty, "place_id": place.id}


def _location_values(place, qualifier):
    precision = PRECISION_BY_TYPE.get(place.feature_type, 2)
    uncertainty = place.uncertainty_km
    if place.geometry.get("type") != "Point":
        uncertainty = max(uncertainty, extent_km(parse_geojson(place.geometry)))
    if qualifier == "vicinity":
        precision = min(3, precision + 1)
        uncertainty += VICINITY_KM
    elif qualifier == "countryside":
        precision = 3
        uncertainty = max(uncertainty, COUNTRYSIDE_KM)
    prefix = {"vicinity": "محيط ", "countryside": "ريف "}.get(qualifier, "")
    return (prefix + place.name_ar, round(place.lat, 5), round(place.lon, 5), precision, round(uncertainty, 1))


def location_candidates(parse, to_norm):
    """Literal resolved mentions and derived locations (segments, offsets, vicinities, cue fallbacks);
    the member places of a derived location give way to it."""
    members = {id(m) for d in parse.derived for m in d.members}
    out = []
    for m in parse.mentions:
        if m.place is None or m.role not in LOCATION_ROLES or id(m) in members or m.parent is not None:
            continue
        out.append(LocationCandidate(m.nstart, m.nend, location_from_place(m.place, m.qualifier), m.place.id))
    for d in parse.derived:
        loc = {"name": d.name, "geometry": d.geometry, "lat": round(d.lat, 5), "lon": round(d.lon, 5),
               "precision": d.precision, "uncertainty_km": round(d.uncertainty_km, 1), "place_id": None,
               "derived": d.kind, "reference_place_ids": [m.place.id for m in d.members if m.place is not None]}
        out.append(LocationCandidate(to_norm(d.start), to_norm(d.end), loc))
    return Locations(out)


def _best(cands, anchor):
    """The most specific candidate; among equals the one nearest the trigger."""
    return min(cands, key=lambda c: (c.location["precision"], c.location["uncertainty_km"],
                                     abs(c.nstart - anchor)))


def _refined(location, following, anchor):
    """A more precise place right after the clause that lies within the clause's place refines it: "on the
    road between X and Y, 25 km north-east of X" is the offset point, not the whole road."""
    inner = [c for c in following
             if c.location["uncertainty_km"] <= location["uncertainty_km"] * REFINE_SHARE
             and c.location["precision"] <= location["precision"] and c.location is not location]
    inner = [c for c in inner if _within(c.location, location)]
    return _best(inner, anchor).location if inner else location


def _within(inner, outer):
    """The inner location's point lies in the outer's geometry (a line or zone, give or take a few km) or,
    for a point, within its radius."""
    if outer["geometry"].get("type") == "Point":
        return haversine_km(inner["lat"], inner["lon"], outer["lat"], outer["lon"]) <= outer["uncertainty_km"]
    try:
        shape = to_metric(parse_geojson(outer["geometry"]))
    except GeometryError:
        return False
    return shape.distance(to_metric(Point(inner["lon"], inner["lat"]))) <= REFINE_TOLERANCE_KM * 1000


def widen(location, scope):
    """A copy of `location` with the precision and radius that linking it at `scope` implies."""
    chosen = dict(location)
    if scope == "sentence":
        chosen["precision"] = max(chosen["precision"], 2)
        chosen["uncertainty_km"] = round(chosen["uncertainty_km"] + SENTENCE_KM, 1)
    elif scope in ("paragraph", "article"):
        chosen["precision"] = 3
        chosen["uncertainty_km"] = round(max(chosen["uncertainty_km"], GOVERNORATE_KM), 1)
    chosen["scope"] = scope
    return chosen


def link_location(candidates, anchor, scopes, focus=None, apposition=None):
    """The location of the event whose trigger starts at `anchor`: the best candidate of the narrowest
    of `scopes` ((start, end) spans: clause, sentence, paragraph) where one starts, else the article focus.
    A place starting in `apposition` (the words right after the clause) may refine the clause's place."""
    if not isinstance(candidates, Locations):
        candidates = Locations(candidates)
    for level, (start, end) in enumerate(scopes):
        inside = candidates.starting_in(start, end)
        if inside:
            best = _best(inside, anchor).location
            if level == 0 and apposition is not None:
                best = _refined(best, candidates.starting_in(*apposition), anchor)
            return widen(best, SCOPE_NAMES[min(level, 2)])
    if focus is not None:
        return widen(focus, "article")
    return None


def article_focus(candidates):
    """The most often mentioned literal location of the article (the first of equals), if any."""
    counts = {}
    for c in candidates:
        key = c.place_id or c.location["name"]
        counts.setdefault(key, [0, -c.nstart, c])[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda v: (v[0], v[1]))[2].location
