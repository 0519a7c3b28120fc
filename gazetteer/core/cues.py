"""Unresolved mentions: names after a place cue (مستشفى، مرفأ، بلدة، طريق …) that the gazetteer does not know."""
import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from .geometry import extent_km, parse_geojson
from .grammar import DerivedLocation
from .lexicon import keys, memo_map, strip_proclitics, word_table
from .resolve import TRIGGER_TYPES
from .spotter import Mention, original_span
from .stopwords import COMMON_WORDS

# Cues naming a settlement or an area: "cue + known name" is that place itself, so only unknown names are new.
SETTLEMENT_CUES = keys("بلدة", "قرية", "مدينة", "حي", "مخيم", "منطقة", "ناحية", "قضاء", "لواء", "محافظة",
                       "بلدتي", "قريتي", "مدينتي", "منطقتي", "مخيمي", "حيي", "مزرعة", "ضاحية", "جزيرة", "واحة")
# Cues naming a facility or a natural feature: "cue + known name" is another thing (مرفأ بيروت is not بيروت).
FEATURE_CUES = keys(
    "مستشفى", "مشفى", "مرفأ", "ميناء", "جامعة", "كلية", "مدرسة", "سد", "جسر", "طريق", "أوتوستراد", "شارع",
    "ساحة", "دوار", "نفق", "مطار", "قاعدة", "حقل", "محطة", "معبر", "سفارة", "قنصلية", "مبنى", "فندق", "مسجد",
    "جامع", "كنيسة", "سوق", "مصنع", "معمل", "مجمع", "ملعب", "محكمة", "محمية", "عنبر", "بركة", "سيل", "وادي",
    "جبل", "نهر", "بحيرة", "بحر", "قلعة", "سجن", "ثكنة", "مخفر", "حاجز", "منتجع", "حمامات",
)
CUES = SETTLEMENT_CUES | FEATURE_CUES
# Facilities that lie at the place they are named after (مرفأ بيروت، مطار دمشق، سد الفرات، محمية البتراء،
# حمامات ماعين); a street, school, hospital or embassy is often named after somewhere else (شارع بغداد in
# Damascus, السفارة السعودية in Amman).
LOCATED_BY_NAME = keys("مرفأ", "مرفا", "ميناء", "مطار", "سد", "جسر", "معبر", "محطة", "حقل", "قاعدة", "بحيرة",
                       "وادي", "جبل", "مخيم", "طريق", "أوتوستراد", "سوق", "قلعة", "سجن", "ثكنة", "نهر", "سيل",
                       "محمية", "حمامات", "منتجع")
