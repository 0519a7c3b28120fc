"""Read-only JSON API: incidents as paginated GeoJSON, their timeline and filter facets; an event reported by
several articles is one feature with its `sources`."""
import datetime
import functools
import json

import numpy as np
from django.db.models import Count
from django.http import HttpResponse
from django.urls import get_script_prefix, reverse
from django.views.decorators.http import require_safe

from .facets import cube_choices, faceted_choices
from .filters import (BUCKET, FACET_COUNTS, LIMIT, OFFSET, BadQuery, filtered_incidents, filtered_queryset,
                      parse_bbox, parse_filters, read_param)
from .incident_cube import current_cube
from .models import Article, Incident

# These live in mapper.filters; older callers import them from here.
REEXPORTED = (BadQuery, filtered_incidents, parse_bbox)

# ACLED event types and the colour each one is drawn in (maps, legend, popups).
EVENT_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#e6ab02",
    "Strategic developments": "#1f77b4",
}
DEFAULT_COLOR = "#7f7f7f"

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
GEOJSON = "application/geo+json; charset=utf-8"
JSON = "application/json; charset=utf-8"
DEFAULT_LIMIT = 1000
FEATURE_COLUMNS = ("id", "event_type", "sub_event_type", "actors", "date", "time_precision", "location_name",
                   "geometry", "lon", "lat", "precision", "uncertainty_km", "evidence_text", "attributed_to",
                   "certainty", "alleged", "historical", "fatalities", "governorate", "outlet", "synthetic",
                   "merged_into_id", "external_id", "article_id", "article__title", "article__source",
                   "article__url")
# What a feature's `sources` needs of a report that is not in the page (its article is read apart).
REPORT_COLUMNS = ("id", "merged_into_id", "article_id", "outlet", "external_id")


