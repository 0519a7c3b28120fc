"""URL routes for the Kharita site: map, articles, places, ingest, API, i18n and admin."""
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import explore_views, views

urlpatterns = [
    path("", explore_views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("", include("mapper.urls_api")),
    path("", include("mapper.urls_pages")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
