"""The place page: names and aliases, hierarchy links, the incidents at or near the place, the chart and the map."""
import datetime
import re
from html import unescape

import pytest

from gazetteer.models import Alias
from mapper.charts import bar_chart_svg, time_series
from mapper.models import Incident
from mapper.place_incidents import incidents_near
from tests.test_web import EVIL, create_sample_data, make_place

KM_LAT = 1 / 111.32  # degrees of latitude per km


def incident_at(lon, lat, date, place=None, evidence="قصف في المنطقة.", **extra):
    return Incident.objects.create(
        event_type="Battles", sub_event_type="Armed clash", date=date, location_name="موقع",
        geometry={"type": "Point", "coordinates": [lon, lat]}, lat=lat, lon=lon,
        min_lon=lon, min_lat=lat, max_lon=lon, max_lat=lat, place=place,
        evidence_start=0, evidence_end=len(evidence), evidence_text=evidence, **extra)


@pytest.fixture
def world(db):
    data = create_sample_data()
    aleppo, m5, idlib, damascus = data["places"]
    syria = make_place("سوريا", "Syria", "country", {"type": "Polygon", "coordinates": [[
        [35.5, 32.3], [42.4, 32.3], [42.4, 37.4], [35.5, 37.4], [35.5, 32.3]]]}, 38.5, 35.0,
        (35.5, 32.3, 42.4, 37.4), "t-syria")
    aleppo_gov = make_place("محافظة حلب", "Aleppo Governorate", "governorate", {"type": "Polygon", "coordinates": [[
        [36.5, 35.6], [38.6, 35.6], [38.6, 36.9], [36.5, 36.9], [36.5, 35.6]]]}, 37.5, 36.2,
        (36.5, 35.6, 38.6, 36.9), "t-aleppo-gov")
    aleppo_gov.governorate = "Aleppo"
    aleppo_gov.save()
    aleppo.district = "Jebel Saman"  # no such place in this gazetteer: shown as text
    aleppo.save()
    Alias.objects.create(place=aleppo, text="Halab", language="en", kind="transliteration")
    Alias.objects.create(place=aleppo, text=EVIL, language="ar", kind="variant")
    date = datetime.date
    near = incident_at(37.16, 36.20 + 3 * KM_LAT, date(2024, 1, 15), evidence=f"اشتباك {EVIL} قرب حلب")
    far = incident_at(37.16, 36.20 + 8 * KM_LAT, date(2024, 2, 1))
    own_far = incident_at(38.0, 36.6, date(2023, 11, 5), place=aleppo)
    merged = incident_at(37.161, 36.201, date(2024, 3, 4), merged_into=data["point"])
    undated = incident_at(37.17, 36.21, None)
    return {**data, "syria": syria, "aleppo_gov": aleppo_gov, "near": near, "far": far, "own_far": own_far,
            "merged": merged, "undated": undated}


def test_point_place_takes_its_own_and_those_within_five_km(world):
    aleppo = world["places"][0]
    found = incidents_near(aleppo)
    assert set(found.ids) == {world["point"].pk, world["near"].pk, world["own_far"].pk, world["undated"].pk}
    assert found.radius_km == 5.0 and not found.by_area
    # Newest first, the undated one last.
    assert found.ids == [world["point"].pk, world["near"].pk, world["own_far"].pk, world["undated"].pk]


def test_point_place_radius_grows_with_its_uncertainty(world):
    aleppo = world["places"][0]
    aleppo.uncertainty_km = 10.0
    aleppo.save()
    found = incidents_near(aleppo)
    assert world["far"].pk in found.ids and found.radius_km == 10.0


def test_polygon_place_takes_what_lies_inside(world):
    idlib = world["places"][2]
    inside = incident_at(36.5, 35.8, datetime.date(2022, 5, 1))
    outside = incident_at(36.2, 35.8, datetime.date(2022, 5, 1))  # west of the polygon, outside its bbox too
    found = incidents_near(idlib)
    assert found.by_area and found.radius_km == 0.0
    assert inside.pk in found.ids and outside.pk not in found.ids
    assert world["polygon"].pk in found.ids  # its own
    assert world["near"].pk not in found.ids  # east of 37.0


def test_line_place_takes_what_lies_within_five_km_of_the_line(world):
    m5 = world["places"][1]
    beside = incident_at(36.78, 35.13, datetime.date(2021, 6, 1))  # about 2.7 km east of the road
    off_road = incident_at(36.95, 35.13, datetime.date(2021, 6, 1))  # about 18 km east: inside the bbox only
    found = incidents_near(m5)
    assert beside.pk in found.ids and off_road.pk not in found.ids and world["line"].pk in found.ids


def test_unusable_geometry_falls_back_to_the_bbox(world):
    place = make_place("مكان", "Broken", "village", {"type": "Point", "coordinates": ["x", "y"]}, 37.16, 36.20,
                       (37.16, 36.20, 37.16, 36.20), "t-broken")
    found = incidents_near(place)
    assert world["point"].pk in found.ids and world["near"].pk in found.ids and world["far"].pk not in found.ids
    assert client_get_ok(place)


def client_get_ok(place):
    from django.test import Client

    return Client().get(f"/places/{place.pk}/").status_code == 200


