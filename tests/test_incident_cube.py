"""The incident cube answers exactly as the database: ids, pages, clusters, timelines, facets and extents for
random filters, views and zooms; and it notices inserts, deletes, merges and saves."""
import datetime
import math
import random
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

import mapper.incident_cube as incident_cube
from gazetteer.models import Place
from mapper.api import cube_timeline, incident_page, timeline_series
from mapper.clusters import cluster_collection, cube_cells, grid_cells
from mapper.facets import cube_choices, faceted_choices, filter_choices, queryset_choices, type_choices
from mapper.filters import filtered_queryset, parse_filters
from mapper.incident_cube import IncidentCube, current_cube
from mapper.incident_fields import fill_derived_fields
from mapper.models import Article, Incident

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Non-ACLED type"]
SUBS = ["Armed clash", "Air/drone strike", "Attack", "Peaceful protest", ""]
GOVERNORATES = ["Aleppo", "Raqqa", "Deir ez-Zor", ""]
OUTLETS = ["SANA", "Enab Baladi", "ACLED", "", "sana"]
ACTORS = ["ISIS", "Isis", "Syrian army", "SDF", "Turkish forces"]
WORDS = ["strike near Aleppo", "STRIKE on the road", "اشتباكات في الرقّة", "قصف على حلب", "Protest in Raqqa"]
START = datetime.date(2017, 1, 1)
# Coordinates exactly on grid lines at zooms 3 and 6 (binary fractions), so cell edges are exercised too.
ON_GRID = [(41.484375, 36.5625), (-180 + 10.546875 * 21 + 1.318359375, -90 + 1.318359375 * 96)]


def make_places():
    places = []
    for i, (lon, lat) in enumerate([(37.16, 36.2), (39.0, 35.95), (40.14, 35.33)]):
        places.append(Place.objects.create(
            name_ar=f"مكان {i}", name_en=f"Place {i}", feature_type="town",
            geometry={"type": "Point", "coordinates": [lon, lat]}, lon=lon, lat=lat, min_lon=lon - 0.3,
            min_lat=lat - 0.3, max_lon=lon + 0.3, max_lat=lat + 0.3, country="SY", source="test",
            external_id=f"cube-{i}"))
    return places


def random_incident(rng, i, articles, places):
    """Points (some on the same spot or on grid lines), lines, polygons, extents without a point, no geometry."""
    kind = rng.random()
    lon, lat = round(rng.uniform(35.7, 42.2), 3), round(rng.uniform(32.4, 37.2), 3)
    if i % 37 == 0:
        lon, lat = ON_GRID[i % 2]
    elif i % 11 == 0:
        lon, lat = 38.0, 35.0  # many incidents on one spot
    fields = {"geometry": {"type": "Point", "coordinates": [lon, lat]}, "lon": lon, "lat": lat,
              "min_lon": lon, "min_lat": lat, "max_lon": lon, "max_lat": lat}
    if kind < 0.06:
        end = [min(lon + rng.uniform(0.2, 3), 42.3), min(lat + rng.uniform(0.1, 1), 37.3)]
        fields.update(geometry={"type": "LineString", "coordinates": [[lon, lat], end]}, max_lon=end[0],
                      max_lat=end[1])
    elif kind < 0.09:
        fields.update(geometry={"type": "Polygon", "coordinates": [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1],
                                                                     [lon, lat], [lon, lat]]]},
                      lon=None, lat=None, max_lon=lon + 1, max_lat=lat + 1)  # clustered at its extent's middle
    elif kind < 0.11:
        fields = {"geometry": None}  # unmapped
    actors = [{"name": name, "role": "actor1"} for name in rng.sample(ACTORS, rng.randint(0, 2))]
    return Incident(
        article=rng.choice(articles) if rng.random() < 0.3 else None, place=rng.choice(places + [None] * 4),
        event_type=TYPES[i % len(TYPES)], sub_event_type=rng.choice(SUBS), actors=actors,
        date=None if rng.random() < 0.05 else START + datetime.timedelta(days=rng.randint(0, 900)),
        evidence_text=f"{rng.choice(WORDS)} {i}", precision=rng.randint(1, 3),
        certainty=rng.choice([0.0, 0.25, 0.5, 0.6, 0.75, 1.0]), synthetic=rng.random() < 0.4,
        outlet=rng.choice(OUTLETS), **fields)


