"""The OpenAPI 3.1 document of the API, generated from the parameter specs the validators use, and its docs page."""
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .api import json_response
from .api_places import ARTICLE_PARAMS, PLACE_PARAMS
from .filters import BUCKET, FACET_COUNTS, FILTER_PARAMS, LIMIT, OFFSET, ZOOM

PATH_ID = 987654321
ERROR = {"$ref": "#/components/responses/BadRequest"}
NOT_FOUND = {"description": "No such object."}


def parameter(spec, required=False):
    """An OpenAPI query parameter object for one ParamSpec (an exploded array when repeatable)."""
    schema = {"type": "array", "items": dict(spec.schema)} if spec.repeatable else dict(spec.schema)
    out = {"name": spec.name, "in": "query", "required": required, "description": spec.description,
           "schema": schema}
    if spec.repeatable:
        out.update(style="form", explode=True)
    if spec.example is not None:
        out["example"] = [spec.example] if spec.repeatable else spec.example
    return out


def parameters(specs, required=()):
    return [parameter(spec, spec.name in required) for spec in specs]


def id_parameter(what):
    return {"name": "id", "in": "path", "required": True, "description": f"The {what} id.",
            "schema": {"type": "integer", "minimum": 1}}


def url_path(name, with_id=False):
    """The route of a URL name as an OpenAPI path ({id} for the object id)."""
    if with_id:
        return reverse(name, args=[PATH_ID]).replace(str(PATH_ID), "{id}")
    return reverse(name)