DUAL_CUES = keys("بلدتي", "قريتي", "مدينتي", "منطقتي", "مخيمي", "حيي")
# Feature cues that also name a thing with the article and an adjective (السفارة الكندية، البحر الميت).
DEFINITE_CUES = keys("السفارة", "القنصلية", "الجامعة", "الطريق", "البحر")
# Adjectives after a definite cue that describe, not name (المستشفى الميداني، الطريق الرئيسي).
DESCRIPTIVE = keys(
    "الميداني", "الميدانية", "الرئيسي", "الرئيسية", "الدولي", "الدولية", "الحكومي", "الحكومية", "العسكري",
    "العسكرية", "الخاص", "الخاصة", "الجديد", "الجديدة", "القديم", "القديمة", "الوحيد", "الوحيدة", "المذكور",
    "المذكورة", "المغلق", "المغلقة", "المؤدي", "المؤدية", "الرابط", "الواصل", "الدولي", "العام", "العامة",
    "الأقرب", "القريب", "القريبة", "المجاور", "المجاورة", "نفسه", "نفسها", "ذاته", "ذاتها", "الأول", "الثاني",
    "الأخير", "الأخيرة", "المنكوب", "المنكوبة", "المتضرر", "المتضررة", "الكبير", "الكبيرة", "الصغير",
    "المزيد", "العزل", "البحرية", "الجوية", "البحري", "البري", "الجوي", "العربية", "العربي", "السليم",
    "الصحيح", "الوطني", "الوطنية", "الإسلامية", "الإسلامي", "الأهلي", "الأهلية",
)
# With the article, only a nisba adjective names the thing (السفارة الكندية); the sea takes any (البحر الميت).
ANY_ADJECTIVE_CUES = keys("بحر")
GOD = keys("الله")
# Words that end a name: prepositions, conjunctions, pronouns, particles and time words.
FUNCTION_WORDS = keys(
    "في", "من", "إلى", "الى", "الي", "اللي", "على", "عن", "مع", "بعد", "قبل", "خلال", "حتى", "منذ", "عند", "لدى", "ضد", "بين",
    "نحو", "عبر", "باتجاه", "اتجاه", "جراء", "بسبب", "إثر", "اثر", "أو", "او", "ثم", "و", "أن", "ان", "إن",
    "كان", "كانت", "التي", "الذي", "الذين", "اللذين", "هذا", "هذه", "ذلك", "تلك", "هو", "هي", "هم", "هناك",
    "هنا", "كل", "جميع", "بعض", "غير", "قد", "لقد", "لم", "لن", "لا", "ما", "مثل", "حيث", "كما", "اليوم", "أمس",
    "الآن", "صباح", "مساء", "ليلة", "يوم", "وهناك", "والتي", "والذي", "رقم", "عدد", "أي", "اي", "أكثر", "اكثر",
    "قرب", "بالقرب", "داخل", "خارج", "أمام", "امام", "وسط", "تحت", "فوق", "حول", "لها", "له", "فيها", "فيه",
    "منها", "منه", "عليها", "عليه", "إليها", "اليها", "بها", "به", "سالكة", "مغلقة", "مغلق", "سالك", "أيضا",
    "ايضا", "فقط", "الساعة", "جدا", "حاليا", "مجددا", "عاجل", "بعيدة", "بعيده", "منكوبة", "سكنية", "آمنة",
    "امنة", "كبيرة", "صغيرة", "واسعة", "قريبة", "مجاورة", "حدودية", "زراعية", "صناعية", "واحدة", "أخرى",
    "اخرى", "مختلفة", "عدة", "عديدة", "جوي", "جوية", "بري", "برية", "بحري", "بحرية", "ميداني", "ميدانية",
    "ثانية", "ثاني", "فحسب", "وعرة", "الأسهم", "المال", "المدينة", "المنطقة", "البلدة", "القرية", "المحافظة",
)
# After a name, the words that introduce the place containing it ("مستشفى الروم في بيروت").
CONTAINER_WORDS = keys("في", "ب", "داخل", "وسط", "قرب", "بالقرب", "من", "بمدينة", "مدينة", "بمنطقة", "منطقة",
                       "بمحافظة", "محافظة", "ببلدة", "بلدة", "شرق", "غرب", "شمال", "جنوب")
MAX_NAME_TOKENS = 3
COUNTRYSIDE_WORDS = keys("ريف", "بادية")
# Generic first words of place names, followed by a bare proper noun (وادي عربة، بير مذكور، عين عنوب).
GENERIC_HEADS = keys("وادي", "جبل", "عين", "تل", "بير", "بئر", "دير", "كفر", "أم", "ام", "أبو", "ابو", "بيت",
                     "رأس", "راس", "خربة", "سهل", "غور", "مرج", "قصر", "حمام", "حمامات", "مزرعة", "تلة")
ROAD_CUES = keys("طريق", "أوتوستراد")
HYPHENS = {"-", "–", "—", "‐"}
ROAD_LIST_MIN_KM = 30.0  # a place listed along a road, located by its nearest listed neighbour
NAMED_AFTER_KM = 10.0  # "مرفأ بيروت": somewhere in or by the place it is named after
INSIDE_MIN_KM = 2.0
DOCUMENT_MIN_KM = 25.0  # no container in the sentence: the text's only town, known far more loosely
SETTLEMENT_TYPES = {"city", "town", "village", "neighbourhood"}
PRECISE_KM, NEAR_KM = 10.0, 50.0  # fallback radius up to which a linked location counts as exact / near
COUNTRYSIDE_KM = 40.0  # "قرية X في ريف Y": somewhere in Y's countryside
LOOSE_BASES = {"document", "countryside"}  # fallbacks that only say "in that region"


@dataclass
class CueMention(Mention):
    """A place named after a cue word but missing from the gazetteer; located, if at all, by its container."""

    cue: str = ""
    inner: object = None  # a resolved mention inside the name (مرفأ بيروت), absorbed into it
    siblings: list = field(default_factory=list)  # the other places of one road list
    fallback: dict = None  # {"lat", "lon", "uncertainty_km", "name", "basis", "place_id"}


