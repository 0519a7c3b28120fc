"""The incident filter contract: one table of query parameter specs that validates requests and feeds the OpenAPI schema."""
import datetime
import math
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, Max, Min, Q, Value

from gazetteer.models import Place

from .incident_fields import actor_filter_value, search_key
from .models import Incident
from .place_incidents import incidents_near

MAX_Q_LENGTH = 200
MAX_VALUES = 50  # repeats of one parameter
EXTENT_TTL = 60.0
MAX_NEAR_IDS = 20_000  # an id list this long stays within SQLite's and PostgreSQL's bound parameters
INDEX_SHARE = 0.15  # above this share of the incidents' extent a table scan beats the extent index
_extent = {"value": None, "at": 0.0}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class BadQuery(ValueError):
    """A query parameter that cannot be used; its message is shown to the client."""


# ---- value parsers: each takes one raw string and returns the typed value or raises BadQuery ----

def parse_positive_id(name):
    def parse(value):
        if not (value.isascii() and value.isdigit()) or len(value) > 18 or int(value) < 1:
            raise BadQuery(f"{name} must be a positive integer id")
        return int(value)
    return parse


def parse_text(name, max_length):
    def parse(value):
        value = value.strip()
        if not value or len(value) > max_length:
            raise BadQuery(f"{name} must be a non-empty value of at most {max_length} characters")
        return value
    return parse


def parse_date(name):
    def parse(value):
        try:
            if not ISO_DATE.fullmatch(value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise BadQuery(f"{name} must be a date written YYYY-MM-DD") from None
    return parse


def parse_int_range(name, low, high):
    def parse(value):
        value = value.strip()
        if not (value.isascii() and value.isdigit()) or len(value) > 9 or not low <= int(value) <= high:
            raise BadQuery(f"{name} must be an integer from {low} to {high}")
        return int(value)
    return parse


def parse_choice(name, choices):
    def parse(value):
        if value not in choices:
            raise BadQuery(f"{name} must be one of: {', '.join(choices)}")
        return value
    return parse


def parse_certainty(value):
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and 0 <= number <= 1):
        raise BadQuery("certainty_min must be a number from 0 to 1")
    return number


def parse_query_text(value):
    if len(value) > MAX_Q_LENGTH:
        raise BadQuery(f"q must be at most {MAX_Q_LENGTH} characters")
    return value.strip()


def parse_floats(value, count, message):
    """`count` finite numbers from a comma list; BadQuery(message) otherwise."""
    parts = value.split(",")
    if len(parts) != count:
        raise BadQuery(message)
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        raise BadQuery(message) from None
    if not all(math.isfinite(v) for v in numbers):
        raise BadQuery(message)
    return numbers


def parse_bbox(value):
    """(min_lon, min_lat, max_lon, max_lat) from 'minlon,minlat,maxlon,maxlat'."""
    message = "bbox must be minlon,minlat,maxlon,maxlat in degrees with min <= max"
    box = parse_floats(value, 4, message)
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise BadQuery(message)
    return box


@dataclass(frozen=True)
class ParamSpec:
    """One query parameter: how it is parsed and how the OpenAPI schema describes it."""

    name: str
    parse: object
    description: str
    schema: dict
    repeatable: bool = False
    blank_is_absent: bool = False  # form fields submit empty values for "any"
    example: object = None


def _string(max_length):
    return {"type": "string", "minLength": 1, "maxLength": max_length}


