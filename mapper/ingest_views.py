"""The staff ingest page: preview an article's places, actors, triggers and incidents, then store it."""
import bisect
import logging
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from gazetteer.core.normalize import normalize
from gazetteer.core.spotter import original_span
from gazetteer.store import get_gazetteer

from .actor_store import get_actor_lexicon
from .api import actor_list, event_color, valid_geometry
from .extraction.actors import find_actors
from .extraction.events import BY_KIND, scan
from .extraction.pipeline import InputError, geoparse
from .extraction.segments import sentences
from .ingest import ingest_text
from .ingest_forms import IngestForm, max_upload_bytes
from .maps import render_map
from .models import ROLES
from .place_maps import preview_map
from .views import ACTOR_ROLES, event_label, marked_text

log = logging.getLogger(__name__)
PREVIEW_DATA_ID = "preview-data"
KNOWN_ROLES = {value for value, _label in ROLES}
KIND_ORDER = {"toponym": 0, "actor": 1, "trigger": 2}  # at one start and length, a place wins


@dataclass(frozen=True)
class Highlight:
    """One span of the text to mark: its kind (toponym, actor, trigger), CSS class and tooltip."""

    start: int
    end: int
    kind: str
    css: str
    title: str
    place_id: object = None


def toponym_highlights(toponyms):
    """Highlights of geoparse's toponyms: by role, with the gazetteer name as tooltip."""
    out = []
    for t in toponyms:
        role = t.get("role") if t.get("role") in KNOWN_ROLES else "unknown"
        place = t.get("place") or {}
        title = place.get("name_en") or place.get("name_ar") or _("not in the gazetteer")
        place_id = place.get("id") if isinstance(place.get("id"), int) else None
        out.append(Highlight(t["start"], t["end"], "toponym", f"toponym role-{role}", title, place_id))
    return out


def actor_trigger_highlights(text, lexicon):
    """Highlights of the actors and event triggers the extraction matchers find, sentence by sentence as
    geoparse reads them, mapped from normalised back to original offsets."""
    norm = normalize(text)
    last = len(norm.offsets) - 1

    def to_norm(pos):
        return bisect.bisect_left(norm.offsets, pos, 0, last)

    out = []
    for sentence in sentences(text):
        ns, ne = to_norm(sentence.start), to_norm(sentence.end)
        for actor in find_actors(norm.text, ns, ne, lexicon):
            start, end = original_span(norm, text, actor.nstart, actor.nend)
            out.append(Highlight(start, end, "actor", "actor", actor.name))
        for kind, nstart, nend in scan(norm.text, ns, ne):
            rule = BY_KIND[kind]
            start, end = original_span(norm, text, nstart, nend)
            out.append(Highlight(start, end, "trigger", "trigger", f"{rule.event_type} / {rule.sub_event_type}"))
    return out


def mark(text, h):
    """One escaped <mark> for a highlight."""
    if h.place_id is not None:
        return format_html('<mark class="{}" data-kind="{}" data-place-id="{}" title="{}">{}</mark>',
                           h.css, h.kind, h.place_id, h.title, text[h.start:h.end])
    return format_html('<mark class="{}" data-kind="{}" title="{}">{}</mark>', h.css, h.kind, h.title,
                       text[h.start:h.end])


def highlight(text, highlights):
    """The text, escaped, with each non-overlapping highlight marked (the earlier, then longer one wins)."""
    spans = sorted((h for h in highlights if 0 <= h.start < h.end <= len(text)),
                   key=lambda h: (h.start, -(h.end - h.start), KIND_ORDER[h.kind]))
    return marked_text(text, spans, mark)


def preview_feature(number, text, incident):
    """A GeoJSON Feature of one previewed incident, shaped like the API's (no article yet)."""
    location = incident.get("location") or {}
    evidence = incident.get("evidence") or {}
    return {
        "type": "Feature", "id": number, "geometry": location.get("geometry"),
        "properties": {
            "id": number, "event_type": incident["event_type"], "sub_event_type": incident["sub_event_type"],
            "actors": actor_list(incident.get("actors")), "date": incident.get("date"),
            "time_precision": incident.get("time_precision"), "location_name": location.get("name", ""),
            "precision": location.get("precision"), "uncertainty_km": location.get("uncertainty_km"),
            "evidence": text[evidence.get("start", 0):evidence.get("end", 0)],
            "attributed_to": incident.get("attributed_to", ""), "certainty": incident.get("certainty"),
            "alleged": bool(incident.get("alleged")), "historical": bool(incident.get("historical")),
            "fatalities": incident.get("fatalities"), "color": event_color(incident["event_type"]),
            "article_id": None, "article_url": None, "article_title": None,
        },
    }


