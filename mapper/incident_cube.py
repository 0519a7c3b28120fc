"""An in-process columnar index of the incidents (numpy arrays) that answers the map's filters without a query.

Why: at 50,000+ incidents every map request used to filter, group and sort the table in SQLite (~45 ms of CPU
each). The cube holds the filtered-on columns of every incident in memory (about 150 bytes per incident), so a
filter becomes a boolean mask computed with numpy in well under a millisecond, and clusters, list pages,
timelines and facets are counted from it; only the incidents actually shown are read from the database.

Exactness: every filter is evaluated on the same stored values with the same comparisons as
IncidentFilter.apply (NULLs never match a comparison, floats compared as IEEE doubles). Actor names and the
words of `q` are matched by the database itself (its LIKE folds case differently on SQLite and PostgreSQL):
the ids it matches are intersected with the mask. tests/test_incident_cube.py compares both paths on random
filters.

Staleness: a process sees its own saves and deletes at once (model signals) and every new incident at once
(each call reads the newest id, one index lookup); another process's deletes, merges and saved edits (a
curator changing a type or date) within CHECK_SECONDS (a version query over indexes: row count, newest id,
merge count and sum, latest `updated_at`). Only a bulk `QuerySet.update()` made elsewhere, which leaves
`updated_at` alone, waits until the cube is older than its max age,
max(MAX_AGE_SECONDS, AGE_PER_BUILD_SECOND × its build time), when it is rebuilt anyway: 60 s at 50,000
incidents, so rebuilding costs under 1% of a core. Inside a transaction (tests, scripts) the cube is built for
the call and never shared, since its rows may be rolled back.
"""
import datetime
import threading
import time

import numpy as np
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q, Sum
from django.db.models.signals import post_delete, post_migrate, post_save

from .models import Incident

CHECK_SECONDS = 2.0
MAX_AGE_SECONDS = 60.0
AGE_PER_BUILD_SECOND = 100.0
MEMO_LIMIT = 256  # derived results kept per cube (id sets of text filters, per-zoom cells, choices …)
CODED = ("event_type", "sub_event_type", "governorate", "outlet", "actor_index")
FLOATS = ("lon", "lat", "min_lon", "min_lat", "max_lon", "max_lat", "certainty")
COLUMNS = ("id", "merged_into_id", "article_id", "place_id", "date", "precision", "synthetic", *FLOATS, *CODED)
ROW = COLUMNS + ("mapped",)  # mapped: the incident has a geometry

_lock = threading.Lock()
_state = {"cube": None, "checked": 0.0, "generation": 0}


def _data_changed(**kwargs):
    _state["generation"] += 1


post_save.connect(_data_changed, sender=Incident, dispatch_uid="incident_cube_save")
post_delete.connect(_data_changed, sender=Incident, dispatch_uid="incident_cube_delete")
post_migrate.connect(_data_changed, dispatch_uid="incident_cube_migrate")  # also sent after a flush


def newest_id():
    return Incident.objects.order_by("-id").values_list("id", flat=True).first()


def data_version():
    """What changes when incidents are inserted, deleted, merged or saved (three index-only queries)."""
    rows = Incident.objects.order_by().aggregate(n=Count("id"), top=Max("id"))
    merged = Incident.objects.order_by().aggregate(n=Count("merged_into"), total=Sum("merged_into"))
    saved = Incident.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return rows["n"], rows["top"], merged["n"], merged["total"], saved


class Coded:
    """A text column as integer codes into a table of its distinct values."""

    def __init__(self, values):
        table = {}
        self.codes = np.fromiter((table.setdefault(v or "", len(table)) for v in values), dtype=np.int32,
                                 count=len(values))
        self.values = list(table)
        self.index = table

    def isin(self, wanted):
        """Rows whose value is one of `wanted` (exact string equality)."""
        codes = [self.index[v] for v in wanted if v in self.index]
        if not codes:
            return np.zeros(len(self.codes), dtype=bool)
        if len(codes) == 1:
            return self.codes == codes[0]
        return np.isin(self.codes, codes)


