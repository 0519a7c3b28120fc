"""Spotter edge cases: an empty gazetteer, names nested in roads found from one scan, and fast paths."""
from gazetteer.core import spotter
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.model import PlaceRecord
from gazetteer.core.normalize import normalize
from gazetteer.core.spotter import all_matches, raw_matches, spot, spot_inside
from gazetteer.core.toponyms import find_places
from mapper.extraction.pipeline import geoparse

TEXT = "قصف على طريق تدمر دير الزور وعلى طريق حمص تدمر صباح اليوم"


def town(pid, name, lon, lat):
    return PlaceRecord(pid, name, pid, "town", {"type": "Point", "coordinates": [lon, lat]}, lat, lon, country="SY")


def road(pid, name, coordinates):
    lon, lat = coordinates[0]
    return PlaceRecord(pid, name, pid, "road", {"type": "LineString", "coordinates": coordinates}, lat, lon,
                       country="SY")


PALMYRA, DEIR, HOMS = (38.28, 34.56), (40.14, 35.33), (36.72, 34.73)
INDEX = GazetteerIndex([
    town("palmyra", "تدمر", *PALMYRA), town("deir", "دير الزور", *DEIR), town("homs", "حمص", *HOMS),
    road("road-pd", "طريق تدمر دير الزور", [PALMYRA, DEIR]), road("road-hp", "طريق حمص تدمر", [HOMS, PALMYRA]),
])


def test_an_empty_index_spots_nothing():
    empty = GazetteerIndex([])
    norm = normalize(TEXT)
    assert empty.key_count == 0 and empty.spot_tables is None
    assert spot(norm, TEXT, empty) == []
    assert list(raw_matches(norm, empty)) == [] and all_matches(norm, empty) == []


def test_parsing_against_an_empty_gazetteer_finds_no_toponyms():
    text = "قصف على تدمر ودير الزور صباح اليوم"
    assert find_places(text, GazetteerIndex([])).mentions == []
    assert geoparse(text, GazetteerIndex([]))["toponyms"] == []
    # Names after a cue word ("طريق ...") are still reported, but none is placed from the gazetteer.
    assert all(m.place is None for m in find_places(TEXT, GazetteerIndex([])).mentions)


def test_an_index_given_places_after_being_empty_spots_them():
    index = GazetteerIndex([])
    assert spot(normalize(TEXT), TEXT, index) == []
    index.add(town("homs", "حمص", *HOMS))
    assert [m.key for m in spot(normalize(TEXT), TEXT, index)] == ["حمص"]


def test_roads_are_spotted_whole_and_longest_first():
    found = [(m.surface, m.candidates[0][0].id) for m in spot(normalize(TEXT), TEXT, INDEX)]
    assert found == [("طريق تدمر دير الزور", "road-pd"), ("طريق حمص تدمر", "road-hp")]


def test_names_inside_roads_come_from_one_scan_of_the_text(monkeypatch):
    calls = []
    scan = spotter._matches

    def counted(text, index):
        calls.append(text)
        return scan(text, index)

    monkeypatch.setattr(spotter, "_matches", counted)
    parse = find_places(TEXT, INDEX)
    nested = [(m.surface, m.parent.surface) for m in parse.mentions if m.parent is not None]
    assert sorted(nested) == sorted([("تدمر", "طريق تدمر دير الزور"), ("دير الزور", "طريق تدمر دير الزور"),
                                     ("حمص", "طريق حمص تدمر"), ("تدمر", "طريق حمص تدمر")])
    assert len(calls) == 2  # spot() and one all_matches() for both roads, not one more scan per road


def test_spot_inside_gives_the_same_mentions_with_or_without_the_shared_scan():
    norm = normalize(TEXT)
    outer = spot(norm, TEXT, INDEX)[0]
    outer.place = outer.candidates[0][0]
    alone = spot_inside(norm, TEXT, INDEX, outer)
    shared = spot_inside(norm, TEXT, INDEX, outer, all_matches(norm, INDEX))
    assert [(m.surface, m.start, m.end, m.key) for m in alone] == [(m.surface, m.start, m.end, m.key)
                                                                    for m in shared]
    assert [m.surface for m in alone] == ["تدمر", "دير الزور"] and all(m.parent is outer for m in alone)


def test_overlapping_and_disjoint_matches_give_the_same_selection():
    # "دير الزور" holds the key "الزور" of no place here, but تدمر and دير الزور are disjoint: the fast path;
    # the road names overlap the towns: the longest-first path.
    towns_only = GazetteerIndex([town("palmyra", "تدمر", *PALMYRA), town("deir", "دير الزور", *DEIR)])
    text = "بين تدمر ودير الزور"
    assert [(m.surface, m.prefix) for m in spot(normalize(text), text, towns_only)] == [
        ("تدمر", ""), ("دير الزور", "و")]
    assert [m.surface for m in spot(normalize(TEXT), TEXT, INDEX)] == ["طريق تدمر دير الزور", "طريق حمص تدمر"]
