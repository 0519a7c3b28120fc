"""Unresolved cue mentions, hashtags and homographs on an in-memory gazetteer."""
from gazetteer.core.cues import CueMention
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.model import PlaceRecord
from gazetteer.core.toponyms import find_places
from mapper.extraction.pipeline import geoparse


def place(pid, name, ftype="city", lat=33.89, lon=35.50, country="LB", population=0, uncertainty=5.0):
    return PlaceRecord(pid, name, pid, ftype, {"type": "Point", "coordinates": [lon, lat]}, lat, lon,
                       country=country, population=population, uncertainty_km=uncertainty, source="test")


INDEX = GazetteerIndex([
    place("beirut", "بيروت", population=1_900_000),
    place("lebanon", "لبنان", "country", 33.87, 35.84, uncertainty=80.0),
    place("jordan", "الأردن", "country", 31.17, 36.94, "JO", uncertainty=150.0),
    place("madaba", "مأدبا", "city", 31.716, 35.794, "JO", 82_000),
    place("tyre", "صور", "city", 33.27, 35.20, population=60_000),
    place("tabqa-airport", "مطار الطبقة", "airport", 35.75, 38.57, "SY"),
])


def mentions(text):
    return find_places(text, INDEX).mentions


def by_surface(text):
    return {m.surface: m for m in mentions(text)}


def test_unknown_poi_inside_a_known_place_gets_the_container_as_fallback():
    found = by_surface("الوضع كارثي في مستشفى الروم في بيروت")
    hospital = found["مستشفى الروم"]
    assert isinstance(hospital, CueMention) and hospital.place is None and hospital.candidates == []
    assert hospital.key == "مستشفي الروم"
    assert hospital.container is found["بيروت"]
    assert hospital.fallback["place_id"] == "beirut" and hospital.fallback["basis"] == "container"
    assert hospital.fallback["uncertainty_km"] >= 2.0


def test_poi_named_after_a_place_is_one_mention_located_by_that_place():
    found = mentions("انفجار ضخم في مرفأ بيروت مساء اليوم")
    assert [m.surface for m in found] == ["مرفأ بيروت"]
    port = found[0]
    assert port.place is None and port.inner.place.id == "beirut"
    assert port.fallback["basis"] == "named_after" and port.fallback["uncertainty_km"] >= 10.0


def test_known_facility_is_resolved_not_queued():
    assert [m.place.id for m in mentions("هبطت في مطار الطبقة")] == ["tabqa-airport"]


def test_unknown_village_after_a_cue_and_proclitics():
    found = by_surface("انتشال جثة طفلة في منطقة النزهة في مأدبا وبمستشفى القديس جاورجيوس")
    assert found["النزهة"].fallback["place_id"] == "madaba"  # a settlement's span is its name, without the cue
    assert found["النزهة"].cue == "منطقه" and found["النزهة"].key == "النزهه"
    assert "مستشفى القديس" in found  # the name is cut before a word without the article
    assert found["مأدبا"].place.id == "madaba"


def test_descriptions_after_a_cue_are_not_names():
    assert mentions("نقل الجرحى إلى المستشفى الميداني") == []
    assert mentions("وصلت المساعدات عبر جسر جوي") == []
    assert [m.surface for m in mentions("السفارة الكندية تحذر")] == ["السفارة الكندية"]


def test_hashtags_place_tags_versus_topic_tags():
    assert [m.surface for m in mentions("#انفجار_بيروت #لبنان_ينهار")] == []
    assert [m.surface for m in mentions("صور الدمار #بيروت")] == ["بيروت"]
    assert [m.surface for m in mentions("فيضان #سد_الوالة")] == ["سد_الوالة"]
    assert [m.surface for m in mentions("تضامن مع #Beirut")] == []


def test_homographs_need_a_locative_context():
    assert mentions("صور مؤلمة تظهر آثار الدمار") == []
    assert [m.place.id for m in mentions("غارة على مبنى في صور")] == ["tyre"]


def test_geoparse_exposes_key_and_fallback():
    toponyms = geoparse("الوضع كارثي في مستشفى الروم في بيروت", INDEX)["toponyms"]
    hospital = next(t for t in toponyms if t["surface"] == "مستشفى الروم")
    assert hospital["place"] is None and hospital["key"] == "مستشفي الروم"
    assert hospital["fallback"]["place_id"] == "beirut"


def test_without_a_container_the_only_town_of_the_text_is_a_loose_fallback():
    hospital = by_surface("الوضع كارثي في مستشفى الحريري #بيروت")["مستشفى الحريري"]
    assert hospital.container is None
    assert hospital.fallback["basis"] == "document" and hospital.fallback["place_id"] == "beirut"
    assert hospital.fallback["uncertainty_km"] >= 15.0
    two_towns = by_surface("الوضع كارثي في مستشفى الحريري وفي صور وبيروت")["مستشفى الحريري"]
    assert two_towns.fallback is None


def test_an_embassy_named_after_a_country_is_not_located_in_it():
    embassy = by_surface("السفارة في بيروت: سفارة الأردن تعلن")["سفارة الأردن"]
    assert embassy.place is None and embassy.inner.place.id == "jordan"
    assert embassy.fallback["place_id"] == "beirut" and embassy.fallback["basis"] == "document"