class IncidentCube:
    """The incidents (merged and unmapped ones included) as columns in id order, and `order`: their positions
    in API order (newest date first, undated last, then highest id)."""

    def __init__(self, rows, version=None, generation=None):
        col = dict(zip(ROW, zip(*rows) if rows else [()] * len(ROW)))
        n = len(rows)
        self.size = n
        self.version, self.generation, self.built_at = version, generation, time.monotonic()
        self.max_age = MAX_AGE_SECONDS
        self.ids = np.fromiter(col["id"], dtype=np.int64, count=n)
        self.canonical = np.fromiter((m is None for m in col["merged_into_id"]), dtype=bool, count=n)
        self.mapped = np.fromiter(col["mapped"], dtype=bool, count=n)
        self.article = np.fromiter((a or 0 for a in col["article_id"]), dtype=np.int64, count=n)
        self.place = np.fromiter((p or 0 for p in col["place_id"]), dtype=np.int64, count=n)
        self.day = np.fromiter((d.toordinal() if d else 0 for d in col["date"]), dtype=np.int64, count=n)
        self.dated = self.day > 0
        self.precision = np.fromiter(col["precision"], dtype=np.int64, count=n)
        self.synthetic = np.fromiter(col["synthetic"], dtype=bool, count=n)
        for name in FLOATS:  # NULL becomes NaN, which no comparison matches, as NULL in SQL
            setattr(self, name, np.array(col[name], dtype=np.float64))
        self.coded = {name: Coded(col[name]) for name in CODED}
        # The representative point the clusters use: the stored point, else the middle of the extent, else 0.
        middle_lon, middle_lat = (self.min_lon + self.max_lon) / 2, (self.min_lat + self.max_lat) / 2
        self.px = np.where(np.isnan(self.lon), np.where(np.isnan(middle_lon), 0.0, middle_lon), self.lon)
        self.py = np.where(np.isnan(self.lat), np.where(np.isnan(middle_lat), 0.0, middle_lat), self.lat)
        self.order = np.lexsort((-self.ids, -self.day, ~self.dated))
        self._memo = {}

    @classmethod
    def build(cls, version=None, generation=None):
        """A cube of every incident, read in one query."""
        mapped = ExpressionWrapper(Q(geometry__isnull=False), output_field=BooleanField())
        started = time.monotonic()
        cube = cls(list(Incident.objects.order_by("id").annotate(mapped=mapped).values_list(*ROW)), version,
                   generation)
        cube.max_age = max(MAX_AGE_SECONDS, AGE_PER_BUILD_SECOND * (time.monotonic() - started))
        return cube

    def memo(self, key, compute):
        """compute() once per cube and key (results derived from immutable arrays stay valid with them)."""
        if key not in self._memo:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = compute()
        return self._memo[key]

    def mask(self, incident_filter, mapped=True):
        """The rows IncidentFilter.apply keeps (on incidents with a geometry unless mapped is False)."""
        f = incident_filter
        keep = self.mapped.copy() if mapped else np.ones(self.size, dtype=bool)
        keep &= self.canonical if f.article is None else self.article == f.article
        if f.date_from:
            keep &= self.day >= f.date_from.toordinal()
        if f.date_to:
            keep &= self.dated & (self.day <= f.date_to.toordinal())
        for values, name in ((f.types, "event_type"), (f.sub_types, "sub_event_type"),
                             (f.governorates, "governorate"), (f.outlets, "outlet")):
            if values:
                keep &= self.coded[name].isin(values)
        if f.precisions:
            keep &= np.isin(self.precision, list(f.precisions))
        if f.certainty_min is not None:
            keep &= self.certainty >= f.certainty_min
        if f.bbox:
            min_lon, min_lat, max_lon, max_lat = f.bbox
            keep &= (self.max_lon >= min_lon) & (self.min_lon <= max_lon)
            keep &= (self.max_lat >= min_lat) & (self.min_lat <= max_lat)
        if f.synthetic is not None:
            keep &= self.synthetic == f.synthetic
        if f.place is not None:
            keep &= self.place_mask(f)
        if f.actors or f.q_terms:
            keep &= self.memo(("text", f.actors, f.q_terms), lambda: self.text_mask(f))
        return keep

    def place_mask(self, f):
        match = self.place == f.place
        if f.place_near is not None:
            match |= np.isin(self.ids, np.fromiter(f.place_near, dtype=np.int64, count=len(f.place_near)))
        elif f.place_bbox and None not in f.place_bbox:
            min_lon, min_lat, max_lon, max_lat = f.place_bbox
            match |= (self.lon >= min_lon) & (self.lon <= max_lon) & (self.lat >= min_lat) & (self.lat <= max_lat)
        return match

    def text_mask(self, f):
        """Rows whose actors and search text the database matches (one query, cached with the cube)."""
        ids = f.text_match(Incident.objects.order_by()).values_list("id", flat=True)
        matched = np.fromiter(ids, dtype=np.int64)
        return np.isin(self.ids, matched)

    def ids_in_order(self, keep):
        """The ids of the kept rows in API order (-date with undated last, -id)."""
        return self.ids[self.order[keep[self.order]]]

    def extent(self, keep):
        """[min_lon, min_lat, max_lon, max_lat] of the kept rows' extents (NULLs skipped), or None."""
        out = []
        for values, pick in ((self.min_lon, np.min), (self.min_lat, np.min), (self.max_lon, np.max),
                             (self.max_lat, np.max)):
            values = values[keep]
            values = values[~np.isnan(values)]
            if not len(values):
                return None
            out.append(float(pick(values)))
        return out

    def days(self, keep):
        """(first, last) date of the kept dated rows, or (None, None)."""
        days = self.day[keep & self.dated]
        if not len(days):
            return None, None
        return datetime.date.fromordinal(int(days.min())), datetime.date.fromordinal(int(days.max()))


def current_cube():
    """The cube of the incidents as they are now (within the staleness bounds in the module docstring)."""
    if connection.in_atomic_block:
        return IncidentCube.build()
    now = time.monotonic()
    cube = _state["cube"]
    if cube is not None and cube.generation == _state["generation"] and now - cube.built_at < cube.max_age:
        if now - _state["checked"] < CHECK_SECONDS and newest_id() == cube.version[1]:
            return cube
        version = data_version()
        _state["checked"] = time.monotonic()
        if version == cube.version:
            return cube
    with _lock:
        cube = _state["cube"]
        if cube is not None and cube.generation == _state["generation"] and cube.built_at > now:
            return cube  # another thread rebuilt it while this one waited
        generation = _state["generation"]
        version = data_version()  # read before the rows: a change in between shows as a new version next time
        cube = IncidentCube.build(version, generation)
        _state.update(cube=cube, checked=time.monotonic())
        return cube


def invalidate():
    """Forget the cube (the next call rebuilds it)."""
    _data_changed()
