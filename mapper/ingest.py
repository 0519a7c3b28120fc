"""Store articles with their toponyms and incidents; idempotent by content hash, re-parsable after curation;
one event reported by several articles is one canonical incident with the others merged into it."""
import datetime as dt
import hashlib
import math

from django.db import transaction
from django.utils import timezone

from gazetteer.core.geometry import GeometryError, parse_geojson, summarize, to_metric
from gazetteer.core.normalize import normalize_key
from gazetteer.store import get_gazetteer

from .actor_store import get_actor_lexicon
from .extraction.pipeline import geoparse
from .incident_fields import fill_derived_fields
from .models import Article, Incident, Toponym


def content_hash(text):
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def title_of(text):
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:300]


def toponym_row(article, t):
    """An unsaved Toponym from a contract toponym dict; `place` stays None for an unresolved name."""
    place = t.get("place")
    return Toponym(article=article, start=t["start"], end=t["end"], surface=t["surface"][:300],
                   key=(t.get("key") or normalize_key(t["surface"]))[:300], role=t["role"],
                   place_id=place["id"] if place and isinstance(place.get("id"), int) else None,
                   score=t.get("score") or 0.0, ambiguous=bool(t.get("ambiguous")))


DUPLICATE_KM = 10.0  # two reports of one event put it this close (or their lines/zones meet)
DAYS_BY_TIME_PRECISION = {1: 1, 2: 7, 3: 31}  # ±1 day, or the week/month the date is known to
KM_PER_DEGREE = 111.32


def _days(incident):
    return DAYS_BY_TIME_PRECISION.get(incident.time_precision, 1)


def _metric(incident):
    try:
        return to_metric(parse_geojson(incident.geometry))
    except (GeometryError, TypeError, ValueError):
        return None


def same_event(a, b, metric_a=None):
    """Two incidents of different articles report one event: same type, overlapping dates, ≤ 10 km apart."""
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type) or a.article_id == b.article_id:
        return False
    if a.date is None or b.date is None or abs((a.date - b.date).days) > max(_days(a), _days(b)):
        return False
    here, there = metric_a or _metric(a), _metric(b)
    return here is not None and there is not None and here.distance(there) <= DUPLICATE_KM * 1000


def duplicate_candidates(incident):
    """Canonical incidents of other articles that may report the same event (by date and padded bbox)."""
    if incident.date is None or incident.min_lon is None:
        return Incident.objects.none()
    days = dt.timedelta(days=max(DAYS_BY_TIME_PRECISION.values()))
    pad_lat = DUPLICATE_KM / KM_PER_DEGREE
    pad_lon = pad_lat / max(0.1, math.cos(math.radians((incident.min_lat + incident.max_lat) / 2)))
    return (Incident.objects.filter(merged_into__isnull=True, event_type=incident.event_type,
                                    sub_event_type=incident.sub_event_type,
                                    date__range=(incident.date - days, incident.date + days),
                                    max_lon__gte=incident.min_lon - pad_lon, min_lon__lte=incident.max_lon + pad_lon,
                                    max_lat__gte=incident.min_lat - pad_lat, min_lat__lte=incident.max_lat + pad_lat)
            .exclude(article_id=incident.article_id).exclude(pk=incident.pk).order_by("pk"))


def link_duplicates(incidents):
    """Merge each incident into the earliest canonical incident of another article reporting its event.
    Handled in id order, so the earliest report stays canonical and merges stay one level deep."""
    for incident in sorted(incidents, key=lambda i: i.pk):
        metric = _metric(incident) if incident.geometry else None
        earlier = (c for c in duplicate_candidates(incident) if c.pk < incident.pk)
        canonical = next((c for c in earlier if same_event(incident, c, metric)), None)
        if canonical is None:
            continue
        incident.merged_into = canonical
        incident.save(update_fields=["merged_into"])
        Incident.objects.filter(merged_into=incident).update(merged_into=canonical)


@transaction.atomic
def store_parse(article, result):
    """Replace an article's toponyms and incidents with a geoparse result, then merge its incidents
    with other articles' reports of the same events (reports merged into its old incidents are relinked)."""
    old = article.incidents.values_list("pk", flat=True)
    orphans = list(Incident.objects.filter(merged_into__in=list(old)).exclude(article=article))
    article.toponyms.all().delete()
    article.incidents.all().delete()
    for orphan in orphans:
        orphan.merged_into = None  # the delete set it to NULL in the database
    Toponym.objects.bulk_create([toponym_row(article, t) for t in result["toponyms"]])
    incidents = []
    for inc in result["incidents"]:
        loc = inc["location"] or {}
        bbox = summarize(parse_geojson(loc["geometry"])) if loc.get("geometry") else {}
        ev = inc["evidence"]
        incidents.append(Incident(
            article=article, event_type=inc["event_type"], sub_event_type=inc["sub_event_type"],
            actors=inc["actors"], date=inc["date"], time_precision=inc["time_precision"],
            location_name=loc.get("name", ""), geometry=loc.get("geometry"),
            lat=loc.get("lat"), lon=loc.get("lon"),
            min_lon=bbox.get("min_lon"), min_lat=bbox.get("min_lat"),
            max_lon=bbox.get("max_lon"), max_lat=bbox.get("max_lat"),
            precision=loc.get("precision", 3), uncertainty_km=loc.get("uncertainty_km", 0.0),
            place_id=loc.get("place_id") if isinstance(loc.get("place_id"), int) else None,
            evidence_start=ev["start"], evidence_end=ev["end"],
            evidence_text=article.text[ev["start"]:ev["end"]],
            attributed_to=inc["attributed_to"], certainty=inc["certainty"], alleged=inc["alleged"],
            historical=inc["historical"], fatalities=inc["fatalities"], outlet=article.source[:200]))
    Incident.objects.bulk_create(fill_derived_fields(incidents))
    link_duplicates(orphans + list(article.incidents.all()))  # from the database: typed dates, pks
    article.parsed_at = timezone.now()
    article.save(update_fields=["parsed_at"])


def ingest_text(text, published=None, source="", url="", title=""):
    """(article, created): parse and store `text` unless an article with the same content exists."""
    digest = content_hash(text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    result = geoparse(text, get_gazetteer(), published=published, outlet=source, actors=get_actor_lexicon())
    with transaction.atomic():
        article = Article.objects.create(title=title or title_of(text), text=text, published=published,
                                         source=source, url=url, content_hash=digest)
        store_parse(article, result)
    return article, True


def reparse(articles):
    """Parse stored articles again with the current gazetteer (after a curator's fix)."""
    gazetteer, lexicon = get_gazetteer(), get_actor_lexicon()
    count = 0
    for article in articles:
        store_parse(article, geoparse(article.text, gazetteer, published=article.published,
                                      outlet=article.source, actors=lexicon))
        count += 1
    return count
