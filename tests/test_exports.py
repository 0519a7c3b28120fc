"""Exports: exactly the filtered incidents as GeoJSON, ACLED-compatible CSV and a GeoPackage read back by geopandas."""
import csv
import io
import json
import re

import pytest

from mapper.exports import ACLED_COLUMNS, COLUMNS, actor_sides, interaction
from mapper.filters import filtered_queryset
from tests.test_filters import ARMY, ISIS, SDF, build_dataset, named

pytestmark = pytest.mark.django_db
FILENAME = re.compile(r'attachment; filename="kharita-incidents-\d{8}\.(csv|geojson|gpkg)"')


@pytest.fixture
def ds(db):
    return build_dataset()


def download(client, url, ext):
    response = client.get(url)
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    match = FILENAME.fullmatch(response["Content-Disposition"])
    assert match and match.group(1) == ext
    return b"".join(response.streaming_content)


def csv_rows(client, query=""):
    body = download(client, "/api/export/incidents.csv" + query, "csv").decode("utf-8")
    reader = csv.DictReader(io.StringIO(body))
    assert tuple(reader.fieldnames) == COLUMNS
    return {int(row["kharita_id"]): row for row in reader}


def test_csv_columns_are_acled_then_kharita(client, ds):
    assert ACLED_COLUMNS[:7] == ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                                 "event_type", "sub_event_type")
    assert COLUMNS[-7:] == ("kharita_id", "certainty", "alleged", "historical", "synthetic", "article_url",
                            "geometry_wkt")
    assert client.get("/api/export/incidents.csv")["Content-Type"] == "text/csv; charset=utf-8"


def test_csv_rows_are_the_filtered_set(client, ds):
    for query, params in [("", {}), ("?type=Battles&type=Protests", {"type": ["Battles", "Protests"]}),
                          ("?synthetic=0&from=2017-03-01&to=2017-04-30", {"synthetic": "0", "from": "2017-03-01",
                                                                           "to": "2017-04-30"}),
                          (f"?article={ds['articles']['enab'].pk}", {"article": str(ds["articles"]["enab"].pk)}),
                          ("?q=الرقه", {"q": "الرقه"})]:
        rows = csv_rows(client, query)
        assert set(rows) == set(filtered_queryset(params).values_list("id", flat=True)), query


def test_csv_values(client, ds):
    rows = csv_rows(client)
    clash = rows[ds["clash"].pk]
    assert clash["event_id_cnty"] == f"SYR{ds['clash'].pk}"
    assert clash["event_date"] == "2017-03-05" and clash["year"] == "2017" and clash["time_precision"] == "1"
    assert clash["disorder_type"] == "Political violence"
    assert (clash["actor1"], clash["inter1"], clash["actor2"], clash["inter2"]) == (ISIS, "2", ARMY, "1")
    assert clash["interaction"] == "12" and clash["civilian_targeting"] == ""
    assert (clash["iso"], clash["country"], clash["region"]) == ("760", "Syria", "Middle East")
    assert (clash["admin1"], clash["admin2"], clash["location"]) == ("Deir ez-Zor", "Al-Mayadin", "الميادين")
    assert (clash["latitude"], clash["longitude"], clash["geo_precision"]) == ("35.02", "40.45", "1")
    assert clash["source"] == "SANA; Enab Baladi"  # the merged report's outlet too
    assert clash["notes"] == ds["clash"].evidence_text and clash["fatalities"] == "4"
    assert clash["timestamp"].isdigit() and clash["geometry_wkt"] == ""
    assert clash["article_url"] == f"http://testserver/articles/{ds['articles']['sana'].pk}/"
    strike = rows[ds["strike"].pk]
    assert strike["geometry_wkt"].startswith("LINESTRING (40.14 35.33") and strike["actor2"] == ""
    assert strike["interaction"] == "10"  # a sole state force
    attack = rows[ds["attack"].pk]
    assert attack["geometry_wkt"].startswith("POLYGON ((38 35.9") and attack["civilian_targeting"] == "Civilian targeting"
    assert attack["tags"] == "alleged" and attack["alleged"] == "True" and attack["actor1"] == SDF
    assert attack["fatalities"] == "0"
    protest = rows[ds["protest"].pk]
    assert protest["source"] == "ACLED" and protest["synthetic"] == "True" and protest["article_url"] == ""
    assert protest["disorder_type"] == "Demonstrations" and protest["timestamp"] == ""
    undated = rows[ds["undated"].pk]
    assert (undated["iso"], undated["country"], undated["event_id_cnty"]) == ("368", "Iraq", f"IRQ{ds['undated'].pk}")
    assert undated["event_date"] == "" and undated["year"] == ""