def json_response(data, status=200, content_type=JSON):
    """UTF-8 JSON with Arabic written as is."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return HttpResponse(body, status=status, content_type=content_type)


def api_view(view):
    """A GET/HEAD-only JSON endpoint whose BadQuery becomes 400 {"error": message}."""
    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadQuery as exc:
            return json_response({"error": str(exc)}, status=400)
    return wrapper


def event_color(event_type):
    """The display colour of an ACLED event type (grey when unknown)."""
    return EVENT_COLORS.get(event_type, DEFAULT_COLOR)


def valid_geometry(geometry):
    """True for a GeoJSON geometry object Leaflet can draw."""
    return (isinstance(geometry, dict) and geometry.get("type") in GEOMETRY_TYPES
            and isinstance(geometry.get("coordinates"), list))


def feature_geometry(row):
    """The incident's geometry, or its representative point when the stored one is unusable."""
    if valid_geometry(row["geometry"]):
        return row["geometry"]
    if row["lon"] is not None and row["lat"] is not None:
        return {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
    return None


def actor_list(actors):
    """The stored actors as a list of {name, role} dicts."""
    out = []
    for actor in actors if isinstance(actors, list) else []:
        if isinstance(actor, dict):
            out.append({"name": str(actor.get("name", "")), "role": str(actor.get("role", ""))})
        elif isinstance(actor, str):
            out.append({"name": actor, "role": ""})
    return out


@functools.lru_cache(maxsize=8)
def _article_path_template(script_prefix):
    return reverse("article_detail", args=[987654321]).replace("987654321", "{}")


def article_path(article_id):
    """/articles/<id>/ (the URL pattern is resolved once)."""
    return _article_path_template(get_script_prefix()).format(article_id)


def feature_rows(qs, extra=()):
    """The columns incident_feature reads, as dicts (no model instances: a page of 5000 stays cheap)."""
    return qs.values(*FEATURE_COLUMNS, *extra)


def event_reports(rows):
    """{canonical id: [its report, then each merged duplicate by id]} for the events of `rows`. A canonical
    row is its own report; the other reports and their articles take a few queries, however many rows."""
    reports = {row["id"]: [row] for row in rows if row["merged_into_id"] is None}
    missing = {row["merged_into_id"] for row in rows if row["merged_into_id"] is not None} - set(reports)
    others = list(Incident.objects.filter(id__in=missing).values(*REPORT_COLUMNS)) if missing else []
    for report in others:
        reports[report["id"]] = [report]
    if reports:
        # Ids first, from the merged_into index alone: asking for more columns, a join or an order can make
        # SQLite (with ANALYZE statistics, where the many NULLs look like one huge value) scan the table.
        duplicate_ids = list(Incident.objects.filter(merged_into_id__in=list(reports)).order_by()
                             .values_list("id", flat=True))
        duplicates = sorted(Incident.objects.filter(id__in=duplicate_ids).values(*REPORT_COLUMNS),
                            key=lambda r: r["id"]) if duplicate_ids else []
        for report in duplicates:
            reports[report["merged_into_id"]].append(report)
        others += duplicates
    article_ids = {r["article_id"] for r in others if r["article_id"]}
    if article_ids:
        articles = {a["id"]: a for a in Article.objects.filter(id__in=article_ids).values("id", "title", "source", "url")}
        for report in others:
            article = articles.get(report["article_id"], {})
            report.update(article__title=article.get("title"), article__source=article.get("source"),
                          article__url=article.get("url"))
    return reports


def source_list(reports):
    """The sources of an event, one per article; a report without an article (a loaded dataset's record)
    is listed by its outlet."""
    out, seen = [], set()
    for report in reports:
        article_id = report["article_id"]
        key = ("article", article_id) if article_id else ("record", report["outlet"], report["external_id"])
        if key in seen or (not article_id and not (report["outlet"] or report["external_id"])):
            continue
        seen.add(key)
        if article_id:
            out.append({"article_id": article_id, "title": report["article__title"],
                        "outlet": report["article__source"], "url": report["article__url"],
                        "article_url": article_path(article_id)})
        else:
            out.append({"article_id": None, "title": "", "outlet": report["outlet"], "url": "",
                        "article_url": None, "external_id": report["external_id"]})
    return out


def incident_feature(row, reports):
    """One GeoJSON Feature for an incident row (feature_rows) with its event's reports (event_reports)."""
    article_id = row["article_id"]
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": feature_geometry(row),
        "properties": {
            "id": row["id"],
            "event_type": row["event_type"],
            "sub_event_type": row["sub_event_type"],
            "actors": actor_list(row["actors"]),
            "date": row["date"].isoformat() if row["date"] else None,
            "time_precision": row["time_precision"],
            "location_name": row["location_name"],
            "precision": row["precision"],
            "uncertainty_km": row["uncertainty_km"],
            "evidence": row["evidence_text"],
            "attributed_to": row["attributed_to"],
            "certainty": row["certainty"],
            "alleged": row["alleged"],
            "historical": row["historical"],
            "fatalities": row["fatalities"],
            "governorate": row["governorate"],
            "outlet": row["outlet"],
            "synthetic": row["synthetic"],
            "article_id": article_id,
            "article_url": article_path(article_id) if article_id else None,
            "article_title": row["article__title"] if article_id else None,
            "color": event_color(row["event_type"]),
            "merged_into": row["merged_into_id"],
            "sources": source_list(reports.get(row["merged_into_id"] or row["id"], [])),
            "cluster": False,
        },
    }


def features_of(qs):
    """Features of the incidents of `qs` that have a drawable geometry: a few queries, however many."""
    return features_from_rows(list(feature_rows(qs)))


def features_from_rows(rows):
    reports = event_reports(rows)
    features = (incident_feature(row, reports) for row in rows)
    return [f for f in features if f["geometry"] is not None]


def features_by_ids(ids):
    """Features of the incidents with these ids, in the order given (a few queries, however many)."""
    if not ids:
        return []
    rows = {row["id"]: row for row in feature_rows(Incident.objects.filter(id__in=ids).order_by())}
    return features_from_rows([rows[i] for i in ids if i in rows])


def cube_selection(params):
    """(the current incident cube, the mask of the rows the filters in params keep)."""
    incident_filter = parse_filters(params)
    cube = current_cube()
    return cube, cube.mask(incident_filter)


def incident_page(params, limit, offset, use_cube=True):
    """(total, features) of one page of the filtered incidents in API order; from the incident cube (ids, then
    the page's rows by id), or with use_cube=False from the database alone (the same page)."""
    if use_cube:
        cube, keep = cube_selection(params)
        ordered = cube.ids_in_order(keep)
        return len(ordered), features_by_ids(ordered[offset:offset + limit].tolist())
    incidents = filtered_queryset(params)
    rows = list(feature_rows(incidents[offset:offset + limit]))
    # A short page tells the total without counting (map views of a small area mostly are one).
    total = offset + len(rows) if rows and len(rows) < limit or not offset and not rows else incidents.count()
    return total, features_from_rows(rows)


