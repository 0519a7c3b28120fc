"""Web layer tests: the GeoJSON API, the HTML pages (escaping, RTL, local assets only) and the admin."""
import datetime
import re

import pytest

from gazetteer.models import Alias, Place
from mapper.maps import external_assets, incident_map
from mapper.models import Article, Incident, Toponym

EVIL = '<script>alert(1)</script>'
TEXT = (
    'قصفت قوات النظام مدينة حلب صباح الاثنين. '
    'وأعلنت دمشق أن "الطريق الدولي" M5 أُغلق بعد انفجار عبوة. '
    'وقال ناشطون إن المدنيين في محافظة إدلب تعرضوا لهجوم ' + EVIL + ' بحسب "المرصد".'
)


def span(text, word, nth=0):
    """(start, end) of the nth occurrence of `word` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def make_place(name_ar, name_en, feature_type, geometry, lon, lat, box, ext):
    place = Place.objects.create(
        name_ar=name_ar, name_en=name_en, feature_type=feature_type, geometry=geometry,
        lon=lon, lat=lat, min_lon=box[0], min_lat=box[1], max_lon=box[2], max_lat=box[3],
        country="SY", governorate=name_en, source="test", external_id=ext,
    )
    Alias.objects.create(place=place, text=name_ar, kind="name")
    return place


def create_sample_data():
    """Three places, one article with toponyms, and a Point, a LineString and a Polygon incident."""
    aleppo = make_place("حلب", "Aleppo", "city", {"type": "Point", "coordinates": [37.16, 36.20]},
                        37.16, 36.20, (37.16, 36.20, 37.16, 36.20), "t-aleppo")
    m5_coords = [[36.72, 34.73], [36.75, 35.13], [36.63, 35.93], [37.10, 36.15]]
    m5 = make_place("الطريق الدولي M5", "M5 highway", "road", {"type": "LineString", "coordinates": m5_coords},
                    36.75, 35.13, (36.63, 34.73, 37.10, 36.15), "t-m5")
    idlib_ring = [[36.3, 35.6], [37.0, 35.6], [37.0, 36.2], [36.3, 36.2], [36.3, 35.6]]
    idlib = make_place("إدلب", "Idlib", "governorate", {"type": "Polygon", "coordinates": [idlib_ring]},
                       36.63, 35.93, (36.3, 35.6, 37.0, 36.2), "t-idlib")
    damascus = make_place("دمشق", "Damascus", "city", {"type": "Point", "coordinates": [36.29, 33.51]},
                          36.29, 33.51, (36.29, 33.51, 36.29, 33.51), "t-damascus")
    article = Article.objects.create(
        title='تقرير <b>"ميداني"</b> عن الشمال', text=TEXT, published=datetime.date(2024, 3, 4),
        source="وكالة الاختبار", url="https://example.org/report/1", content_hash="hash-web-1",
    )
    # Deliberately unsorted, with one toponym overlapping another.
    s_idlib = span(TEXT, "إدلب")
    Toponym.objects.create(article=article, start=s_idlib[0], end=s_idlib[1], surface="إدلب",
                           role="literal", place=idlib, score=0.9)
    s_aleppo = span(TEXT, "حلب")
    Toponym.objects.create(article=article, start=s_aleppo[0], end=s_aleppo[1], surface="حلب",
                           role="literal", place=aleppo, score=0.95)
    s_damascus = span(TEXT, "دمشق")
    Toponym.objects.create(article=article, start=s_damascus[0], end=s_damascus[1], surface="دمشق",
                           role="metonymic", place=damascus, score=0.8)
    s_road = span(TEXT, "الطريق الدولي")
    Toponym.objects.create(article=article, start=s_road[0], end=s_road[1], surface="الطريق الدولي",
                           role="literal", place=m5, score=0.7)
    Toponym.objects.create(article=article, start=s_road[0] + 2, end=s_road[1], surface="طريق",
                           role="literal", place=None, score=0.1)
    s_org = span(TEXT, "المرصد")
    Toponym.objects.create(article=article, start=s_org[0], end=s_org[1], surface="المرصد",
                           role="organization", place=None, score=0.5)

    evidence_point = "قصفت قوات النظام مدينة حلب صباح الاثنين."
    evidence_line = 'وأعلنت دمشق أن "الطريق الدولي" M5 أُغلق بعد انفجار عبوة.'
    evidence_poly = 'وقال ناشطون إن المدنيين في محافظة إدلب تعرضوا لهجوم ' + EVIL + ' بحسب "المرصد".'
    common = {"article": article, "date": datetime.date(2024, 3, 4), "time_precision": 1}
    point = Incident.objects.create(
        **common, event_type="Battles", sub_event_type="Armed clash",
        actors=[{"name": "قوات النظام", "role": "actor1"}], location_name="حلب",
        geometry=aleppo.geometry, lat=36.20, lon=37.16,
        min_lon=37.16, min_lat=36.20, max_lon=37.16, max_lat=36.20, precision=1, place=aleppo,
        evidence_start=TEXT.index(evidence_point), evidence_end=TEXT.index(evidence_point) + len(evidence_point),
        evidence_text=evidence_point, certainty=0.9,
    )
    line = Incident.objects.create(
        **common, event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        actors=[], location_name="الطريق الدولي M5", geometry=m5.geometry, lat=35.13, lon=36.75,
        min_lon=36.63, min_lat=34.73, max_lon=37.10, max_lat=36.15, precision=2, uncertainty_km=5.0,
        place=m5, evidence_start=TEXT.index(evidence_line),
        evidence_end=TEXT.index(evidence_line) + len(evidence_line), evidence_text=evidence_line,
        attributed_to="دمشق", certainty=0.7,
    )
    polygon = Incident.objects.create(
        article=article, date=None, time_precision=3, event_type="Violence against civilians",
        sub_event_type="Attack", actors=[{"name": 'مسلحون "مجهولون"', "role": "actor1"},
                                         {"name": "مدنيون", "role": "actor2"}],
        location_name="إدلب", geometry=idlib.geometry, lat=35.93, lon=36.63,
        min_lon=36.3, min_lat=35.6, max_lon=37.0, max_lat=36.2, precision=3, uncertainty_km=40.0,
        place=idlib, evidence_start=TEXT.index(evidence_poly),
        evidence_end=TEXT.index(evidence_poly) + len(evidence_poly), evidence_text=evidence_poly,
        attributed_to="ناشطون", certainty=0.6, alleged=True, fatalities=3,
    )
    unmapped = Incident.objects.create(
        **common, event_type="Protests", sub_event_type="Peaceful protest", location_name="",
        geometry=None, evidence_start=0, evidence_end=5, evidence_text=TEXT[:5],
    )
    other = Article.objects.create(title="مقال آخر", text="لا شيء هنا.", content_hash="hash-web-2")
    return {"article": article, "other": other, "point": point, "line": line, "polygon": polygon,
            "unmapped": unmapped, "places": [aleppo, m5, idlib, damascus]}


@pytest.fixture
def data(db):
    return create_sample_data()


def features_of(client, query=""):
    response = client.get("/api/incidents.geojson" + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    return body["features"]


@pytest.mark.django_db
def test_api_returns_three_geometries_with_properties(client, data):
    features = features_of(client)
    by_id = {f["properties"]["id"]: f for f in features}
    assert set(by_id) == {data["point"].pk, data["line"].pk, data["polygon"].pk}  # null geometry skipped
    assert by_id[data["point"].pk]["geometry"]["type"] == "Point"
    assert by_id[data["line"].pk]["geometry"]["type"] == "LineString"
    assert by_id[data["polygon"].pk]["geometry"]["type"] == "Polygon"
    props = by_id[data["polygon"].pk]["properties"]
    expected_keys = {"id", "event_type", "sub_event_type", "actors", "date", "time_precision",
                     "location_name", "precision", "uncertainty_km", "evidence", "attributed_to",
                     "certainty", "alleged", "historical", "fatalities", "article_id", "article_url",
                     "article_title", "color"}
    assert expected_keys <= set(props)
    assert props["evidence"] == data["polygon"].evidence_text  # raw in JSON; escaping is the renderer's job
    assert props["actors"] == [{"name": 'مسلحون "مجهولون"', "role": "actor1"}, {"name": "مدنيون", "role": "actor2"}]
    assert props["date"] is None and props["alleged"] is True and props["fatalities"] == 3
    assert props["article_url"] == f"/articles/{data['article'].pk}/"
    assert props["article_title"] == data["article"].title
    assert by_id[data["point"].pk]["properties"]["date"] == "2024-03-04"
    colors = {f["properties"]["event_type"]: f["properties"]["color"] for f in features}
    assert len(set(colors.values())) == 3 and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colors.values())


@pytest.mark.django_db
def test_api_filters(client, data):
    assert len(features_of(client, f"?article={data['article'].pk}")) == 3
    assert features_of(client, f"?article={data['other'].pk}") == []
    only = features_of(client, "?type=Battles")
    assert [f["properties"]["id"] for f in only] == [data["point"].pk]
    # A box around Aleppo only: the road's box ends at 37.10E and Idlib's at 37.0E.
    near_aleppo = {f["properties"]["id"] for f in features_of(client, "?bbox=37.12,36.17,37.2,36.25")}
    assert near_aleppo == {data["point"].pk}
    south = {f["properties"]["id"] for f in features_of(client, "?bbox=36.5,34.5,37.0,35.0")}
    assert south == {data["line"].pk}
    combined = features_of(client, f"?bbox=35,33,39,37&type=Violence against civilians&article={data['article'].pk}")
    assert [f["properties"]["id"] for f in combined] == [data["polygon"].pk]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "?bbox=1,2,3", "?bbox=a,b,c,d", "?bbox=10,10,5,5", "?bbox=0,0,200,10", "?bbox=nan,0,1,1",
    "?bbox=", "?article=abc", "?article=-1", "?article=0", "?article=1.5", "?type=", "?type=" + "x" * 61,
])
def test_api_bad_params_are_400(client, data, query):
    response = client.get("/api/incidents.geojson" + query)
    assert response.status_code == 400
    assert "error" in response.json() and response.json()["error"]


@pytest.mark.django_db
def test_api_rejects_post(client):
    assert client.post("/api/incidents.geojson").status_code == 405


ASSET_RE = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)\s*=\s*["\']([^"\']+)["\']', re.I)


def assert_local_assets(html):
    assets = ASSET_RE.findall(html)
    assert assets, "expected at least one script/stylesheet"
    for url in assets:
        assert not re.match(r"(?i)(https?:)?//", url), url
        assert url.startswith("/static/") or url == "/jsi18n/", url  # /jsi18n/: the app's JavaScript catalog


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/articles/", "ARTICLE"])
def test_pages_render_rtl_with_local_assets_only(client, data, path):
    if path == "ARTICLE":
        path = f"/articles/{data['article'].pk}/"
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert_local_assets(html)
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_home_has_map_legend_and_counts(client, data):
    html = client.get("/").content.decode()
    assert re.search(r'<div class="map-frame" dir="ltr">', html)
    assert re.search(r'<div class="folium-map kharita-map" dir="ltr" id="map_[0-9a-f]+"', html)
    assert 'KharitaExplore.start(' in html and '"/api/incidents.geojson"' in html
    for name in ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                 "Riots", "Strategic developments"):
        assert name in html
    assert 'id="incident-count" data-count="4"' in html
    assert 'id="mapped-count" data-count="3"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/kharita/map.js" in html
    assert "leaflet.markercluster.js" not in html  # the server clusters; the page loads no clustering plugin
    assert "tile.openstreetmap.org" in html  # the configured tile URL is the only external thing


@pytest.mark.django_db
def test_article_page_escapes_and_highlights(client, data):
    article = data["article"]
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;&quot;ميداني&quot;&lt;/b&gt;" in html
    assert "&quot;المرصد&quot;" in html
    assert '<article class="article" dir="rtl"' in html
    assert '<div class="map-frame" dir="ltr">' in html
    assert f'"/api/incidents.geojson?article={article.pk}"' in html
    marks = re.findall(r'<mark class="toponym (role-[a-z]+)"([^>]*)>([^<]*)</mark>', html)
    in_text = [m for m in marks if "title=" in m[1]]  # the role legend has no title
    by_surface = {surface: (role, attrs) for role, attrs, surface in in_text}
    aleppo, m5, idlib, damascus = data["places"]
    assert by_surface["حلب"][0] == "role-literal" and f'data-place-id="{aleppo.pk}"' in by_surface["حلب"][1]
    assert 'title="Aleppo"' in by_surface["حلب"][1]
    assert by_surface["دمشق"][0] == "role-metonymic" and 'title="Damascus"' in by_surface["دمشق"][1]
    assert by_surface["إدلب"][0] == "role-literal" and f'data-place-id="{idlib.pk}"' in by_surface["إدلب"][1]
    assert by_surface["المرصد"][0] == "role-organization" and "data-place-id" not in by_surface["المرصد"][1]
    # The longer road span wins over the overlapping "طريق" one, and it is marked once.
    assert by_surface["الطريق الدولي"][0] == "role-literal" and "طريق" not in by_surface
    assert len(in_text) == 5
    assert {"role-literal", "role-metonymic", "role-organization"} <= {m[0] for m in marks if "title=" not in m[1]}
    # All text survives highlighting.
    plain = re.sub(r"<[^>]+>", "", re.search(r'<div class="article-text">(.*?)</div>', html, re.S).group(1))
    from html import unescape
    assert unescape(plain) == article.text
    # Incidents listed with their evidence and actors, escaped.
    assert html.count('class="incident"') == 4
    assert "مسلحون &quot;مجهولون&quot;" in html
    assert 'href="https://example.org/report/1"' in html


@pytest.mark.django_db
def test_article_page_handles_odd_offsets(client, data):
    article = data["other"]
    Toponym.objects.create(article=article, start=50, end=60, surface="x", role="literal")  # beyond text
    Toponym.objects.create(article=article, start=4, end=2, surface="y", role="literal")    # inverted
    Toponym.objects.create(article=article, start=0, end=2, surface="لا", role="bogus")    # unknown role
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="toponym role-unknown" title="غير محدد">لا</mark> شيء هنا.' in html


@pytest.mark.django_db
def test_unknown_article_and_bad_page(client, data):
    assert client.get("/articles/999999/").status_code == 404
    assert client.get("/articles/99999999999999999999999/").status_code == 404
    assert client.get("/articles/abc/").status_code == 404
    assert client.get("/articles/?page=2").status_code == 400
    bad = client.get("/articles/?page=x")
    assert bad.status_code == 400 and "page" in bad.content.decode()
    assert client.get("/articles/?page=1").status_code == 200


@pytest.mark.django_db
def test_article_list(client, data):
    html = client.get("/articles/").content.decode()
    assert f'href="/articles/{data["article"].pk}/"' in html and "وكالة الاختبار" in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert re.search(r'<td class="num">4</td>', html) and re.search(r'<td class="num">0</td>', html)


def test_map_assets_are_local_and_class_untouched():
    import folium

    class_js = list(folium.Map.default_js)
    m = incident_map("/api/incidents.geojson")
    assert external_assets(m) == []
    assert folium.Map.default_js == class_js  # nothing mutated the class


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/admin/", "/admin/gazetteer/place/", "/admin/gazetteer/alias/", "/admin/mapper/article/",
    "/admin/mapper/incident/", "/admin/mapper/toponym/", "/admin/gazetteer/place/?q=حلب",
    "/admin/mapper/incident/?event_type__exact=Battles",
])
def test_admin_changelists(admin_client, data, url):
    assert admin_client.get(url).status_code == 200


@pytest.mark.django_db
def test_admin_change_pages(admin_client, data):
    assert admin_client.get(f"/admin/mapper/article/{data['article'].pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/gazetteer/place/{data['places'][0].pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/mapper/incident/{data['line'].pk}/change/").status_code == 200
