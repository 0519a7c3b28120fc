"""URL routes of the place pages and the staff ingest page."""
from django.urls import path

from . import ingest_views, place_views

urlpatterns = [
    path("places/<int:pk>/", place_views.place_detail, name="place_detail"),
    path("ingest/", ingest_views.ingest, name="ingest"),
]
