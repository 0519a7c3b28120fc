"""The JSON API endpoints: paginated incidents, timeline, facets, places and articles; errors are 400 JSON."""
import datetime
import json

import pytest

from mapper.filters import filtered_queryset
from mapper.incident_fields import fill_derived_fields
from mapper.models import Incident
from tests.test_filters import ARMY, CANONICAL, ISIS, build_dataset, named
from tests.test_incident_cube import faceted_by_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def ds(db):
    return build_dataset()


def get_json(client, url, status=200, content_type="application/json"):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    return response.json()


def geojson(client, url):
    return get_json(client, url, content_type="application/geo+json")


def test_incidents_geojson_shape_and_new_properties(client, ds):
    body = geojson(client, "/api/incidents.geojson")
    assert body["type"] == "FeatureCollection" and body["total"] == 5
    assert body["limit"] == 1000 and body["offset"] == 0 and body["next"] is None
    by_id = {f["id"]: f for f in body["features"]}
    assert set(by_id) == named(ds, *CANONICAL)
    assert [f["id"] for f in body["features"]] == [ds[n].pk for n in ("protest", "attack", "strike", "clash",
                                                                      "undated")]  # -date, undated last
    protest = by_id[ds["protest"].pk]["properties"]
    assert protest["article_id"] is None and protest["article_url"] is None and protest["article_title"] is None
    assert protest["synthetic"] is True and protest["outlet"] == "ACLED" and protest["governorate"] == "Raqqa"
    assert protest["sources"] == [{"article_id": None, "title": "", "outlet": "ACLED", "url": "",
                                   "article_url": None, "external_id": "test:1"}]
    clash = by_id[ds["clash"].pk]
    assert clash["geometry"] == {"type": "Point", "coordinates": [40.45, 35.02]}
    props = clash["properties"]
    assert props["governorate"] == "Deir ez-Zor" and props["outlet"] == "SANA" and props["synthetic"] is False
    assert [s["outlet"] for s in props["sources"]] == ["SANA", "Enab Baladi"]  # the merged report's article too
    assert props["article_url"] == f"/articles/{ds['articles']['sana'].pk}/"
    assert by_id[ds["strike"].pk]["geometry"]["type"] == "LineString"
    assert by_id[ds["attack"].pk]["geometry"]["type"] == "Polygon"


def test_json_is_utf8_not_escaped(client, ds):
    raw = client.get("/api/incidents.geojson").content
    assert "الميادين".encode() in raw and b"\\u0627" not in raw


def test_pagination_totals_and_next(client, ds):
    seen = []
    url = "/api/incidents.geojson?limit=2&synthetic=0"
    pages = 0
    while url:
        body = geojson(client, url)
        assert body["total"] == 4 and body["limit"] == 2
        seen += [f["id"] for f in body["features"]]
        url = body["next"]
        if url:
            assert url.startswith("http://testserver/api/incidents.geojson?") and "synthetic=0" in url
        pages += 1
    assert pages == 2 and len(seen) == 4 and set(seen) == named(ds, "clash", "strike", "attack", "undated")
    last = geojson(client, "/api/incidents.geojson?limit=2&offset=4&synthetic=0")
    assert last["features"] == [] and last["next"] is None and last["total"] == 4
    short = geojson(client, "/api/incidents.geojson?limit=3&offset=3&synthetic=0")  # total without a count
    assert len(short["features"]) == 1 and short["total"] == 4 and short["next"] is None
    beyond = geojson(client, "/api/incidents.geojson?offset=100")
    assert beyond["features"] == [] and beyond["total"] == 5
    empty = geojson(client, "/api/incidents.geojson?type=Riots")
    assert empty["features"] == [] and empty["total"] == 0


def test_article_filter_lists_merged_reports(client, ds):
    body = geojson(client, f"/api/incidents.geojson?article={ds['articles']['enab'].pk}")
    by_id = {f["id"]: f["properties"] for f in body["features"]}
    assert set(by_id) == named(ds, "strike", "undated", "duplicate")
    assert by_id[ds["duplicate"].pk]["merged_into"] == ds["clash"].pk
    assert [s["outlet"] for s in by_id[ds["duplicate"].pk]["sources"]] == ["SANA", "Enab Baladi"]


def test_listing_many_features_costs_constant_queries(client, ds, django_assert_max_num_queries):
    point = ds["places"]["raqqa"]
    batch = [Incident(event_type="Riots", sub_event_type="Mob violence", date=datetime.date(2019, 1, 1) +
                      datetime.timedelta(days=i % 300), geometry=point.geometry, lon=point.lon, lat=point.lat,
                      min_lon=point.lon, min_lat=point.lat, max_lon=point.lon, max_lat=point.lat,
                      article=ds["articles"]["sana"] if i % 2 else None, outlet="", evidence_text=f"شغب {i}")
             for i in range(1200)]
    Incident.objects.bulk_create(fill_derived_fields(batch))
    Incident.objects.filter(pk__in=[i.pk for i in batch[:40]]).update(merged_into=ds["clash"])
    with django_assert_max_num_queries(5):
        body = geojson(client, "/api/incidents.geojson?limit=1000")
    assert len(body["features"]) == 1000 and body["total"] == 5 + 1160
    with django_assert_max_num_queries(5):
        body = geojson(client, f"/api/incidents.geojson?limit=5000&article={ds['articles']['sana'].pk}")
    assert body["total"] == 2 + 600


