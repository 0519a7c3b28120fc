"""One event, not many: repeated mentions within an article fold into one incident; reports of one event by
several articles are one canonical incident with its sources, in the database and in the GeoJSON API."""
import datetime as dt

import pytest
from django.urls import reverse

from mapper.extraction.pipeline import geoparse
from mapper.ingest import store_parse
from mapper.models import Article, Incident
from tests.test_browser import click_shape, local_tiles, watched  # noqa: F401 (fixtures)

SUKHNAH = (34.88, 38.87)
FIFTY_KM_EAST = (34.88, 38.87 + 50 / 91.3)  # 1° of longitude is about 91 km at this latitude


def test_headline_and_body_report_one_event(curated_index):
    text = ("غارات روسية على محيط السخنة\n\n"
            "شنّ الطيران الروسي صباح اليوم غارات على مواقع لتنظيم داعش قرب السخنة. "
            "وقال مصدر ميداني إن الغارات استهدفت تجمعات للتنظيم شرق السخنة.")
    strikes = [i for i in geoparse(text, curated_index, published="2024-03-04")["incidents"]
               if i["sub_event_type"] == "Air/drone strike"]
    assert len(strikes) == 1
    assert len(strikes[0]["mentions"]) >= 2


def test_an_offset_and_its_reference_town_are_one_event_at_the_offset(curated_index):
    text = ("هجوم لداعش على حاجز في السخنة\n\n"
            "هاجم عناصر التنظيم حاجزاً عسكرياً على بعد نحو 15 كم شرق السخنة فجر اليوم.")
    parsed = geoparse(text, curated_index, published="2024-03-04")
    attacks = [i for i in parsed["incidents"] if i["event_type"] == "Battles"]
    assert len(attacks) == 1 and len(attacks[0]["mentions"]) == 2
    sukhnah = {t["place"]["id"] for t in parsed["toponyms"] if t["surface"] == "السخنة"}
    assert attacks[0]["location"]["derived"] == "offset"
    assert attacks[0]["location"]["reference_place_ids"] == list(sukhnah)


def test_two_towns_in_their_own_clauses_stay_two_events(curated_index):
    text = ("قصف على ريف حمص\n\n"
            "قصفت قوات النظام بلدة السخنة صباح اليوم. وفي حادثة أخرى، قصفت قوات النظام مدينة تدمر.")
    shellings = [i for i in geoparse(text, curated_index, published="2024-03-04")["incidents"]
                 if i["sub_event_type"] == "Shelling/artillery/missile attack"]
    assert sorted(i["location"]["name"] for i in shellings) == ["السخنة", "تدمر"]


def test_a_region_in_a_background_clause_does_not_split_the_event(curated_index):
    text = ("تفجير انتحاري في الحسكة\n\n"
            "قُتل خمسة عناصر من قوات النظام، مساء أمس، بتفجير انتحاري استهدف حاجزاً عند مدخل مدينة الحسكة. "
            "ويُعتقد أن الانتحاري تسلل من جيوب التنظيم في البادية السورية.")
    bombs = [i for i in geoparse(text, curated_index, published="2024-03-04")["incidents"]
             if i["sub_event_type"] == "Suicide bomb"]
    assert len(bombs) == 1 and bombs[0]["location"]["name"] == "الحسكة"


def test_a_hedged_mention_adds_a_claim_not_an_actor(curated_index):
    text = ("هجوم لداعش على قوات النظام قرب السخنة\n\n"
            "هاجمت خلايا تنظيم داعش حاجزاً لقوات النظام قرب السخنة صباح اليوم. "
            "وقال مصدر ميداني إن الهجوم انطلق من مناطق سيطرة جيش المغاوير والتحالف الدولي، "
            "ما يؤكد دعم الأخير لتحركات داعش.")
    attacks = [i for i in geoparse(text, curated_index, published="2024-03-04")["incidents"]
               if i["event_type"] == "Battles"]
    assert len(attacks) == 1
    attack = attacks[0]
    assert not attack["alleged"]
    assert "US-led coalition" not in {a["name"] for a in attack["actors"]}
    claim = next(c for c in attack["claims"] if "US-led coalition" in c["about"])
    assert claim["claimed_by"] == "field source"
    assert text[claim["evidence"]["start"]:claim["evidence"]["end"]].startswith("وقال مصدر ميداني")


def report(event_type="Explosions/Remote violence", sub="Air/drone strike", at=SUKHNAH, date="2024-03-03",
           geometry=None):
    lat, lon = at
    return {"event_type": event_type, "sub_event_type": sub, "actors": [], "date": date, "time_precision": 1,
            "date_basis": "explicit", "historical": False,
            "location": {"name": "x", "lat": lat, "lon": lon, "precision": 1, "uncertainty_km": 2.0,
                         "place_id": None, "geometry": geometry or {"type": "Point", "coordinates": [lon, lat]}},
            "evidence": {"start": 0, "end": 5}, "attributed_to": "", "certainty": 0.8, "alleged": False,
            "fatalities": None, "mentions": [], "claims": []}