def build_random_dataset(count=700, seed=11):
    rng = random.Random(seed)
    articles = [Article.objects.create(title=f"مقال {i}", text="نص", source=OUTLETS[i], content_hash=f"cube-{i}",
                                       url=f"https://example.org/{i}") for i in range(3)]
    places = make_places()
    batch = fill_derived_fields([random_incident(rng, i, articles, places) for i in range(count)])
    for incident in batch:
        incident.governorate = rng.choice(GOVERNORATES)
    Incident.objects.bulk_create(batch)
    ids = list(Incident.objects.order_by("id").values_list("id", flat=True))
    for duplicate, canonical in zip(ids[5::40], ids[6::40]):  # some merged duplicates
        Incident.objects.filter(pk=duplicate).update(merged_into_id=canonical)
    return {"articles": [a.pk for a in articles], "places": [p.pk for p in places]}


def random_bbox(rng):
    if rng.random() < 0.2:
        return "-180,-90,180,90"
    lon, lat = rng.uniform(34, 43), rng.uniform(31.5, 37.5)
    half = 10 ** rng.uniform(-1.5, 0.8)
    return f"{max(-180, lon - half):.5f},{max(-90, lat - half / 2):.5f},{lon + half:.5f},{lat + half / 2:.5f}"


def random_params(rng, ds):
    """A random combination of every filter of the contract (values that exist, and some that do not)."""
    params = {}
    pick = lambda values: rng.sample(values, rng.randint(1, 2))  # noqa: E731
    for name, values, chance in (("type", TYPES + ["Riots"], 0.3), ("sub_type", SUBS[:4], 0.15),
                                 ("governorate", GOVERNORATES[:3] + ["Atlantis"], 0.15),
                                 ("outlet", OUTLETS[:3] + ["sana"], 0.15), ("precision", ["1", "2", "3"], 0.2),
                                 ("actor", ACTORS + ["isis"], 0.15)):
        if rng.random() < chance:
            params[name] = pick(values)
    if rng.random() < 0.4:
        first = START + datetime.timedelta(days=rng.randint(-30, 900))
        last = first + datetime.timedelta(days=rng.randint(0, 400))
        params.update({"from": first.isoformat(), "to": last.isoformat()} if rng.random() < 0.6 else
                      {rng.choice(["from", "to"]): first.isoformat()})
    if rng.random() < 0.2:
        params["certainty_min"] = str(rng.choice([0, 0.25, 0.5, 0.6, 0.7, 1]))
    if rng.random() < 0.15:
        params["q"] = rng.choice(["strike", "STRIKE", "الرقة", "حلب", "strike aleppo", "raqqa"])
    if rng.random() < 0.6:
        params["bbox"] = random_bbox(rng)
    if rng.random() < 0.1:
        params["article"] = str(rng.choice(ds["articles"] + [999999]))
    if rng.random() < 0.2:
        params["synthetic"] = rng.choice(["0", "1"])
    if rng.random() < 0.08:
        params["place"] = str(rng.choice(ds["places"]))
    return params


