"""First-pass resolution: rank each mention's candidates by match, trigger cue, importance and context."""
import math
from collections import Counter

from .geometry import haversine_km
from .lexicon import strip_proclitics
from .normalize import normalize_key

# The word before a name says what kind of place it is.
TRIGGER_TYPES = {normalize_key(k): v for k, v in {
    "طريق": {"road"}, "مطار": {"airport"}, "قاعدة": {"base", "airport"}, "حقل": {"facility"},
    "محطة": {"station"}, "بلدة": {"town", "village", "city"}, "قرية": {"village", "town"},
    "مدينة": {"city", "town"}, "محافظة": {"governorate"}, "ريف": {"governorate", "city", "town"},
    "ناحية": {"subdistrict", "town"}, "منطقة": {"district", "zone", "region", "subdistrict"},
    "جبل": {"mountain"}, "سد": {"facility"}, "مخيم": {"camp"}, "حي": {"neighbourhood"},
    "معبر": {"crossing"}, "دولة": {"country"}, "بلدتي": {"town", "village"}, "مدينتي": {"city", "town"},
}.items()}
TYPE_PRIOR = {"city": 0.12, "town": 0.1, "village": 0.06, "country": 0.12, "region": 0.08, "road": 0.08,
              "border": 0.08, "zone": 0.08, "base": 0.08, "station": 0.08, "airport": 0.08,
              "governorate": -0.15, "district": -0.2, "subdistrict": -0.2}
SOURCE_PRIOR = {"curated": 0.15}
AMBIGUITY_MARGIN = 0.08
DEFAULT_FOCUS_COUNTRY = "SY"


def trigger_before(mention, norm_text):
    """The normalised cue word before a mention, proclitics stripped, or ''."""
    before = norm_text[:mention.nstart].split()
    return strip_proclitics(before[-1]) if before else ""


def importance(place):
    return min(1.0, math.log10(place.population + 1) / 7.0) if place.population else 0.0


def candidate_features(place, quality, cue, focus_country, centroid):
    """Named features of one candidate; their weighted sum is its score."""
    feats = {
        "match": quality,
        "cue": 0.0,
        "importance": 0.3 * importance(place),
        "type_prior": TYPE_PRIOR.get(place.feature_type, 0.0),
        "source_prior": SOURCE_PRIOR.get(place.source, 0.0),
        "country_focus": 0.2 if place.country == focus_country else 0.0,
        "coherence": 0.0,
    }
    if cue in TRIGGER_TYPES:
        feats["cue"] = 0.5 if place.feature_type in TRIGGER_TYPES[cue] else -0.3
        if place.feature_type == "governorate" and "governorate" in TRIGGER_TYPES[cue]:
            feats["type_prior"] = 0.0
    if centroid is not None:
        d = haversine_km(place.lat, place.lon, centroid[0], centroid[1])
        feats["coherence"] = 0.3 * math.exp(-d / 200.0)
    return feats


def document_focus(mentions):
    """The dominant country and the centroid of places that have a single candidate."""
    sure = [m.candidates[0][0] for m in mentions if len({p.id for p, _ in m.candidates}) == 1
            and m.role == "literal" and m.candidates[0][0].feature_type not in ("country",)]
    countries = Counter(p.country for p in sure if p.country)
    focus = countries.most_common(1)[0][0] if countries else DEFAULT_FOCUS_COUNTRY
    near = [p for p in sure if p.country == focus] or sure
    if not near:
        return focus, None
    return focus, (sum(p.lat for p in near) / len(near), sum(p.lon for p in near) / len(near))


def resolve(mentions, norm_text):
    """Choose a place for every mention; records features, score and an ambiguity flag."""
    focus, centroid = document_focus(mentions)
    for m in mentions:
        cue = trigger_before(m, norm_text)
        ranked = []
        for place, quality in m.candidates:
            feats = candidate_features(place, quality, cue, focus, centroid)
            ranked.append((sum(feats.values()), place, feats))
        if not ranked:
            continue
        ranked.sort(key=lambda r: -r[0])
        best_score, best, feats = ranked[0]
        m.place, m.score, m.features = best, round(best_score, 3), feats
        if len(ranked) > 1:
            second_score, second, _ = ranked[1]
            far = haversine_km(best.lat, best.lon, second.lat, second.lon) > 25
            m.ambiguous = far and best_score - second_score < AMBIGUITY_MARGIN
    return mentions