FILTER_PARAMS = (
    ParamSpec("from", parse_date("from"), "First date (inclusive), YYYY-MM-DD; empty means open.",
              {"type": "string", "format": "date"}, blank_is_absent=True),
    ParamSpec("to", parse_date("to"), "Last date (inclusive), YYYY-MM-DD; empty means open.",
              {"type": "string", "format": "date"}, blank_is_absent=True),
    ParamSpec("type", parse_text("type", 60), "ACLED event_type; repeat for any of several.",
              _string(60), repeatable=True),
    ParamSpec("sub_type", parse_text("sub_type", 80), "ACLED sub_event_type; repeatable.",
              _string(80), repeatable=True),
    ParamSpec("actor", parse_text("actor", 200), "Canonical actor name (exact); repeatable.",
              _string(200), repeatable=True),
    ParamSpec("governorate", parse_text("governorate", 100), "Governorate (English name); repeatable.",
              _string(100), repeatable=True),
    ParamSpec("precision", parse_int_range("precision", 1, 3), "ACLED geo precision 1, 2 or 3; repeatable.",
              {"type": "integer", "enum": [1, 2, 3]}, repeatable=True),
    ParamSpec("outlet", parse_text("outlet", 200), "News outlet (exact); repeatable.",
              _string(200), repeatable=True),
    ParamSpec("certainty_min", parse_certainty, "Only incidents with certainty at least this (0..1).",
              {"type": "number", "minimum": 0, "maximum": 1}, blank_is_absent=True),
    ParamSpec("q", parse_query_text, "Free text in any Arabic spelling or English; every word must match.",
              {"type": "string", "maxLength": MAX_Q_LENGTH}, blank_is_absent=True),
    ParamSpec("bbox", parse_bbox, "minlon,minlat,maxlon,maxlat: incidents whose extent intersects it.",
              {"type": "string", "pattern": r"^[-0-9.eE+]+(,[-0-9.eE+]+){3}$"}, example="35.5,32.3,42.4,37.4"),
    ParamSpec("article", parse_positive_id("article"),
              "Article id: that article's own incidents, merged ones included.", {"type": "integer", "minimum": 1},
              blank_is_absent=True),
    ParamSpec("synthetic", parse_choice("synthetic", ("0", "1")),
              "0 excludes synthetic (load-test) incidents, 1 keeps only them; absent or empty keeps all.",
              {"type": "string", "enum": ["0", "1", ""]}, blank_is_absent=True),
    ParamSpec("place", parse_positive_id("place"),
              "Place id: incidents at or near that place, as its page lists them (in its area, or within "
              "max(5 km, its uncertainty) of a point or line).",
              {"type": "integer", "minimum": 1}, blank_is_absent=True),
)

# Parameters of single endpoints, validated and documented the same way.
LIMIT = ParamSpec("limit", parse_int_range("limit", 1, 5000), "Page size (default 1000, at most 5000).",
                  {"type": "integer", "minimum": 1, "maximum": 5000, "default": 1000})
OFFSET = ParamSpec("offset", parse_int_range("offset", 0, 10 ** 9), "Number of results to skip.",
                   {"type": "integer", "minimum": 0, "default": 0})
ZOOM = ParamSpec("zoom", parse_int_range("zoom", 0, 20), "Map zoom level 0..20 (sets the grid cell size).",
                 {"type": "integer", "minimum": 0, "maximum": 20}, example=7)
FACET_COUNTS = ParamSpec(
    "facet_counts", parse_choice("facet_counts", ("filtered", "others")),
    "filtered: every count is of the filtered set. others (faceted search): each of types, sub-types, actors, "
    "governorates and outlets is counted over the incidents matching every other filter, its own selection "
    "left out, so choosing one value keeps its neighbours' counts. total and the dates are of the filtered set.",
    {"type": "string", "enum": ["filtered", "others"], "default": "filtered"})
BUCKET = ParamSpec("bucket", parse_choice("bucket", ("day", "week", "month")), "Length of a timeline period.",
                   {"type": "string", "enum": ["day", "week", "month"], "default": "month"})