@pytest.mark.parametrize("query", [
    "limit=0", "limit=5001", "limit=x", "offset=-1", "offset=a", "from=2017-02-30", "from=2018-01-01&to=2017-01-01",
    "bbox=1,2,3,4,5", "precision=5", "certainty_min=2", "q=" + "x" * 201, "place=424242", "actor=",
])
@pytest.mark.parametrize("endpoint", ["incidents.geojson", "timeline.json", "facets.json",
                                      "clusters.geojson", "export/incidents.csv"])
def test_bad_parameters_are_400_json(client, ds, endpoint, query):
    if endpoint == "clusters.geojson" and "bbox" not in query:
        query += "&bbox=30,30,45,40&zoom=5"
    response = client.get(f"/api/{endpoint}?{query}")
    if endpoint not in ("incidents.geojson",) and query.startswith(("limit", "offset")):
        assert response.status_code == 200  # paging parameters belong to the paged endpoints only
        return
    assert response.status_code == 400, (endpoint, query)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["error"]


def test_timeline(client, ds):
    body = get_json(client, "/api/timeline.json")
    assert body["bucket"] == "month" and body["total"] == 5 and body["undated"] == 1
    series = {item["period"]: item["count"] for item in body["series"]}
    assert body["series"][0] == {"period": "2017-03-01", "count": 2}
    assert series["2017-05-01"] == 1 and series["2017-04-01"] == 0 and series["2018-01-01"] == 1
    assert len(body["series"]) == 11 and sum(series.values()) == 4
    days = get_json(client, "/api/timeline.json?bucket=day&actor=" + ARMY)
    assert [(i["period"], i["count"]) for i in days["series"] if i["count"]] == [("2017-03-05", 1), ("2017-03-20", 1)]
    assert len(days["series"]) == 16
    weeks = get_json(client, "/api/timeline.json?bucket=week&to=2017-03-31")
    assert weeks["series"] == [{"period": "2017-02-27", "count": 1}, {"period": "2017-03-06", "count": 0},
                               {"period": "2017-03-13", "count": 0}, {"period": "2017-03-20", "count": 1}]
    assert get_json(client, "/api/timeline.json?type=Riots")["series"] == []
    assert client.get("/api/timeline.json?bucket=year").status_code == 400


def test_facets_endpoint_matches_filtered_set(client, ds):
    body = get_json(client, "/api/facets.json?governorate=Raqqa")
    assert body["total"] == filtered_queryset({"governorate": "Raqqa"}).count() == 2
    assert {t["value"] for t in body["types"]} == {"Violence against civilians", "Protests"}
    assert body["types"][0]["label"] == "عنف ضد المدنيين" or body["types"][0]["label"]  # translated when .po merged
    assert {o["value"] for o in body["outlets"]} == {"SANA", "ACLED"}


def without_labels(choices):
    return {**choices, "types": [{k: v for k, v in t.items() if k != "label"} for t in choices["types"]]}


@pytest.mark.parametrize("query, params", [
    ("governorate=Raqqa", {"governorate": "Raqqa"}),
    ("type=Battles&governorate=Deir+ez-Zor&actor=" + ARMY, {"type": "Battles", "governorate": "Deir ez-Zor",
                                                            "actor": ARMY}),
    ("sub_type=Attack&outlet=SANA&from=2017-03-10", {"sub_type": "Attack", "outlet": "SANA", "from": "2017-03-10"}),
    ("actor=" + ISIS + "&actor=" + ARMY + "&synthetic=0", {"actor": [ISIS, ARMY], "synthetic": "0"}),
])
def test_facets_counted_under_the_other_filters(client, ds, query, params):
    body = get_json(client, f"/api/facets.json?{query}&facet_counts=others")
    assert without_labels(body) == without_labels(faceted_by_database(params))
    assert body["total"] == filtered_queryset(params).count()
    assert without_labels(get_json(client, f"/api/facets.json?{query}&facet_counts=filtered")) == \
        without_labels(get_json(client, f"/api/facets.json?{query}"))


def test_facets_others_keep_the_neighbours_of_a_selected_choice(client, ds):
    plain = get_json(client, "/api/facets.json?governorate=Raqqa")
    faceted = get_json(client, "/api/facets.json?governorate=Raqqa&facet_counts=others")
    assert {g["value"]: g["count"] for g in plain["governorates"]} == {"Raqqa": 2}
    assert {g["value"]: g["count"] for g in faceted["governorates"]} == {"Raqqa": 2, "Deir ez-Zor": 2}
    assert faceted["types"] == plain["types"] and faceted["total"] == plain["total"] == 2  # other facets: filtered
    for bad in ("Others", "", "all", "others&facet_counts=x"):
        body = get_json(client, f"/api/facets.json?facet_counts={bad}", status=400)
        assert "facet_counts" in body["error"]