def test_places_listed_along_a_road_are_mentions_located_by_their_known_neighbour():
    found = mentions("الطرق المغلقة: طريق وادي عربة-غرندل-مأدبا-بير مذكور. وباقي الطرق سالكة")
    assert [m.surface for m in found] == ["طريق وادي عربة", "غرندل", "مأدبا", "بير مذكور"]
    assert [m.place is None for m in found] == [True, True, False, True]
    assert found[1].fallback["basis"] == "road_list" and found[1].fallback["place_id"] == "madaba"
    assert found[1].fallback["uncertainty_km"] >= 30.0


def test_a_tag_of_cue_and_unknown_name_is_a_place_tag():
    assert [m.surface for m in mentions("وفاة طفل في #منطقة_ضبعة")] == ["ضبعة"]


def test_an_incident_at_an_unknown_facility_is_located_by_its_fallback():
    result = geoparse("قصف مدفعي على مستشفى الروم في بيروت أدى إلى مقتل شخصين", INDEX, published="2020-08-04")
    (incident,) = result["incidents"]
    location = incident["location"]
    assert location["name"] == "مستشفى الروم" and location["place_id"] is None
    assert (location["lat"], location["lon"]) == (33.89, 35.5)
    assert location["precision"] == 1 and location["uncertainty_km"] == 5.0


def test_an_unknown_village_in_the_countryside_of_a_town_is_located_loosely():
    village = by_surface("قصف على قرية الزعفرانة في ريف بيروت")["الزعفرانة"]
    assert village.container.place.id == "beirut"
    assert village.fallback["basis"] == "countryside" and village.fallback["uncertainty_km"] >= 40.0
    result = geoparse("قصف مدفعي على قرية الزعفرانة في ريف بيروت أدى إلى مقتل شخصين", INDEX, published="2020-08-04")
    assert [i["location"]["precision"] for i in result["incidents"]] == [3]


JORDAN_INDEX = GazetteerIndex([
    place("jafr", "الجفر", "town", 30.318, 36.178, "JO", 13_000),
    place("dead-sea", "البحر الميت", "region", 31.5, 35.5, "JO", uncertainty=25.0),
    place("petra", "البتراء", "region", 30.3285, 35.4444, "JO", uncertainty=6.0),
    place("maan", "معان", "town", 30.196, 35.734, "JO", 50_000),
])


def jordan_mentions(text):
    return {m.surface: m for m in find_places(text, JORDAN_INDEX).mentions}


def test_reserve_and_spa_are_located_by_the_place_they_are_named_after():
    found = jordan_mentions("اغلاق محمية البتراء بشكل كامل وحمامات الجفر")
    reserve = found["محمية البتراء"]
    assert reserve.place is None and reserve.fallback["place_id"] == "petra"
    assert reserve.fallback["basis"] == "named_after"
    assert found["حمامات الجفر"].fallback["place_id"] == "jafr"


def test_a_second_road_after_a_hyphen_is_not_a_place_along_the_first():
    found = jordan_mentions("مغلقة - طريق البحر الميت - طريق جسر العمري باتجاه الجفر - طريق معان")
    assert "طريق" not in found and "جسر العمري" not in found
    assert isinstance(found["طريق جسر العمري"], CueMention)
    assert found["البحر الميت"].place.id == "dead-sea" and found["معان"].place.id == "maan"


def test_a_facility_word_heads_the_known_place_it_is_named_after():
    found = jordan_mentions("** طريق جسر البحر الميت بالقرب من المياه الساخنة ** طريق جسر الجفر بسبب إجراءات")
    assert set(found) == {"طريق جسر البحر الميت", "طريق جسر الجفر"}
    road = found["طريق جسر البحر الميت"]
    assert road.inner.place.id == "dead-sea" and road.fallback["basis"] == "named_after"
    assert found["طريق جسر الجفر"].fallback["place_id"] == "jafr"
    # a name whose first word is not a facility word still ends before the known place that follows it
    assert set(by_surface("الوضع كارثي في مستشفى الروم بيروت")) == {"مستشفى الروم", "بيروت"}


def test_a_cue_word_beginning_with_a_proclitic_letter_keeps_it_after_a_conjunction():
    found = jordan_mentions("المياه المحيطة بسيل الجفر وبركة البيبسي وببلدة الهيدان")
    assert isinstance(found["بركة البيبسي"], CueMention) and found["بركة البيبسي"].cue == "بركه"
    assert "الهيدان" in found and found["الهيدان"].cue == "بلده"
    # a bare "بركة" (a pool, a blessing) is a village only after a place cue
    index = GazetteerIndex([place("birka", "بركة", "village", 36.3, 44.0, "IQ")])
    assert [m.surface for m in find_places("حلت بركة الله على الناس", index).mentions] == []
    assert [m.place.id for m in find_places("قصف في قرية بركة", index).mentions] == ["birka"]


def test_a_colloquial_relative_pronoun_ends_a_name():
    found = by_surface("الرجاء التبرع في مستشفى مرجان اللي في بيروت")
    assert "مستشفى مرجان" in found
