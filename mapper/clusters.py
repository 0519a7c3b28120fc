"""Grid clustering of the filtered incidents inside a map view: counted from the incident cube (numpy), or
grouped by the database (SQLite or PostgreSQL), with the same cells, counts and extents either way."""
import numpy as np
from django.db.models import Count, F, FloatField, Func, IntegerField, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce

from .api import EVENT_COLORS, GEOJSON, api_view, features_by_ids, features_of, json_response
from .filters import FILTER_PARAMS, ZOOM, BadQuery, filtered_queryset, parse_filters, read_param
from .incident_cube import current_cube
from .models import Incident

FEATURES_UP_TO = 500  # a view holding at most this many incidents gets every incident, unclustered
CELL_PIXELS = 60
TILE_PIXELS = 256
CELL_KEY = 2 ** 23  # cell = cx * CELL_KEY + cy; cy < 2**23 even at zoom 20
DENSE_CELLS = 1 << 20  # a view's grid up to this many cells is counted in one dense array, no sorting
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


def cell_groups(cx, cy):
    """(cell cx, cell cy, each row's cell number) of integer grid indices: a dense count over the grid's
    extent when it is small (always, for points in a view), else a sort of the cell keys."""
    if not len(cx):
        return cx, cy, np.zeros(0, dtype=np.int64)
    x0, y0 = int(cx.min()), int(cy.min())
    width, height = int(cx.max()) - x0 + 1, int(cy.max()) - y0 + 1
    if width * height <= DENSE_CELLS:
        key = (cx - x0) * height + (cy - y0)
        present = np.flatnonzero(np.bincount(key, minlength=width * height))
        slot = np.zeros(width * height, dtype=np.int64)
        slot[present] = np.arange(len(present))
        return present // height + x0, present % height + y0, slot[key]
    keys, inverse = np.unique(cx * CELL_KEY + cy, return_inverse=True)
    cell_x, cell_y = np.divmod(keys, CELL_KEY)
    return cell_x, cell_y, inverse.ravel()


def cube_cells(cube, keep, zoom):
    """grid_cells of the rows `keep` selects in an IncidentCube, counted with numpy: the same cells (floor of
    the same double arithmetic), counts, extents, single members and type counts as the database's."""
    size = cell_size(zoom)
    rows = np.flatnonzero(keep)
    px, py = cube.px[rows], cube.py[rows]
    cell_x, cell_y, member = cell_groups(np.floor((px - -180.0) / size).astype(np.int64),
                                         np.floor((py - -90.0) / size).astype(np.int64))
    k = len(cell_x)
    n = np.bincount(member, minlength=k)
    sx, sy = np.bincount(member, weights=px, minlength=k), np.bincount(member, weights=py, minlength=k)
    bounds = []
    for values, reduce, start in ((px, np.minimum, np.inf), (py, np.minimum, np.inf), (px, np.maximum, -np.inf),
                                  (py, np.maximum, -np.inf)):
        out = np.full(k, start)
        reduce.at(out, member, values)
        bounds.append(out.tolist())
    one = np.zeros(k, dtype=np.int64)
    one[member] = cube.ids[rows]  # the member, for the cells that have exactly one
    coded = cube.coded["event_type"]
    kinds = len(coded.values)
    type_counts = np.bincount(member * kinds + coded.codes[rows], minlength=k * kinds).reshape(k, kinds)
    cells = []
    for i, (cx, cy, count) in enumerate(zip(cell_x.tolist(), cell_y.tolist(), n.tolist())):
        types = {coded.values[t]: int(type_counts[i, t]) for t in np.flatnonzero(type_counts[i])}
        cells.append({"cx": cx, "cy": cy, "n": count, "lon": float(sx[i]) / count, "lat": float(sy[i]) / count,
                      "sx": float(sx[i]), "sy": float(sy[i]),
                      "min_x": bounds[0][i], "min_y": bounds[1][i], "max_x": bounds[2][i], "max_y": bounds[3][i],
                      "one": int(one[i]), "types": types, "key": cx * CELL_KEY + cy})
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


def clustered(cells):
    """Cluster features (most incidents first), then the full features of the cells holding one incident."""
    singles = single_features([cell["one"] for cell in cells if cell["n"] == 1])
    clusters = [cluster_feature(cell) for cell in cells if cell["n"] > 1]
    clusters.sort(key=lambda f: -f["properties"]["count"])
    return clusters + singles


def cluster_collection(params, use_cube=True):
    """The clusters (or, for a sparse view, the features) of the filtered incidents in params' bbox and zoom;
    from the incident cube, or with use_cube=False from the database alone (the same response)."""
    bbox, zoom = read_param(params, BBOX), read_param(params, ZOOM)
    if bbox is None:
        raise BadQuery("bbox is required: minlon,minlat,maxlon,maxlat")
    if zoom is None:
        raise BadQuery("zoom is required: an integer from 0 to 20")
    if use_cube:
        incident_filter = parse_filters(params)
        cube = current_cube()
        keep = cube.mask(incident_filter)
        total = int(np.count_nonzero(keep))
        if total <= FEATURES_UP_TO:
            features, mode = features_by_ids(cube.ids_in_order(keep).tolist()), "features"
        else:
            features, mode = clustered(cube_cells(cube, keep, zoom)), "clusters"
    else:
        qs = filtered_queryset(params)
        cells = grid_cells(qs, zoom)
        total = sum(cell["n"] for cell in cells)
        if total <= FEATURES_UP_TO:
            features, mode = features_of(qs), "features"
        else:
            features, mode = clustered(cells), "clusters"
    return {"type": "FeatureCollection", "mode": mode, "total": total, "zoom": zoom, "bbox": list(bbox),
            "cell_degrees": cell_size(zoom), "features": features}


@api_view
def incident_clusters(request):
    """GET /api/clusters.geojson?<filters>&bbox=&zoom= → clusters per grid cell, or every incident when few."""
    return json_response(cluster_collection(request.GET), content_type=GEOJSON)
