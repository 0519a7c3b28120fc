"""HTML pages: the incident map, the article list and one article with its highlighted places."""
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .api import DEFAULT_COLOR, EVENT_COLORS, actor_list, event_color
from .facets import EVENT_TYPE_LABELS as EVENT_LABELS  # display names; the API keeps ACLED's English
from .maps import incident_map, render_map
from .models import ROLES, Article

ROLE_LABELS = {
    "literal": _("Literal place"),
    "metonymic": _("Metonymy (the place standing for its government or people)"),
    "organization": _("Part of the name of a body or organisation"),
}
ACTOR_ROLES = {"attacker": _("attacker"), "target": _("target"), "actor": _("party"),
               "actor1": _("first party"), "actor2": _("second party"), "assoc": _("associated")}
KNOWN_ROLES = {value for value, label in ROLES}
ARTICLES_PER_PAGE = 50


def bad_request(request, message):
    """A 400 page that tells the user which parameter was wrong."""
    html = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponseBadRequest(html)


def event_label(event_type):
    """An ACLED event type in the interface language."""
    return EVENT_LABELS.get(event_type, event_type)


def legend():
    """[(event type, label in the active language, colour)] for every ACLED event type."""
    return [(name, EVENT_LABELS.get(name, name), color) for name, color in EVENT_COLORS.items()]


def mark_for(text, toponym):
    """One <mark> for a toponym span, every piece escaped."""
    role = toponym.role if toponym.role in KNOWN_ROLES else "unknown"
    place = toponym.place
    surface = text[toponym.start:toponym.end]
    if place is None:
        return format_html('<mark class="toponym role-{}" title="{}">{}</mark>',
                           role, gettext("Unresolved place"), surface)
    title = place.name_en or place.name_ar
    return format_html('<a class="toponym-link" href="{}"><mark class="toponym role-{}" data-place-id="{}" '
                       'title="{}">{}</mark></a>',
                       reverse("place_detail", args=[place.pk]), role, place.pk, title, surface)


def highlight_toponyms(text, toponyms):
    """The article text, escaped, with each non-overlapping toponym span wrapped in a <mark>."""
    spans = sorted(
        (t for t in toponyms if 0 <= t.start < t.end <= len(text)),
        key=lambda t: (t.start, -(t.end - t.start)),
    )
    return marked_text(text, spans, mark_for)


def marked_text(text, spans, render):
    """The text, escaped, with each span (in text order; one overlapping a span already marked is
    skipped) replaced by render(text, span)."""
    pieces, pos = [], 0
    for span in spans:
        if span.start < pos:
            continue
        pieces.append(escape(text[pos:span.start]))
        pieces.append(render(text, span))
        pos = span.end
    pieces.append(escape(text[pos:]))
    return mark_safe("".join(pieces))


@require_safe
def article_list(request):
    """Every article with its outlet, date and number of incidents, 50 a page."""
    raw_page = request.GET.get("page", "1")
    if not (raw_page.isascii() and raw_page.isdigit()) or len(raw_page) > 9 or int(raw_page) < 1:
        return bad_request(request, gettext("The page number (page) must be a positive whole number."))
    articles = (Article.objects.annotate(incident_count=Count("incidents"))
                .defer("text").order_by("-published", "-id"))
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    if int(raw_page) > paginator.num_pages:
        return bad_request(request, gettext("There is no page number %(page)s; the number of pages is %(pages)s.")
                           % {"page": int(raw_page), "pages": paginator.num_pages})
    page = paginator.page(int(raw_page))
    return render(request, "mapper/article_list.html", {"page": page, "paginator": paginator})


@require_safe
def article_detail(request, pk):
    """One article right to left, its toponyms highlighted, its incidents listed and mapped."""
    article = get_object_or_404(Article, pk=pk)
    toponyms = list(article.toponyms.select_related("place"))
    incidents = list(article.incidents.all())
    for incident in incidents:
        incident.color = event_color(incident.event_type)
        incident.label = EVENT_LABELS.get(incident.event_type, incident.event_type)
        incident.actor_rows = [(a["name"], ACTOR_ROLES.get(a["role"], a["role"]))
                               for a in actor_list(incident.actors)]
    data_url = f'{reverse("incidents_geojson")}?article={article.pk}'
    m = incident_map(data_url, height="360px")
    context = {
        "article": article,
        "article_link": article.url if article.url.lower().startswith(("http://", "https://")) else "",
        "highlighted": highlight_toponyms(article.text, toponyms),
        "toponym_count": len(toponyms),
        "incidents": incidents,
        "mapped_count": sum(1 for i in incidents if i.geometry),
        "roles": [(value, ROLE_LABELS.get(value, label)) for value, label in ROLES],
        "legend": legend(),
        "default_color": DEFAULT_COLOR,
        "map": render_map(m),
    }
    return render(request, "mapper/article_detail.html", context)
