"""The seed article (../shared/samples) against seed-article-expectations.md, on the full in-memory gazetteer."""
import datetime as dt
import json

import pytest
from shapely.geometry import Point, shape

from gazetteer.core.geometry import area_km2, metric_buffer, to_metric
from mapper.extraction.pipeline import geoparse

pytestmark = pytest.mark.shared
PUBLISHED = dt.date(2023, 8, 15)
TANF = Point(38.61778, 33.50583)
ATTACK_TYPES = ("Armed clash", "Shelling/artillery/missile attack")


@pytest.fixture(scope="module")
def parsed(seed_article, full_index):
    return geoparse(seed_article, full_index, published=PUBLISHED)


def curated(index, external_id):
    return index.get(f"curated:{external_id}")


def toponyms_at(parsed, text, surface):
    return [t for t in parsed["toponyms"] if surface in text[t["start"]:t["end"]]]


def test_offsets_point_into_the_original(parsed, seed_article):
    for t in parsed["toponyms"]:
        assert seed_article[t["start"]:t["end"]] == t["surface"]
    for i in parsed["incidents"]:
        assert 0 <= i["evidence"]["start"] < i["evidence"]["end"] <= len(seed_article)


def test_the_attack_is_isis_on_the_syrian_army_along_the_t3_t2_segment(parsed, full_index, seed_article):
    attacks = [i for i in parsed["incidents"] if i["sub_event_type"] in ATTACK_TYPES]
    assert len(attacks) == 1, [i["sub_event_type"] for i in parsed["incidents"]]
    attack = attacks[0]
    roles = {a["name"]: a["role"] for a in attack["actors"]}
    assert roles.get("Islamic State (ISIS)") == "attacker"
    assert roles.get("Military Forces of Syria") == "target"
    line = shape(attack["location"]["geometry"])
    assert line.geom_type == "LineString"
    t2 = curated(full_index, "station-t2")
    t3 = curated(full_index, "station-t3")
    ends = [Point(line.coords[0]), Point(line.coords[-1])]
    for station in (t2, t3):
        p = to_metric(Point(station.lon, station.lat))
        assert min(to_metric(e).distance(p) for e in ends) < 1000
    road = shape(curated(full_index, "road-palmyra-abu-kamal").geometry)
    assert to_metric(road).buffer(2000).covers(to_metric(line))
    evidence = seed_article[attack["evidence"]["start"]:attack["evidence"]["end"]]
    assert "المحطتين الثانية والثالث" in evidence
    assert attack["attributed_to"] == "field source"
    assert attack["date"] == PUBLISHED.isoformat()
    assert attack["time_precision"] > 1 and attack["date_basis"] != "explicit"  # no date line: publication


def test_the_alleged_coalition_link_is_a_claim_of_the_field_source(parsed, seed_article):
    attack = next(i for i in parsed["incidents"] if i["sub_event_type"] in ATTACK_TYPES)
    assert not attack["alleged"]  # the attack itself is reported as fact
    assert {a["name"] for a in attack["actors"]} == {"Islamic State (ISIS)", "Military Forces of Syria"}
    links = [c for c in attack["claims"] if "US-led coalition" in c["about"] and c["claimed_by"] == "field source"]
    assert links
    for claim in links:
        evidence = seed_article[claim["evidence"]["start"]:claim["evidence"]["end"]]
        assert "مناطق سيطرة جيش المغاوير والتحالف الدولي" in evidence
        assert "Maghawir al-Thawra" in claim["about"]


def strategic(parsed, seed_article, word):
    found = [i for i in parsed["incidents"] if i["event_type"] == "Strategic developments"
             and any(word in seed_article[m["start"]:m["end"]] for m in i["mentions"])
             and i["sub_event_type"] == "Other"]
    assert len(found) == 1, [(i["sub_event_type"], i["location"]["name"]) for i in parsed["incidents"]]
    return found[0]


def test_the_five_incidents_and_no_more(parsed):
    kinds = sorted(i["sub_event_type"] for i in parsed["incidents"])
    assert len(kinds) == 5 and kinds.count("Other") == 3 and "Government regains territory" in kinds
    assert len([k for k in kinds if k in ATTACK_TYPES]) == 1