def page_url(request, offset):
    """The absolute URL of this request with another offset."""
    params = request.GET.copy()
    params["offset"] = str(offset)
    return request.build_absolute_uri(request.path + "?" + params.urlencode())


@api_view
def incidents_geojson(request):
    """GET /api/incidents.geojson?<filters>&limit=&offset= → a page of the filtered incidents, newest first."""
    limit = read_param(request.GET, LIMIT, DEFAULT_LIMIT)
    offset = read_param(request.GET, OFFSET, 0)
    total, features = incident_page(request.GET, limit, offset)
    return json_response({
        "type": "FeatureCollection", "total": total, "limit": limit, "offset": offset,
        "next": page_url(request, offset + limit) if offset + limit < total else None,
        "features": features,
    }, content_type=GEOJSON)


def period_start(day, bucket):
    """The first day of the day, ISO week (Monday) or month holding `day`."""
    if bucket == "week":
        return day - datetime.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def next_period(period, bucket):
    """The first day of the period after `period`."""
    if bucket == "day":
        return period + datetime.timedelta(days=1)
    if bucket == "week":
        return period + datetime.timedelta(days=7)
    return (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def period_series(counts, bucket):
    """[{period, count}] from the first to the last period of {period: count}, empty periods as 0."""
    series = []
    if counts:
        period, last = min(counts), max(counts)
        while period <= last:
            series.append({"period": period.isoformat(), "count": counts.get(period, 0)})
            period = next_period(period, bucket)
    return series


def timeline_series(qs, bucket):
    """([{period, count}] from the first to the last period holding an incident, empty periods as 0; the
    number of undated incidents). The database counts per date (a native GROUP BY); dates fold into periods here."""
    counts, undated = {}, 0
    for day, n in qs.order_by().values_list("date").annotate(n=Count("id")):
        if day is None:
            undated += n
            continue
        period = period_start(day, bucket)
        counts[period] = counts.get(period, 0) + n
    return period_series(counts, bucket), undated


def day_table(cube):
    """(the cube's distinct day ordinals, each row's index into them): dates counted with one bincount."""
    return np.unique(cube.day, return_inverse=True)


def period_table(cube, bucket):
    """(the distinct period starts of the cube's dates, sorted; for each distinct day the index of its period,
    -1 for undated)."""
    days, _ = cube.memo("days", lambda: day_table(cube))
    starts = [period_start(datetime.date.fromordinal(d), bucket) if d > 0 else None for d in days.tolist()]
    periods = sorted(set(starts) - {None})
    index = {period: i for i, period in enumerate(periods)}
    return periods, np.array([index.get(p, -1) for p in starts], dtype=np.int64)


def cube_timeline(cube, keep, bucket):
    """timeline_series of the rows `keep` selects in an incident cube."""
    days, row_day = cube.memo("days", lambda: day_table(cube))
    periods, period_of_day = cube.memo(("periods", bucket), lambda: period_table(cube, bucket))
    per_day = np.bincount(row_day.ravel()[keep], minlength=len(days))
    dated = period_of_day >= 0
    undated = int(per_day[~dated].sum())
    per_period = np.bincount(period_of_day[dated], weights=per_day[dated], minlength=len(periods))
    counts = {periods[i]: int(per_period[i]) for i in np.flatnonzero(per_period).tolist()}
    return period_series(counts, bucket), undated


@api_view
def incident_timeline(request):
    """GET /api/timeline.json?<filters>&bucket=day|week|month → incident counts per period."""
    bucket = read_param(request.GET, BUCKET, "month")
    series, undated = cube_timeline(*cube_selection(request.GET), bucket)
    total = sum(item["count"] for item in series) + undated
    return json_response({"bucket": bucket, "series": series, "total": total, "undated": undated})


@api_view
def incident_facets(request):
    """GET /api/facets.json?<filters>&facet_counts=filtered|others → the choices of every filter with counts in
    the filtered set, or (others) each facet's counts under every other filter (mapper.facets.faceted_choices)."""
    if read_param(request.GET, FACET_COUNTS, "filtered") == "others":
        return json_response(faceted_choices(current_cube(), parse_filters(request.GET)))
    return json_response(cube_choices(*cube_selection(request.GET)))
