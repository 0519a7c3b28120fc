"""Admin for articles, incidents and toponyms, and the curators' queue of unresolved and ambiguous names."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gazetteer.models import FEATURE_TYPES, Place

from . import curation
from gazetteer.conf import kharita_setting
from .models import Article, Incident, Toponym, UnresolvedName

QUEUE_PAGE_SIZE = 25


class ToponymInline(admin.TabularInline):
    model = Toponym
    extra = 0
    fields = ("start", "end", "surface", "role", "place", "score", "ambiguous")
    readonly_fields = ("start", "end", "surface", "score", "ambiguous")
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
    actions = ["reparse_selected"]

    @admin.action(description=_("Re-parse the selected articles"), permissions=["change"])
    def reparse_selected(self, request, queryset):
        outcome = curation.reresolve(queryset.values_list("pk", flat=True))
        self.message_user(request, curation.outcome_message(outcome), messages.SUCCESS)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_incident_count=Count("incidents"))

    @admin.display(description=_("Incidents"), ordering="_incident_count")
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
    list_display = ("surface", "key", "role", "place", "score", "ambiguous", "article", "start", "end")
    list_filter = ("role", "ambiguous")
    search_fields = ("surface", "key", "place__name_ar", "place__name_en")
    list_select_related = ("article", "place")
    raw_id_fields = ("article", "place")


class AliasActionForm(forms.Form):
    """(a) The queued name becomes an alias of an existing place."""

    key = forms.CharField(max_length=300, widget=forms.HiddenInput)
    surface = forms.CharField(max_length=200, label=_("Alias"))
    place = forms.ModelChoiceField(Place.objects.all(), label=_("Place"), widget=forms.RadioSelect,
                                   error_messages={"required": _("Choose a place from the search results."),
                                                   "invalid_choice": _("The chosen place no longer exists.")})


class CreatePlaceForm(forms.Form):
    """(b) A new point place for the queued name, from typed coordinates or a click on the map."""

    key = forms.CharField(max_length=300, widget=forms.HiddenInput)
    surface = forms.CharField(max_length=200, widget=forms.HiddenInput)
    name_ar = forms.CharField(max_length=200, label=_("Arabic name"))
    name_en = forms.CharField(max_length=200, required=False, label=_("English name"))
    feature_type = forms.ChoiceField(choices=FEATURE_TYPES, label=_("Type"))
    lat = forms.FloatField(min_value=-90, max_value=90, label=_("Latitude (lat)"))
    lon = forms.FloatField(min_value=-180, max_value=180, label=_("Longitude (lon)"))
    country = forms.CharField(max_length=2, required=False, label=_("Country code (SY)"),
                              help_text=_("Taken from the nearest known place when left empty."))
    governorate = forms.CharField(max_length=100, required=False, label=_("Governorate"))


class IgnoreForm(forms.Form):
    """(c) Drop the name from the queue."""

    key = forms.CharField(max_length=300, widget=forms.HiddenInput)
    surface = forms.CharField(max_length=300, widget=forms.HiddenInput)


ACTION_FORMS = {"alias": AliasActionForm, "create": CreatePlaceForm, "ignore": IgnoreForm}
ACTION_PERMISSIONS = {"alias": ["gazetteer.add_alias"], "create": ["gazetteer.add_place", "gazetteer.add_alias"],
                      "ignore": ["mapper.add_ignoredname"]}


@admin.register(UnresolvedName)
class UnresolvedNameAdmin(admin.ModelAdmin):
    """The queue: names the gazetteer missed or found ambiguous, grouped, with three fixes each."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("resolve/", wrap(self.resolve_view), name="mapper_unresolvedname_resolve"),
            path("act/", wrap(require_POST(self.act_view)), name="mapper_unresolvedname_act"),
            path("", wrap(self.changelist_view), name="mapper_unresolvedname_changelist"),
        ]

    def context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title,
                "has_view_permission": True, "can_fix": self.can_fix(request), **extra}

    def can_fix(self, request):
        return self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        kind = request.GET.get("kind", "")
        kind = kind if kind in ("unresolved", "ambiguous") else ""
        search = request.GET.get("q", "")[:200]
        paginator = Paginator(curation.queue_groups(kind, search), QUEUE_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        entries = [curation.describe(group) for group in page.object_list]
        context = self.context(request, gettext("Unresolved or ambiguous names"), entries=entries, page=page,
                               kind=kind, search=search, total=paginator.count)
        return render(request, "admin/mapper/unresolvedname/queue.html", context)

    def resolve_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        key = request.GET.get("key", "")[:300]
        entry = curation.entry_for(key) if key else None
        if entry is None:
            self.message_user(request, gettext("No name with this key occurs in the articles."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:mapper_unresolvedname_changelist"))
        query = request.GET.get("q", entry.name)[:200]
        center = self.map_center(entry)
        context = self.context(
            request, gettext("Resolve the name “%(name)s”") % {"name": entry.surface}, entry=entry, query=query,
            matches=curation.search_places(query),
            alias_form=AliasActionForm(initial={"key": entry.key, "surface": entry.name}, auto_id="alias_%s"),
            create_form=CreatePlaceForm(initial={"key": entry.key, "surface": entry.surface,
                                                 "name_ar": entry.name, "feature_type": entry.feature_type},
                                        auto_id="create_%s"),
            ignore_form=IgnoreForm(initial={"key": entry.key, "surface": entry.surface}, auto_id="ignore_%s"),
            map_lat=center[0], map_lon=center[1], map_zoom=center[2],
            tile_url=kharita_setting("TILE_URL"), tile_attribution=kharita_setting("TILE_ATTRIBUTION"))
        return render(request, "admin/mapper/unresolvedname/resolve.html", context)

    def map_center(self, entry):
        """(lat, lon, zoom): where the entry's articles place their incidents, else the configured view."""
        ids = [example.article_id for example in entry.examples]
        located = Incident.objects.filter(article_id__in=ids, lat__isnull=False).values_list("lat", "lon").first()
        if located:
            return located[0], located[1], 9
        lat, lon = kharita_setting("MAP_CENTER")
        return lat, lon, kharita_setting("MAP_ZOOM")

    def act_view(self, request):
        action = request.POST.get("action", "")
        if action not in ACTION_FORMS:
            self.message_user(request, gettext("Unknown action."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:mapper_unresolvedname_changelist"))
        if not (self.can_fix(request) and request.user.has_perms(ACTION_PERMISSIONS[action])):
            raise PermissionDenied
        form = ACTION_FORMS[action](request.POST)
        back = reverse("admin:mapper_unresolvedname_resolve") + "?" + urlencode({"key": request.POST.get("key", "")})
        if not form.is_valid():
            errors = pgettext("list separator", "; ").join(
                f"{form.fields[name].label or name}: {' '.join(msgs)}" if name in form.fields else " ".join(msgs)
                for name, msgs in form.errors.items())
            self.message_user(request, gettext("The action was not carried out: %(reasons)s") % {"reasons": errors},
                              messages.ERROR)
            return HttpResponseRedirect(back)
        data, user = form.cleaned_data, request.user
        try:
            if action == "ignore":
                curation.ignore(data["key"], data["surface"], user)
                gone = gettext("“%(name)s” will no longer appear in the queue.") % {"name": data["surface"]}
                self.message_user(request, gone, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:mapper_unresolvedname_changelist"))
            if action == "alias":
                outcome = curation.add_alias(data["key"], data["surface"], data["place"], user)
                done = gettext("“%(alias)s” is now an alias of “%(place)s”.") % {"alias": data["surface"],
                                                                             "place": outcome.place.name_ar}
            else:
                outcome = curation.create_place(data["key"], data["surface"], data["name_ar"], data["feature_type"],
                                                data["lat"], data["lon"], user, name_en=data["name_en"],
                                                country=data["country"], governorate=data["governorate"])
                done = gettext("Added the place “%(place)s” at latitude %(lat).5f and longitude %(lon).5f.") % {
                    "place": outcome.place.name_ar, "lat": outcome.place.lat, "lon": outcome.place.lon}
        except curation.CurationError as error:
            self.message_user(request, gettext("The action was not carried out: %(reasons)s") % {"reasons": error},
                              messages.ERROR)
            return HttpResponseRedirect(back)
        self.message_user(request, f"{done} {curation.outcome_message(outcome)}", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:mapper_unresolvedname_changelist"))


# ---- the actor dictionary: curators extend the built-in actors (mapper.actor_store rebuilds the lexicon) ----
from . import actor_store  # noqa: E402,F401  (connects the signals that refresh the lexicon)
from .extraction.actors import ACTORS  # noqa: E402
from .models import Actor, ActorAlias  # noqa: E402


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ("text",)


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "name_ar", "inter_code", "alias_count", "built_in", "updated_at")
    list_filter = ("inter_code",)
    search_fields = ("name", "name_ar", "aliases__text", "notes")
    ordering = ("inter_code", "name")
    inlines = [ActorAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_aliases=Count("aliases"))

    @admin.display(description=_("Aliases"), ordering="n_aliases")
    def alias_count(self, obj):
        return obj.n_aliases

    @admin.display(description=_("Extends a built-in actor"), boolean=True)
    def built_in(self, obj):
        return obj.name in ACTORS