def test_places_layers(client, ds):
    places = ds["places"]
    boundaries = geojson(client, "/api/places.geojson?layer=boundaries")
    assert {f["id"] for f in boundaries["features"]} == {places["deir"].pk, places["raqqa_gov"].pk}
    assert all(f["geometry"]["type"] == "Polygon" for f in boundaries["features"])
    props = boundaries["features"][0]["properties"]
    assert set(props) == {"id", "name_ar", "name_en", "feature_type", "governorate", "country", "url"}
    assert props["url"] == f"/places/{props['id']}/"
    zones = geojson(client, "/api/places.geojson?layer=zones")
    assert [f["id"] for f in zones["features"]] == [places["zone"].pk]
    roads = geojson(client, "/api/places.geojson?layer=roads")
    assert [f["geometry"]["type"] for f in roads["features"]] == ["LineString"]
    towns = geojson(client, "/api/places.geojson?feature_type=town")
    assert {f["id"] for f in towns["features"]} == {places["mayadin"].pk, places["qaim"].pk}
    near = geojson(client, "/api/places.geojson?feature_type=town&bbox=40,34.8,41,35.2")
    assert [f["id"] for f in near["features"]] == [places["mayadin"].pk]
    paged = geojson(client, "/api/places.geojson?limit=3")
    assert paged["total"] == 7 and len(paged["features"]) == 3 and "offset=3" in paged["next"]


def test_places_search_any_spelling(client, ds):
    places = ds["places"]
    for query in ("الرقه", "الرقة", "الرّقة"):
        found = geojson(client, "/api/places.geojson?q=" + query)
        assert {places["raqqa"].pk, places["raqqa_gov"].pk, places["road"].pk} == {f["id"] for f in found["features"]}
    assert {f["id"] for f in geojson(client, "/api/places.geojson?q=deir ez")["features"]} >= {places["deir"].pk}
    for bad in ("layer=rivers", "feature_type=castle", "limit=0", "bbox=1,1", "q=" + "x" * 201, "q=..."):
        response = client.get("/api/places.geojson?" + bad)
        assert response.status_code == 400 and response.json()["error"], bad


def test_place_json(client, ds):
    mayadin, deir = ds["places"]["mayadin"], ds["places"]["deir"]
    body = geojson(client, f"/api/places/{mayadin.pk}.json")
    props = body["properties"]
    assert body["geometry"] == mayadin.geometry and props["name_en"] == "Al-Mayadin"
    assert {"text": "الميادين", "kind": "name", "language": "ar"} in props["aliases"]
    assert props["hierarchy"] == [{"level": "country", "name": "SY", "id": None},
                                  {"level": "governorate", "name": "Deir ez-Zor", "id": deir.pk},
                                  {"level": "district", "name": "Al-Mayadin", "id": None}]
    assert props["incidents_url"] == f"/api/incidents.geojson?place={mayadin.pk}"
    assert client.get("/api/places/999999.json").status_code == 404


def test_articles(client, ds):
    sana, enab = ds["articles"]["sana"], ds["articles"]["enab"]
    body = get_json(client, "/api/articles.json")
    assert body["total"] == 2 and body["next"] is None
    assert [a["id"] for a in body["articles"]] == [enab.pk, sana.pk]
    assert body["articles"][1] == {"id": sana.pk, "title": "تقرير سانا", "published": "2017-03-06",
                                   "outlet": "SANA", "url": "https://example.org/sana", "incident_count": 3,
                                   "article_url": f"/articles/{sana.pk}/"}
    assert get_json(client, "/api/articles.json?limit=1")["next"].endswith("offset=1")
    one = get_json(client, f"/api/articles/{enab.pk}.json")
    assert one["incident_count"] == 3 and one["text"] == "نص" and one["toponyms"] == []
    assert {f["id"] for f in one["incidents"]} == named(ds, "strike", "undated", "duplicate")
    assert client.get("/api/articles/999999.json").status_code == 404
    assert client.get("/api/articles/99999999999999999999999.json").status_code == 404
    assert client.get("/api/places/99999999999999999999999.json").status_code == 404
    assert client.get("/api/articles.json?offset=x").status_code == 400


@pytest.mark.parametrize("url", ["/api/incidents.geojson", "/api/timeline.json", "/api/facets.json",
                                 "/api/places.geojson", "/api/articles.json", "/api/export/incidents.csv"])
def test_post_is_refused(client, url):
    assert client.post(url).status_code == 405


def test_geojson_parses_as_json_with_head(client, ds):
    assert client.head("/api/incidents.geojson").status_code == 200
    json.loads(client.get("/api/clusters.geojson?bbox=30,30,45,40&zoom=5").content)
