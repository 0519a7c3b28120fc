"""Places relative to a named one: "10 كم شرق X" (an offset point), "شرق X" (a sector), "محيط X" (a buffer)."""
import math
import re

from shapely.geometry import Point, Polygon

from .geometry import extent_km, metric_buffer, offset_point, parse_geojson, to_geojson, to_metric, to_wgs84
from .grammar import DerivedLocation
from .lexicon import keys, strip_proclitics, tokens_before, word_before, words_before
from .memo import GuardedMemo
from .spotter import original_span

# Compass words (with their adjective forms) and their bearings in degrees.
BEARINGS = {}
for words, bearing in (
        (("شمال", "شمالي", "الشمالي"), 0), (("شرق", "شرقي", "الشرقي"), 90), (("جنوب", "جنوبي", "الجنوبي"), 180),
        (("غرب", "غربي", "الغربي"), 270)):
    for word in keys(*words):
        BEARINGS[word] = bearing
DISTANCE_UNITS = keys("كم", "كيلومتر", "كيلومترات", "كلم", "كيلو")
DISTANCE_FILLER = keys("بعد", "مسافة", "نحو", "حوالي", "قرابة", "على")
# محيط/قرب: the surroundings; أطراف/ضواحي: the outskirts (a narrower ring around the place's own extent).
SURROUNDINGS_KM, OUTSKIRTS_KM = 5.0, 3.0
VICINITY_KM = {**dict.fromkeys(keys("محيط", "قرب", "بالقرب", "جوار", "مشارف", "تخوم", "حول"), SURROUNDINGS_KM),
               **dict.fromkeys(keys("أطراف", "ضواحي"), OUTSKIRTS_KM)}
SECTOR_KM = 30.0  # "شرق X" without a distance: the quarter of the plane up to this far beyond X
SECTOR_HALF_ANGLE = 45.0
MIN_OFFSET_UNCERTAINTY_KM = 2.0
OFFSET_UNCERTAINTY_SHARE = 0.25  # "40 كم شرق X" is known to about a quarter of the distance
# Shapes made from a place (its buffer, a sector beside it): buffering and projecting cost more than the rest
# of the parse of a mention.
_SHAPES = GuardedMemo(4096)


def _shape_of(place, key, make):
    """`make()`, computed once per place geometry and `key`; a place rebuilt with a new geometry is redone."""
    return _SHAPES.get((place.id, key), (place.geometry, place.lat, place.lon, place.uncertainty_km), make)


def compass_bearing(words):
    """Bearing of one or two compass words ("شمال", "شمال شرق" -> 45), or None."""
    bearings = [BEARINGS.get(strip_proclitics(w), BEARINGS.get(w)) for w in words]
    if not bearings or None in bearings:
        return None
    if len(bearings) == 1:
        return float(bearings[0])
    a, b = bearings
    if {a, b} == {0, 270}:
        return 315.0
    if abs(a - b) != 90:
        return None
    return (a + b) / 2.0


def _tokens_before(norm_text, pos, count=8):
    return tokens_before(norm_text, pos, count)


def _distance_km(tokens):
    """(km, index of its first token) from '... N كم' at the end of `tokens`, else (None, len)."""
    if len(tokens) >= 2 and tokens[-1][0] in DISTANCE_UNITS and _number(tokens[-2][0]) is not None:
        return _number(tokens[-2][0]), len(tokens) - 2
    if tokens:
        m = re.fullmatch(r"(\d+(?:[.٫]\d+)?)(?:كم|كلم)", tokens[-1][0])
        if m:
            return _number(m.group(1)), len(tokens) - 1
    return None, len(tokens)


def _number(token):
    try:
        return float(token.replace("٫", "."))  # the Arabic decimal separator
    except ValueError:
        return None


def _sector(origin, bearing, radius_km):
    """The wedge from `origin` around `bearing`, `radius_km` long, as a lon/lat polygon."""
    centre = to_metric(origin)
    points = [(centre.x, centre.y)]
    for step in range(-3, 4):
        rad = math.radians(bearing + step * SECTOR_HALF_ANGLE / 3)
        points.append((centre.x + math.sin(rad) * radius_km * 1000, centre.y + math.cos(rad) * radius_km * 1000))
    return to_wgs84(Polygon(points))