def _tokens(norm_text, spotted):
    """(word, start, end, spotted mention overlapping it or None) for every word of the text."""
    starts, ends, words = word_table(norm_text)
    hits = {}
    for mention in spotted:
        k = max(0, bisect.bisect_right(starts, mention.nstart) - 1)
        while k < len(starts) and starts[k] < mention.nend:
            if ends[k] > mention.nstart:
                hits[k] = mention
            k += 1
    return list(zip(words, starts, ends, map(hits.get, range(len(words)))))


def _gap(norm, original, a_end, b_start):
    """The original text between two normalised positions."""
    return original[norm.offsets[a_end - 1] + 1:norm.offsets[b_start]]


def _breaks(gap, allow_hash):
    """Punctuation between two tokens ends a name; '#' only when a name has begun."""
    rest = gap.replace("_", "").replace("#", "" if allow_hash else "#")
    return any(not ch.isspace() and not _is_mark(ch) for ch in rest)


def _is_mark(ch):
    return "\u064b" <= ch <= "\u065f" or ch in "\u0670\u0640"


def _cue_of_original(token, original, start, end):
    """The cue of a token, unless its original spelling `original[start:end]` shows another word (وأدى "and it
    led" is not وادي)."""
    cue = _cue_of(token)
    if cue[0] == "وادي" and original.startswith(("وأ", "وإ"), start, end):
        return None, False, 0
    return cue


def _unprefixed(token):
    """`token`, then without one and two proclitics: "وبلدة" is و + بلدة, which stripping both letters
    would lose (بلدة itself begins with a proclitic letter)."""
    forms = [token]
    while len(forms) < 3 and strip_proclitics(forms[-1]) != forms[-1]:
        forms.append(forms[-1][1:])  # strip_proclitics removes one letter per step
    return forms


@lru_cache(maxsize=1 << 16)  # called for every word of every article; words repeat
def _cue_of(token):
    """(cue key, definite, proclitic length) if `token` is a cue word, proclitics and the article allowed."""
    for candidate in _unprefixed(token):
        skip = len(token) - len(candidate)
        if candidate in CUES:
            return candidate, False, skip
        if candidate in DEFINITE_CUES:
            return candidate[2:], True, skip
        if candidate.startswith("لل") and "ال" + candidate[2:] in DEFINITE_CUES:
            return candidate[2:], True, skip + 1
    return None, False, 0


MEMO_WORDS = 100_000  # distinct words whose cue test is kept (a bound for long-running servers)
_IS_CUE = {}


def _is_cue(token):
    return _cue_of(token)[0] is not None


def _fits_cue(mention, cue):
    """Whether the gazetteer knows the thing itself: a candidate of the cue's feature type."""
    wanted = TRIGGER_TYPES.get(cue, set())
    return any(p.feature_type in wanted for p, _ in mention.candidates)


def _is_name_token(token, position, cue, definite_cue, previous=""):
    """Whether `token` can be word `position` of a name after `cue` (and after the name's `previous` word)."""
    if token in FUNCTION_WORDS or strip_proclitics(token) in FUNCTION_WORDS or token[0].isdigit():
        return False
    if token.startswith(("بال", "لل", "كال")):  # a preposition and the article: a new phrase begins
        return False
    if position == 0 and token in GOD:  # "بركة الله" is God's blessing; "جامع عبد الله" still reads on
        return False
    if position == 0 and definite_cue:
        nisba = token.endswith(("يه", "ي"))
        return token.startswith("ال") and token not in DESCRIPTIVE and (nisba or cue in ANY_ADJECTIVE_CUES)
    if position == 0:
        # An indefinite feminine nisba after a cue describes it (منطقة سكنية، منطقة سهلية).
        return not (token.endswith("يه") and not token.startswith("ال") and len(token) > 4)
    return (token.startswith("ال") and token not in DESCRIPTIVE) or previous in GENERIC_HEADS


def _is_inner_head(name):
    """Whether a name read so far is one word heading a known place: "طريق جسر البحر الميت" is the road of
    the bridge named after the Dead Sea, not a road called "جسر" beside it."""
    return len(name) == 1 and name[0][3] is None and (
        _cue_of(name[0][0])[0] in LOCATED_BY_NAME or name[0][0] in GENERIC_HEADS)


