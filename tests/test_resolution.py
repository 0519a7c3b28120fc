"""Ranked resolution on an in-memory gazetteer: homonyms decided by parent phrases, cues, focus and coherence."""
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.model import PlaceRecord
from gazetteer.core.normalize import normalize
from gazetteer.core.parents import parent_phrases
from gazetteer.core.toponyms import find_places


def place(pid, name, ftype="town", lat=35.0, lon=38.0, country="SY", governorate="", population=0):
    return PlaceRecord(pid, name, pid, ftype, {"type": "Point", "coordinates": [lon, lat]}, lat, lon,
                       country=country, governorate=governorate, population=population, uncertainty_km=2.0,
                       source="test")


INDEX = GazetteerIndex([
    place("haditha-iq", "حديثة", "city", 34.139, 42.378, "IQ", "Anbar", 30_000),
    place("haditha-sy", "حديثة", "village", 34.716, 36.560, "SY", "Homs", 600),
    place("anbar", "الأنبار", "governorate", 33.4, 42.0, "IQ", "Anbar"),
    place("homs", "حمص", "city", 34.731, 36.709, "SY", "Homs", 650_000),
    place("hama", "حماة", "city", 35.132, 36.751, "SY", "Hama", 460_000),
    place("hamidiya-homs", "الحميدية", "village", 34.66, 36.55, "SY", "Homs", 900),
    place("hamidiya-hama", "الحميدية", "village", 35.30, 36.85, "SY", "Hama", 900),
    place("qusayr", "القصير", "town", 34.509, 36.580, "SY", "Homs", 30_000),
    place("raqqa", "الرقة", "city", 35.95, 39.01, "SY", "Raqqa", 220_000),
    place("tabqa-town", "الطبقة", "town", 35.83, 38.54, "SY", "Raqqa", 69_000),
    place("tabqa-airport", "الطبقة", "airport", 35.75, 38.57, "SY", "Raqqa"),
    place("twin-a", "المزرعة", "village", 33.0, 36.0, "SY", "Daraa"),
    place("twin-b", "المزرعة", "village", 36.5, 40.5, "SY", "Hasakah"),
])


def resolved(text):
    return {m.surface: m for m in find_places(text, INDEX).mentions}


def test_parent_countryside_picks_the_village_in_that_governorate():
    assert resolved("قصف على قرية الحميدية بريف حمص")["الحميدية"].place.id == "hamidiya-homs"
    assert resolved("قصف على قرية الحميدية بريف حماة")["الحميدية"].place.id == "hamidiya-hama"
    found = resolved("قصف على قرية الحميدية في ريف حماة")["الحميدية"]
    assert found.place.id == "hamidiya-hama"
    assert found.container.place.id == "hama"
    assert found.features["parent"] > 0


def test_homonym_across_countries_by_parent_and_by_direction():
    assert resolved("قصف في حديثة في ريف حمص")["حديثة"].place.id == "haditha-sy"
    assert resolved("هجوم في حديثة غرب الأنبار")["حديثة"].place.id == "haditha-iq"


def test_document_focus_decides_without_a_parent_phrase():
    assert resolved("اشتباكات في القصير وحمص ثم في حديثة")["حديثة"].place.id == "haditha-sy"


def test_trigger_word_prefers_the_matching_feature_type():
    assert resolved("هبطت الطائرة في مطار الطبقة")["الطبقة"].place.id == "tabqa-airport"
    assert resolved("دخلت القوات مدينة الطبقة")["الطبقة"].place.id == "tabqa-town"


def test_features_and_score_are_exposed():
    m = resolved("قصف على قرية الحميدية بريف حمص")["الحميدية"]
    expected = {"match", "cue", "importance", "country_focus", "governorate_focus", "coherence", "parent"}
    assert expected <= set(m.features)
    assert m.score == round(sum(m.features.values()), 3)


def test_equal_far_apart_candidates_are_flagged_ambiguous():
    m = resolved("وصلت التعزيزات إلى بلدة المزرعة")["المزرعة"]
    assert m.place is not None and m.ambiguous
    assert not resolved("قصف على قرية الحميدية بريف حمص")["الحميدية"].ambiguous


def test_parent_phrase_relations():
    text = "الحميدية بريف حمص ثم القصير جنوب حمص ثم الرقة قرب حماة"
    norm = normalize(text)
    mentions = find_places(text, INDEX).mentions
    relations = {x.surface: rel for x in mentions for key, (y, rel) in parent_phrases(mentions, norm.text).items()
                 if key == id(x)}
    assert relations == {"الحميدية": "countryside", "القصير": "direction", "الرقة": "near"}


def test_sunset_prayer_is_not_morocco():
    index = GazetteerIndex([place("morocco", "المغرب", "country", 31.8, -7.0, "MA"),
                            place("homs", "حمص", "city", 34.731, 36.709, "SY", "Homs", 650_000)])

    def surfaces(text):
        return [m.surface for m in find_places(text, index).mentions]

    assert surfaces("خرج المصلون بعد صلاة المغرب في حمص") == ["حمص"]
    assert surfaces("قبيل المغرب قصفت الطائرات حمص") == ["حمص"]
    assert surfaces("وبعد المغرب بدأ القصف") == []
    assert surfaces("وصل الوزير من المغرب إلى حمص") == ["المغرب", "حمص"]


def test_warplanes_are_not_the_village_of_harbiyah(full_index):
    from gazetteer.core.toponyms import find_places

    text = "شنت طائرات حربية غارات على مدينة إدلب."
    surfaces = [m.surface for m in find_places(text, full_index).mentions]
    assert not any("حربية" in s for s in surfaces) and any(s.endswith("إدلب") for s in surfaces)


def test_prepared_haversine_is_the_same_number():
    import random

    from gazetteer.core.geometry import haversine_between, haversine_km, haversine_point
    rng = random.Random(1)
    for _ in range(2000):
        a, b = (rng.uniform(-89, 89), rng.uniform(-179, 179)), (rng.uniform(-89, 89), rng.uniform(-179, 179))
        assert haversine_between(*haversine_point(*a), *haversine_point(*b)) == haversine_km(*a, *b)


def test_a_place_s_own_feature_values_follow_the_place_object():
    from gazetteer.core.resolve import TYPE_PRIOR, _place_values, importance
    town, governorate = place("x", "س", population=1000), place("x", "س", ftype="governorate")
    assert _place_values(town)[0:3] == (0.3 * importance(town), TYPE_PRIOR["town"], 0.0)
    assert _place_values(governorate)[1] == TYPE_PRIOR["governorate"]  # same id, another object: worked out anew
