"""Grid clusters from the database: counts always add up to the filtered set, sparse views get every feature."""
import datetime
import random

import pytest

from mapper.clusters import FEATURES_UP_TO, cell_size
from mapper.filters import filtered_queryset
from mapper.incident_fields import fill_derived_fields
from mapper.models import Incident
from tests.test_filters import build_dataset

pytestmark = pytest.mark.django_db

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests"]


def scatter(count, seed=7):
    """`count` point incidents spread over Syria, plus a few long lines, in four types and two outlets."""
    rng = random.Random(seed)
    batch = []
    for i in range(count):
        lon, lat = round(rng.uniform(35.7, 42.0), 4), round(rng.uniform(32.4, 37.2), 4)
        fields = {"geometry": {"type": "Point", "coordinates": [lon, lat]}, "lon": lon, "lat": lat,
                  "min_lon": lon, "min_lat": lat, "max_lon": lon, "max_lat": lat}
        if i % 50 == 0:  # a road-like line whose point may fall outside a view its extent touches
            line = [[lon, lat], [min(lon + 1.5, 42.3), min(lat + 0.8, 37.3)]]
            fields.update(geometry={"type": "LineString", "coordinates": line}, min_lon=line[0][0],
                          min_lat=line[0][1], max_lon=line[1][0], max_lat=line[1][1])
        batch.append(Incident(event_type=TYPES[i % 4], sub_event_type="x", evidence_text=f"حدث {i}",
                              date=datetime.date(2017, 1, 1) + datetime.timedelta(days=i % 365),
                              outlet="SANA" if i % 3 else "ACLED", synthetic=bool(i % 2),
                              precision=1 + i % 3, **fields))
    Incident.objects.bulk_create(fill_derived_fields(batch))


@pytest.fixture
def many(db):
    scatter(1500)


def clusters(client, query):
    response = client.get("/api/clusters.geojson?" + query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    return response.json()


def counted(body):
    return sum(f["properties"]["count"] if f["properties"]["cluster"] else 1 for f in body["features"])


@pytest.mark.parametrize("query", [
    "bbox=35,32,43,38&zoom=5", "bbox=35,32,43,38&zoom=7", "bbox=35,32,43,38&zoom=9",
    "bbox=-180,-90,180,90&zoom=0", "bbox=36,33,39,35&zoom=8", "bbox=38,34,40,36&zoom=12",
    "bbox=35,32,43,38&zoom=6&type=Battles&type=Protests", "bbox=35,32,43,38&zoom=6&synthetic=1",
    "bbox=35,32,43,38&zoom=10&outlet=ACLED&from=2017-03-01&to=2017-09-30",
    "bbox=35,32,43,38&zoom=4&precision=1&q=حدث",
])
def test_cluster_counts_add_up_to_the_filtered_set(client, many, query):
    body = clusters(client, query)
    params = dict(p.split("=") for p in query.split("&") if not p.startswith(("type=",)))
    params["type"] = [p.split("=")[1] for p in query.split("&") if p.startswith("type=")]
    params.pop("zoom")
    expected = filtered_queryset(params).count()
    assert body["total"] == expected == counted(body)
    if expected > FEATURES_UP_TO:
        assert body["mode"] == "clusters"
        cells = [f for f in body["features"] if f["properties"]["cluster"]]
        assert cells and all(f["properties"]["count"] >= 2 for f in cells)
        for f in cells:
            props = f["properties"]
            assert sum(props["types"].values()) == props["count"]
            lon, lat = f["geometry"]["coordinates"]
            x0, y0, x1, y1 = props["bbox"]
            assert x0 - 1e-9 <= lon <= x1 + 1e-9 and y0 - 1e-9 <= lat <= y1 + 1e-9
            assert x1 - x0 < cell_size(body["zoom"]) + 1e-9 and y1 - y0 < cell_size(body["zoom"]) + 1e-9
        singles = [f for f in body["features"] if not f["properties"]["cluster"]]
        assert all("event_type" in f["properties"] and "sources" in f["properties"] for f in singles)
    else:
        assert body["mode"] == "features"
        assert all(not f["properties"]["cluster"] for f in body["features"])


def test_zoomed_in_views_return_singles_and_real_geometries(client, many):
    body = clusters(client, "bbox=35,32,43,38&zoom=16")
    assert body["mode"] == "clusters" and body["total"] == 1500 == counted(body)
    singles = [f for f in body["features"] if not f["properties"]["cluster"]]
    assert len(singles) > 1400
    assert {f["geometry"]["type"] for f in singles} == {"Point", "LineString"}


def test_sparse_views_get_every_incident_as_a_feature(client, db):
    ds = build_dataset()
    body = clusters(client, "bbox=35,32,43,38&zoom=6")
    assert body["mode"] == "features" and body["total"] == 5
    shapes = {f["id"]: f["geometry"]["type"] for f in body["features"]}
    assert shapes == {ds["clash"].pk: "Point", ds["strike"].pk: "LineString", ds["attack"].pk: "Polygon",
                      ds["protest"].pk: "Point", ds["undated"].pk: "Point"}
    only = clusters(client, f"bbox=35,32,43,38&zoom=6&article={ds['articles']['enab'].pk}")
    assert only["total"] == 3  # with article=, merged reports count too


def test_cells_follow_the_zoom(client, many):
    coarse = clusters(client, "bbox=35,32,43,38&zoom=5")
    fine = clusters(client, "bbox=35,32,43,38&zoom=8")
    assert len(coarse["features"]) < len(fine["features"])
    assert coarse["cell_degrees"] == pytest.approx(360 / 32 * 60 / 256)


@pytest.mark.parametrize("query", ["zoom=5", "bbox=35,32,43,38", "bbox=35,32,43,38&zoom=21",
                                   "bbox=35,32,43,38&zoom=-1", "bbox=35,32,43,38&zoom=x",
                                   "bbox=35,32,43,38&zoom=5.5", "bbox=43,38,35,32&zoom=5",
                                   "bbox=35,32,43,38&zoom=5&from=2017-02-31"])
def test_bad_cluster_queries_are_400(client, db, query):
    response = client.get("/api/clusters.geojson?" + query)
    assert response.status_code == 400 and response.json()["error"]


def test_cluster_queries_are_few(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        body = clusters(client, "bbox=35,32,43,38&zoom=9")
    assert body["mode"] == "clusters"


def test_cluster_types_count_other_event_types_too(client, many):
    Incident.objects.filter(id__in=list(Incident.objects.values_list("id", flat=True)[:300])).update(
        event_type="Non-ACLED type")
    body = clusters(client, "bbox=35,32,43,38&zoom=5")
    assert body["mode"] == "clusters" and counted(body) == 1500
    cells = [f["properties"] for f in body["features"] if f["properties"]["cluster"]]
    assert all(sum(c["types"].values()) == c["count"] for c in cells)
    assert sum(c["types"].get("Non-ACLED type", 0) for c in cells) + sum(
        1 for f in body["features"] if not f["properties"]["cluster"]
        and f["properties"]["event_type"] == "Non-ACLED type") == 300
