"""URL routes of the JSON/GeoJSON API, its exports and its OpenAPI schema and UI."""
from django.urls import path

from . import api, api_places, clusters, exports, openapi

urlpatterns = [
    path("api/incidents.geojson", api.incidents_geojson, name="incidents_geojson"),
    path("api/clusters.geojson", clusters.incident_clusters, name="incident_clusters"),
    path("api/timeline.json", api.incident_timeline, name="incident_timeline"),
    path("api/facets.json", api.incident_facets, name="incident_facets"),
    path("api/places.geojson", api_places.places_geojson, name="places_geojson"),
    path("api/places/<int:pk>.json", api_places.place_json, name="place_json"),
    path("api/articles.json", api_places.articles_json, name="articles_json"),
    path("api/articles/<int:pk>.json", api_places.article_json, name="article_json"),
    path("api/export/incidents.geojson", exports.export_geojson, name="export_geojson"),
    path("api/export/incidents.csv", exports.export_csv, name="export_csv"),
    path("api/export/incidents.gpkg", exports.export_gpkg, name="export_gpkg"),
    path("api/openapi.json", openapi.openapi_schema, name="openapi_schema"),
    path("api/docs/", openapi.api_docs, name="api_docs"),
]
