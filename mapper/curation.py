"""The curator's queue of unresolved and ambiguous names, its three actions, and re-resolution of affected articles."""
import math
import re
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext

from gazetteer.core.geometry import haversine_km
from gazetteer.core.normalize import FOLD, INVISIBLE, TASHKEEL, TATWEEL, normalize, normalize_key
from gazetteer.core.spotter import LAM_LAM, PROCLITICS
from gazetteer.models import FEATURE_TYPES, Alias, Place, PlaceChange
from gazetteer.store import invalidate

from .ingest import reparse
from .models import Article, IgnoredName, Incident, Toponym

EXAMPLES_PER_NAME = 3
CONTEXT_CHARS = 90
CURATOR_SOURCE = "curator"
DEFAULT_FEATURE_TYPE = "village"
FEATURE_CODES = {code for code, _ in FEATURE_TYPES}
CONTEXT_RADIUS_KM = 60.0
SENTENCE_BOUNDARY = re.compile(r"[.!؟?\n]")
# A cue word before or at the head of an unknown name says what to create ("قرية الصالحية" is a village).
CUE_FEATURE = {normalize_key(word): kind for word, kind in {
    "قرية": "village", "قريتي": "village", "مزرعة": "village", "بلدة": "town", "بلدتي": "town",
    "مدينة": "city", "مدينتي": "city", "ضاحية": "neighbourhood", "حي": "neighbourhood", "مخيم": "camp",
    "مطار": "airport", "قاعدة": "base", "ثكنة": "base", "جبل": "mountain", "تلة": "mountain", "معبر": "crossing",
    "محطة": "station", "حقل": "facility", "سد": "facility", "مستشفى": "facility", "مشفى": "facility",
    "مرفأ": "facility", "ميناء": "facility", "جسر": "facility", "مصنع": "facility", "سجن": "facility",
    "مبنى": "facility", "مدرسة": "facility", "جامعة": "facility", "مسجد": "facility", "جامع": "facility",
    "كنيسة": "facility", "سوق": "facility", "فندق": "facility", "ملعب": "facility", "قلعة": "facility",
    "ناحية": "subdistrict", "منطقة": "zone", "نهر": "river", "طريق": "road", "أوتوستراد": "road", "شارع": "road",
    "ساحة": "other", "دوار": "other", "بحر": "other", "بحيرة": "other", "وادي": "other",
}.items()}
# Settlement cues are not part of the name: "قرية الصالحية" is the village الصالحية.
SETTLEMENT_CUES = {normalize_key(word) for word in (
    "قرية", "قريتي", "بلدة", "بلدتي", "مدينة", "مدينتي", "مزرعة", "ناحية", "ضاحية", "منطقة")}
PROCLITIC_LETTERS = "وفبلك"
# Characters normalisation deletes: they may sit between any two letters of a stored text.
DROPPED_CLASS = "[" + "".join(sorted(TASHKEEL | INVISIBLE | {TATWEEL})) + "]*"


class CurationError(ValueError):
    """A curator's input that cannot be applied (said in words the curator can act on)."""


@dataclass
class Example:
    """One sentence around a mention, in three pieces so the page can mark the name (each escaped)."""

    article_id: int
    title: str
    before: str
    mention: str
    after: str


@dataclass
class QueueEntry:
    """One name of the queue: how often it occurs, where, and (when ambiguous) what was chosen."""

    key: str
    surface: str
    count: int
    articles: int
    unresolved: int
    examples: list = field(default_factory=list)
    chosen: list = field(default_factory=list)  # [(Place, count)] for mentions resolved ambiguously
    name: str = ""  # suggested name for a new place
    feature_type: str = DEFAULT_FEATURE_TYPE
    in_queue: bool = True

    @property
    def ambiguous(self):
        return self.count > self.unresolved


@dataclass
class Outcome:
    """What a curation step did: the place touched and the effect of re-parsing."""

    place: object = None
    articles: int = 0
    moved: int = 0


def queue_toponyms():
    """Literal unresolved and all ambiguous mentions, without the names a curator ignored."""
    return (Toponym.objects.filter(Q(place__isnull=True, role="literal") | Q(ambiguous=True))
            .exclude(key="").exclude(key__in=IgnoredName.objects.values("key")))


