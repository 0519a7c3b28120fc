"""Location linking: the most specific literal place tied to a trigger, clause first, then wider scopes."""
from dataclasses import dataclass

from gazetteer.core.geometry import extent_km, parse_geojson

PRECISION_BY_TYPE = {
    "city": 1, "town": 1, "village": 1, "neighbourhood": 1, "base": 1, "airport": 1, "station": 1,
    "camp": 1, "crossing": 1, "facility": 1, "mountain": 2, "road": 2, "border": 2, "zone": 2,
    "subdistrict": 2, "district": 2, "river": 2, "region": 3, "governorate": 3, "country": 3,
}
VICINITY_KM = 10.0
COUNTRYSIDE_KM = 40.0


@dataclass
class LocationCandidate:
    """A literal location in the text (a resolved mention or a derived line) with its specificity."""

    nstart: int
    nend: int
    location: dict
    place_id: object = None


def location_from_place(place, qualifier=""):
    """The contract's location object for a gazetteer place."""
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
    name = prefix + place.name_ar
    return {"name": name, "geometry": place.geometry, "lat": round(place.lat, 5), "lon": round(place.lon, 5),
            "precision": precision, "uncertainty_km": round(uncertainty, 1), "place_id": place.id}


def location_candidates(parse, to_norm):
    """Literal resolved mentions and derived lines; a line's member points give way to the line."""
    members = {id(m) for d in parse.derived for m in d.members}
    out = []
    for m in parse.mentions:
        if m.place is None or m.role != "literal" or id(m) in members or m.parent is not None:
            continue
        out.append(LocationCandidate(m.nstart, m.nend, location_from_place(m.place, m.qualifier), m.place.id))
    for d in parse.derived:
        loc = {"name": d.name, "geometry": d.geometry, "lat": round(d.lat, 5), "lon": round(d.lon, 5),
               "precision": d.precision, "uncertainty_km": d.uncertainty_km, "place_id": None}
        out.append(LocationCandidate(to_norm(d.start), to_norm(d.end), loc))
    return sorted(out, key=lambda c: c.nstart)


def _best(cands, anchor):
    return min(cands, key=lambda c: (c.location["precision"], c.location["uncertainty_km"],
                                     abs(c.nstart - anchor)))


def link_location(candidates, anchor, scopes, focus=None):
    """Pick from the narrowest scope that has a candidate; wider scopes imply lower precision."""
    for level, (start, end) in enumerate(scopes):
        inside = [c for c in candidates if start <= c.nstart and c.nend <= end]
        if inside:
            chosen = dict(_best(inside, anchor).location)
            if level >= 2:
                chosen["precision"] = max(chosen["precision"], 2)
            chosen["scope"] = ("clause", "sentence", "paragraph")[min(level, 2)]
            return chosen
    if focus is not None:
        chosen = dict(focus)
        chosen["precision"] = 3
        chosen["scope"] = "article"
        return chosen
    return None


def article_focus(candidates):
    """The most often mentioned literal location of the article, if any."""
    counts = {}
    for c in candidates:
        key = c.place_id or c.location["name"]
        counts.setdefault(key, [0, c])[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda v: v[0])[1].location