def _values(params, name):
    """Every value of one parameter from a QueryDict or a plain dict (str or list values)."""
    if hasattr(params, "getlist"):
        return params.getlist(name)
    value = params.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def read_param(params, spec, default=None):
    """The parsed value of a parameter (a tuple of values when repeatable); `default` when absent."""
    raw = _values(params, spec.name)
    if any("\x00" in value for value in raw):  # PostgreSQL refuses NUL in text: say so before it fails
        raise BadQuery(f"{spec.name} must not contain NUL characters")
    if spec.blank_is_absent:
        raw = [v for v in raw if v.strip()]
    if not raw:
        return () if spec.repeatable else default
    if spec.repeatable:
        if len(raw) > MAX_VALUES:
            raise BadQuery(f"{spec.name} may be given at most {MAX_VALUES} times")
        parsed = []
        for value in raw:
            value = spec.parse(value)
            if value not in parsed:
                parsed.append(value)
        return tuple(sorted(parsed))
    return spec.parse(raw[-1])


def incident_extent():
    """(min_lon, min_lat, max_lon, max_lat) of every incident, recomputed at most every EXTENT_TTL seconds
    (a planning hint only: a stale value can slow a query, never change its result)."""
    now = time.monotonic()
    if _extent["value"] is None or now - _extent["at"] > EXTENT_TTL:
        box = Incident.objects.aggregate(a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat"))
        _extent["value"] = None if None in box.values() else (box["a"], box["b"], box["c"], box["d"])
        _extent["at"] = now
    return _extent["value"]


def extent_share(bbox, extent):
    """The share of the incidents' extent that `bbox` covers (1 when the extent is unknown or a point)."""
    if extent is None:
        return 1.0
    width, height = extent[2] - extent[0], extent[3] - extent[1]
    if width <= 0 or height <= 0:
        return 1.0
    overlap_w = max(0.0, min(bbox[2], extent[2]) - max(bbox[0], extent[0]))
    overlap_h = max(0.0, min(bbox[3], extent[3]) - max(bbox[1], extent[1]))
    return overlap_w * overlap_h / (width * height)


def bbox_filter(qs, bbox):
    """Incidents whose extent intersects `bbox`. The extent index pays off only for a view holding few of
    them: for a wide view its bound is written as an expression, so the database scans the table instead
    of looking most rows up through the index one by one (about twice as slow on SQLite)."""
    min_lon, min_lat, max_lon, max_lat = bbox
    qs = qs.filter(max_lon__gte=min_lon, max_lat__gte=min_lat, min_lat__lte=max_lat)
    if extent_share(bbox, incident_extent()) > INDEX_SHARE:
        return qs.alias(scan_min_lon=F("min_lon") + Value(0.0)).filter(scan_min_lon__lte=max_lon)
    return qs.filter(min_lon__lte=max_lon)


@dataclass(frozen=True)
class IncidentFilter:
    """Validated incident filters; `apply` narrows a queryset, `to_query` writes them back as a URL query."""

    date_from: datetime.date = None
    date_to: datetime.date = None
    types: tuple = ()
    sub_types: tuple = ()
    actors: tuple = ()
    governorates: tuple = ()
    precisions: tuple = ()
    outlets: tuple = ()
    certainty_min: float = None
    q: str = ""
    bbox: tuple = None
    article: int = None
    synthetic: bool = None
    place: int = None
    place_bbox: tuple = field(default=None, compare=False)
    place_near: tuple = field(default=None, compare=False)  # ids of incidents at or near `place`

    @property
    def q_terms(self):
        """The normalised words of `q`, each of which must occur in an incident's search text."""
        return tuple(dict.fromkeys(search_key(self.q).split()))

    def apply(self, qs):
        """`qs` narrowed by every active filter; canonical incidents only unless filtering by article."""
        if self.article is not None:
            qs = qs.filter(article_id=self.article)
        else:
            qs = qs.filter(merged_into__isnull=True)
        if self.date_from:
            qs = qs.filter(date__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(date__lte=self.date_to)
        for values, lookup in ((self.types, "event_type__in"), (self.sub_types, "sub_event_type__in"),
                               (self.governorates, "governorate__in"), (self.outlets, "outlet__in"),
                               (self.precisions, "precision__in")):
            if values:
                qs = qs.filter(**{lookup: values})
        qs = self.text_match(qs)
        if self.certainty_min is not None:
            qs = qs.filter(certainty__gte=self.certainty_min)
        if self.bbox:
            qs = bbox_filter(qs, self.bbox)
        if self.synthetic is not None:
            qs = qs.filter(synthetic=self.synthetic)
        if self.place is not None:
            match = Q(place_id=self.place)
            if self.place_near is not None:  # the place page's own "at or near" set, so map and list agree
                match |= Q(pk__in=self.place_near)
            elif self.place_bbox:  # a filter built by hand, or a place with very many incidents near it
                min_lon, min_lat, max_lon, max_lat = self.place_bbox
                match |= Q(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat)
            qs = qs.filter(match)
        return qs

    def text_match(self, qs):
        """`qs` narrowed by the actor and `q` filters alone: substring matches, which the database's LIKE
        decides (its case folding differs between SQLite and PostgreSQL, so the incident cube asks it too)."""
        if self.actors:
            match = Q()
            for name in self.actors:
                match |= Q(actor_index__contains=actor_filter_value(name))
            qs = qs.filter(match)
        for term in self.q_terms:
            qs = qs.filter(search_text__contains=term)
        return qs

    def to_pairs(self):
        """[(parameter, value)] of the active filters in the canonical order of FILTER_PARAMS."""
        values = {
            "from": self.date_from and self.date_from.isoformat(),
            "to": self.date_to and self.date_to.isoformat(),
            "type": self.types, "sub_type": self.sub_types, "actor": self.actors,
            "governorate": self.governorates, "precision": tuple(str(p) for p in self.precisions),
            "outlet": self.outlets,
            "certainty_min": None if self.certainty_min is None else repr(self.certainty_min),
            "q": self.q or None,
            "bbox": self.bbox and ",".join(repr(v) for v in self.bbox),
            "article": self.article and str(self.article),
            "synthetic": None if self.synthetic is None else str(int(self.synthetic)),
            "place": self.place and str(self.place),
        }
        pairs = []
        for spec in FILTER_PARAMS:
            value = values[spec.name]
            if isinstance(value, tuple):
                pairs += [(spec.name, v) for v in sorted(value)]
            elif value:
                pairs.append((spec.name, value))
        return pairs

    def to_query(self):
        """The canonical URL query string of the active filters ('' when none)."""
        return urlencode(self.to_pairs())

    @property
    def is_empty(self):
        return not self.to_pairs()


def parse_filters(params):
    """Validate the filter parameters of a request (QueryDict or dict) into an IncidentFilter."""
    read = {spec.name: read_param(params, spec) for spec in FILTER_PARAMS}
    if read["from"] and read["to"] and read["from"] > read["to"]:
        raise BadQuery("from must not be after to")
    place_bbox = place_near = None
    if read["place"] is not None:
        place = Place.objects.filter(pk=read["place"]).first()
        if place is None:
            raise BadQuery(f"unknown place {read['place']}")
        place_bbox = (place.min_lon, place.min_lat, place.max_lon, place.max_lat)
        near = incidents_near(place).ids
        if len(near) <= MAX_NEAR_IDS:
            place_near = tuple(near)
    return IncidentFilter(
        date_from=read["from"], date_to=read["to"], types=read["type"], sub_types=read["sub_type"],
        actors=read["actor"], governorates=read["governorate"], precisions=read["precision"],
        outlets=read["outlet"], certainty_min=read["certainty_min"], q=read["q"] or "", bbox=read["bbox"],
        article=read["article"],
        synthetic=None if read["synthetic"] is None else read["synthetic"] == "1",
        place=read["place"], place_bbox=place_bbox, place_near=place_near,
    )


ORDERING = (F("date").desc(nulls_last=True), F("id").desc())


def filtered_queryset(params):
    """The filtered incidents that have a geometry, in API order, without related rows (for counts and grouping)."""
    return parse_filters(params).apply(Incident.objects.exclude(geometry__isnull=True)).order_by(*ORDERING)


def filtered_incidents(params):
    """The filtered incidents with a geometry as model instances, their article and place joined."""
    return filtered_queryset(params).select_related("article", "place")
