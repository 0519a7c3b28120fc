"""URL routes for the Kharita site: map, articles, places, ingest, API, i18n and admin."""
from django import get_version
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from . import explore_views, views

urlpatterns = [
    path("", explore_views.home, name="home"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("", include("mapper.urls_api")),
    path("", include("mapper.urls_pages")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The catalog changes only with a deployment: built once per language and process, then served from the cache.
    path("jsi18n/", cache_page(24 * 3600, key_prefix=f"jsi18n-{get_version()}")(JavaScriptCatalog.as_view()),
         name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
