"""Browser test: a curator fixes an unknown village through the queue and its incident moves on the map."""
import datetime

import pytest
from django.contrib.auth.models import Permission

from gazetteer.core.geometry import haversine_km
from tests.test_browser import ARTIFACTS, LOCAL_TILES
from tests.test_queue import HAMA, VILLAGE, VILLAGE_REPORT, make_place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-curator-browser-1"
CURATOR_PERMISSIONS = ["view_unresolvedname", "change_unresolvedname", "add_place", "add_alias", "add_ignoredname"]
MOVED_KM = 15
# Every incident point Leaflet drew: circle markers inside the cluster group and on the map itself.
DRAWN_POINTS_JS = """
() => {
  const out = [];
  for (const name of Object.keys(window)) {
    const map = window[name];
    if (!name.startsWith("map_") || !(map instanceof L.Map)) { continue; }
    map.eachLayer((layer) => {
      // The article map clusters in the browser; the explore map draws the server's clusters (no plugin).
      const grouped = L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup;
      const members = layer.getLayers && grouped ? layer.getLayers() : [layer];
      for (const m of members) {
        if (m.feature && m.getLatLng) {
          out.push({ id: m.feature.properties.id, lat: m.getLatLng().lat, lon: m.getLatLng().lng });
        }
      }
    });
  }
  return out;
}
"""


@pytest.fixture
def local_tiles(settings):
    settings.KHARITA = {**settings.KHARITA, "TILE_URL": LOCAL_TILES}


@pytest.fixture
def page(browser, live_server, local_tiles):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.kharita_requests, page.kharita_errors = [], []
    page.on("request", lambda request: page.kharita_requests.append(request.url))
    page.on("pageerror", lambda error: page.kharita_errors.append(str(error)))
    yield page
    context.close()


def drawn_points(page, base_url):
    """One point per incident drawn (a marker shown by its cluster group is reached twice by eachLayer)."""
    page.goto(base_url + "/")
    page.wait_for_selector('.folium-map[data-kharita-state="loaded"]', timeout=15000)
    return list({p["id"]: p for p in page.evaluate(DRAWN_POINTS_JS)}.values())


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_curator_fixes_an_unknown_village_and_the_incident_moves(page, live_server, django_user_model):
    from mapper.ingest import ingest_text

    make_place("حماة", "city", *HAMA, name_en="Hama", governorate="Hama", population=700000)
    article, _ = ingest_text(VILLAGE_REPORT, published=datetime.date(2024, 3, 4), source="وكالة الاختبار")
    curator = django_user_model.objects.create_user("curator", password=PASSWORD, is_staff=True)
    curator.user_permissions.set(Permission.objects.filter(codename__in=CURATOR_PERMISSIONS))
    base = live_server.url

    before = drawn_points(page, base)
    assert len(before) == article.incidents.exclude(lat=None).count() > 0, before
    assert all(haversine_km(p["lat"], p["lon"], *HAMA) < 1 for p in before)  # the village is unknown
    shot(page, "curation-1-map-before.png")

    page.goto(base + "/admin/login/?next=/admin/mapper/unresolvedname/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/mapper/unresolvedname/")
    row = page.locator("tr.queue-entry", has_text="الزعفرانة")
    assert row.count() == 1
    assert row.locator("mark").first.inner_text() == "الزعفرانة"  # the mention is the name; its cue word stays outside
    assert page.locator("html").get_attribute("dir") == "rtl"
    shot(page, "curation-2-queue.png")

    row.locator("a.queue-resolve").click()
    page.wait_for_selector('#place-map[data-ready="true"]')
    assert page.input_value("#create_name_ar") == "الزعفرانة"
    assert page.input_value("#create_feature_type") == "village"
    # A click on the map fills the coordinates; the curator then types the exact ones.
    page.locator("#place-map").click(position={"x": 200, "y": 150})
    assert page.input_value("#create_lat") and page.input_value("#create_lon")
    page.fill("#create_lat", str(VILLAGE[0]))
    page.fill("#create_lon", str(VILLAGE[1]))
    page.dispatch_event("#create_lon", "change")
    assert page.locator("path.new-place-marker").count() == 1
    shot(page, "curation-3-create-place.png")
    page.click("#create-form input[type=submit]")
    page.wait_for_url("**/admin/mapper/unresolvedname/")
    success = page.locator(".messagelist .success").inner_text()
    assert f"أُعيد تحليل 1 مقالًا؛ تغيّر موقع {len(before)} حادثة" in success
    assert page.locator("tr.queue-entry", has_text="الزعفرانة").count() == 0
    shot(page, "curation-4-queue-after.png")

    after = drawn_points(page, base)
    assert len(after) == len(before), after
    for moved in after:
        assert (round(moved["lat"], 5), round(moved["lon"], 5)) == VILLAGE
        assert haversine_km(before[0]["lat"], before[0]["lon"], moved["lat"], moved["lon"]) > MOVED_KM
    assert set(article.incidents.values_list("place__name_ar", flat=True)) == {"الزعفرانة"}
    shot(page, "curation-5-map-after.png")

    assert page.kharita_errors == []
    outside = [url for url in page.kharita_requests if not url.startswith(base + "/")]
    assert outside == [], f"requests left the live server: {outside}"
