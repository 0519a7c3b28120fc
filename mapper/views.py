"""HTML pages: the incident map, the article list and one article with its highlighted places."""
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from .api import DEFAULT_COLOR, EVENT_COLORS, EVENT_LABELS_AR, actor_list, event_color
from .maps import incident_map, render_map
from .models import ROLES, Article

ROLE_LABELS_AR = {
    "literal": "مكان حرفي",
    "metonymic": "كناية (المكان بمعنى حكومته أو أهله)",
    "organization": "جزء من اسم جهة أو منظمة",
}
ACTOR_ROLES_AR = {"attacker": "المهاجم", "target": "المستهدف", "actor": "طرف",
                  "actor1": "الطرف الأول", "actor2": "الطرف الثاني", "assoc": "مرتبط"}
KNOWN_ROLES = {value for value, _ in ROLES}
ARTICLES_PER_PAGE = 50


def bad_request(request, message):
    """A 400 page that tells the user which parameter was wrong."""
    html = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponseBadRequest(html)


def legend():
    """[(event type, Arabic label, colour)] for every ACLED event type."""
    return [(name, EVENT_LABELS_AR.get(name, name), color) for name, color in EVENT_COLORS.items()]


def mark_for(text, toponym):
    """One <mark> for a toponym span, every piece escaped."""
    role = toponym.role if toponym.role in KNOWN_ROLES else "unknown"
    place = toponym.place
    surface = text[toponym.start:toponym.end]
    if place is None:
        return format_html('<mark class="toponym role-{}" title="{}">{}</mark>',
                           role, "غير محدد", surface)
    title = place.name_en or place.name_ar
    return format_html('<mark class="toponym role-{}" data-place-id="{}" title="{}">{}</mark>',
                       role, place.pk, title, surface)


def highlight_toponyms(text, toponyms):
    """The article text, escaped, with each non-overlapping toponym span wrapped in a <mark>."""
    spans = sorted(
        (t for t in toponyms if 0 <= t.start < t.end <= len(text)),
        key=lambda t: (t.start, -(t.end - t.start)),
    )
    pieces, pos = [], 0
    for toponym in spans:
        if toponym.start < pos:  # overlaps a span already marked
            continue
        pieces.append(escape(text[pos:toponym.start]))
        pieces.append(mark_for(text, toponym))
        pos = toponym.end
    pieces.append(escape(text[pos:]))
    return mark_safe("".join(pieces))


@require_safe
def article_list(request):
    """Every article with its outlet, date and number of incidents, 50 a page."""
    raw_page = request.GET.get("page", "1")
    if not (raw_page.isascii() and raw_page.isdigit()) or len(raw_page) > 9 or int(raw_page) < 1:
        return bad_request(request, "رقم الصفحة (page) يجب أن يكون عددًا صحيحًا موجبًا.")
    articles = (Article.objects.annotate(incident_count=Count("incidents"))
                .defer("text").order_by("-published", "-id"))
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    if int(raw_page) > paginator.num_pages:
        return bad_request(request, f"لا توجد صفحة رقم {int(raw_page)}؛ عدد الصفحات {paginator.num_pages}.")
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
        incident.label_ar = EVENT_LABELS_AR.get(incident.event_type, incident.event_type)
        incident.actor_rows = [(a["name"], ACTOR_ROLES_AR.get(a["role"], a["role"]))
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
        "roles": [(value, ROLE_LABELS_AR.get(value, label)) for value, label in ROLES],
        "legend": legend(),
        "default_color": DEFAULT_COLOR,
        "map": render_map(m),
    }
    return render(request, "mapper/article_detail.html", context)
