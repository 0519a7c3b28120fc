"""Browser test: a curator redraws a place on the admin map editor in Chromium, and the database follows."""
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gazetteer.core.geometry import parse_geojson, summarize
from gazetteer.models import Alias, Place, PlaceChange
from tests.conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
LOCAL_TILES = "/static/kharita/blank-tile.png?{z}/{x}/{y}"
DEIR = {"type": "Point", "coordinates": [40.14, 35.336]}
PIXELS_3 = 6e-4  # three screen pixels in degrees at the editor's zoom 13 (icon edges are not its anchor)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LATLNG_AT_JS = """
([x, y]) => {
  const container = document.querySelector(".kharita-place-editor-map");
  const box = container.getBoundingClientRect();
  const latlng = container.kharitaEditor.map.containerPointToLatLng([x - box.left, y - box.top]);
  return [latlng.lng, latlng.lat];
}
"""


@pytest.fixture
def curator_page(browser, live_server, settings):
    settings.KHARITA = {**getattr(settings, "KHARITA", {}), "TILE_URL": LOCAL_TILES}
    user = User.objects.create_superuser("curator", "curator@example.org", "pw-curator-1")
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    # Failed loads are judged by their response below (the admin has no favicon.ico: not ours to judge).
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith("Failed to load resource")
            and page.errors.append(msg.text))
    page.on("response", lambda response: response.status >= 400 and not response.url.endswith("/favicon.ico")
            and page.errors.append(f"{response.status} {response.url}"))
    yield page
    context.close()


def make_place():
    place = Place.objects.create(name_ar="دير الزور", name_en="Deir ez-Zor", feature_type="city", geometry=DEIR,
                                 source="test", external_id="deir", **summarize(parse_geojson(DEIR)))
    Alias.objects.create(place=place, text="دير الزور", kind="name")
    return place


def open_editor(page, base_url, place):
    response = page.goto(f"{base_url}/admin/gazetteer/place/{place.pk}/change/")
    assert response.status == 200
    page.wait_for_selector('.kharita-place-editor-map[data-state="ready"]', timeout=15000)
    page.wait_for_load_state("networkidle")
    page.locator(".kharita-place-editor-map").scroll_into_view_if_needed()
    return page.locator(".kharita-place-editor-map").bounding_box()


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def save_form(page):
    page.locator('input[name="_save"]').click()
    page.wait_for_url("**/admin/gazetteer/place/", timeout=15000)
    assert page.locator(".messagelist .success").count() == 1


def assert_stayed_local(page, base_url):
    outside = [url for url in page.requests if not url.startswith(base_url + "/")]
    assert outside == [], f"requests left the live server: {outside}"
    assert any("/static/vendor/leaflet-draw/leaflet.draw.js" in url for url in page.requests)
    assert page.errors == []


def test_curator_draws_and_drags_a_point_and_the_database_follows(curator_page, live_server):
    page, place = curator_page, make_place()
    box = open_editor(page, live_server.url, place)
    assert page.locator(".kharita-place-editor-map").get_attribute("dir") == "ltr"
    assert page.locator(".kharita-place-editor-map .leaflet-marker-icon").count() == 1
    assert page.locator(".kharita-place-editor-map").get_attribute("data-shape") == "Point"
    screenshot(page, "editor-1-opened.png")

    # Draw a new point with the marker tool: it replaces the old one.
    page.locator("a.leaflet-draw-draw-marker").click()
    first = (box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4)
    page.mouse.move(*first)
    page.mouse.click(*first)
    assert page.locator(".kharita-place-editor-map .leaflet-marker-icon").count() == 1

    # Move it with the edit tool by dragging, then confirm the edit.
    page.locator("a.leaflet-draw-edit-edit").click()
    marker = page.locator(".kharita-place-editor-map .leaflet-marker-icon").bounding_box()
    grab = (marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
    drop = (grab[0] + 150, grab[1] + 60)
    page.mouse.move(*grab)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(grab[0] + 15 * step, grab[1] + 6 * step)
    page.mouse.up()
    page.locator('.leaflet-draw-actions a[title="Save changes"]').click()
    tip = page.locator(".kharita-place-editor-map .leaflet-marker-icon").bounding_box()
    anchor = (tip["x"] + tip["width"] / 2, tip["y"] + tip["height"])  # the default icon's anchor is its tip
    expected = page.evaluate(LATLNG_AT_JS, list(anchor))
    written = json.loads(page.locator("textarea[name=geometry]").input_value())
    assert written["type"] == "Point"
    assert written["coordinates"] == pytest.approx(expected, abs=PIXELS_3)
    assert written["coordinates"] != DEIR["coordinates"]
    assert abs(drop[0] - anchor[0]) < 3
    screenshot(page, "editor-2-moved.png")

    save_form(page)
    place.refresh_from_db()
    assert place.geometry["type"] == "Point"
    assert place.geometry["coordinates"] == written["coordinates"]
    assert (place.lon, place.lat) == tuple(place.geometry["coordinates"])
    assert place.min_lon == place.max_lon == place.lon
    entry = PlaceChange.objects.get(action="change")
    assert entry.user.username == "curator" and entry.changes["geometry"][0] == DEIR
    assert_stayed_local(page, live_server.url)


def test_curator_replaces_a_point_with_a_drawn_polygon(curator_page, live_server):
    page, place = curator_page, make_place()
    box = open_editor(page, live_server.url, place)
    page.locator("a.leaflet-draw-draw-polygon").click()
    corners = [(0.35, 0.35), (0.65, 0.35), (0.65, 0.65), (0.35, 0.65)]
    points = [(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy) for fx, fy in corners]
    for point in points:
        page.mouse.move(*point)
        page.mouse.click(*point)
        page.wait_for_timeout(150)  # Leaflet.draw ignores a second click that comes too fast
    page.mouse.click(*points[0])  # closing the ring finishes the polygon
    page.wait_for_function(
        "document.querySelector('.kharita-place-editor-map').getAttribute('data-shape') === 'Polygon'",
        timeout=5000)
    assert page.locator(".kharita-place-editor-map .leaflet-marker-icon:not(.leaflet-editing-icon)").count() == 0
    expected = [page.evaluate(LATLNG_AT_JS, list(point)) for point in points]
    screenshot(page, "editor-3-polygon.png")
    save_form(page)

    place.refresh_from_db()
    ring = place.geometry["coordinates"][0]
    assert place.geometry["type"] == "Polygon" and len(ring) == 5 and ring[0] == ring[-1]
    for got, want in zip(ring[:4], expected):
        assert got == pytest.approx(want, abs=PIXELS_3)
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert (place.min_lon, place.max_lon, place.min_lat, place.max_lat) == (min(lons), max(lons), min(lats),
                                                                             max(lats))
    assert place.min_lon < place.lon < place.max_lon
    assert_stayed_local(page, live_server.url)
