"""Spatial grammar for places that are not plain names: elliptical pairs, 'between' lines, vicinity."""
import re
from dataclasses import dataclass, field
from itertools import compress

from shapely.geometry import Point

from .geometry import extent_km, segment_between, to_geojson, to_metric
from .lexicon import keys, memo_map, strip_proclitics, tokens_before, word_table, words_before
from .memo import GuardedMemo
from .normalize import normalize_key
from .spotter import Mention, original_span

# Masculine and feminine ordinals fold to the feminine form used in station names.
ORDINALS = {normalize_key(m): normalize_key(f) for m, f in [
    ("الأول", "الأولى"), ("الأولى", "الأولى"), ("الثاني", "الثانية"), ("الثانية", "الثانية"),
    ("الثالث", "الثالثة"), ("الثالثة", "الثالثة"), ("الرابع", "الرابعة"), ("الرابعة", "الرابعة"),
    ("الخامس", "الخامسة"), ("الخامسة", "الخامسة"), ("السادس", "السادسة"), ("السادسة", "السادسة"),
    ("السابع", "السابعة"), ("السابعة", "السابعة"), ("الثامن", "الثامنة"), ("الثامنة", "الثامنة"),
]}
# A dual noun (المحطتين، محطتي) followed by two ordinals joined by و.
DUAL_PAIR = re.compile(r"(?<!\S)(?:[وفبلك]{0,2})(ال)?(\S{2,}?)(?:تين|تان|تي)\s+(\S+)\s+و\s?(\S+)(?!\S)")
VICINITY = keys("محيط", "أطراف", "ضواحي", "قرب", "بالقرب", "مشارف", "تخوم", "جوار", "حول")
COUNTRYSIDE = keys("ريف")
BETWEEN = normalize_key("بين")
ROAD_WORDS = keys("طريق", "الطريق", "أوتوستراد", "اوتوستراد")


@dataclass
class DerivedLocation:
    """A location built from other mentions, e.g. the road segment between two places."""

    start: int
    end: int
    name: str
    geometry: dict
    lat: float
    lon: float
    uncertainty_km: float
    precision: int
    members: list = field(default_factory=list)
    kind: str = "between"


DUAL_ENDINGS = ("تين", "تان", "تي")
MEMO_WORDS = 100_000  # distinct words whose dual test is kept (a bound for long-running servers)
_IS_DUAL = {}


def _is_dual(word):
    return len(word) >= 4 and word.endswith(DUAL_ENDINGS)


def _dual_pairs(text):
    """DUAL_PAIR.finditer(text), tried only at the words it can start at: a dual (…تين/…تان/…تي) of at
    least four letters, the first word of every match."""
    starts, _, words = word_table(text)
    duals = memo_map(_IS_DUAL, words, _is_dual, MEMO_WORDS)
    resume = 0
    for start in compress(starts, duals):
        if start < resume:
            continue
        m = DUAL_PAIR.match(text, start)
        if m:
            resume = m.end()
            yield m


def elliptical_pairs(norm, original, index):
    """Mentions for 'المحطتين الثانية والثالثة': each ordinal with the singular head noun."""
    out = []
    for m in _dual_pairs(norm.text):
        first, second = ORDINALS.get(m.group(3)), ORDINALS.get(m.group(4))
        if not first or not second:
            continue
        head = "ال" + m.group(2) + "ه"
        spans = [(m.start(1) if m.group(1) else m.start(2), m.end(3), first),
                 (m.start(4), m.end(4), second)]
        pair = []
        for nstart, nend, ordinal in spans:
            key = f"{head} {ordinal}"
            entries = index.lookup(key)
            start, end = original_span(norm, original, nstart, nend)
            pair.append(Mention(start, end, nstart, nend, original[start:end], key, "",
                                [(index.get(e.place_id), e.quality) for e in entries]))
        if all(p.candidates for p in pair):  # both members or neither
            out.extend(pair)
    return out


def merge_mentions(primary, secondary):
    """Primary mentions plus the secondary ones that do not overlap them, in text order."""
    kept = list(primary)
    for m in secondary:
        if not any(m.nstart < p.nend and p.nstart < m.nend for p in primary):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def mark_vicinity(mentions, norm):
    """Qualify mentions after محيط/أطراف/قرب (vicinity) or ريف (the countryside around a city)."""
    for m in mentions:
        before = [strip_proclitics(t) for t in words_before(norm.text, m.nstart, 2)]
        if before and before[-1] in COUNTRYSIDE:
            m.qualifier = "countryside"
        elif any(t in VICINITY for t in before):
            m.qualifier = "vicinity"


def _tokens_before(norm, pos, count):
    """The last `count` (token, nstart, nend) before normalised position `pos`."""
    return tokens_before(norm.text, pos, count)


def _is_line_cue(word):
    return word == BETWEEN or strip_proclitics(word) in ROAD_WORDS or word in ROAD_WORDS


def between_locations(mentions, norm, original, index):
    """Lines for 'بين X و Y' and 'طريق X-Y' when X and Y are consecutive resolved point places."""
    out = []
    resolved = [m for m in mentions if m.place is not None and m.role == "literal"]
    for a, b in zip(resolved, resolved[1:]):
        if not any(map(_is_line_cue, words_before(norm.text, a.nstart, 2))):
            continue  # the usual case: no بين or road word right before the first name
        if a.place.is_line or b.place.is_line or a.place.is_area or b.place.is_area:
            continue
        before = _tokens_before(norm, a.nstart, 4)
        cue = next(t for t in reversed(before[-2:]) if _is_line_cue(t[0]))
        gap = norm.text[a.nend:b.nstart].split()
        joined_by_and = (gap == [] and b.prefix.startswith("و")) or gap == ["و"]
        adjacent = gap == [] and not b.prefix
        if not (joined_by_and if cue[0] == BETWEEN else adjacent or joined_by_and):
            continue
        geometry, rep, extent = _line_between(index, a.place, b.place)
        first = next((t for t in before if t[0] in ROAD_WORDS or strip_proclitics(t[0]) in ROAD_WORDS), cue)
        start = original_span(norm, original, first[1], first[2])[0]
        out.append(DerivedLocation(
            start=start, end=b.end,
            name=f"{a.place.name_ar} – {b.place.name_ar}",
            geometry=geometry, lat=rep.y, lon=rep.x,
            uncertainty_km=round(extent + max(a.place.uncertainty_km, b.place.uncertainty_km) / 2, 1),
            precision=2, members=[a, b]))
    return out


# Lines between two places, kept: the same stretches ("بين X و Y") recur within and across articles, and
# following a road means projecting it. Keyed by the two points and valid while the index's roads are.
_LINES = GuardedMemo(4096)


def _line_between(index, a, b):
    """(GeoJSON line, representative point, extent km) from place `a` to place `b`, along a gazetteer road
    through both when there is one."""
    def make():
        pa, pb = Point(a.lon, a.lat), Point(b.lon, b.lat)
        line = segment_between(pa, pb, along=_road_through(index, pa, pb))
        return to_geojson(line), line.interpolate(0.5, normalized=True), extent_km(line)

    return _LINES.get((a.lon, a.lat, b.lon, b.lat), (index.metric_roads(),), make)


def _road_through(index, pa, pb):
    """A gazetteer road passing within 15 km of both points, if any."""
    ma, mb = to_metric(pa), to_metric(pb)
    for line, metric in index.metric_roads():
        if metric.distance(ma) < 15_000 and metric.distance(mb) < 15_000:
            return line
    return None
