"""JSON API of the gazetteer's places (map layers, one place) and of the ingested articles."""
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from gazetteer.core.geometry import GeometryError, parse_geojson
from gazetteer.models import Alias, Place

from .api import GEOJSON, api_view, features_of, json_response, page_url
from .filters import (FILTER_PARAMS, OFFSET, BadQuery, ParamSpec, parse_choice, parse_int_range, parse_text,
                      read_param)
from .incident_fields import search_key
from .models import Article, Incident

LAYERS = {
    "boundaries": ("governorate",),
    "zones": ("zone", "region"),
    "roads": ("road", "border"),
}
POLYGONS = ("Polygon", "MultiPolygon")
SIMPLIFY_DEGREES = 0.005
DEFAULT_PLACE_LIMIT = 500
FEATURE_TYPES = tuple(value for value, _ in Place._meta.get_field("feature_type").choices)
BBOX = next(spec for spec in FILTER_PARAMS if spec.name == "bbox")

LAYER = ParamSpec("layer", parse_choice("layer", tuple(LAYERS)),
                  "A map layer: boundaries (governorates), zones (zones and regions) or roads (roads and borders).",
                  {"type": "string", "enum": list(LAYERS)})
FEATURE_TYPE = ParamSpec("feature_type", parse_choice("feature_type", FEATURE_TYPES),
                         "Places of this gazetteer feature type.", {"type": "string", "enum": list(FEATURE_TYPES)})
PLACE_Q = ParamSpec("q", parse_text("q", 200), "A place name in any spelling (matched on alias keys).",
                    {"type": "string", "maxLength": 200}, blank_is_absent=True)
PLACE_LIMIT = ParamSpec("limit", parse_int_range("limit", 1, 5000), "Page size (default 500, at most 5000).",
                        {"type": "integer", "minimum": 1, "maximum": 5000, "default": DEFAULT_PLACE_LIMIT})
PLACE_PARAMS = (LAYER, FEATURE_TYPE, PLACE_Q, BBOX, PLACE_LIMIT, OFFSET)
ARTICLE_PARAMS = (PLACE_LIMIT, OFFSET)


def layer_geometry(geometry, simplify):
    """The place geometry for a map layer: polygons simplified (topology kept) when asked."""
    if not simplify or not isinstance(geometry, dict) or geometry.get("type") not in POLYGONS:
        return geometry
    try:
        shape = parse_geojson(geometry)
    except (GeometryError, TypeError, ValueError):
        return geometry
    return shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True).__geo_interface__


def place_path(pk):
    """The place page's path (/places/<id>/)."""
    try:
        return reverse("place_detail", args=[pk])
    except NoReverseMatch:  # the place pages are not routed
        return f"/places/{pk}/"


def place_feature(place, simplify=False):
    """A GeoJSON Feature for one place, linking to its page."""
    return {
        "type": "Feature",
        "id": place.pk,
        "geometry": layer_geometry(place.geometry, simplify),
        "properties": {
            "id": place.pk, "name_ar": place.name_ar, "name_en": place.name_en,
            "feature_type": place.feature_type, "governorate": place.governorate, "country": place.country,
            "url": place_path(place.pk),
        },
    }


def filtered_places(params):
    """Places narrowed by layer, feature_type, any-spelling name and bbox."""
    qs = Place.objects.all()
    layer = read_param(params, LAYER)
    if layer:
        qs = qs.filter(feature_type__in=LAYERS[layer])
    feature_type = read_param(params, FEATURE_TYPE)
    if feature_type:
        qs = qs.filter(feature_type=feature_type)
    text = read_param(params, PLACE_Q)
    if text:
        key = search_key(text)
        if not key:
            raise BadQuery("q has no letters to search for")
        qs = qs.filter(pk__in=Alias.objects.filter(key__contains=key).values("place_id"))
    bbox = read_param(params, BBOX)
    if bbox:
        qs = qs.filter(max_lon__gte=bbox[0], min_lon__lte=bbox[2], max_lat__gte=bbox[1], min_lat__lte=bbox[3])
    return qs.order_by("feature_type", "name_ar", "id"), bool(layer)


