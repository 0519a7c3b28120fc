"""Grid clustering of the filtered incidents inside a map view, grouped by the database (SQLite or PostgreSQL)."""
from django.db.models import Count, F, FloatField, Func, IntegerField, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce

from .api import EVENT_COLORS, GEOJSON, api_view, features_of, json_response
from .filters import FILTER_PARAMS, ZOOM, BadQuery, filtered_queryset, read_param
from .models import Incident

FEATURES_UP_TO = 500  # a view holding at most this many incidents gets every incident, unclustered
CELL_PIXELS = 60
TILE_PIXELS = 256
CELL_KEY = 2 ** 23  # cell = cx * CELL_KEY + cy; cy < 2**23 even at zoom 20
BBOX = next(spec for spec in FILTER_PARAMS if spec.name == "bbox")
EVENT_TYPES = tuple(EVENT_COLORS)


def cell_size(zoom):
    """The width in degrees of a CELL_PIXELS-wide grid cell at a Web-Mercator zoom level."""
    return 360 / 2 ** zoom * CELL_PIXELS / TILE_PIXELS


class GridIndex(Func):
    """floor((value - origin) / size) as an integer: FLOOR where the database has it natively, and on SQLite
    (whose FLOOR is a Python function) a CAST, which truncates and so floors the non-negative values here."""

    output_field = IntegerField()

    def __init__(self, value, origin, size):
        super().__init__((value - Value(float(origin))) / Value(float(size)))

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="FLOOR(%(expressions)s)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS INTEGER)", **extra)


def representative_point():
    """(lon, lat) expressions: the stored point, else the middle of the extent (never null in practice)."""
    lon = Coalesce(F("lon"), (F("min_lon") + F("max_lon")) / 2, Value(0.0), output_field=FloatField())
    lat = Coalesce(F("lat"), (F("min_lat") + F("max_lat")) / 2, Value(0.0), output_field=FloatField())
    return lon, lat


def grid_cells(qs, zoom):
    """[{cx, cy, n, lon, lat, min_x, min_y, max_x, max_y, one, types}] per non-empty grid cell.

    One query groups by a single integer cell key (sorting integers is what keeps it fast on SQLite) and
    counts the ACLED types with filtered aggregates; only when some incidents have another type does a
    second query count those per cell. The grid is anchored at (-180, -90) so cells stay put when the view
    pans and every cell index is non-negative."""
    size = cell_size(zoom)
    lon, lat = representative_point()
    gridded = (qs.order_by().annotate(px=lon, py=lat)
               .annotate(cell=GridIndex(F("px"), -180, size) * CELL_KEY + GridIndex(F("py"), -90, size)))
    type_counts = {f"type{i}": Count("id", filter=Q(event_type=name)) for i, name in enumerate(EVENT_TYPES)}
    rows = gridded.values("cell").annotate(
        n=Count("id"), sx=Sum("px"), sy=Sum("py"), min_x=Min("px"), min_y=Min("py"), max_x=Max("px"),
        max_y=Max("py"), one=Min("id"), **type_counts)
    cells = []
    for row in rows:
        cx, cy = divmod(int(row["cell"]), CELL_KEY)
        types = {name: row[f"type{i}"] for i, name in enumerate(EVENT_TYPES) if row[f"type{i}"]}
        cells.append({"cx": cx, "cy": cy, "n": row["n"], "lon": row["sx"] / row["n"], "lat": row["sy"] / row["n"],
                      "min_x": row["min_x"], "min_y": row["min_y"], "max_x": row["max_x"], "max_y": row["max_y"],
                      "one": row["one"], "types": types, "key": row["cell"]})
    if any(sum(cell["types"].values()) < cell["n"] for cell in cells):
        by_key = {cell["key"]: cell for cell in cells}
        for row in (gridded.exclude(event_type__in=EVENT_TYPES).values("cell", "event_type")
                    .annotate(n=Count("id"))):
            by_key[row["cell"]]["types"][row["event_type"]] = row["n"]
    return cells


def cluster_feature(cell):
    """A Point feature standing for the incidents of one grid cell."""
    return {
        "type": "Feature",
        "id": f"cluster:{int(cell['cx'])}:{int(cell['cy'])}",
        "geometry": {"type": "Point", "coordinates": [cell["lon"], cell["lat"]]},
        "properties": {
            "cluster": True,
            "count": cell["n"],
            "bbox": [cell["min_x"], cell["min_y"], cell["max_x"], cell["max_y"]],
            "types": dict(sorted(cell["types"].items(), key=lambda item: (-item[1], item[0]))),
        },
    }


def single_features(ids):
    """Full features of the incidents with these ids, in id order (one cell each)."""
    if not ids:
        return []
    return features_of(Incident.objects.filter(id__in=ids).order_by("id"))


def cluster_collection(params):
    """The clusters (or, for a sparse view, the features) of the filtered incidents in params' bbox and zoom."""
    bbox, zoom = read_param(params, BBOX), read_param(params, ZOOM)
    if bbox is None:
        raise BadQuery("bbox is required: minlon,minlat,maxlon,maxlat")
    if zoom is None:
        raise BadQuery("zoom is required: an integer from 0 to 20")
    qs = filtered_queryset(params)
    cells = grid_cells(qs, zoom)
    total = sum(cell["n"] for cell in cells)
    if total <= FEATURES_UP_TO:
        features = features_of(qs)
        mode = "features"
    else:
        singles = single_features([cell["one"] for cell in cells if cell["n"] == 1])
        clusters = [cluster_feature(cell) for cell in cells if cell["n"] > 1]
        clusters.sort(key=lambda f: -f["properties"]["count"])
        features = clusters + singles
        mode = "clusters"
    return {"type": "FeatureCollection", "mode": mode, "total": total, "zoom": zoom, "bbox": list(bbox),
            "cell_degrees": cell_size(zoom), "features": features}


@api_view
def incident_clusters(request):
    """GET /api/clusters.geojson?<filters>&bbox=&zoom= → clusters per grid cell, or every incident when few."""
    return json_response(cluster_collection(request.GET), content_type=GEOJSON)
