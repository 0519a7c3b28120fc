"""The incident map page (explore): filters, time slider, clusters, layers, legend and a synced list."""
import datetime
import math
import re
from dataclasses import dataclass

from django.db.models import Max, Min
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.views.decorators.http import require_safe

from gazetteer.conf import kharita_setting

from .api import DEFAULT_COLOR, EVENT_COLORS, event_color
from .facets import event_type_label, filter_choices
from .filters import FILTER_PARAMS, BadQuery, parse_filters
from .maps import explore_map, render_map
from .models import Article, Incident
from .views import bad_request, legend

LAYERS = ("incidents", "heat", "boundaries", "zones", "roads")
DEFAULT_LAYERS = ("incidents",)
DEFAULT_WINDOW = "7d"
WINDOW_RE = re.compile(r"[1-9][0-9]{0,2}[dw]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_ZOOM = 20
EXPORTS = (("geojson", "export_geojson", "GeoJSON"), ("csv", "export_csv", "CSV"),
           ("gpkg", "export_gpkg", "GeoPackage"))


@dataclass(frozen=True)
class MapView:
    """The map page's own URL state: zoom and centre (both or neither), layers, time window end and size."""

    zoom: int = None
    center: tuple = None
    layers: tuple = DEFAULT_LAYERS
    t: str = ""
    window: str = DEFAULT_WINDOW


def without_blanks(params):
    """A copy of the query without empty values: a form sends name= for "any", which means no filter."""
    cleaned = QueryDict(mutable=True)
    for name, values in params.lists():
        kept = [v for v in values if v.strip()]
        if kept:
            cleaned.setlist(name, kept)
    return cleaned


def last_value(params, name):
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    values = [v.strip() for v in values if v is not None and v.strip()]
    return values[-1] if values else None


def parse_zoom(value):
    if not (value.isascii() and value.isdigit()) or len(value) > 2 or int(value) > MAX_ZOOM:
        raise BadQuery(f"z must be an integer from 0 to {MAX_ZOOM}")
    return int(value)


def parse_center(value):
    message = "c must be lat,lon in degrees"
    parts = value.split(",")
    if len(parts) != 2:
        raise BadQuery(message)
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise BadQuery(message) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadQuery(message)
    return lat, lon


def parse_layers(value):
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in LAYERS]
    if unknown or len(names) > len(LAYERS):
        raise BadQuery(f"layers must be a comma list of: {', '.join(LAYERS)}")
    return tuple(dict.fromkeys(names))


def parse_day(name, value):
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadQuery(f"{name} must be a date written YYYY-MM-DD") from None


def parse_view(params):
    """The MapView of a page URL's z, c, layers, t and w parameters; BadQuery when one is malformed."""
    raw = {name: last_value(params, name) for name in ("z", "c", "layers", "t", "w")}
    zoom = parse_zoom(raw["z"]) if raw["z"] is not None else None
    center = parse_center(raw["c"]) if raw["c"] is not None else None
    if (zoom is None) != (center is None):
        raise BadQuery("z and c go together: give both or neither")
    layers = parse_layers(raw["layers"]) if raw["layers"] is not None else DEFAULT_LAYERS
    if "layers" in params and raw["layers"] is None:
        layers = ()  # an explicit empty list: every layer switched off
    t = parse_day("t", raw["t"]) if raw["t"] is not None else ""
    window = raw["w"] or DEFAULT_WINDOW
    if not WINDOW_RE.fullmatch(window):
        raise BadQuery("w must be a window such as 7d (days) or 2w (weeks), 1 to 999")
    return MapView(zoom=zoom, center=center, layers=layers, t=t, window=window)


def selected_values(params):
    """{filter name: [raw values]} of the request (already validated), blanks left out, for the form."""
    out = {}
    for spec in FILTER_PARAMS:
        values = params.getlist(spec.name) if hasattr(params, "getlist") else []
        out[spec.name] = [v.strip() for v in values if v.strip()]
    return out


def with_selected(choices, selected):
    """[{value, count}] plus a zero-count entry for every selected value the data lacks (so it stays selected)."""
    present = {c["value"] for c in choices}
    return list(choices) + [{"value": v, "count": 0} for v in selected if v not in present]


def type_options(choices, selected):
    """Every ACLED type (count 0 when absent), then other types found, then selected unknown ones."""
    found = {t["value"]: t for t in choices["types"]}
    out = []
    for value in list(EVENT_COLORS) + [t for t in found if t not in EVENT_COLORS]:
        item = found.get(value, {"value": value, "count": 0, "sub_types": []})
        out.append({**item, "label": event_type_label(value), "color": event_color(value)})
    known = {t["value"] for t in out}
    out += [{"value": v, "label": v, "count": 0, "sub_types": [], "color": DEFAULT_COLOR}
            for v in selected["type"] if v not in known]
    return out


