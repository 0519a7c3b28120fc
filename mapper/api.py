"""Read-only JSON API: incidents as a GeoJSON FeatureCollection with validated filters; an event reported
by several articles is one feature with its `sources`."""
import math

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .models import Incident

# ACLED event types and the colour each one is drawn in (maps, legend, popups).
EVENT_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#e6ab02",
    "Strategic developments": "#1f77b4",
}
DEFAULT_COLOR = "#7f7f7f"

# Arabic labels for the legend; the API keeps the ACLED English names.
EVENT_LABELS_AR = {
    "Battles": "معارك",
    "Explosions/Remote violence": "انفجارات / عنف عن بعد",
    "Violence against civilians": "عنف ضد المدنيين",
    "Protests": "احتجاجات",
    "Riots": "أعمال شغب",
    "Strategic developments": "تطورات استراتيجية",
}

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
MAX_TYPE_LENGTH = 60


class BadQuery(ValueError):
    """A query parameter that cannot be used; its message is shown to the client."""


def event_color(event_type):
    """The display colour of an ACLED event type (grey when unknown)."""
    return EVENT_COLORS.get(event_type, DEFAULT_COLOR)


def parse_article(value):
    """A positive article id from a query string value."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18 or int(value) < 1:
        raise BadQuery("article must be a positive integer id")
    return int(value)


def parse_type(value):
    """An event type filter: a non-empty string of at most 60 characters."""
    value = value.strip()
    if not value or len(value) > MAX_TYPE_LENGTH:
        raise BadQuery(f"type must be a non-empty event type of at most {MAX_TYPE_LENGTH} characters")
    return value


def parse_bbox(value):
    """(min_lon, min_lat, max_lon, max_lat) from 'minlon,minlat,maxlon,maxlat'."""
    parts = value.split(",")
    message = "bbox must be minlon,minlat,maxlon,maxlat in degrees with min <= max"
    if len(parts) != 4:
        raise BadQuery(message)
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise BadQuery(message) from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise BadQuery(message)
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise BadQuery(message)
    return min_lon, min_lat, max_lon, max_lat


def filtered_incidents(params):
    """Incidents with a geometry, narrowed by the article/type/bbox query parameters: canonical incidents
    only, except that an article's own incidents are all listed when filtering by article."""
    qs = (Incident.objects.exclude(geometry__isnull=True)
          .select_related("article", "merged_into__article")
          .prefetch_related("duplicates__article", "merged_into__duplicates__article"))
    if "article" in params:
        qs = qs.filter(article_id=parse_article(params["article"]))
    else:
        qs = qs.filter(merged_into__isnull=True)
    if "type" in params:
        qs = qs.filter(event_type=parse_type(params["type"]))
    if "bbox" in params:
        min_lon, min_lat, max_lon, max_lat = parse_bbox(params["bbox"])
        qs = qs.filter(max_lon__gte=min_lon, min_lon__lte=max_lon,
                       max_lat__gte=min_lat, min_lat__lte=max_lat)
    return qs


def valid_geometry(geometry):
    """True for a GeoJSON geometry object Leaflet can draw."""
    return (isinstance(geometry, dict) and geometry.get("type") in GEOMETRY_TYPES
            and isinstance(geometry.get("coordinates"), list))


def actor_list(actors):
    """The stored actors as a list of {name, role} dicts."""
    out = []
    for actor in actors if isinstance(actors, list) else []:
        if isinstance(actor, dict):
            out.append({"name": str(actor.get("name", "")), "role": str(actor.get("role", ""))})
        elif isinstance(actor, str):
            out.append({"name": actor, "role": ""})
    return out


def source_list(incident):
    """The articles reporting an incident's event: its canonical incident's and every merged duplicate's."""
    canonical = incident.merged_into or incident
    reports = [canonical] + sorted(canonical.duplicates.all(), key=lambda i: i.pk)
    out, seen = [], set()
    for report in reports:
        article = report.article
        if article.pk in seen:
            continue
        seen.add(article.pk)
        out.append({"article_id": article.pk, "title": article.title, "outlet": article.source,
                    "url": article.url, "article_url": reverse("article_detail", args=[article.pk])})
    return out


def incident_feature(incident):
    """One GeoJSON Feature for an incident."""
    article = incident.article
    return {
        "type": "Feature",
        "id": incident.pk,
        "geometry": incident.geometry,
        "properties": {
            "id": incident.pk,
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            "actors": actor_list(incident.actors),
            "date": incident.date.isoformat() if incident.date else None,
            "time_precision": incident.time_precision,
            "location_name": incident.location_name,
            "precision": incident.precision,
            "uncertainty_km": incident.uncertainty_km,
            "evidence": incident.evidence_text,
            "attributed_to": incident.attributed_to,
            "certainty": incident.certainty,
            "alleged": incident.alleged,
            "historical": incident.historical,
            "fatalities": incident.fatalities,
            "article_id": article.pk,
            "article_url": reverse("article_detail", args=[article.pk]),
            "article_title": article.title,
            "color": event_color(incident.event_type),
            "merged_into": incident.merged_into_id,
            "sources": source_list(incident),
        },
    }


@require_safe
def incidents_geojson(request):
    """GET /api/incidents.geojson[?article=&type=&bbox=] → FeatureCollection; 400 on bad params."""
    try:
        incidents = filtered_incidents(request.GET)
        features = [incident_feature(i) for i in incidents if valid_geometry(i.geometry)]
    except BadQuery as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    response = JsonResponse({"type": "FeatureCollection", "features": features},
                            json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    return response
