"""Admin for articles (with their toponyms and incidents inline), incidents and toponyms."""
from django.contrib import admin
from django.db import models
from django.db.models import Count

from .models import Article, Incident, Toponym


class ToponymInline(admin.TabularInline):
    model = Toponym
    extra = 0
    fields = ("start", "end", "surface", "role", "place", "score")
    readonly_fields = ("start", "end", "surface", "score")
    raw_id_fields = ("place",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class IncidentInline(admin.TabularInline):
    model = Incident
    extra = 0
    fields = ("event_type", "sub_event_type", "date", "location_name", "evidence_text", "certainty")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "source", "published", "incident_count", "ingested_at")
    list_filter = ("source", "published")
    search_fields = ("title", "source", "url")
    readonly_fields = ("content_hash", "ingested_at", "parsed_at")
    inlines = [ToponymInline, IncidentInline]
    date_hierarchy = "published"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_incident_count=Count("incidents"))

    @admin.display(description="incidents", ordering="_incident_count")
    def incident_count(self, obj):
        return obj._incident_count


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ("id", "event_type", "sub_event_type", "date", "location_name", "precision",
                    "certainty", "alleged", "historical", "article")
    list_filter = ("event_type", "precision", "alleged", "historical")
    search_fields = ("evidence_text", "location_name", "sub_event_type", "attributed_to")
    list_select_related = ("article",)
    raw_id_fields = ("article", "place")


@admin.register(Toponym)
class ToponymAdmin(admin.ModelAdmin):
    list_display = ("surface", "role", "place", "score", "article", "start", "end")
    list_filter = ("role",)
    search_fields = ("surface", "place__name_ar", "place__name_en")
    list_select_related = ("article", "place")
    raw_id_fields = ("article", "place")