def _sector_of(origin, bearing, radius):
    """(GeoJSON sector, representative point, uncertainty km) beside a place."""
    geometry = _sector(origin, bearing, SECTOR_KM + radius)
    return to_geojson(geometry), offset_point(origin, bearing, (SECTOR_KM + radius) / 2), extent_km(geometry)


def _place_radius(place):
    if place.geometry.get("type") == "Point":
        return place.uncertainty_km
    return _shape_of(place, "radius", lambda: max(place.uncertainty_km, extent_km(parse_geojson(place.geometry))))


def directional_locations(mentions, norm, original):
    """Offset points and sectors for "N كم شرق X" and "شرق X" before a resolved literal mention X."""
    out = []
    for m in mentions:
        if m.place is None or m.role != "literal":
            continue
        last = word_before(norm.text, m.nstart)
        if last not in BEARINGS and strip_proclitics(last) not in BEARINGS:
            continue  # no compass word right before the name (the usual case): nothing more to read
        before = _tokens_before(norm.text, m.nstart)
        two = compass_bearing([t[0] for t in before[-2:]]) if len(before) >= 2 else None
        one = compass_bearing([before[-1][0]]) if before else None
        if two is not None and len(before) >= 2 and before[-2][0] in BEARINGS:
            bearing, used = two, 2
        elif one is not None:
            bearing, used = one, 1
        else:
            continue
        rest = before[:-used]
        km, first = _distance_km(rest)
        if km is not None and first > 0 and float(km).is_integer() and rest[first - 1][0].isdigit():
            between = original[norm.offsets[rest[first - 1][2] - 1] + 1:norm.offsets[rest[first][1]]]
            if between in (".", "٫", ","):  # "5.5 كم": the normaliser split the decimal
                km, first = float(f"{rest[first - 1][0]}.{rest[first][0]}"), first - 1
        while first > 0 and km is not None and rest[first - 1][0] in DISTANCE_FILLER:
            first -= 1
        start_token = rest[first] if km is not None else before[-used]
        start = original_span(norm, original, start_token[1], start_token[2])[0]
        origin = Point(m.place.lon, m.place.lat)
        radius = _place_radius(m.place)
        words = original[start:m.start].strip()
        if km is not None:
            point = offset_point(origin, bearing, km)
            uncertainty = max(MIN_OFFSET_UNCERTAINTY_KM, OFFSET_UNCERTAINTY_SHARE * km) + radius
            geometry, rep = to_geojson(point), point
        else:
            geometry, rep, uncertainty = _shape_of(m.place, ("sector", bearing),
                                                   lambda: _sector_of(origin, bearing, radius))
        out.append(DerivedLocation(start=start, end=m.end, name=f"{words} {m.place.name_ar}",
                                   geometry=geometry, lat=rep.y, lon=rep.x,
                                   uncertainty_km=round(uncertainty, 1), precision=2, members=[m],
                                   kind="offset" if km is not None else "sector"))
    return out


def _vicinity_word(token):
    return next((w for w in (token, strip_proclitics(token)) if w in VICINITY_KM), None)


def _vicinity_of(place, reach):
    """(GeoJSON buffer, its extent km) of a place's surroundings."""
    area = metric_buffer(parse_geojson(place.geometry), reach + place.uncertainty_km)
    return to_geojson(area), extent_km(area)


def vicinity_locations(mentions, norm, original):
    """Buffers for "محيط X" / "قرب X" (surroundings) and "أطراف X" / "ضواحي X" (outskirts)."""
    out = []
    for m in mentions:
        if m.place is None or m.role != "literal":
            continue
        if not any(map(_vicinity_word, words_before(norm.text, m.nstart, 2))):
            continue  # the usual case: no vicinity word before the name
        before = _tokens_before(norm.text, m.nstart, 2)
        word = next(t for t in reversed(before) if _vicinity_word(t[0]))
        reach = VICINITY_KM[_vicinity_word(word[0])]
        geometry, extent = _shape_of(m.place, ("vicinity", reach), lambda: _vicinity_of(m.place, reach))
        rep = Point(m.place.lon, m.place.lat)
        start = original_span(norm, original, word[1], word[2])[0]
        label = "أطراف" if reach == OUTSKIRTS_KM else "محيط"
        out.append(DerivedLocation(start=start, end=m.end, name=f"{label} {m.place.name_ar}",
                                   geometry=geometry, lat=rep.y, lon=rep.x,
                                   uncertainty_km=round(extent, 1), precision=2, members=[m],
                                   kind="vicinity"))
    return out
