"""Parent phrases: "X في ريف Y", "X بريف Y", "X شرق Y", "X في Y", "X قرب Y" tie a name to the place that contains it."""
import math

from .geometry import haversine_km
from .lexicon import keys, strip_proclitics

COUNTRYSIDE = keys("ريف", "بادية")
DIRECTIONS = keys("شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي", "الشرقي", "الغربي",
                  "الشمالي", "الجنوبي", "شمال شرق", "شمال غرب", "جنوب شرق", "جنوب غرب")
NEAR = keys("قرب", "بالقرب", "محيط", "أطراف", "ضواحي", "جوار", "مقربة")
INSIDE = keys("في", "داخل", "وسط", "التابعة", "التابع", "بمحافظة", "محافظة", "بمنطقة", "منطقة", "بمدينة",
              "مدينة", "قضاء", "ناحية", "منطقة", "لواء")
FILLER = keys("من", "ل", "في", "على", "بعد", "نحو", "مسافة", "كم", "كيلومتر", "كيلومترات", "كلم")
KNOWN = FILLER | COUNTRYSIDE | DIRECTIONS | NEAR | INSIDE  # the words a parent phrase is made of
MAX_GAP_TOKENS = 5
# How far from the parent a candidate may lie and still fit the relation (km, e-folding distance).
REACH_KM = {"in": 15.0, "countryside": 40.0, "direction": 60.0, "near": 15.0}
WEIGHT = 0.6


def _relation(gap_tokens, container_prefix):
    """The relation a gap between two mentions expresses, or None."""
    if not gap_tokens:
        return "in" if "ب" in container_prefix else None
    if len(gap_tokens) > MAX_GAP_TOKENS:
        return None
    bare = [strip_proclitics(t) for t in gap_tokens]
    words = set(gap_tokens) | set(bare)
    if not all(t in KNOWN or b in KNOWN or t.isdigit() for t, b in zip(gap_tokens, bare)):
        return None
    if words & COUNTRYSIDE:
        return "countryside"
    if words & DIRECTIONS:
        return "direction"
    if words & NEAR:
        return "near"
    return "in"


def parent_phrases(mentions, norm_text):
    """{id(mention): (container mention, relation)} for a mention followed by a parent phrase."""
    ordered = sorted(mentions, key=lambda m: m.nstart)
    out = {}
    for x, y in zip(ordered, ordered[1:]):
        if y.nstart < x.nend:
            continue
        # Split no further than _relation looks: more than MAX_GAP_TOKENS words relate nothing.
        relation = _relation(norm_text[x.nend:y.nstart].split(None, MAX_GAP_TOKENS), y.prefix)
        if relation is not None:
            out[id(x)] = (y, relation)
    return out


def parent_feature(place, container, relation):
    """Bonus for a candidate inside or near the container; a penalty when it lies in another country."""
    if container.feature_type == "country":
        return WEIGHT / 2 if place.country == container.country else -WEIGHT / 2
    reach = REACH_KM[relation] + container.uncertainty_km
    same_governorate = bool(place.governorate) and place.governorate == container.governorate
    if container.feature_type == "governorate":
        reach = max(reach, 60.0)
    d = haversine_km(place.lat, place.lon, container.lat, container.lon)
    return WEIGHT * max(math.exp(-d / reach), 0.8 if same_governorate and relation != "near" else 0.0)
