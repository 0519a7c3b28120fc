"""Admin for the gazetteer: places with their aliases inline, and aliases on their own."""
from django.contrib import admin

from .models import Alias, Place


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ("text", "key", "language", "kind")
    readonly_fields = ("key",)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name_ar", "name_en", "feature_type", "country", "governorate", "source")
    search_fields = ("name_ar", "name_en", "aliases__text", "aliases__key")
    list_filter = ("feature_type", "source", "country")
    readonly_fields = ("updated_at",)
    inlines = [AliasInline]
    show_full_result_count = False
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name_ar", "name_en", "feature_type", "country", "governorate", "population")}),
        ("Geometry", {"fields": ("geometry", "lat", "lon", "min_lon", "min_lat", "max_lon", "max_lat",
                                 "uncertainty_km")}),
        ("Provenance", {"fields": ("source", "external_id", "notes", "updated_at")}),
    )


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("text", "key", "language", "kind", "place")
    search_fields = ("text", "key", "place__name_ar", "place__name_en")
    list_filter = ("kind", "language")
    list_select_related = ("place",)
    raw_id_fields = ("place",)
    readonly_fields = ("key",)
    show_full_result_count = False