def _read_name(norm, original, tokens, j, cue, definite):
    """(name tokens, absorbed inner mention, next index) of the name starting at token j."""
    name, inner = [], None
    while j < len(tokens) and len(name) < MAX_NAME_TOKENS:
        tok, s, e, hit = tokens[j]
        if j > 0 and _breaks(_gap(norm, original, tokens[j - 1][2], s), allow_hash=not name and not definite):
            break
        if hit is not None:
            if (name and not _is_inner_head(name)) or cue in SETTLEMENT_CUES or _fits_cue(hit, cue):
                break  # "مستشفى الروم في بيروت" ends before بيروت; "بلدة X" and "مطار X" (known) are X
            inner = hit
            name.append((tok, s, hit.nend, hit))
            j = next((k for k in range(j, len(tokens)) if tokens[k][1] >= hit.nend), len(tokens))
            continue
        if not _is_name_token(tok, len(name), cue, definite, name[-1][0] if name else ""):
            break
        name.append((tok, s, e, None))
        j += 1
    return name, inner, j


def _second_of_pair(tokens, j):
    """Tokens from the second name of "بلدتي X وY" / "بلدتي X و Y", the conjunction removed, or None."""
    if j >= len(tokens):
        return None
    tok, s, e, hit = tokens[j]
    if tok == "و" and j + 1 < len(tokens):
        return tokens[j + 1:]
    if tok.startswith("و") and len(tok) > 3:
        return [(tok[1:], s + 1, e, hit)] + tokens[j + 1:]
    return None


def _is_name(name, inner):
    return bool(name) and not (len(name) == 1 and inner is None and name[0][0] in COMMON_WORDS)


def find_cue_mentions(norm, original, spotted):
    """Cue + name spans not already spotted as a whole; returns (new mentions, spotted mentions absorbed)."""
    tokens = _tokens(norm.text, spotted)
    out, absorbed = [], set()
    is_cue = memo_map(_IS_CUE, word_table(norm.text)[2], _is_cue, MEMO_WORDS)  # the words of `tokens`
    cue_words = list(compress(range(len(is_cue)), is_cue))  # the only places to stop
    i = 0
    while True:
        k = bisect.bisect_left(cue_words, i)
        if k == len(cue_words):
            break
        i = cue_words[k]
        token, cs, ce, whole = tokens[i]
        cue, definite, skip = _cue_of_original(token, original, norm.offsets[cs], norm.offsets[ce - 1] + 1)
        if cue is None or (whole is not None and whole.nend > ce) or i + 1 >= len(tokens):
            i += 1
            continue
        name, inner, j = _read_name(norm, original, tokens, i + 1, cue, definite)
        found = []
        if _is_name(name, inner) and not (inner is not None and cue == "طريق" and len(name) == 1):
            # "طريق معان" and "طريق X-Y" are left to the road grammar. A settlement's name is the name alone
            # ("بلدة X" is X, as when X is known, and the cue stays outside for the curator); a facility keeps its head.
            settlement = cue in SETTLEMENT_CUES
            found.append((name[0][1] if settlement else cs + skip, name, inner, "" if settlement else token[:skip]))
        if cue in DUAL_CUES:
            known = tokens[j][3] if not name and j < len(tokens) else None
            if known is not None:  # "بلدتي X وY" with X known: look past it
                j = next((k for k in range(j, len(tokens)) if tokens[k][1] >= known.nend), len(tokens))
            rest = _second_of_pair(tokens, j)
            if rest:
                name2, inner2, _ = _read_name(norm, original, rest, 0, cue, definite)
                if _is_name(name2, inner2) and inner2 is None:
                    found.append((name2[0][1], name2, None, ""))
        siblings = []
        if cue in ROAD_CUES:
            j = _road_list(norm, original, tokens, j, found, siblings)
        made = []
        for nstart, words, inside, prefix in found:
            nend = words[-1][2]
            start, end = original_span(norm, original, nstart, nend)
            made.append(CueMention(start, end, nstart, nend, original[start:end], norm.text[nstart:nend], prefix, [],
                                   cue=cue, inner=inside))
            absorbed.update(id(w[3]) for w in words if w[3] is not None and nstart <= w[3].nstart
                            and w[3].nend <= nend)
        for m in made:
            m.siblings = [x for x in made + siblings if x is not m]
        out.extend(made)
        i = max(j, i + 1)
    return out, absorbed