def content(media_type, schema_ref):
    return {media_type: {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}


def operation(operation_id, summary, params, media_type="application/json", schema="Object", tag="incidents",
              extra_responses=None):
    responses = {"200": {"description": "OK", "content": content(media_type, schema)}, "400": ERROR}
    responses.update(extra_responses or {})
    return {"get": {"operationId": operation_id, "summary": summary, "tags": [tag], "parameters": params,
                    "responses": responses}}


def download(operation_id, summary, media_type):
    op = operation(operation_id, summary, parameters(FILTER_PARAMS), media_type, "Download", "exports")
    op["get"]["responses"]["200"]["headers"] = {"Content-Disposition": {
        "description": "attachment; filename=kharita-incidents-<yyyymmdd>.<ext>", "schema": {"type": "string"}}}
    return op


def build_schema():
    """The whole OpenAPI document as a dict."""
    geojson, filters = "application/geo+json", parameters(FILTER_PARAMS)
    paths = {
        url_path("incidents_geojson"): operation(
            "listIncidents", "A page of the filtered incidents as GeoJSON Features, newest first.",
            filters + parameters((LIMIT, OFFSET)), geojson, "IncidentPage"),
        url_path("incident_clusters"): operation(
            "clusterIncidents", "Grid clusters of the filtered incidents in a map view (every incident when "
            "the view holds at most 500).", parameters(FILTER_PARAMS, ("bbox",)) + parameters((ZOOM,), ("zoom",)),
            geojson, "ClusterCollection"),
        url_path("incident_timeline"): operation(
            "incidentTimeline", "Counts of the filtered incidents per day, week or month.",
            filters + parameters((BUCKET,)), schema="Timeline"),
        url_path("incident_facets"): operation(
            "incidentFacets", "The choices of every filter with their counts in the filtered set, or with "
            "facet_counts=others each facet's counts under every other filter (faceted search).",
            filters + parameters((FACET_COUNTS,)), schema="Facets"),
        url_path("places_geojson"): operation(
            "listPlaces", "Gazetteer places (map layers) as GeoJSON.", parameters(PLACE_PARAMS), geojson,
            "FeatureCollection", "places"),
        url_path("place_json", True): operation(
            "getPlace", "One place with its aliases, hierarchy and geometry.", [id_parameter("place")], geojson,
            "Feature", "places", {"404": NOT_FOUND}),
        url_path("articles_json"): operation(
            "listArticles", "Ingested articles, newest first, with incident counts.", parameters(ARTICLE_PARAMS),
            tag="articles"),
        url_path("article_json", True): operation(
            "getArticle", "One article with its text, toponyms and incidents.", [id_parameter("article")],
            tag="articles", extra_responses={"404": NOT_FOUND}),
        url_path("export_geojson"): download("exportGeojson", "Every filtered incident as GeoJSON.",
                                             "application/geo+json"),
        url_path("export_csv"): download("exportCsv", "Every filtered incident as ACLED-compatible CSV.",
                                         "text/csv"),
        url_path("export_gpkg"): download("exportGeopackage", "Every filtered incident as a GeoPackage "
                                          "(layer incidents, EPSG:4326).", "application/geopackage+sqlite3"),
        url_path("openapi_schema"): {"get": {"operationId": "openapiSchema", "summary": "This document.",
                                             "tags": ["meta"], "responses": {"200": {
                                                 "description": "OK", "content": content("application/json",
                                                                                         "Object")}}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kharita API", "version": "1.0",
                 "description": "Incidents extracted from Arabic conflict reporting, with ACLED categories. "
                                "Every incident endpoint takes the same filters; repeat a parameter for any "
                                "of several values. Bad parameters get 400 with {\"error\": message}."},
        "paths": paths,
        "components": {"schemas": SCHEMAS, "responses": {"BadRequest": {
            "description": "A parameter is invalid.", "content": content("application/json", "Error")}}},
    }


def _counted():
    return {"type": "array", "items": {"type": "object", "properties": {
        "value": {"type": "string"}, "count": {"type": "integer"}}}}


SCHEMAS = {
    "Object": {"type": "object"},
    "Download": {"type": "string", "format": "binary"},
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Feature": {"type": "object", "required": ["type", "geometry", "properties"], "properties": {
        "type": {"type": "string", "enum": ["Feature"]}, "id": {}, "geometry": {"type": "object"},
        "properties": {"type": "object"}}},
    "FeatureCollection": {"type": "object", "required": ["type", "features"], "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]}, "total": {"type": "integer"},
        "features": {"type": "array", "items": {"$ref": "#/components/schemas/Feature"}}}},
    "IncidentPage": {"allOf": [{"$ref": "#/components/schemas/FeatureCollection"}, {
        "type": "object", "properties": {"limit": {"type": "integer"}, "offset": {"type": "integer"},
                                         "next": {"type": "string", "description": "URL of the next page, or null"}}}]},
    "ClusterCollection": {"allOf": [{"$ref": "#/components/schemas/FeatureCollection"}, {
        "type": "object", "properties": {"mode": {"type": "string", "enum": ["features", "clusters"]},
                                         "zoom": {"type": "integer"}}}]},
    "Timeline": {"type": "object", "properties": {
        "bucket": {"type": "string", "enum": ["day", "week", "month"]}, "total": {"type": "integer"},
        "series": {"type": "array", "items": {"type": "object", "properties": {
            "period": {"type": "string", "format": "date"}, "count": {"type": "integer"}}}}}},
    "Facets": {"type": "object", "properties": {
        "types": {"type": "array", "items": {"type": "object", "properties": {
            "value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"},
            "sub_types": _counted()}}},
        "actors": _counted(), "governorates": _counted(), "outlets": _counted(),
        "precisions": {"type": "array", "items": {"type": "integer"}},
        "date_min": {"type": "string", "format": "date"}, "date_max": {"type": "string", "format": "date"},
        "total": {"type": "integer"}}},
}


@require_safe
def openapi_schema(request):
    """GET /api/openapi.json → the OpenAPI 3.1 document."""
    return json_response(build_schema())


@require_safe
def api_docs(request):
    """GET /api/docs/ → swagger-ui, served from our static files, reading /api/openapi.json."""
    return render(request, "mapper/api_docs.html", {"schema_url": reverse("openapi_schema")})
