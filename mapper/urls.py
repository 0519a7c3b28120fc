"""URL routes for the Kharita site: map, articles, GeoJSON API and admin."""
from django.contrib import admin
from django.urls import path

from . import api, views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("api/incidents.geojson", api.incidents_geojson, name="incidents_geojson"),
    path("admin/", admin.site.urls),
]
