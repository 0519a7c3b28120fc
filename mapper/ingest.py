"""Store articles with their toponyms and incidents; idempotent by content hash, re-parsable after curation."""
import hashlib

from django.db import transaction
from django.utils import timezone

from gazetteer.core.geometry import parse_geojson, summarize
from gazetteer.core.normalize import normalize_key
from gazetteer.store import get_gazetteer

from .extraction.pipeline import geoparse
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


@transaction.atomic
def store_parse(article, result):
    """Replace an article's toponyms and incidents with a geoparse result."""
    article.toponyms.all().delete()
    article.incidents.all().delete()
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
            historical=inc["historical"], fatalities=inc["fatalities"]))
    Incident.objects.bulk_create(incidents)
    article.parsed_at = timezone.now()
    article.save(update_fields=["parsed_at"])


def ingest_text(text, published=None, source="", url="", title=""):
    """(article, created): parse and store `text` unless an article with the same content exists."""
    digest = content_hash(text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    result = geoparse(text, get_gazetteer(), published=published, outlet=source)
    with transaction.atomic():
        article = Article.objects.create(title=title or title_of(text), text=text, published=published,
                                         source=source, url=url, content_hash=digest)
        store_parse(article, result)
    return article, True


def reparse(articles):
    """Parse stored articles again with the current gazetteer (after a curator's fix)."""
    gazetteer = get_gazetteer()
    count = 0
    for article in articles:
        store_parse(article, geoparse(article.text, gazetteer, published=article.published,
                                      outlet=article.source))
        count += 1
    return count
