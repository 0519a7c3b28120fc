"""The OpenAPI document: every API route and parameter described, generated from the validators' own specs."""
import pytest
from django.urls import get_resolver

from mapper import urls_api
from mapper.filters import FILTER_PARAMS
from tests.test_filters import build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def resolve_refs(node, root, seen=0):
    """Every $ref in the document points at something."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref:
            target = root
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            seen += 1
        for value in node.values():
            seen = resolve_refs(value, root, seen)
    elif isinstance(node, list):
        for value in node:
            seen = resolve_refs(value, root, seen)
    return seen


def test_document_shape(schema):
    assert schema["openapi"] == "3.1.0"
    assert schema["info"]["title"] and schema["info"]["version"]
    assert resolve_refs(schema, schema) > 10
    ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for path in schema["paths"].values():
        for op in path.values():
            assert op["responses"]["200"] and op["summary"]


def test_every_api_route_is_described(schema):
    routes = {"/" + str(p.pattern).replace("<int:pk>", "{id}") for p in urls_api.urlpatterns
              if str(p.pattern).startswith("api/") and p.name != "api_docs"}
    assert routes == set(schema["paths"])
    assert get_resolver()  # the routes resolve in the project's URLconf too


@pytest.mark.parametrize("path", ["/api/incidents.geojson", "/api/clusters.geojson", "/api/timeline.json",
                                  "/api/facets.json", "/api/export/incidents.csv",
                                  "/api/export/incidents.geojson", "/api/export/incidents.gpkg"])
def test_every_incident_endpoint_takes_every_filter(schema, path):
    params = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    assert {spec.name for spec in FILTER_PARAMS} <= set(params)
    for spec in FILTER_PARAMS:
        param = params[spec.name]
        assert param["in"] == "query" and param["description"] == spec.description
        if spec.repeatable:
            assert param["schema"]["type"] == "array" and param["explode"] is True
            assert param["schema"]["items"] == spec.schema
        else:
            assert param["schema"] == spec.schema
    required = {name for name, p in params.items() if p["required"]}
    assert required == ({"bbox", "zoom"} if path == "/api/clusters.geojson" else set())


def test_paging_and_path_parameters(schema):
    incidents = {p["name"]: p for p in schema["paths"]["/api/incidents.geojson"]["get"]["parameters"]}
    assert incidents["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 5000, "default": 1000}
    timeline = {p["name"] for p in schema["paths"]["/api/timeline.json"]["get"]["parameters"]}
    assert "bucket" in timeline
    facets = {p["name"]: p for p in schema["paths"]["/api/facets.json"]["get"]["parameters"]}
    assert facets["facet_counts"]["schema"] == {"type": "string", "enum": ["filtered", "others"], "default": "filtered"}
    assert "others" in facets["facet_counts"]["description"] and not facets["facet_counts"]["required"]
    places = {p["name"] for p in schema["paths"]["/api/places.geojson"]["get"]["parameters"]}
    assert places == {"layer", "feature_type", "q", "bbox", "limit", "offset"}
    one = schema["paths"]["/api/places/{id}.json"]["get"]
    assert one["parameters"][0]["in"] == "path" and "404" in one["responses"]


def documented_values(param):
    """(a value the schema allows, a value it forbids) for a query parameter, from its schema alone."""
    schema = param["schema"]
    item = schema["items"] if schema["type"] == "array" else schema
    if "enum" in item:
        return str(item["enum"][0]), "not-a-choice"
    if item["type"] == "integer":
        low, high = item.get("minimum", 0), item.get("maximum", 10 ** 12)
        return str(param.get("example", low)), str(high + 1 if high < 10 ** 12 else -1)
    if item["type"] == "number":
        return str(item["minimum"]), str(item["maximum"] + 1)
    if item.get("format") == "date":
        return "2017-03-05", "2017-02-30"
    example = param.get("example")
    example = example[0] if isinstance(example, list) else example
    if item.get("pattern"):
        return example, "1,2"
    return (example or "x"), "x" * (item["maxLength"] + 1)


@pytest.mark.parametrize("path", ["/api/incidents.geojson", "/api/clusters.geojson", "/api/timeline.json",
                                  "/api/facets.json", "/api/places.geojson", "/api/articles.json"])
def test_validators_accept_and_refuse_what_the_schema_says(client, schema, path):
    ds = build_dataset()
    base = {"bbox": "35,32,43,38", "zoom": "6"} if path == "/api/clusters.geojson" else {}
    for param in schema["paths"][path]["get"]["parameters"]:
        good, bad = documented_values(param)
        if param["name"] in ("place", "article"):
            good = str(ds["places"]["raqqa"].pk if param["name"] == "place" else ds["articles"]["sana"].pk)
        query = {**base, param["name"]: good}
        assert client.get(path, query).status_code == 200, (param["name"], good)
        query = {**base, param["name"]: bad}
        response = client.get(path, query)
        assert response.status_code == 400, (param["name"], bad)
        assert param["name"] in response.json()["error"]


def test_docs_page_uses_local_swagger_ui(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in html and "/static/kharita/api_docs.js" in html
    assert 'data-schema-url="/api/openapi.json"' in html and 'dir="ltr"' in html
    assert "cdn" not in html.lower() and "petstore" not in html