def _road_list(norm, original, tokens, j, found, siblings):
    """The places a road is listed through ("طريق وادي عربة-غرندل-القويرة"): unknown ones join `found`,
    known ones `siblings`; returns the index after the list."""
    while j < len(tokens) and _gap(norm, original, tokens[j - 1][2], tokens[j][1]).strip() in HYPHENS:
        if _cue_of(tokens[j][0])[0] in ROAD_CUES:
            break  # "طريق X - طريق Y": a second road, not a place along the first
        known = tokens[j][3]
        if known is not None:
            siblings.append(known)
            j = next((k for k in range(j, len(tokens)) if tokens[k][1] >= known.nend), len(tokens))
            continue
        words = []
        while j < len(tokens) and len(words) < 2 and _is_name_token(tokens[j][0], len(words), None, False,
                                                                     words[-1][0] if words else ""):
            if words and _breaks(_gap(norm, original, tokens[j - 1][2], tokens[j][1]), allow_hash=False):
                break
            words.append(tokens[j])
            j += 1
        if not words:
            break
        found.append((words[0][1], words, None, ""))
    return j


def attach_containers(cue_mentions, mentions, norm):
    """Link each cue mention to the place it sits in ("… في بيروت") and derive its fallback point: the
    place it is named after, else its container, else the one town the whole text names."""
    resolved = sorted((m for m in mentions if m.place is not None and m.role == "literal"
                       and not isinstance(m, CueMention)), key=lambda m: m.nstart)
    town = document_settlement(resolved)
    starts = [m.nstart for m in resolved]
    for cm in cue_mentions:
        if cm.inner is not None and cm.inner.place is not None and cm.cue in LOCATED_BY_NAME:
            cm.fallback = _fallback(cm.inner.place, "named_after", NAMED_AFTER_KM)
            continue
        k = bisect.bisect_left(starts, cm.nend)
        after = resolved[k] if k < len(resolved) else None
        gap = norm.text[cm.nend:after.nstart].split() if after is not None else None
        words = {w for t in gap or () for w in (t, strip_proclitics(t))}
        if after is not None and ((gap and all(t in CONTAINER_WORDS or strip_proclitics(t) in CONTAINER_WORDS
                                               or strip_proclitics(t) in COUNTRYSIDE_WORDS for t in gap))
                                  or (not gap and "ب" in after.prefix)):
            cm.container = after
            if words & COUNTRYSIDE_WORDS:
                cm.fallback = _fallback(after.place, "countryside", COUNTRYSIDE_KM)
            else:
                cm.fallback = _fallback(after.place, "container", INSIDE_MIN_KM)
        elif any(x.place is not None for x in cm.siblings):
            near = min((x for x in cm.siblings if x.place is not None), key=lambda x: abs(x.nstart - cm.nstart))
            cm.fallback = _fallback(near.place, "road_list", ROAD_LIST_MIN_KM)
        elif town is not None:
            cm.fallback = _fallback(town, "document", DOCUMENT_MIN_KM)


def document_settlement(resolved):
    """The one settlement a text names (however often), or None when it names none or several."""
    towns = {m.place.id: m.place for m in resolved if m.place.feature_type in SETTLEMENT_TYPES}
    return next(iter(towns.values())) if len(towns) == 1 else None


def _fallback(place, basis, minimum_km):
    """The container's point with an honest radius: its own extent, at least `minimum_km`."""
    radius = place.uncertainty_km
    if place.geometry.get("type") != "Point":
        radius = max(radius, extent_km(parse_geojson(place.geometry)))
    return {"lat": round(place.lat, 5), "lon": round(place.lon, 5), "uncertainty_km": round(max(radius, minimum_km), 1),
            "name": place.name_ar, "basis": basis, "place_id": place.id}


def fallback_locations(cue_mentions):
    """Locations for incident linking from cue mentions that have a fallback: the unknown facility at its
    container's point, as precise as the fallback's radius allows."""
    out = []
    for cm in cue_mentions:
        fb = cm.fallback
        if fb is None or cm.role != "literal":
            continue
        radius = fb["uncertainty_km"]
        if fb["basis"] in LOOSE_BASES:
            precision = 3
        else:
            precision = 1 if radius <= PRECISE_KM else 2 if radius <= NEAR_KM else 3
        out.append(DerivedLocation(start=cm.start, end=cm.end, name=cm.surface,
                                   geometry={"type": "Point", "coordinates": [fb["lon"], fb["lat"]]},
                                   lat=fb["lat"], lon=fb["lon"], uncertainty_km=radius, precision=precision,
                                   members=[], kind="fallback:" + fb["basis"]))
    return out
