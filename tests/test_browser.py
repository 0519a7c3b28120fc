"""Browser tests: Chromium loads the map and article pages from live_server, with no request leaving it."""
import json
import urllib.request
from glob import glob

import pytest
from django.core.management import call_command, get_commands

from tests.conftest import ROOT, skip_or_fail
from tests.test_web import EVIL, create_sample_data

ARTIFACTS = ROOT / "tests" / "artifacts"
LOCAL_TILES = "/static/kharita/blank-tile.png?{z}/{x}/{y}"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A viewport point where one of the matching SVG paths is really on top (outline first, then interior).
CLICKABLE_POINT_JS = """
(selector) => {
  for (const el of document.querySelectorAll(selector)) {
    const candidates = [];
    const total = el.getTotalLength();
    const ctm = el.getScreenCTM();
    for (const f of [0.5, 0.3, 0.7, 0.1, 0.9, 0.2, 0.8, 0.4, 0.6, 0.0]) {
      const p = el.getPointAtLength(total * f);
      candidates.push(new DOMPoint(p.x, p.y).matrixTransform(ctm));
    }
    const box = el.getBoundingClientRect();
    for (let i = 1; i < 6; i++) {
      for (let j = 1; j < 6; j++) {
        candidates.push({ x: box.left + box.width * i / 6, y: box.top + box.height * j / 6 });
      }
    }
    for (const q of candidates) {
      if (document.elementFromPoint(q.x, q.y) === el) { return { x: q.x, y: q.y }; }
    }
  }
  return null;
}
"""


@pytest.fixture
def local_tiles(settings):
    settings.KHARITA = {**settings.KHARITA, "TILE_URL": LOCAL_TILES}