def article(n, *reports, outlet="outlet"):
    a = Article.objects.create(title=f"report {n}", text="نص الخبر", published=dt.date(2024, 3, 4),
                               source=f"{outlet} {n}", url=f"https://example.org/{n}", content_hash=f"merge-{n}")
    store_parse(a, {"toponyms": [], "incidents": list(reports)})
    return a


def features(client, query=""):
    response = client.get("/api/incidents.geojson" + query)
    assert response.status_code == 200
    return response.json()["features"]


@pytest.mark.django_db
def test_two_outlets_reporting_one_strike_are_one_feature_with_two_sources(client):
    first = article(1, report())
    second = article(2, report(at=(34.90, 38.90), date="2024-03-04"))
    canonical = first.incidents.get()
    assert second.incidents.get().merged_into == canonical
    found = features(client)
    assert len(found) == 1 and found[0]["id"] == canonical.pk
    sources = found[0]["properties"]["sources"]
    assert [s["article_id"] for s in sources] == [first.pk, second.pk]
    assert {s["outlet"] for s in sources} == {"outlet 1", "outlet 2"}
    assert sources[1]["url"] == "https://example.org/2"
    # The article's own map still shows its report, with every source of the event.
    own = features(client, f"?article={second.pk}")
    assert len(own) == 1 and len(own[0]["properties"]["sources"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("other", [
    report(event_type="Battles", sub="Armed clash"),
    report(at=FIFTY_KM_EAST),
    report(date="2024-03-07"),
])
def test_a_different_type_place_or_day_is_another_event(client, other):
    article(1, report())
    article(2, other)
    assert not Incident.objects.filter(merged_into__isnull=False).exists()
    found = features(client)
    assert len(found) == 2 and all(len(f["properties"]["sources"]) == 1 for f in found)


@pytest.mark.django_db
def test_a_line_meeting_a_point_is_the_same_event():
    road = {"type": "LineString", "coordinates": [[38.70, 34.70], [39.10, 35.10]]}
    article(1, report(at=(34.90, 38.90), geometry=road))
    second = article(2, report(at=(34.95, 38.95)))
    assert second.incidents.get().merged_into is not None


@pytest.mark.django_db
def test_reports_of_one_article_are_never_merged_with_each_other():
    one = article(1, report(), report(date="2024-03-04"))
    assert one.incidents.filter(merged_into__isnull=False).count() == 0


@pytest.mark.django_db
def test_reparsing_relinks_the_duplicates(client):
    first = article(1, report())
    second = article(2, report())
    third = article(3, report())
    assert Incident.objects.filter(merged_into__isnull=True).count() == 1
    # The canonical article is parsed again: its old incident goes, the earliest remaining report leads.
    store_parse(first, {"toponyms": [], "incidents": [report()]})
    canonical = Incident.objects.get(merged_into__isnull=True)
    assert canonical.article == second
    assert set(canonical.duplicates.values_list("article_id", flat=True)) == {first.pk, third.pk}
    assert len(features(client)) == 1
    # Parsed again without the event: it no longer counts as a source.
    store_parse(first, {"toponyms": [], "incidents": [report(at=FIFTY_KM_EAST)]})
    found = {f["id"]: f["properties"]["sources"] for f in features(client)}
    assert len(found) == 2
    assert sorted(len(s) for s in found.values()) == [1, 2]
    # A duplicate's article parsed again stays merged.
    store_parse(third, {"toponyms": [], "incidents": [report()]})
    assert third.incidents.get().merged_into == canonical


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_popup_lists_every_source_as_text(watched):
    first = article(1, report())
    evil = article(2, report(at=(34.90, 38.90)))
    evil.title = '<img src=x onerror="alert(1)">تقرير'
    evil.save(update_fields=["title"])
    watched.open("/")
    text = click_shape(watched.page, "path.kharita-point", shot="merge-popup.png")
    assert "نقلته مصدران" in text  # two articles report the event
    assert '<img src=x onerror="alert(1)">تقرير' in text  # shown as text, never parsed as HTML
    hrefs = watched.page.evaluate("""() => fetch('/api/incidents.geojson').then(r => r.json()).then(fc =>
        Array.from(Kharita.popupContent(fc.features[0].properties).querySelectorAll('.kharita-popup-sources a'))
             .map(a => a.getAttribute('href')))""")
    assert hrefs == [reverse("article_detail", args=[a.pk]) for a in (first, evil)]
    watched.check_clean()
