"""Admin for the gazetteer: a map editor for places, Arabic-aware search, merging, history and GeoJSON export."""
import uuid

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Value
from django.db.models.functions import Replace
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import history
from .admin_import import ImportUploadMixin
from .core.query_keys import query_keys
from .exchange import export_text
from .forms import MergeForm, PlaceAdminForm
from .merge import MergeError, merge_places, reference_counts
from .models import Alias, Place, PlaceChange

HISTORY_FORM_ATTR = "kharita_history_before"


def places_matching_keys(search_term):
    """Ids of places with an alias whose key, spaces ignored, is one of the query's keys."""
    keys = query_keys(search_term)
    if not keys:
        return None
    return (Alias.objects.annotate(compact=Replace("key", Value(" "), Value("")))
            .filter(compact__in=keys).values("place_id"))


def ensure_name_aliases(place):
    """Keep the aliases in step with the primary names: each name has an alias of kind "name", and a
    renamed place's former name stays findable as a plain alias."""
    names = {(text or "").strip(): language for text, language in ((place.name_en, "en"), (place.name_ar, "ar"))}
    names.pop("", None)
    place.aliases.filter(kind="name").exclude(text__in=list(names)).update(kind="alias")
    known = set(place.aliases.values_list("text", flat=True))
    for text, language in names.items():
        if text not in known:
            Alias.objects.create(place=place, text=text, language=language, kind="name")


def merge_message(result):
    """The success message of a merge, each count with its language's plural form."""
    places, aliases = len(result.merged), len(result.aliases_moved) + len(result.aliases_added)
    references = sum(result.repointed.values())
    merged = ngettext("Merged %(count)d place into %(place)s.", "Merged %(count)d places into %(place)s.",
                      places) % {"count": places, "place": history.place_label(result.survivor)}
    added = ngettext("%(count)d alias added.", "%(count)d aliases added.", aliases) % {"count": aliases}
    moved = ngettext("%(count)d reference re-pointed.", "%(count)d references re-pointed.",
                     references) % {"count": references}
    return f"{merged} {added} {moved}"


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    fields = ("text", "key", "language", "kind")
    readonly_fields = ("key",)


class PlaceChangeInline(admin.TabularInline):
    """The place's curation history, read-only, newest first."""

    model = PlaceChange
    fk_name = "place"
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "user", "summary")
    readonly_fields = fields
    verbose_name = _("history entry")
    verbose_name_plural = pgettext_lazy("history of one place", "History")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("What changed"))
    def summary(self, entry):
        return history.describe(entry.changes)


@admin.register(Place)
class PlaceAdmin(ImportUploadMixin, admin.ModelAdmin):
    form = PlaceAdminForm
    list_display = ("name_ar", "name_en", "feature_type", "country", "governorate", "source")
    search_fields = ("name_ar", "name_en", "aliases__text", "aliases__key")
    list_filter = ("feature_type", "source", "country")
    readonly_fields = ("lat", "lon", "min_lon", "min_lat", "max_lon", "max_lat", "updated_at")
    inlines = [AliasInline, PlaceChangeInline]
    actions = ["merge_selected", "export_selected"]
    show_full_result_count = False
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name_ar", "name_en", "feature_type", "country", "governorate", "district",
                           "subdistrict", "pcode", "population")}),
        (_("Geometry"), {"fields": ("geometry", "uncertainty_km", ("lat", "lon"),
                                    ("min_lon", "min_lat", "max_lon", "max_lat")),
                         "description": _("The point and the bounding box are computed from the geometry on save.")}),
        (_("Provenance"), {"fields": ("source", "external_id", "notes", "updated_at")}),
    )

    def get_changeform_initial_data(self, request):
        initial = {"source": "curated", "external_id": f"admin-{uuid.uuid4().hex[:12]}"}
        initial.update(super().get_changeform_initial_data(request))
        return initial

    def get_search_results(self, request, queryset, search_term):
        """The default text search, plus every place an alias of which is any spelling of the query."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        alias_places = places_matching_keys(search_term)
        if alias_places is not None:
            results = results | queryset.filter(pk__in=alias_places)
        return results, may_have_duplicates

    # History: the old values are taken before the save, the entry is written once the aliases are saved too.
    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = (history.snapshot(Place.objects.get(pk=obj.pk)), history.alias_snapshot(obj))
        setattr(form, HISTORY_FORM_ATTR, before)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        place = form.instance
        ensure_name_aliases(place)
        before = getattr(form, HISTORY_FORM_ATTR, None)
        if before is None:
            history.record_added(place, request.user, history.alias_snapshot(place))
        else:
            history.record_edited(place, request.user, before[0], before[1], history.alias_snapshot(place))

    def delete_model(self, request, obj):
        history.record_deleted(obj, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for place in queryset:
            history.record_deleted(place, request.user)
        super().delete_queryset(request, queryset)

    @admin.action(description=_("Merge selected places into one"), permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        places = list(queryset.order_by("pk"))
        if len(places) < 2:
            self.message_user(request, gettext("Select at least two places to merge."), messages.WARNING)
            return None
        if request.POST.get("confirm") == "yes":
            form = MergeForm(request.POST, places=places)
            if form.is_valid():
                survivor, others = form.survivor_and_others()
                try:
                    result = merge_places(survivor, others, user=request.user)
                except MergeError as exc:
                    self.message_user(request, str(exc), messages.ERROR)
                    return None
                self.message_user(request, merge_message(result), messages.SUCCESS)
                return None
        else:
            default = max(places, key=lambda p: (p.source == "curated", p.aliases.count(), -p.pk))
            form = MergeForm(initial={"survivor": default.pk}, places=places)
        rows = [{"place": place, "alias_count": place.aliases.count(), "references": reference_counts([place])}
                for place in places]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge places"),
            "opts": self.model._meta,
            "form": form,
            "rows": rows,
            "chosen": form["survivor"].value(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "merge_selected",
        }
        return TemplateResponse(request, "admin/gazetteer/place/merge_confirmation.html", context)

    @admin.action(description=_("Export selected as GeoJSON"), permissions=["view"])
    def export_selected(self, request, queryset):
        response = HttpResponse(export_text(queryset.order_by("source", "external_id")),
                                content_type="application/geo+json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="gazetteer.geojson"'
        return response


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("text", "key", "language", "kind", "place")
    search_fields = ("text", "key", "place__name_ar", "place__name_en")
    list_filter = ("kind", "language")
    list_select_related = ("place",)
    raw_id_fields = ("place",)
    readonly_fields = ("key",)
    show_full_result_count = False


@admin.register(PlaceChange)
class PlaceChangeAdmin(admin.ModelAdmin):
    """The whole curation history, read-only."""

    list_display = ("created_at", "action", "place_link", "user", "summary")
    list_filter = ("action", "user")
    search_fields = ("place_label",)
    date_hierarchy = "created_at"
    list_select_related = ("place", "user")
    fields = ("created_at", "action", "place", "place_label", "user", "changes")
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Place"), ordering="place_label")
    def place_link(self, entry):
        if entry.place_id is None:
            return entry.place_label
        url = reverse("admin:gazetteer_place_change", args=[entry.place_id])
        return format_html('<a href="{}">{}</a>', url, entry.place_label)

    @admin.display(description=_("What changed"))
    def summary(self, entry):
        return history.describe(entry.changes)
