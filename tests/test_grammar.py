"""Spatial grammar on an in-memory gazetteer: offsets, sectors, vicinity buffers, lines between places, pairs."""
import pytest
from shapely.geometry import Point, shape

from gazetteer.core.geometry import haversine_km, to_metric
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.model import PlaceRecord
from gazetteer.core.offsets import compass_bearing
from gazetteer.core.toponyms import find_places


def place(pid, name, ftype="town", lat=35.0, lon=38.0, uncertainty=2.0, governorate=""):
    return PlaceRecord(pid, name, pid, ftype, {"type": "Point", "coordinates": [lon, lat]}, lat, lon,
                       country="SY", governorate=governorate, uncertainty_km=uncertainty, source="test")


INDEX = GazetteerIndex([
    place("raqqa", "الرقة", "city", 35.95, 39.01, 5.0, "Raqqa"),
    place("palmyra", "تدمر", "city", 34.56, 38.28, 3.0, "Homs"),
    place("sukhnah", "السخنة", "town", 34.885, 38.871, 2.0, "Homs"),
    place("mayadin", "الميادين", "town", 35.02, 40.45, 2.0, "Deir ez-Zor"),
    place("mohasan", "موحسن", "town", 35.23, 40.30, 2.0, "Deir ez-Zor"),
    place("buqrus", "البوليل", "village", 35.10, 40.38, 2.0, "Deir ez-Zor"),
    place("marrat", "مراط", "village", 35.34, 40.19, 2.0, "Deir ez-Zor"),
])


def derived(text):
    return find_places(text, INDEX).derived


@pytest.mark.parametrize("words, bearing", [
    (["شرق"], 90.0), (["جنوبي"], 180.0), (["شمال", "شرق"], 45.0), (["شمال", "غرب"], 315.0),
    (["جنوب", "غرب"], 225.0), (["شرق", "غرب"], None), (["قرب"], None),
])
def test_compass_bearings(words, bearing):
    assert compass_bearing(words) == bearing


def test_distance_and_bearing_give_an_offset_point_whose_uncertainty_grows_with_distance():
    near, far = derived("انفجار على بعد 10 كم شرق الرقة")[0], derived("انفجار على بعد 40 كم شرق الرقة")[0]
    assert near.kind == far.kind == "offset"
    assert near.name.startswith("على بعد 10 كم شرق")
    assert haversine_km(35.95, 39.01, near.lat, near.lon) == pytest.approx(10.0, abs=0.3)
    assert far.lon > near.lon > 39.01 and abs(far.lat - 35.95) < 0.05
    assert near.uncertainty_km == pytest.approx(2.5 + 5.0)  # max(2, 0.25 N) plus the city's own radius
    assert far.uncertainty_km == pytest.approx(10.0 + 5.0)
    assert [m.place.id for m in near.members] == ["raqqa"]


def test_decimal_distances_in_either_script():
    for text in ("قصف على بعد 5.5 كم جنوب غرب الرقة", "قصف على بعد ٥٫٥ كم جنوب غرب الرقة"):
        loc = derived(text)[0]
        assert loc.kind == "offset" and loc.name.startswith("على بعد")
        assert haversine_km(35.95, 39.01, loc.lat, loc.lon) == pytest.approx(5.5, abs=0.2)


def test_bearing_without_distance_is_a_sector_on_that_side():
    sector = derived("اشتباكات شمال غرب تدمر")[0]
    assert sector.kind == "sector"
    area = shape(sector.geometry)
    assert area.geom_type == "Polygon"
    assert sector.lat > 34.56 and sector.lon < 38.28
    assert not area.contains(Point(38.6, 34.3))  # south-east of Palmyra is the other side
    assert sector.uncertainty_km > 15


def test_vicinity_and_outskirts_are_buffers_around_the_place():
    vicinity = derived("اشتباكات في محيط الميادين")[0]
    outskirts = derived("قصف على أطراف الميادين")[0]
    assert vicinity.kind == outskirts.kind == "vicinity"
    for loc in (vicinity, outskirts):
        area = shape(loc.geometry)
        assert area.contains(Point(40.45, 35.02))
    assert to_metric(shape(vicinity.geometry)).area > to_metric(shape(outskirts.geometry)).area
    assert derived("اشتباكات بالقرب من الميادين")[0].kind == "vicinity"


def test_road_between_two_places_is_a_straight_segment_when_no_road_is_known():
    line = next(d for d in derived("كمين على الطريق الرابط بين تدمر و السخنة") if d.kind == "between")
    geom = shape(line.geometry)
    assert geom.geom_type == "LineString"
    ends = sorted([geom.coords[0], geom.coords[-1]])
    assert ends == [pytest.approx((38.28, 34.56)), pytest.approx((38.871, 34.885))]
    assert line.uncertainty_km > 20  # half the segment's extent plus the towns' radii


def test_dual_cue_gives_both_places_the_cue():
    parse = find_places("قصف على بلدتي موحسن والبوليل", INDEX)
    assert [m.place.id for m in parse.mentions] == ["mohasan", "buqrus"]
    assert all(m.features["cue"] > 0 for m in parse.mentions)


def test_dual_cue_with_an_unknown_second_name_queues_it():
    parse = find_places("قصف على بلدتي مراط والحسينية", INDEX)
    assert [m.place.id if m.place else None for m in parse.mentions] == ["marrat", None]
    assert parse.mentions[1].surface == "الحسينية"