def same_clusters(cube_body, db_body):
    """Equal responses, cluster centres up to float summation order (SQL SUM and numpy add in other orders)."""
    assert cube_body["total"] == db_body["total"] and cube_body["mode"] == db_body["mode"]
    counts = [f["properties"]["count"] for f in cube_body["features"] if f["properties"]["cluster"]]
    assert counts == sorted(counts, reverse=True)
    ours = {f["id"]: f for f in cube_body["features"]}
    theirs = {f["id"]: f for f in db_body["features"]}
    assert set(ours) == set(theirs) and len(ours) == len(cube_body["features"])
    for key, feature in ours.items():
        other = theirs[key]
        if feature["properties"]["cluster"]:
            assert feature["properties"] == other["properties"]
            for a, b in zip(feature["geometry"]["coordinates"], other["geometry"]["coordinates"]):
                assert math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
        else:
            assert feature == other
    if cube_body["mode"] == "features":
        assert [f["id"] for f in cube_body["features"]] == [f["id"] for f in db_body["features"]]


@pytest.mark.django_db
def test_cube_matches_the_database_for_random_filters():
    ds = build_random_dataset()
    cube = IncidentCube.build()
    assert cube.size == Incident.objects.count()
    rng = random.Random(5)
    modes = set()
    for _ in range(160):
        params = random_params(rng, ds)
        incident_filter = parse_filters(params)
        keep = cube.mask(incident_filter)
        qs = filtered_queryset(params)
        expected = list(qs.values_list("id", flat=True))
        assert cube.ids_in_order(keep).tolist() == expected, params
        limit, offset = rng.choice([(50, 0), (50, 50), (7, 3), (1000, 0)])
        assert incident_page(params, limit, offset) == incident_page(params, limit, offset, use_cube=False), params
        bucket = rng.choice(["day", "week", "month"])
        assert cube_timeline(cube, keep, bucket) == timeline_series(qs, bucket), params
        assert cube_choices(cube, keep) == queryset_choices(qs), params
        box = qs.order_by().aggregate(a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat"))
        assert cube.extent(keep) == (list(box.values()) if None not in box.values() else None), params
        zoom = rng.randint(0, 20)
        cells = {(c["cx"], c["cy"]): c for c in cube_cells(cube, keep, zoom)}
        db_cells = {(c["cx"], c["cy"]): c for c in grid_cells(qs, zoom)}
        assert set(cells) == set(db_cells), (params, zoom)
        for key, cell in cells.items():
            other = db_cells[key]
            for name in ("n", "min_x", "min_y", "max_x", "max_y", "types"):
                assert cell[name] == other[name], (params, zoom, name)
            if cell["n"] == 1:
                assert cell["one"] == other["one"]
        cluster_params = {**params, "bbox": params.get("bbox", random_bbox(rng)), "zoom": str(zoom)}
        body = cluster_collection(cluster_params)
        same_clusters(body, cluster_collection(cluster_params, use_cube=False))
        assert sum(f["properties"]["count"] if f["properties"]["cluster"] else 1
                   for f in body["features"]) == body["total"]
        modes.add(body["mode"])
    assert modes == {"features", "clusters"}
    canonical = Incident.objects.filter(merged_into__isnull=True)
    assert filter_choices() == queryset_choices(canonical)


FACET_PARAMS = {"type": "types", "sub_type": "sub_types", "actor": "actors", "governorate": "governorates",
                "outlet": "outlets"}


def faceted_by_database(params):
    """faceted_choices computed by the database: each facet from the filtered set of every other filter (the
    query without that facet's parameter), total and dates from the filtered set."""
    def choices_without(name):
        return queryset_choices(filtered_queryset({k: v for k, v in params.items() if k != name}))

    by_type = {t["value"]: t for t in choices_without("type")["types"]}
    by_sub = {t["value"]: t for t in choices_without("sub_type")["types"]}
    types = type_choices(Counter({value: t["count"] for value, t in by_type.items()}),
                         {value: Counter({s["value"]: s["count"] for s in t["sub_types"]})
                          for value, t in by_sub.items()})
    expected = {**choices_without(None), "types": types}
    for name in ("actor", "governorate", "outlet"):
        expected[FACET_PARAMS[name]] = choices_without(name)[FACET_PARAMS[name]]
    return expected


@pytest.mark.django_db
def test_faceted_counts_match_the_database_for_random_filters():
    ds = build_random_dataset(count=400)
    cube = IncidentCube.build()
    rng = random.Random(23)
    selected = Counter()
    for _ in range(40):
        params = random_params(rng, ds)
        for name in FACET_PARAMS:  # most of these filters select in a facet or two
            if name not in params and rng.random() < 0.3:
                params[name] = rng.sample({"type": TYPES, "sub_type": SUBS[:4], "actor": ACTORS,
                                           "governorate": GOVERNORATES[:3], "outlet": OUTLETS[:3]}[name], 1)
        selected.update(name for name in FACET_PARAMS if name in params)
        assert faceted_choices(cube, parse_filters(params)) == faceted_by_database(params), params
    assert all(selected[name] >= 5 for name in FACET_PARAMS), selected
    # Without a facet selection it is the filtered set's own counts.
    plain = {"from": "2017-06-01", "q": "strike", "precision": ["1", "2"]}
    assert faceted_choices(cube, parse_filters(plain)) == cube_choices(cube, cube.mask(parse_filters(plain)))


def test_type_choices_list_a_type_with_only_sub_type_counts():
    """Faceted: a selected type's sub-types are counted under the type filter while the type's own count is
    under the sub-type filter, which may leave it none."""
    subs = {"Battles": Counter({"Armed clash": 3, "": 1}), "Riots": Counter({"": 2})}
    choices = type_choices(Counter({"Protests": 4}), subs)
    assert [(t["value"], t["count"]) for t in choices] == [("Battles", 0), ("Protests", 4)]
    assert choices[0]["sub_types"] == [{"value": "Armed clash", "count": 3}]


@pytest.mark.django_db
def test_case_folding_of_actor_and_text_filters_is_the_databases():
    build_random_dataset(count=200)
    cube = IncidentCube.build()
    for params in ({"actor": "isis"}, {"actor": ["ISIS", "Isis"]}, {"q": "STRIKE"}, {"q": "Strike ALEPPO"},
                   {"actor": "SDF", "q": "strike"}):
        expected = list(filtered_queryset(params).values_list("id", flat=True))
        assert cube.ids_in_order(cube.mask(parse_filters(params))).tolist() == expected, params


@pytest.mark.django_db
def test_empty_database():
    cube = IncidentCube.build()
    keep = cube.mask(parse_filters({"bbox": "35,32,43,38"}))
    assert cube.size == 0 and cube.ids_in_order(keep).tolist() == [] and cube.extent(keep) is None
    assert cube_timeline(cube, keep, "month") == ([], 0)
    assert cube_cells(cube, keep, 7) == []
    assert cluster_collection({"bbox": "35,32,43,38", "zoom": "7"})["total"] == 0
    assert filter_choices()["total"] == 0 and filter_choices()["date_min"] is None


def point(lon, lat, **fields):
    return Incident(event_type="Battles", sub_event_type="Armed clash", evidence_text="x", date=START,
                    geometry={"type": "Point", "coordinates": [lon, lat]}, lon=lon, lat=lat, min_lon=lon,
                    min_lat=lat, max_lon=lon, max_lat=lat, **fields)


@pytest.mark.django_db(transaction=True)
def test_cached_cube_follows_inserts_deletes_merges_and_saves(monkeypatch):
    incident_cube.invalidate()
    Incident.objects.bulk_create(fill_derived_fields([point(38 + i / 10, 35) for i in range(5)]))
    first = current_cube()
    assert current_cube() is first and first.size == 5  # shared while nothing changes
    Incident.objects.bulk_create(fill_derived_fields([point(39.5, 35.5)]))  # no signal: seen by its new id
    second = current_cube()
    assert second is not first and second.size == 6
    ids = list(Incident.objects.order_by("id").values_list("id", flat=True))
    Incident.objects.filter(pk=ids[0]).update(merged_into_id=ids[1])  # a merge by another process (no signal)
    assert current_cube() is second  # within CHECK_SECONDS the cached cube is used as is
    monkeypatch.setattr(incident_cube, "CHECK_SECONDS", 0.0)
    third = current_cube()
    assert third is not second and int(third.canonical.sum()) == 5
    with connection.cursor() as cursor:  # a delete by another process (no signal here)
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Incident._meta.db_table)} WHERE id = %s", [ids[2]])
    assert current_cube().size == 5
    monkeypatch.setattr(incident_cube, "CHECK_SECONDS", 3600.0)
    cached = current_cube()
    incident = Incident.objects.get(pk=ids[3])
    incident.event_type = "Protests"
    incident.save()  # an edit in this process: seen at once
    fresh = current_cube()
    assert fresh is not cached
    assert fresh.mask(parse_filters({"type": "Protests"})).sum() == 1
    assert fresh.max_age >= incident_cube.MAX_AGE_SECONDS
    monkeypatch.setattr(incident_cube, "CHECK_SECONDS", 0.0)
    assert current_cube() is fresh
    # Another process's save (no signal here): the row and its updated_at change.
    Incident.objects.filter(pk=ids[4]).update(event_type="Riots", updated_at=timezone.now())
    edited = current_cube()  # seen by its newer updated_at at the next version check
    assert edited is not fresh and edited.mask(parse_filters({"type": "Riots"})).sum() == 1
    Incident.objects.filter(pk=ids[4]).update(event_type="Battles")  # a bulk update leaves updated_at alone
    assert current_cube() is edited
    edited.max_age = 0.0  # such edits are seen once the cube is older than its max age
    assert current_cube() is not edited


