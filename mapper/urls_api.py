"""URL routes of the JSON/GeoJSON API, its exports and its OpenAPI schema and UI."""
from django.urls import path

from . import api

urlpatterns = [
    path("api/incidents.geojson", api.incidents_geojson, name="incidents_geojson"),
]
