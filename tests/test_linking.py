"""Location linking: clause, then sentence, then paragraph, then the article focus; derived locations count;
metonyms, conference venues and outlets never locate an event."""
import pytest

from gazetteer.core.model import PlaceRecord
from mapper.extraction.linking import (GOVERNORATE_KM, SENTENCE_KM, LocationCandidate, article_focus,
                                       link_location, location_from_place)
from mapper.extraction.pipeline import geoparse

HEADLINE = "تقرير ميداني\n\n"


def loc(name, precision, radius, lat=35.0, lon=38.0, place_id=None):
    return {"name": name, "geometry": {"type": "Point", "coordinates": [lon, lat]}, "lat": lat, "lon": lon,
            "precision": precision, "uncertainty_km": radius, "place_id": place_id or name}


def cand(start, location):
    return LocationCandidate(start, start + 5, location, location["place_id"])


TOWN = cand(10, loc("town", 1, 2.0))
REGION = cand(40, loc("region", 3, 120.0))
FAR_TOWN = cand(80, loc("far town", 1, 3.0))
CLAUSE, SENTENCE, PARAGRAPH = (0, 30), (0, 60), (0, 100)


def test_the_clause_gives_the_place_its_own_precision_and_radius():
    chosen = link_location([TOWN, REGION], anchor=12, scopes=[CLAUSE, SENTENCE, PARAGRAPH])
    assert (chosen["name"], chosen["scope"], chosen["precision"], chosen["uncertainty_km"]) == ("town", "clause", 1, 2.0)


def test_a_place_of_another_clause_is_near_the_event_only():
    chosen = link_location([TOWN], anchor=45, scopes=[(35, 59), SENTENCE, PARAGRAPH])
    assert chosen["scope"] == "sentence"
    assert chosen["precision"] == 2 and chosen["uncertainty_km"] == 2.0 + SENTENCE_KM


def test_a_place_of_the_paragraph_is_governorate_level():
    chosen = link_location([FAR_TOWN], anchor=20, scopes=[CLAUSE, SENTENCE, PARAGRAPH])
    assert chosen["scope"] == "paragraph"
    assert chosen["precision"] == 3 and chosen["uncertainty_km"] == GOVERNORATE_KM


def test_the_article_focus_is_the_last_resort_and_none_without_it():
    focus = article_focus([TOWN, FAR_TOWN, cand(200, loc("far town", 1, 3.0))])
    assert focus["name"] == "far town"
    chosen = link_location([], anchor=5, scopes=[CLAUSE, SENTENCE, PARAGRAPH], focus=focus)
    assert (chosen["scope"], chosen["precision"], chosen["uncertainty_km"]) == ("article", 3, GOVERNORATE_KM)
    assert link_location([], anchor=5, scopes=[CLAUSE]) is None


def test_the_most_specific_place_of_a_scope_wins_then_the_nearest():
    village = cand(25, loc("village", 1, 1.0))
    assert link_location([REGION, TOWN, village], 12, [(0, 60)])["name"] == "village"
    twin = cand(50, loc("twin", 1, 1.0))
    assert link_location([twin, village], 45, [(0, 60)])["name"] == "twin"


def test_vicinity_and_countryside_widen_a_place():
    town = PlaceRecord("t", "السخنة", "Sukhnah", "town", {"type": "Point", "coordinates": [38.87, 34.88]},
                       34.88, 38.87, uncertainty_km=2.0)
    assert location_from_place(town)["precision"] == 1
    near = location_from_place(town, "vicinity")
    assert near["name"] == "محيط السخنة" and near["precision"] == 2 and near["uncertainty_km"] == 12.0
    rural = location_from_place(town, "countryside")
    assert rural["precision"] == 3 and rural["uncertainty_km"] >= 40


def incident(index, body, kind=None):
    found = geoparse(HEADLINE + body, index, published="2024-03-04")["incidents"]
    if kind:
        found = [i for i in found if i["sub_event_type"] == kind]
    assert found, body
    return found[0]