class Watched:
    """A page whose console errors, page errors, requests and failed requests are recorded."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
        self.page = self.context.new_page()
        self.errors, self.requests, self.failed, self.dialogs = [], [], [], []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("requestfailed", self._failed)

    def _failed(self, request):
        # Leaflet cancels tiles it no longer needs while zooming; that abort is not an error.
        if "blank-tile.png" in request.url and "ERR_ABORTED" in (request.failure or ""):
            return
        self.failed.append(f"{request.url} {request.failure}")

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, path
        self.page.wait_for_selector('.folium-map[data-kharita-state="loaded"]', timeout=15000)
        self.page.wait_for_load_state("networkidle")

    def check_clean(self):
        assert self.errors == []
        assert self.dialogs == [], "a page opened an alert/confirm dialog"
        assert self.failed == []
        outside = [u for u in self.requests if not u.startswith(self.base_url + "/")]
        assert outside == [], f"requests left the live server: {outside}"
        assert any("/static/vendor/leaflet/leaflet.js" in u for u in self.requests)
        assert any(u.endswith("/static/kharita/map.js") for u in self.requests)

    def screenshot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser, live_server, local_tiles):
    w = Watched(browser, live_server.url)
    yield w
    w.close()


def drawn_counts(page):
    """Shapes on the map: point markers (clustered ones counted through their cluster), lines, polygons."""
    points = page.locator("path.kharita-point").count()
    clustered = sum(int(t) for t in page.locator(".marker-cluster span").all_inner_texts())
    return {
        "point": points + clustered,
        "line": page.locator("path.kharita-line").count(),
        "polygon": page.locator("path.kharita-polygon").count(),
    }


def expected_counts(features):
    kinds = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
             "Polygon": "polygon", "MultiPolygon": "polygon"}
    counts = {"point": 0, "line": 0, "polygon": 0}
    for feature in features:
        counts[kinds[feature["geometry"]["type"]]] += 1
    return counts


def api_features(base_url, query=""):
    with urllib.request.urlopen(f"{base_url}/api/incidents.geojson{query}") as response:
        return json.load(response)["features"]


def click_shape(page, selector, shot=None):
    """Really click (mouse) a point on the first path matching `selector`, then return the popup text."""
    point = page.evaluate(CLICKABLE_POINT_JS, selector)
    assert point, f"no clickable point on {selector}"
    page.mouse.click(point["x"], point["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    text = popup.inner_text()
    assert popup.locator("script").count() == 0
    if shot:
        page.wait_for_timeout(600)  # let the fade-in and auto-pan finish
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / shot))
    page.locator(".leaflet-popup-close-button").click()
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')", timeout=5000)
    return text


def test_map_and_article_pages_with_three_shapes(watched):
    data = create_sample_data()
    page = watched.page

    watched.open("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".map-frame").get_attribute("dir") == "ltr"
    assert drawn_counts(page) == {"point": 1, "line": 1, "polygon": 1}
    assert page.locator(".folium-map").get_attribute("data-kharita-count") == "3"
    assert page.locator(".legend-list li").count() == 7
    watched.screenshot("home.png")

    line_text = click_shape(page, "path.kharita-line")
    assert data["line"].evidence_text in line_text
    assert "Remote explosive/landmine/IED" in line_text

    polygon_text = click_shape(page, "path.kharita-polygon", shot="home-popup.png")
    assert EVIL in polygon_text  # shown literally as text, never executed
    assert 'مسلحون "مجهولون"' in polygon_text
    assert data["article"].title in polygon_text

    point_text = click_shape(page, "path.kharita-point")
    assert data["point"].evidence_text in point_text
    link = page.locator(".leaflet-popup-content a")  # popup closed; reopen to follow the article link
    point = page.evaluate(CLICKABLE_POINT_JS, "path.kharita-point")
    page.mouse.click(point["x"], point["y"])
    assert link.get_attribute("href") == f"/articles/{data['article'].pk}/"
    assert link.inner_text() == data["article"].title
    assert page.locator(".leaflet-popup-content blockquote").get_attribute("dir") == "rtl"

    watched.open(f"/articles/{data['article'].pk}/")
    assert page.locator(".article-text mark.toponym").count() == 5
    assert page.locator(".article-text mark.role-metonymic").count() == 1
    assert page.locator(".article-text mark.role-organization").count() == 1
    assert EVIL in page.locator(".article-text").inner_text()
    assert page.locator(".article-text script").count() == 0
    assert drawn_counts(page) == {"point": 1, "line": 1, "polygon": 1}
    watched.screenshot("article.png")

    watched.open(f"/articles/{data['other'].pk}/")
    assert drawn_counts(page) == {"point": 0, "line": 0, "polygon": 0}
    assert page.locator(".kharita-map-message").count() == 1
    watched.check_clean()


def test_ingested_sample_articles_are_mapped(watched):
    missing = [name for name in ("load_gazetteer", "ingest") if name not in get_commands()]
    if missing:
        skip_or_fail(f"management command(s) not written yet: {', '.join(missing)}")
    samples = sorted(glob(str(ROOT / "mapper" / "samples" / "*.txt")))
    if not samples:
        skip_or_fail("no sample articles in mapper/samples/*.txt yet")
    call_command("load_gazetteer", "--commit")
    call_command("ingest", *samples)

    from mapper.models import Article

    articles = list(Article.objects.all())
    assert len(articles) == len(samples)
    page = watched.page
    features = api_features(watched.base_url)
    assert features, "ingesting the samples mapped no incident"

    watched.open("/")
    assert drawn_counts(page) == expected_counts(features)
    watched.screenshot("home-samples.png")
    popup_text = click_shape(page, "path.kharita-point, path.kharita-line, path.kharita-polygon",
                             shot="home-samples-popup.png")
    assert any(f["properties"]["evidence"] in popup_text for f in features)

    for index, article in enumerate(articles):
        watched.open(f"/articles/{article.pk}/")
        marks = page.locator(".article-text mark.toponym").count()
        assert (marks > 0) == article.toponyms.exists()
        assert drawn_counts(page) == expected_counts(api_features(watched.base_url, f"?article={article.pk}"))
        if index == 0:
            watched.screenshot("article-sample.png")
    watched.check_clean()
