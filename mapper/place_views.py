"""The place page: names and aliases, admin hierarchy, shape on a map, and the incidents at or near it over time."""
from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from gazetteer.core.hierarchy import SY_GOVERNORATE_NAMES, admin_label
from gazetteer.models import Place

from .api import actor_list, event_color
from .charts import bar_chart_svg, time_series
from .maps import render_map
from .models import Incident
from .place_incidents import incidents_near
from .place_maps import place_map
from .views import ACTOR_ROLES, event_label

LISTED_INCIDENTS = 100  # the newest ones are listed; the chart counts them all
EVIDENCE_CHARS = 280
MAX_PARENT_CANDIDATES = 50
LEVELS = (("country", _("Country")), ("governorate", _("Governorate")), ("district", _("District")),
          ("subdistrict", _("Sub-district")))


@dataclass(frozen=True)
class AdminLevel:
    """One level of a place's admin hierarchy: the stored value and the gazetteer place it names, if any."""

    level: str
    label: str
    value: str
    place: object  # Place or None


def _contains(candidate, place):
    return (candidate.min_lon <= place.lon <= candidate.max_lon
            and candidate.min_lat <= place.lat <= candidate.max_lat)


def admin_place(place, level, value):
    """The admin place of `level` that gives `place` its `value` (the hierarchy's label), preferring one whose
    bbox holds the place; None when the gazetteer has none."""
    if level == "country":
        candidates = Place.objects.filter(feature_type="country", country__iexact=value)
    else:
        pcodes = [code for code, name in SY_GOVERNORATE_NAMES.items() if level == "governorate" and name == value]
        candidates = Place.objects.filter(feature_type=level).filter(
            Q(name_en__icontains=value) | Q(name_ar__icontains=value) | Q(pcode__in=pcodes))
        if place.country:
            candidates = candidates.filter(Q(country="") | Q(country__iexact=place.country))
    wanted = value.upper() if level == "country" else value
    matching = [c for c in candidates.order_by("pk")[:MAX_PARENT_CANDIDATES]
                if admin_label(level, c.name_en, c.name_ar, c.pcode, c.country) == wanted]
    return min(matching, key=lambda c: (c.pk != place.pk, not _contains(c, place), c.pk), default=None)


def admin_hierarchy(place):
    """[AdminLevel] for each filled level of the place's country, governorate, district and sub-district."""
    return [AdminLevel(level, label, getattr(place, level), admin_place(place, level, getattr(place, level)))
            for level, label in LEVELS if getattr(place, level)]


def incident_rows(ids):
    """The incidents with these ids, in that order, with what the list shows."""
    by_id = Incident.objects.select_related("article").in_bulk(ids)
    rows = []
    for pk in ids:
        incident = by_id.get(pk)
        if incident is None:
            continue
        incident.color = event_color(incident.event_type)
        incident.type_label = event_label(incident.event_type)
        incident.actor_rows = [(a["name"], ACTOR_ROLES.get(a["role"], a["role"])) for a in actor_list(incident.actors)]
        incident.snippet = Truncator(incident.evidence_text).chars(EVIDENCE_CHARS)
        incident.article_link = reverse("article_detail", args=[incident.article_id]) if incident.article_id else ""
        rows.append(incident)
    return rows


@require_safe
def place_detail(request, pk):
    """One place: names, aliases, hierarchy, its shape and incidents on a map, a monthly chart and a list."""
    place = get_object_or_404(Place, pk=pk)
    near = incidents_near(place)
    bucket, bars = time_series(near.dates)
    name = place.name_ar or place.name_en
    if bucket == "month":
        chart_title = _("Incidents at or near %(name)s per month") % {"name": name}
    else:
        chart_title = _("Incidents at or near %(name)s per year") % {"name": name}
    dated = sum(bar.count for bar in bars)
    description = _("%(dated)s dated incidents from %(first)s to %(last)s; the largest bar counts %(top)s.") % {
        "dated": dated, "first": bars[0].label if bars else "-", "last": bars[-1].label if bars else "-",
        "top": max((bar.count for bar in bars), default=0)}
    data_url = f'{reverse("incidents_geojson")}?place={place.pk}'
    context = {
        "place": place,
        "aliases": place.aliases.order_by("kind", "language", "text"),
        "hierarchy": admin_hierarchy(place),
        "incidents": incident_rows(near.ids[:LISTED_INCIDENTS]),
        "incident_total": len(near),
        "undated_count": len(near) - dated,
        "listed_limit": LISTED_INCIDENTS,
        "near": near,
        "bucket": bucket,
        "bars": bars,
        "chart": bar_chart_svg(bars, chart_title, description, element_id="place-chart") if bars else "",
        "chart_title": chart_title,
        "map": render_map(place_map(place, data_url, radius_km=near.radius_km)),
    }
    return render(request, "mapper/place_detail.html", context)