def test_actor_sides_and_interaction():
    actors = [{"name": "A", "role": "attacker"}, {"name": "B", "role": "attacker"}, {"name": "C", "role": "target"},
              {"name": "D", "role": "assoc"}, {"name": "E", "role": "target"}, "F", {"name": " ", "role": "actor"}]
    assert actor_sides(actors) == ("A", "B; F; D", "C", "E")
    assert actor_sides(None) == ("", "", "", "")
    assert interaction(7, 1) == "17" and interaction(None, 3) == "30" and interaction(None, None) == ""


def test_geojson_export_is_every_filtered_feature(client, ds):
    body = json.loads(download(client, "/api/export/incidents.geojson?governorate=Raqqa", "geojson"))
    assert body["type"] == "FeatureCollection"
    assert {f["id"] for f in body["features"]} == named(ds, "attack", "protest")
    everything = json.loads(download(client, "/api/export/incidents.geojson", "geojson"))
    assert len(everything["features"]) == filtered_queryset({}).count() == 5
    clash = next(f for f in everything["features"] if f["id"] == ds["clash"].pk)
    assert [s["outlet"] for s in clash["properties"]["sources"]] == ["SANA", "Enab Baladi"]


def test_export_is_not_paginated(client, ds):
    from mapper.exports import CHUNK
    from mapper.incident_fields import fill_derived_fields
    from mapper.models import Incident

    place = ds["places"]["raqqa"]
    Incident.objects.bulk_create(fill_derived_fields([
        Incident(event_type="Riots", sub_event_type="Mob violence", geometry=place.geometry, lon=place.lon,
                 lat=place.lat, min_lon=place.lon, min_lat=place.lat, max_lon=place.lon, max_lat=place.lat,
                 evidence_text=f"شغب {i}", outlet="Test") for i in range(CHUNK + 50)]))
    assert len(csv_rows(client, "?type=Riots")) == CHUNK + 50
    body = json.loads(download(client, "/api/export/incidents.geojson?outlet=Test", "geojson"))
    assert len(body["features"]) == CHUNK + 50


def test_geopackage_reads_back_with_real_geometries(client, ds, tmp_path):
    import geopandas
    import pandas

    path = tmp_path / "export.gpkg"
    path.write_bytes(download(client, "/api/export/incidents.gpkg", "gpkg"))
    frame = geopandas.read_file(path, layer="incidents")
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == filtered_queryset({}).count() == 5
    shapes = dict(zip(frame["kharita_id"], frame.geometry.geom_type))
    assert shapes[ds["strike"].pk] == "LineString" and shapes[ds["attack"].pk] == "Polygon"
    assert shapes[ds["clash"].pk] == "Point"
    clash = frame[frame["kharita_id"] == ds["clash"].pk].iloc[0]
    assert clash["actor1"] == ISIS and clash["geometry"].x == pytest.approx(40.45)
    assert str(clash["event_date"])[:10] == "2017-03-05"
    assert (clash["iso"], clash["inter1"], clash["inter2"], clash["year"]) == (760, 2, 1, 2017)
    protest = frame[frame["kharita_id"] == ds["protest"].pk].iloc[0]
    assert pandas.isna(protest["timestamp"]) and pandas.isna(protest["inter1"])  # nulls, not ''""
    assert set(COLUMNS) - {"geometry_wkt"} <= set(frame.columns)

    path.write_bytes(download(client, "/api/export/incidents.gpkg?actor=" + ARMY, "gpkg"))
    assert set(geopandas.read_file(path, layer="incidents")["kharita_id"]) == named(ds, "clash", "strike")


def test_empty_geopackage(client, ds, tmp_path):
    import geopandas

    path = tmp_path / "empty.gpkg"
    path.write_bytes(download(client, "/api/export/incidents.gpkg?type=Riots", "gpkg"))
    assert len(geopandas.read_file(path, layer="incidents")) == 0


@pytest.mark.parametrize("url", ["/api/export/incidents.csv?from=bad", "/api/export/incidents.geojson?bbox=1",
                                 "/api/export/incidents.gpkg?precision=9"])
def test_bad_export_filters_are_400(client, ds, url):
    response = client.get(url)
    assert response.status_code == 400 and response.json()["error"]