def page(client, place):
    response = client.get(f"/places/{place.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_names_aliases_and_escapes_them(client, world):
    aleppo = world["places"][0]
    html = page(client, aleppo)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    names = re.search(r'<table class="data-table aliases">(.*?)</table>', html, re.S).group(1)
    assert "حلب" in names and "Aleppo" in names and "Halab" in names
    # Kinds of name and of place are interface words: Arabic on the Arabic page, English on the English one.
    assert re.search(r'<td lang="en" dir="auto">Halab</td><td dir="ltr">en</td><td>نقحرة</td>', names)
    assert "صيغة إملائية" in names and "Transliteration" not in names
    assert "<dd>مدينة</dd>" in html
    assert '<html lang="ar" dir="rtl">' in html
    client.post("/i18n/setlang/", {"language": "en", "next": f"/places/{aleppo.pk}/"})
    english = page(client, aleppo)
    assert "<td>Transliteration</td>" in english and "Spelling variant" in english and "<dd>City</dd>" in english


def test_page_links_the_admin_hierarchy(client, world):
    aleppo = world["places"][0]
    html = page(client, aleppo)
    hierarchy = re.search(r'<dl class="hierarchy">(.*?)</dl>', html, re.S).group(1)
    assert f'href="/places/{world["syria"].pk}/"' in hierarchy
    assert f'href="/places/{world["aleppo_gov"].pk}/"' in hierarchy
    assert "Jebel Saman" in hierarchy and hierarchy.count("<a ") == 2
    # The governorate's own page names itself without linking to itself.
    gov_html = page(client, world["aleppo_gov"])
    gov_hierarchy = re.search(r'<dl class="hierarchy">(.*?)</dl>', gov_html, re.S).group(1)
    assert 'aria-current="page"' in gov_hierarchy and f'/places/{world["aleppo_gov"].pk}/' not in gov_hierarchy


def test_page_lists_incidents_with_evidence_escaped_and_article_links(client, world):
    aleppo = world["places"][0]
    html = page(client, aleppo)
    assert 'id="incident-total" data-count="4"' in html
    listed = re.findall(r'<li class="incident" id="incident-(\d+)">', html)
    assert [int(pk) for pk in listed] == incidents_near(aleppo).ids
    assert f'id="incident-{world["far"].pk}"' not in html and f'id="incident-{world["merged"].pk}"' not in html
    assert "اشتباك &lt;script&gt;alert(1)&lt;/script&gt; قرب حلب" in html
    assert f'href="/articles/{world["article"].pk}/"' in html
    assert "قوات النظام" in html  # the actor of the article's incident


def test_page_chart_by_month_with_a_table(client, world):
    aleppo = world["places"][0]
    html = page(client, aleppo)
    svg = re.search(r"<svg class=\"bar-chart\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="place-chart-title place-chart-desc"' in svg
    assert re.search(r'<title id="place-chart-title">[^<]+</title>', svg)
    bars = re.findall(r'data-period="([\d-]+)" data-count="(\d+)"', svg)
    # 2023-11 .. 2024-03: five months, the empty ones included; the undated incident is not counted.
    assert bars == [("2023-11-01", "1"), ("2023-12-01", "0"), ("2024-01-01", "1"), ("2024-02-01", "0"),
                    ("2024-03-01", "1")]
    table = re.search(r'<details class="chart-table">(.*?)</details>', html, re.S).group(1)
    assert len(re.findall(r"<tr><td", table)) == 5


def test_page_map_is_ltr_local_and_draws_the_place(client, world):
    m5 = world["places"][1]
    html = page(client, m5)
    assert '<div class="map-frame" dir="ltr">' in html
    assert f'"/api/incidents.geojson?place={m5.pk}"' in html
    assert "kharita-place-line" in html and "L.geoJSON(" in html
    for url in re.findall(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)\s*=\s*["\']([^"\']+)["\']', html):
        assert url.startswith("/static/") or url == "/jsi18n/", url  # /jsi18n/: the app's JavaScript catalog
    assert "kharita-place-polygon" in page(client, world["places"][2])
    point_html = page(client, world["places"][0])
    assert "kharita-place-point" in point_html and "kharita-place-near" in point_html


def test_place_without_incidents(client, world):
    lonely = make_place("قرية", "Lonely", "village", {"type": "Point", "coordinates": [40.0, 33.0]}, 40.0, 33.0,
                        (40.0, 33.0, 40.0, 33.0), "t-lonely")
    html = page(client, lonely)
    assert 'data-count="0"' in html and "bar-chart" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/places/999999/", "/places/99999999999999999999999/", "/places/abc/", "/places/-1/"])
def test_unknown_place_is_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_place_page_rejects_post(client):
    place = make_place("قرية", "V", "village", {"type": "Point", "coordinates": [40.0, 33.0]}, 40.0, 33.0,
                       (40.0, 33.0, 40.0, 33.0), "t-v")
    assert client.post(f"/places/{place.pk}/").status_code == 405


def test_time_series_switches_to_years_for_long_spans():
    dates = [datetime.date(2005, 1, 1), datetime.date(2020, 6, 1), datetime.date(2020, 7, 1), None]
    bucket, bars = time_series(dates)
    assert bucket == "year" and len(bars) == 16 and bars[-1].count == 2 and sum(b.count for b in bars) == 3
    assert time_series([None]) == ("month", [])


def test_chart_svg_escapes_its_title():
    _, bars = time_series([datetime.date(2024, 1, 1)])
    svg = bar_chart_svg(bars, EVIL, "d", element_id="c")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert unescape(re.search(r"<title id=\"c-title\">(.*?)</title>", svg).group(1)) == EVIL