@dataclass
class Preview:
    """What a preview shows: the highlighted text, counts, the incidents and their GeoJSON."""

    highlighted: str
    counts: dict
    incidents: list
    geojson: dict


def preview_row(feature):
    """What the preview's incident list shows of one feature."""
    props = feature["properties"]
    return {**props, "mapped": valid_geometry(feature["geometry"]), "type_label": event_label(props["event_type"]),
            "actor_rows": [(a["name"], ACTOR_ROLES.get(a["role"], a["role"])) for a in props["actors"]]}


def build_preview(text, published, outlet):
    """Geoparse `text` without storing anything and gather what the preview page shows."""
    lexicon = get_actor_lexicon()
    result = geoparse(text, get_gazetteer(), published=published, outlet=outlet, actors=lexicon)
    highlights = toponym_highlights(result["toponyms"]) + actor_trigger_highlights(text, lexicon)
    features = [preview_feature(n, text, inc) for n, inc in enumerate(result["incidents"], start=1)]
    return Preview(
        highlighted=highlight(text, highlights),
        counts={kind: sum(1 for h in highlights if h.kind == kind) for kind in KIND_ORDER},
        incidents=[preview_row(f) for f in features],
        geojson={"type": "FeatureCollection", "features": [f for f in features if valid_geometry(f["geometry"])]})


def too_large(request):
    """The ingest page with a clear error for a request body over the upload limit."""
    form = IngestForm()
    limit = max_upload_bytes()
    message = _("The submitted article is larger than %(limit)s bytes and could not be read. "
                "Shorten it or upload it as a file.") % {"limit": f"{limit:,}"}
    return render(request, "mapper/ingest.html", {"form": form, "page_error": message}, status=400)


@staff_member_required
@csrf_exempt  # checked by _ingest, after an oversized body has been turned into a clear message
def ingest(request):
    """Staff only: paste or upload an article, preview its extraction, then save it."""
    if request.method == "POST":
        try:
            request.POST, request.FILES  # noqa: B018 -- parse the body here to catch its size
        except RequestDataTooBig:
            return too_large(request)
    return _ingest(request)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def _ingest(request):
    """The form, its preview or its save, behind the CSRF check."""
    if request.method != "POST":
        return render(request, "mapper/ingest.html", {"form": IngestForm()})
    form = IngestForm(request.POST, request.FILES)
    action = "save" if request.POST.get("action") == "save" else "preview"
    context = {"form": form, "action": action}
    if form.is_valid() and form.from_upload:
        # Show the text read from the file, to check, edit and save without uploading it again.
        bound = request.POST.copy()
        bound["text"] = form.cleaned_data["article_text"]
        context["form"] = form = IngestForm(bound)
        context["from_upload"] = True
    if form.is_valid():
        data = form.cleaned_data
        text = data["article_text"]
        try:
            if action == "save":
                article, created = ingest_text(text, published=data["published"], source=data["outlet"],
                                               url=data["url"])
                if created:
                    messages.success(request, _("The article was stored."))
                    return redirect("article_detail", pk=article.pk)
                context["existing"] = article
            else:
                context["preview"] = build_preview(text, data["published"], data["outlet"])
                context["map"] = render_map(preview_map(PREVIEW_DATA_ID))
                context["preview_data_id"] = PREVIEW_DATA_ID
        except InputError as exc:
            form.add_error(None, str(exc))
        except Exception:  # a parser bug must not lose the staff member's text behind a 500
            log.exception("ingest %s failed", action)
            form.add_error(None, _("The article could not be processed because of an internal error; "
                                   "it was logged. Your text is kept below."))
    return render(request, "mapper/ingest.html", context, status=400 if form.errors else 200)