def sub_type_groups(types, selected):
    """[(type label, [{value, count}])] for the sub-type list; selected unknown sub-types in a last group."""
    groups = [(t["label"], t["sub_types"]) for t in types if t["sub_types"]]
    known = {s["value"] for _, subs in groups for s in subs}
    extra = [{"value": v, "count": 0} for v in selected["sub_type"] if v not in known]
    if extra:
        groups.append((_t("Other"), extra))
    return groups


def data_extent(incident_filter):
    """[min_lon, min_lat, max_lon, max_lat] of the filtered incidents with a geometry, or None."""
    qs = incident_filter.apply(Incident.objects.exclude(geometry__isnull=True)).order_by()
    box = qs.aggregate(a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat"))
    values = [box["a"], box["b"], box["c"], box["d"]]
    return values if all(v is not None for v in values) else None


def window_query(params, incident_filter, view):
    """The query of the filters the map shows (for exports): the time window ending on `t` narrows from/to;
    a page's bbox only sets the first view, so it is left out."""
    narrowed = params.copy()
    narrowed.pop("bbox", None)
    if view.t:
        end = datetime.date.fromisoformat(view.t)
        if incident_filter.date_to and end > incident_filter.date_to:
            end = incident_filter.date_to
        if incident_filter.date_from and end < incident_filter.date_from:
            end = incident_filter.date_from
        size = int(view.window[:-1]) * (7 if view.window.endswith("w") else 1)
        start = end - datetime.timedelta(days=size - 1)
        if incident_filter.date_from and start < incident_filter.date_from:
            start = incident_filter.date_from
        narrowed.setlist("from", [start.isoformat()])
        narrowed.setlist("to", [end.isoformat()])
    return parse_filters(narrowed).to_query()


def explore_config(view, incident_filter, choices):
    """What static/kharita/explore.js needs: API URLs, colours, labels, the view state and date range."""
    return {
        "urls": {"clusters": reverse("incident_clusters"), "incidents": reverse("incidents_geojson"),
                 "timeline": reverse("incident_timeline"), "places": reverse("places_geojson")},
        "colors": dict(EVENT_COLORS),
        "labels": {name: event_type_label(name) for name in EVENT_COLORS},
        "layers": list(view.layers),
        "t": view.t,
        "w": view.window,
        "view_given": view.zoom is not None,
        # No view in the URL: show a given bbox, else every filtered incident.
        "fit": None if view.zoom is not None else (list(incident_filter.bbox or ()) or data_extent(incident_filter)),
        "date_min": choices["date_min"],
        "date_max": choices["date_max"],
    }


@require_safe
def home(request):
    """The map of incidents: every filter, the view and the layers come from (and go back to) the URL."""
    params = without_blanks(request.GET)
    try:
        incident_filter = parse_filters(params)
        view = parse_view(request.GET)
    except BadQuery as exc:
        return bad_request(request, _t("This map link has a value that cannot be used: %(error)s")
                           % {"error": exc})
    choices = filter_choices()
    selected = selected_values(params)
    types = type_options(choices, selected)
    config = explore_config(view, incident_filter, choices)
    center = view.center or kharita_setting("MAP_CENTER")
    zoom = view.zoom if view.zoom is not None else kharita_setting("MAP_ZOOM")
    canonical = Incident.objects.filter(merged_into__isnull=True)
    query = window_query(params, incident_filter, view)
    context = {
        "map": render_map(explore_map(config, center, zoom)),
        "legend": legend(),
        "default_color": DEFAULT_COLOR,
        "incident_count": canonical.count(),
        "mapped_count": canonical.exclude(geometry__isnull=True).count(),
        "article_count": Article.objects.count(),
        "choices": choices,
        "types": types,
        "sub_type_groups": sub_type_groups(types, selected),
        "actors": with_selected(choices["actors"], selected["actor"]),
        "governorates": with_selected(choices["governorates"], selected["governorate"]),
        "outlets": with_selected(choices["outlets"], selected["outlet"]),
        "selected": selected,
        "view": view,
        "layers": [(name, name in view.layers) for name in LAYERS],
        "window_size": int(view.window[:-1]),
        "window_unit": view.window[-1],
        "exports": [(ext, reverse(name), label, reverse(name) + ("?" + query if query else ""))
                    for ext, name, label in EXPORTS],
    }
    return render(request, "mapper/home.html", context)