def test_russian_manoeuvres_with_the_15th_division_in_the_badia(parsed, seed_article):
    drills = strategic(parsed, seed_article, "مناورات")
    assert "Military Forces of Russia" in {a["name"] for a in drills["actors"]}
    assert "البادية" in drills["location"]["name"]
    assert not drills["alleged"] and not drills["historical"]


def test_army_reinforcements_sent_to_the_badia(parsed, seed_article):
    reinforcements = strategic(parsed, seed_article, "تعزيزات")
    assert "Military Forces of Syria" in {a["name"] for a in reinforcements["actors"]}
    assert "البادية" in reinforcements["location"]["name"]
    assert not reinforcements["historical"]


def test_the_detainee_transfer_by_the_coalition_is_alleged(parsed, seed_article):
    transfer = strategic(parsed, seed_article, "نقل مزيد من عناصر التنظيم")
    assert transfer["alleged"]
    assert "US-led coalition" in {a["name"] for a in transfer["actors"]}
    here = shape(transfer["location"]["geometry"])
    assert transfer["location"]["name"] in ("الحدود السورية العراقية", "الحدود العراقية", "البادية السورية",
                                            "البادية"), transfer["location"]["name"]
    assert here.is_valid


def test_deir_ez_zor_without_a_space_resolves(parsed, seed_article):
    found = toponyms_at(parsed, seed_article, "ديرالزور")
    towns = [t for t in found if t["surface"] == "ديرالزور"]
    assert towns and all(t["place"]["name_en"] == "Deir ez-Zor" for t in towns)


def test_the_55_km_zone_is_the_clipped_circle(parsed, seed_article, shared_dir):
    zones = [t for t in parsed["toponyms"] if t["surface"] == "منطقة 55 كم"]
    assert len(zones) == 2
    geom = shape(zones[0]["place"]["geometry"])
    assert geom.geom_type in ("Polygon", "MultiPolygon")
    countries = json.loads((shared_dir / "data/naturalearth-admin0-levant/"
                            "ne_10m_admin_0_countries_deu_SY_IQ_JO_LB_TR_IL_PS.geojson").read_text())
    syria = shape(next(f for f in countries["features"] if f["properties"]["ISO_A2"] == "SY")["geometry"])
    expected = area_km2(metric_buffer(TANF, 55, clip_to=syria))
    assert abs(area_km2(geom) - expected) / expected < 0.05


def test_the_roads_are_lines(parsed):
    roads = [t for t in parsed["toponyms"] if t["surface"].startswith("طريق")]
    assert {t["surface"] for t in roads} >= {"طريق تدمر-ديرالزور", "طريق تدمر-البوكمال الصحراوي",
                                             "طريق ديرالزور-دمشق"}
    for t in roads:
        assert t["place"]["feature_type"] == "road"
        assert t["place"]["geometry"]["type"] in ("LineString", "MultiLineString")


def test_no_incident_at_washington_astana_or_the_town_of_mayadin(parsed, full_index):
    """Nor any claim or mention of one: the venue, the metonym and the outlet are not where things happen."""
    banned = [curated(full_index, i) for i in ("city-washington", "city-astana", "sy-city-mayadin")]
    banned += [p for p in full_index.places.values() if "Mayadin" in p.name_en]
    assert all(banned)
    for incident in parsed["incidents"]:
        loc = incident["location"]
        if not loc:
            continue
        assert loc["place_id"] not in {p.id for p in banned}
        here = shape(loc["geometry"])
        for p in banned:
            assert to_metric(here).distance(to_metric(Point(p.lon, p.lat))) > 5000


def test_roles_of_washington_and_the_outlet(parsed, seed_article):
    washington = [t for t in parsed["toponyms"] if t["surface"] == "واشنطن"]
    assert [t["role"] for t in washington] == ["metonymic"]
    outlet = [t for t in parsed["toponyms"] if "ميادين" in t["surface"]]
    assert len(outlet) == 3  # للميادين نت twice, المصدر: الميادين نت once
    assert {t["role"] for t in outlet} == {"organization"}


def test_the_abu_kamal_capture_is_2017_history(parsed):
    regains = [i for i in parsed["incidents"] if i["sub_event_type"] == "Government regains territory"]
    assert len(regains) == 1
    assert regains[0]["historical"] and regains[0]["date"].startswith("2017")
    assert regains[0]["location"]["name"] == "البوكمال"
    assert "Military Forces of Syria" in {a["name"] for a in regains[0]["actors"]}