@pytest.mark.django_db
@pytest.mark.parametrize("zoom", [3, 9, 16])
def test_sorted_cell_grouping_matches_the_dense_one(monkeypatch, zoom):
    import mapper.clusters as clusters

    build_random_dataset(count=150)
    cube = IncidentCube.build()
    keep = cube.mask(parse_filters({}))
    dense = cube_cells(cube, keep, zoom)
    monkeypatch.setattr(clusters, "DENSE_CELLS", 0)
    sparse = cube_cells(cube, keep, zoom)
    key = lambda c: (c["cx"], c["cy"])  # noqa: E731
    assert sorted(dense, key=key) == sorted(sparse, key=key)
    assert {key(c): c["n"] for c in sparse} == {key(c): c["n"] for c in grid_cells(filtered_queryset({}), zoom)}


@pytest.mark.django_db
def test_cells_nest_so_a_fine_grid_merges_into_any_coarser_zoom():
    """What explore.js does with the page's first-render grid: cell (cx, cy) at zoom z + k lies in cell
    (cx >> k, cy >> k) at zoom z, exactly (the cell size halves, a power of two, so the same floor follows)."""
    build_random_dataset(count=300)
    cube = IncidentCube.build()
    keep = cube.mask(parse_filters({}))
    fine_zoom = 12
    fine = cube_cells(cube, keep, fine_zoom)
    for zoom in range(0, fine_zoom + 1):
        shift = fine_zoom - zoom
        merged = {}
        for c in fine:
            cell = merged.setdefault((c["cx"] >> shift, c["cy"] >> shift),
                                     {"n": 0, "box": [math.inf, math.inf, -math.inf, -math.inf], "types": {}})
            cell["n"] += c["n"]
            cell["box"] = [min(cell["box"][0], c["min_x"]), min(cell["box"][1], c["min_y"]),
                           max(cell["box"][2], c["max_x"]), max(cell["box"][3], c["max_y"])]
            for name, n in c["types"].items():
                cell["types"][name] = cell["types"].get(name, 0) + n
        direct = {(c["cx"], c["cy"]): {"n": c["n"], "box": [c["min_x"], c["min_y"], c["max_x"], c["max_y"]],
                                       "types": c["types"]} for c in cube_cells(cube, keep, zoom)}
        assert merged == direct, zoom
