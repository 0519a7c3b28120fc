"""The incident map page (explore): filters, time slider, clusters, layers, legend and a synced list."""
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .api import DEFAULT_COLOR
from .maps import incident_map, render_map
from .models import Article, Incident
from .views import legend


@require_safe
def home(request):
    """The map of every incident, with a legend and counts."""
    m = incident_map(reverse("incidents_geojson"), height="70vh")
    canonical = Incident.objects.filter(merged_into__isnull=True)  # merged reports are one incident
    context = {
        "map": render_map(m),
        "legend": legend(),
        "default_color": DEFAULT_COLOR,
        "incident_count": canonical.count(),
        "mapped_count": canonical.exclude(geometry__isnull=True).count(),
        "article_count": Article.objects.count(),
    }
    return render(request, "mapper/home.html", context)
