"""First-pass resolution: rank each mention's candidates by match, trigger cue, importance and context."""
import math
from collections import Counter
from operator import itemgetter

from .geometry import haversine_between, haversine_point
from .lexicon import strip_proclitics, word_before
from .memo import GuardedMemo
from .normalize import normalize_key
from .parents import parent_feature, parent_phrases

# The word before a name says what kind of place it is.
TRIGGER_TYPES = {normalize_key(k): v for k, v in {
    "طريق": {"road"}, "مطار": {"airport"}, "قاعدة": {"base", "airport"}, "حقل": {"facility"},
    "محطة": {"station"}, "بلدة": {"town", "village", "city"}, "قرية": {"village", "town"},
    "مدينة": {"city", "town"}, "محافظة": {"governorate"}, "ريف": {"governorate", "city", "town"},
    "ناحية": {"subdistrict", "town"}, "منطقة": {"district", "zone", "region", "subdistrict"},
    "جبل": {"mountain"}, "سد": {"facility"}, "مخيم": {"camp"}, "حي": {"neighbourhood"},
    "معبر": {"crossing"}, "دولة": {"country"}, "بلدتي": {"town", "village"}, "مدينتي": {"city", "town"},
    "قريتي": {"village", "town"}, "منطقتي": {"district", "zone", "region", "subdistrict"}, "مخيمي": {"camp"},
    "محافظ": {"governorate"}, "لواء": {"district", "subdistrict"}, "قضاء": {"district", "subdistrict"},
}.items()}
DUAL_TRIGGERS = {normalize_key(k) for k in ("بلدتي", "مدينتي", "قريتي", "منطقتي", "مخيمي")}
TYPE_PRIOR = {"city": 0.12, "town": 0.1, "village": 0.06, "country": 0.12, "region": 0.08, "road": 0.08,
              "border": 0.08, "zone": 0.08, "base": 0.08, "station": 0.08, "airport": 0.08,
              "governorate": -0.15, "district": -0.2, "subdistrict": -0.2}
SOURCE_PRIOR = {"curated": 0.15}
AMBIGUITY_MARGIN = 0.08
DEFAULT_FOCUS_COUNTRY = "SY"


def trigger_before(mention, norm_text):
    """The normalised cue word before a mention, proclitics stripped, or ''."""
    word = word_before(norm_text, mention.nstart)
    if not word:
        return ""
    return word if word in TRIGGER_TYPES else strip_proclitics(word)


def importance(place):
    return min(1.0, math.log10(place.population + 1) / 7.0) if place.population else 0.0


_PLACE_VALUES = GuardedMemo(200_000)


def _place_values(place):
    """(importance feature, type prior, source prior, haversine point): what a candidate's features take from
    its place alone, computed once per place object (a candidate place comes back in article after article)."""
    return _PLACE_VALUES.get(id(place), (place,), lambda: (
        0.3 * importance(place), TYPE_PRIOR.get(place.feature_type, 0.0), SOURCE_PRIOR.get(place.source, 0.0),
        haversine_point(place.lat, place.lon)))


def _feature_values(place, quality, cue, focus, centroid, parent):
    """The feature values of one candidate, in the order of FEATURES; `centroid` is a haversine_point."""
    focus_country, focus_governorate = focus
    importance_value, type_prior, source_prior, point = _place_values(place)
    cue_value = 0.0
    if cue in TRIGGER_TYPES:
        cue_value = 0.5 if place.feature_type in TRIGGER_TYPES[cue] else -0.3
        if place.feature_type == "governorate" and "governorate" in TRIGGER_TYPES[cue]:
            type_prior = 0.0
    coherence = 0.0
    if centroid is not None:
        d = haversine_between(*point, *centroid)
        coherence = 0.3 * math.exp(-d / 200.0)
    return (quality, cue_value, importance_value, type_prior, source_prior,
            0.2 if place.country == focus_country else 0.0,
            0.1 if focus_governorate and place.governorate == focus_governorate else 0.0,
            coherence, parent_feature(place, *parent) if parent else 0.0)


FEATURES = ("match", "cue", "importance", "type_prior", "source_prior", "country_focus", "governorate_focus",
            "coherence", "parent")


def document_focus(mentions):
    """(country, governorate) of the places that have a single candidate, and their centroid."""
    sure = [m.candidates[0][0] for m in mentions if len({p.id for p, _ in m.candidates}) == 1
            and m.role == "literal" and m.candidates[0][0].feature_type not in ("country",)]
    countries = Counter(p.country for p in sure if p.country)
    focus = countries.most_common(1)[0][0] if countries else DEFAULT_FOCUS_COUNTRY
    near = [p for p in sure if p.country == focus] or sure
    governorates = Counter(p.governorate for p in near if p.governorate)
    governorate = governorates.most_common(1)[0][0] if governorates else ""
    if not near:
        return (focus, governorate), None
    return (focus, governorate), (sum(p.lat for p in near) / len(near), sum(p.lon for p in near) / len(near))


def mention_cues(mentions, norm_text):
    """{id(mention): cue}; the second name of "بلدتي X وY" shares the dual cue of the first."""
    cues, previous = {}, None
    for m in sorted(mentions, key=lambda m: m.nstart):
        cue = trigger_before(m, norm_text)
        if previous is not None and cues[id(previous)] in DUAL_TRIGGERS and cue not in TRIGGER_TYPES:
            gap = norm_text[previous.nend:m.nstart].split()
            if gap == ["و"] or (not gap and m.prefix.startswith("و")):
                cue = cues[id(previous)]
        cues[id(m)] = cue
        previous = m
    return cues


def _rank(m, cue, focus, centroid, parent=None):
    """[(score, place, feature values)] best first (features are named only for the chosen place)."""
    ranked = []
    for place, quality in m.candidates:
        values = _feature_values(place, quality, cue, focus, centroid, parent)
        ranked.append((sum(values), place, values))
    ranked.sort(key=itemgetter(0), reverse=True)  # stable, as sorting by -score: ties keep their order
    return ranked


def _choose(m, ranked):
    best_score, best, values = ranked[0]
    m.place, m.score, m.features = best, round(best_score, 3), dict(zip(FEATURES, values))
    m.ambiguous = False
    if len(ranked) > 1:
        second_score, second, _ = ranked[1]
        far = haversine_between(*_place_values(best)[3], *_place_values(second)[3]) > 25
        m.ambiguous = far and best_score - second_score < AMBIGUITY_MARGIN


def resolve(mentions, norm_text):
    """Choose a place for every mention; records features, score and an ambiguity flag.

    A second pass, right to left, re-ranks a mention whose parent phrase names a resolved place
    ("X بريف Y", "X شرق Y", "X في Y"), so the candidate inside or near Y wins.
    """
    focus, centroid = document_focus(mentions)
    if centroid is not None:
        centroid = haversine_point(*centroid)
    cues = mention_cues(mentions, norm_text)
    for m in mentions:
        ranked = _rank(m, cues[id(m)], focus, centroid)
        if ranked:
            _choose(m, ranked)
    parents = parent_phrases(mentions, norm_text)
    for m in reversed(mentions):
        found = parents.get(id(m))
        if found is None or found[0].place is None or not m.candidates:
            continue
        container, relation = found
        m.container = container
        if len(m.candidates) > 1:
            _choose(m, _rank(m, cues[id(m)], focus, centroid, (container.place, relation)))
    return mentions