def queue_groups(kind="", search=""):
    """Values queryset of {key, count, articles, unresolved}, most frequent first."""
    rows = queue_toponyms()
    if kind == "unresolved":
        rows = rows.filter(place__isnull=True)
    elif kind == "ambiguous":
        rows = rows.filter(ambiguous=True)
    if search.strip():
        rows = rows.filter(key__contains=normalize_key(search))
    return (rows.values("key")
            .annotate(count=Count("id"), articles=Count("article", distinct=True),
                      unresolved=Count("id", filter=Q(place__isnull=True)))
            .order_by("-count", "key"))


def example_cut(text, start, end, width=CONTEXT_CHARS):
    """(before, mention, after): the sentence around text[start:end], cut at `width` characters a side."""
    low = max(0, start - width)
    before = text[low:start]
    boundaries = list(SENTENCE_BOUNDARY.finditer(before))
    if boundaries:
        before = before[boundaries[-1].end():]
    elif low > 0:
        before = "… " + before.split(" ", 1)[-1]
    after = text[end:end + width]
    boundary = SENTENCE_BOUNDARY.search(after)
    if boundary:
        after = after[:boundary.end()]
    elif end + width < len(text):
        after = after.rsplit(" ", 1)[0] + " …"
    return before.lstrip(), text[start:end], after.rstrip()


def cue_of(word):
    """(cue key, definite) of a cue word, up to two proclitics peeled off one at a time ("وبلدة" is بلدة)
    and the article allowed ("البحر"), or ('', False)."""
    token = normalize_key(word)
    for _ in range(3):
        if token in CUE_FEATURE:
            return token, False
        if token.startswith("ال") and token[2:] in CUE_FEATURE:
            return token[2:], True
        if len(token) <= 3 or token[0] not in PROCLITIC_LETTERS:
            break
        token = token[1:]
    return "", False


def suggest_place(surface, before=""):
    """(name, feature type) for a new place: a leading settlement cue is dropped and gives the type
    ("قرية الصالحية"), other cues stay in the name ("مطار دمشق", "المدينة الصناعية"), else the cue word
    before the mention decides, else it is a village."""
    words = surface.split()
    cue, definite = cue_of(words[0]) if len(words) > 1 else ("", False)
    if cue and cue in SETTLEMENT_CUES and not definite:
        return " ".join(words[1:]), CUE_FEATURE[cue]
    if cue:
        return surface, "zone" if cue in SETTLEMENT_CUES else CUE_FEATURE[cue]
    previous = before.split()
    cue, _ = cue_of(previous[-1]) if previous else ("", False)
    return surface, CUE_FEATURE.get(cue, DEFAULT_FEATURE_TYPE)


def describe(group, rows=None):
    """A QueueEntry for one row of queue_groups(): representative surface, examples, chosen places."""
    rows = queue_toponyms().filter(key=group["key"]) if rows is None else rows
    surfaces = rows.values("surface").annotate(n=Count("id")).order_by("-n", "surface")
    surface = surfaces[0]["surface"] if surfaces else group["key"]
    entry = QueueEntry(group["key"], surface, group["count"], group["articles"], group["unresolved"])
    spans = {}  # the first mention in each of the newest articles
    for article_id, start, end in (rows.order_by("-article__published", "-article_id", "start")
                                   .values_list("article_id", "start", "end")[:100]):
        if len(spans) < EXAMPLES_PER_NAME:
            spans.setdefault(article_id, (start, end))
    articles = Article.objects.in_bulk(list(spans))
    for article_id, (start, end) in spans.items():
        article = articles.get(article_id)
        if article is not None and 0 <= start < end <= len(article.text):
            entry.examples.append(Example(article_id, str(article), *example_cut(article.text, start, end)))
    entry.name, entry.feature_type = suggest_place(surface, entry.examples[0].before if entry.examples else "")
    chosen = rows.filter(place__isnull=False).values("place").annotate(n=Count("id")).order_by("-n")
    places = Place.objects.in_bulk([c["place"] for c in chosen])
    entry.chosen = [(places[c["place"]], c["n"]) for c in chosen if c["place"] in places]
    return entry


def entry_for(key):
    """The QueueEntry of one key (also after it left the queue), or None when no mention has that key."""
    group = queue_groups().filter(key=key).order_by("key").first()
    if group is not None:
        return describe(group)
    group = (Toponym.objects.filter(key=key).values("key")
             .annotate(count=Count("id"), articles=Count("article", distinct=True),
                       unresolved=Count("id", filter=Q(place__isnull=True, role="literal"))).order_by("key").first())
    if group is None:
        return None
    entry = describe(group, Toponym.objects.filter(key=key))
    entry.in_queue = False
    return entry