@api_view
def places_geojson(request):
    """GET /api/places.geojson?layer=|feature_type=&q=&bbox=&limit=&offset= → places as GeoJSON."""
    qs, simplify = filtered_places(request.GET)
    limit = read_param(request.GET, PLACE_LIMIT, DEFAULT_PLACE_LIMIT)
    offset = read_param(request.GET, OFFSET, 0)
    total = qs.count()
    places = qs.only("id", "name_ar", "name_en", "feature_type", "governorate", "country", "geometry")
    return json_response({
        "type": "FeatureCollection", "total": total, "limit": limit, "offset": offset,
        "next": page_url(request, offset + limit) if offset + limit < total else None,
        "features": [place_feature(p, simplify) for p in places[offset:offset + limit]],
    }, content_type=GEOJSON)


def hierarchy(place):
    """[{level, name, id}] from the country down to the place's sub-district; id when that unit is a place."""
    levels = [("country", place.country), ("governorate", place.governorate), ("district", place.district),
              ("subdistrict", place.subdistrict)]
    names = [name for level, name in levels[1:] if name]
    units = {}
    for pk, feature_type, name_en, name_ar in (Place.objects.filter(
            feature_type__in=("governorate", "district", "subdistrict"))
            .filter(Q(name_en__in=names) | Q(name_ar__in=names)).exclude(pk=place.pk)
            .values_list("id", "feature_type", "name_en", "name_ar").order_by("id")):
        units.setdefault((feature_type, name_en), pk)
        units.setdefault((feature_type, name_ar), pk)
    return [{"level": level, "name": name, "id": units.get((level, name))} for level, name in levels if name]


@api_view
def place_json(request, pk):
    """GET /api/places/<id>.json → one place with its aliases, hierarchy, geometry and incident count."""
    place = get_object_or_404(Place, pk=pk)
    feature = place_feature(place)
    feature["properties"].update({
        "aliases": [{"text": a.text, "kind": a.kind, "language": a.language}
                    for a in place.aliases.order_by("kind", "text")],
        "hierarchy": hierarchy(place),
        "bbox": [place.min_lon, place.min_lat, place.max_lon, place.max_lat],
        "point": [place.lon, place.lat],
        "population": place.population, "pcode": place.pcode, "source": place.source,
        "uncertainty_km": place.uncertainty_km,
        "incidents_url": reverse("incidents_geojson") + f"?place={place.pk}",
    })
    return json_response(feature, content_type=GEOJSON)


def article_summary(article):
    """The list entry of one article."""
    return {"id": article.pk, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "outlet": article.source, "url": article.url, "incident_count": article.incident_count,
            "article_url": reverse("article_detail", args=[article.pk])}


@api_view
def articles_json(request):
    """GET /api/articles.json?limit=&offset= → the newest articles first, with their incident counts."""
    limit = read_param(request.GET, PLACE_LIMIT, DEFAULT_PLACE_LIMIT)
    offset = read_param(request.GET, OFFSET, 0)
    total = Article.objects.count()
    articles = (Article.objects.defer("text").annotate(incident_count=Count("incidents"))
                .order_by("-published", "-id")[offset:offset + limit])
    return json_response({
        "total": total, "limit": limit, "offset": offset,
        "next": page_url(request, offset + limit) if offset + limit < total else None,
        "articles": [article_summary(a) for a in articles],
    })


@api_view
def article_json(request, pk):
    """GET /api/articles/<id>.json → one article with its text, toponyms and incidents."""
    article = get_object_or_404(Article.objects.annotate(incident_count=Count("incidents")), pk=pk)
    data = article_summary(article)
    data["text"] = article.text
    data["toponyms"] = [
        {"start": t.start, "end": t.end, "surface": t.surface, "role": t.role, "score": t.score,
         "ambiguous": t.ambiguous, "place_id": t.place_id,
         "place_name": (t.place.name_en or t.place.name_ar) if t.place else None}
        for t in article.toponyms.select_related("place").order_by("start", "id")]
    data["incidents"] = features_of(Incident.objects.filter(article=article).order_by("evidence_start", "id"))
    return json_response(data)