def test_a_place_in_the_trigger_clause(curated_index):
    located = incident(curated_index, "قصفت قوات النظام بلدة السخنة صباح اليوم.")["location"]
    assert located["name"] == "السخنة" and located["scope"] == "clause" and located["precision"] == 1


def test_a_place_in_another_clause_of_the_sentence(curated_index):
    located = incident(curated_index, "قصفت قوات النظام مواقع للمسلحين صباح اليوم، وذلك في مدينة تدمر.")["location"]
    assert located["name"] == "تدمر" and located["scope"] == "sentence"
    assert located["precision"] == 2 and located["uncertainty_km"] >= SENTENCE_KM


def test_a_place_in_the_paragraph(curated_index):
    body = "وصلت حافلات إلى مدينة تدمر مساء أمس. وفي وقت لاحق، قصفت قوات النظام مواقع للمسلحين."
    located = incident(curated_index, body, "Shelling/artillery/missile attack")["location"]
    assert located["name"] == "تدمر" and located["scope"] == "paragraph" and located["precision"] == 3


def test_the_article_focus_for_a_paragraph_without_places(curated_index):
    body = "وصلت حافلات إلى مدينة تدمر مساء أمس.\n\nوفي وقت لاحق، قصفت قوات النظام مواقع للمسلحين."
    located = incident(curated_index, body, "Shelling/artillery/missile attack")["location"]
    assert located["name"] == "تدمر" and located["scope"] == "article" and located["precision"] == 3


def test_a_distance_offset_is_a_derived_location(curated_index):
    located = incident(curated_index, "انفجرت عبوة ناسفة على بعد 10 كم شرق السخنة صباح اليوم.")["location"]
    assert located["derived"] == "offset" and "شرق السخنة" in located["name"]
    assert located["lon"] > 38.87  # east of the town


def test_a_road_segment_between_two_towns_is_a_line(curated_index):
    located = incident(curated_index, "انفجرت عبوة ناسفة على الطريق بين تدمر والسخنة.")["location"]
    assert located["derived"] == "between" and located["geometry"]["type"] == "LineString"


def test_vicinity_is_a_derived_location(curated_index):
    located = incident(curated_index, "قصفت قوات النظام مواقع للمسلحين قرب مدينة تدمر.")["location"]
    assert located["name"].startswith("محيط") and located["precision"] >= 2


@pytest.mark.parametrize("body", [
    "اتفق المشاركون في مؤتمر أستانة على ضرورة القصف.",
    "قالت مصادر للميادين نت إن قوات النظام قصفت مواقع للمسلحين.",
    "قصفت قوات النظام مواقع للمسلحين، بينما واشنطن تبحث عن ذريعة.",
])
def test_venues_outlets_and_metonyms_never_locate_an_event(curated_index, body):
    parsed = geoparse(HEADLINE + body, curated_index, published="2024-03-04")
    for found in parsed["incidents"]:
        name = (found["location"] or {}).get("name", "")
        assert not any(word in name for word in ("أستانة", "الميادين", "واشنطن")), name


def test_an_offset_right_after_the_clause_refines_its_road(curated_index):
    body = ("هاجم عناصر التنظيم نقطتين عسكريتين على الطريق الواصل بين تدمر والسخنة، "
            "على بعد نحو 20 كم شمال شرق تدمر، واندلعت اشتباكات عنيفة.")
    located = incident(curated_index, body)["location"]
    assert located["derived"] == "offset" and located["scope"] == "clause"


def test_a_place_further_on_in_the_sentence_does_not_refine(curated_index):
    body = ("هاجم عناصر التنظيم نقطتين عسكريتين على الطريق الواصل بين تدمر والسخنة، في وقت تتهم فيه دمشق "
            "التحالف الدولي وجيش مغاوير الثورة المتمركزين في منطقة 55 كم.")
    located = incident(curated_index, body)["location"]
    assert located["derived"] == "between" and located["geometry"]["type"] == "LineString"
