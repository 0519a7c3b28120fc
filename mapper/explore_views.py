"""The incident map page (explore): filters, time slider, clusters, layers, legend and a synced list."""
import datetime
import json
import math
import re
import uuid
from dataclasses import dataclass

from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _t
from django.views.decorators.http import require_safe

from gazetteer.conf import kharita_setting

from .api import DEFAULT_COLOR, EVENT_COLORS, event_color
from .clusters import FEATURES_UP_TO, cube_cells
from .facets import event_type_label, faceted_choices, filter_choices
from .filters import FILTER_PARAMS, BadQuery, parse_filters, parse_floats
from .incident_cube import current_cube
from .maps import explore_assets, explore_map, render_map
from .models import Article
from .views import bad_request, legend

LAYERS = ("incidents", "heat", "boundaries", "zones", "roads")
DEFAULT_LAYERS = ("incidents",)
DEFAULT_WINDOW = "7d"
WINDOW_RE = re.compile(r"[1-9][0-9]{0,2}[dw]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_ZOOM = 20
EXPORTS = (("geojson", "export_geojson", "GeoJSON"), ("csv", "export_csv", "CSV"),
           ("gpkg", "export_gpkg", "GeoPackage"))
FIT_MAX_ZOOM = 11  # explore.js fits the data at most this close
FIT_PADDING = 60  # px: 30 on each side
GRID_MAP_SIZE = (2560, 1600)  # px: the largest map the first-render grid is fine enough for
GRID_MAX_CELLS = 3000


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
    lat, lon = parse_floats(value, 2, message)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
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


def recounted(options, counts):
    """`options` [{value, count[, sub_types]}] in their order with the counts of `counts` (0 when absent there;
    sub-types likewise), then any value only `counts` has."""
    by_value = {c["value"]: c for c in counts}
    out = []
    for option in options:
        counted = by_value.get(option["value"], {})
        item = {**option, "count": counted.get("count", 0)}
        if "sub_types" in option:
            item["sub_types"] = recounted(option["sub_types"], counted.get("sub_types", []))
        out.append(item)
    known = {option["value"] for option in options}
    return out + [c for c in counts if c["value"] not in known]


def faceted_options(choices, faceted):
    """The filter form's options: every choice of the database (`choices`, in its order, so options keep
    their place as the filters change) with its faceted count (mapper.facets.faceted_choices)."""
    return {name: recounted(choices[name], faceted[name]) for name in ("types", "actors", "governorates", "outlets")}


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
    """[(type label, type value, [{value, count}])] for the sub-type list; selected unknown sub-types in a
    last group (of no type)."""
    groups = [(t["label"], t["value"], t["sub_types"]) for t in types if t["sub_types"]]
    known = {s["value"] for _, _, subs in groups for s in subs}
    extra = [{"value": v, "count": 0} for v in selected["sub_type"] if v not in known]
    if extra:
        groups.append((_t("Other"), "", extra))
    return groups


def data_extent(incident_filter, cube=None):
    """[min_lon, min_lat, max_lon, max_lat] of the filtered incidents with a geometry, or None (from the
    incident cube, remembered per filter while the data stays the same)."""
    cube = cube or current_cube()
    return cube.memo(("extent", incident_filter), lambda: cube.extent(cube.mask(incident_filter)))


def fit_zoom(extent, width, height):
    """The zoom Leaflet's fitBounds (padding FIT_PADDING, maxZoom FIT_MAX_ZOOM) picks for `extent` in a map
    of width × height px: the largest whole zoom at which the extent's Web-Mercator size fits."""
    west, south, east, north = extent

    def mercator_y(lat):
        lat = math.radians(max(-85.0511, min(85.0511, lat)))
        return math.log(math.tan(math.pi / 4 + lat / 2))

    sizes = ((width - FIT_PADDING, (east - west) / 360 * 256),
             (height - FIT_PADDING, (mercator_y(north) - mercator_y(south)) / (2 * math.pi) * 256))
    scales = [room / size for room, size in sizes if size > 0]
    if not scales:
        return FIT_MAX_ZOOM
    return max(0, min(FIT_MAX_ZOOM, math.floor(math.log2(min(scales)))))


def first_grid(cube, incident_filter, view, fit):
    """For a first view that fits every filtered incident: their grid cells at a zoom at least as close as
    any screen's fit (cells nest from zoom to zoom, so explore.js merges them to its own zoom and draws the
    clusters without waiting for the API; the API's exact answer, single incidents included, follows).
    None when the view is not known to hold every incident or the incidents are few enough to draw one by one."""
    if view.zoom is not None or view.t or incident_filter.bbox or not fit or "incidents" not in view.layers:
        return None
    keep = cube.mask(incident_filter)
    total = int(keep.sum())
    if total <= FEATURES_UP_TO:
        return None
    zoom = fit_zoom(fit, *GRID_MAP_SIZE)
    cells = cube_cells(cube, keep, zoom)
    if len(cells) > GRID_MAX_CELLS:
        return None
    types = sorted({name for cell in cells for name in cell["types"]})
    return {"query": incident_filter.to_query(), "zoom": zoom, "total": total, "types": types,
            "cells": [[c["cx"], c["cy"], c["n"], c["sx"], c["sy"], c["min_x"], c["min_y"], c["max_x"], c["max_y"],
                       [c["types"].get(name, 0) for name in types]] for c in cells]}


def window_filter(params, incident_filter, view):
    """The filters the map shows (for exports and the form's counts): the time window ending on `t` narrows
    from/to; a page's bbox only sets the first view, so it is left out."""
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
    return parse_filters(narrowed)


def window_query(params, incident_filter, view):
    """The URL query of window_filter."""
    return window_filter(params, incident_filter, view).to_query()


def explore_config(view, incident_filter, choices, cube=None):
    """What static/kharita/explore.js needs: API URLs, colours, labels, the view state and date range."""
    return {
        "urls": {"clusters": reverse("incident_clusters"), "incidents": reverse("incidents_geojson"),
                 "timeline": reverse("incident_timeline"), "facets": reverse("incident_facets"),
                 "places": reverse("places_geojson")},
        "colors": dict(EVENT_COLORS),
        "labels": {name: event_type_label(name) for name in EVENT_COLORS},
        "layers": list(view.layers),
        "t": view.t,
        "w": view.window,
        "view_given": view.zoom is not None,
        # No view in the URL: show a given bbox, else every filtered incident.
        "fit": None if view.zoom is not None else (list(incident_filter.bbox or ()) or
                                                   data_extent(incident_filter, cube)),
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
    cube = current_cube()
    choices = filter_choices()
    selected = selected_values(params)
    shown = window_filter(params, incident_filter, view)
    query = shown.to_query()
    # Every option of the database, counted as faceted search does under the filters the map shows.
    options = cube.memo(("form_options", shown, get_language()),
                        lambda: faceted_options(choices, faceted_choices(cube, shown)))
    types = type_options(options, selected)
    config = explore_config(view, incident_filter, choices, cube)
    center = view.center or kharita_setting("MAP_CENTER")
    zoom = view.zoom if view.zoom is not None else kharita_setting("MAP_ZOOM")
    grid = cube.memo(("first_grid", incident_filter, view),
                     lambda: first_grid(cube, incident_filter, view, config["fit"]))
    context = {
        # The filter form (hundreds of options with counts) is rendered once per data version and selection.
        "form_cache_key": json.dumps([cube.memo("token", lambda: uuid.uuid4().hex), get_language(), selected,
                                      query], sort_keys=True),
        "counts_query": query,
        "first_grid": grid,
        "map": render_map(explore_map(config, center, zoom)),
        "explore_assets": explore_assets(),
        "legend": legend(),
        "default_color": DEFAULT_COLOR,
        "incident_count": int(cube.canonical.sum()),
        "mapped_count": int((cube.canonical & cube.mapped).sum()),
        "article_count": Article.objects.count(),
        "choices": choices,
        "types": types,
        "sub_type_groups": sub_type_groups(types, selected),
        "actors": with_selected(options["actors"], selected["actor"]),
        "governorates": with_selected(options["governorates"], selected["governorate"]),
        "outlets": with_selected(options["outlets"], selected["outlet"]),
        "selected": selected,
        "view": view,
        "layers": [(name, name in view.layers) for name in LAYERS],
        "window_size": int(view.window[:-1]),
        "window_unit": view.window[-1],
        "exports": [(ext, reverse(name), label, reverse(name) + ("?" + query if query else ""))
                    for ext, name, label in EXPORTS],
    }
    return render(request, "mapper/home.html", context)