def search_places(query, limit=20):
    """Places with an alias whose normalised key starts with (then contains) the query, with or without ال."""
    key = normalize_key(query or "")
    if not key:
        return []
    stems = {key, key[2:] if key.startswith("ال") and len(key) > 4 else "ال" + key}
    starts = Q()
    for stem in stems:
        starts |= Q(key__startswith=stem)
    found = []
    for condition in (starts, Q(key__contains=key)):
        ids = Alias.objects.filter(condition).values_list("place_id", flat=True).distinct()[:limit * 3]
        for place in Place.objects.filter(pk__in=list(ids)).order_by("-population", "name_ar"):
            if place not in found:
                found.append(place)
    return found[:limit]


def place_label(place):
    return str(place)[:300]


def clean_name(text, what=None):
    what = what or gettext("The name")
    text = (text or "").strip()
    if not text or not normalize_key(text):
        raise CurationError(gettext("%(what)s is empty.") % {"what": what})
    if len(text) > 200:
        raise CurationError(gettext("%(what)s is longer than 200 characters.") % {"what": what})
    return text


def add_alias(key, surface, place, user):
    """Action (a): make `surface` an alias of an existing place, then re-resolve the affected articles."""
    surface = clean_name(surface)
    with transaction.atomic():
        _, created = Alias.objects.get_or_create(place=place, text=surface,
                                                 defaults={"kind": "alias", "language": "ar"})
        if created:
            PlaceChange.objects.create(place=place, place_label=place_label(place), user=user, action="alias",
                                       changes={"aliases": [None, surface], "from_queue": [None, key]})
    outcome = reresolve_for_names(key, [surface])
    outcome.place = place
    return outcome


def surroundings(lat, lon):
    """(country, governorate) of the nearest known place within CONTEXT_RADIUS_KM, or ('', '')."""
    span = CONTEXT_RADIUS_KM / 111.0
    nearby = (Place.objects.filter(lat__range=(lat - span, lat + span), lon__range=(lon - span * 1.5, lon + span * 1.5))
              .exclude(country="").only("lat", "lon", "country", "governorate"))
    best = min(nearby, key=lambda p: haversine_km(lat, lon, p.lat, p.lon), default=None)
    if best is None or haversine_km(lat, lon, best.lat, best.lon) > CONTEXT_RADIUS_KM:
        return "", ""
    return best.country, best.governorate


def check_point(lat, lon):
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise CurationError(gettext("The latitude and the longitude must be numbers.")) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise CurationError(gettext("The coordinates are out of range: the latitude lies between -90 and 90, "
                               "the longitude between -180 and 180."))
    return lat, lon


def create_place(key, surface, name_ar, feature_type, lat, lon, user, name_en="", country="", governorate=""):
    """Action (b): add a point place named `name_ar` (with `surface` as an alias), then re-resolve."""
    name_ar = clean_name(name_ar, gettext("The Arabic name"))
    surface = clean_name(surface or name_ar)
    name_en = (name_en or "").strip()[:200]
    if feature_type not in FEATURE_CODES:
        raise CurationError(gettext("Unknown place type: %(type)s") % {"type": feature_type})
    lat, lon = check_point(lat, lon)
    near_country, near_governorate = surroundings(lat, lon)
    country = (country or "").strip().upper()[:2] or near_country
    governorate = (governorate or "").strip()[:100] or near_governorate
    values = {"name_ar": name_ar, "name_en": name_en, "feature_type": feature_type, "lat": lat, "lon": lon,
              "country": country, "governorate": governorate}
    with transaction.atomic():
        place = Place.objects.create(
            **values, geometry={"type": "Point", "coordinates": [lon, lat]},
            min_lon=lon, min_lat=lat, max_lon=lon, max_lat=lat,
            source=CURATOR_SOURCE, external_id=uuid.uuid4().hex, notes=f"Added from the curation queue ({surface})")
        names = [(name_ar, "ar", "name"), (name_en, "en", "name"), (suggest_place(surface)[0], "ar", "alias")]
        seen = set()
        for text, language, kind in names:
            if text and normalize_key(text) not in seen:
                seen.add(normalize_key(text))
                Alias.objects.create(place=place, text=text, language=language, kind=kind)
        PlaceChange.objects.create(place=place, place_label=place_label(place), user=user, action="add",
                                   changes={**{name: [None, value] for name, value in values.items()},
                                            "from_queue": [None, key]})
    outcome = reresolve_for_names(key, [surface, name_ar])
    outcome.place = place
    return outcome


def ignore(key, surface, user):
    """Action (c): hide a name from the queue for good; True when it was not ignored before."""
    _, created = IgnoredName.objects.get_or_create(key=key[:300], defaults={"surface": surface[:300], "user": user})
    return created


def name_pattern(keys):
    """A regular expression (Python and PostgreSQL) that finds any original spelling of normalised keys."""
    variants = {}
    for original, folded in FOLD.items():
        variants.setdefault(folded, set()).add(original)
    alternatives = []
    for key in sorted(keys):
        pieces = []
        for ch in key:
            if ch == " ":
                pieces.append(r"\W+")
                continue
            spellings = {ch, ch.upper()} | variants.get(ch, set())
            if all(s.isalnum() for s in spellings):
                pieces.append("[" + "".join(sorted(spellings)) + "]" if len(spellings) > 1 else ch)
            else:
                pieces.append(re.escape(ch))
        alternatives.append(DROPPED_CLASS.join(pieces))
    return "|".join(f"({a})" for a in alternatives)


def mentions_key(normalized_text, key):
    """Whether `key` occurs in normalised text as a whole word, allowing the proclitics the spotter allows."""
    start = normalized_text.find(key)
    while start != -1:
        end = start + len(key)
        token_start = normalized_text.rfind(" ", 0, start) + 1
        prefix = normalized_text[token_start:start]
        if (end == len(normalized_text) or not normalized_text[end].isalnum()) \
                and (prefix in PROCLITICS or prefix in LAM_LAM):
            return True
        start = normalized_text.find(key, start + 1)
    return False


def articles_mentioning(names):
    """Ids of articles whose text contains one of `names` after normalisation."""
    keys = {normalize_key(name) for name in names} - {""}
    if not keys:
        return set()
    found = set()
    for article in Article.objects.filter(text__regex=name_pattern(keys)).only("id", "text").iterator():
        normalized = normalize(article.text).text
        if any(mentions_key(normalized, key) for key in keys):
            found.add(article.pk)
    return found


def positions(article_ids):
    """{(article, event type, evidence start): (lat, lon)} of the incidents of some articles."""
    return {(i["article_id"], i["event_type"], i["evidence_start"]):
            (round(i["lat"], 5) if i["lat"] is not None else None, round(i["lon"], 5) if i["lon"] is not None else None)
            for i in Incident.objects.filter(article_id__in=article_ids)
            .values("article_id", "event_type", "evidence_start", "lat", "lon")}


def reresolve(article_ids):
    """Outcome of parsing some articles again: how many were parsed and how many incidents moved."""
    article_ids = sorted(set(article_ids))
    # A request that rebuilt the index between the curator's save and its commit cached the old gazetteer.
    invalidate()
    before = positions(article_ids)
    count = reparse(Article.objects.filter(pk__in=article_ids).order_by("pk"))
    after = positions(article_ids)
    moved = sum(1 for where, point in after.items() if point != (None, None) and before.get(where) != point)
    return Outcome(articles=count, moved=moved)


def reresolve_for_names(key, names):
    """Re-parse the articles with a mention of `key` or whose text contains one of `names`."""
    ids = set(Toponym.objects.filter(key=key).values_list("article_id", flat=True)) if key else set()
    return reresolve(ids | articles_mentioning(names))


def reresolve_for_place(place):
    """Re-parse every article that mentions a place by any of its names or was linked to it."""
    names = [text for text in place.aliases.values_list("text", flat=True)] + [place.name_ar, place.name_en]
    keys = {normalize_key(name) for name in names if name} - {""}
    ids = set(Toponym.objects.filter(Q(key__in=keys) | Q(place=place)).values_list("article_id", flat=True))
    ids |= set(Incident.objects.filter(place=place).values_list("article_id", flat=True))
    outcome = reresolve(ids | articles_mentioning(names))
    outcome.place = place
    return outcome


def outcome_message(outcome):
    """The curator's summary of an Outcome, in the active language."""
    reparsed = ngettext("Re-parsed %(count)s article", "Re-parsed %(count)s articles",
                        outcome.articles) % {"count": outcome.articles}
    moved = ngettext("%(count)s incident moved", "%(count)s incidents moved", outcome.moved) % {"count": outcome.moved}
    return gettext("%(reparsed)s; %(moved)s.") % {"reparsed": reparsed, "moved": moved}
