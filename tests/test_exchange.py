"""The gazetteer exchange GeoJSON: export, import into an empty database, export again, byte for byte."""
import json

import pytest
from django.core.management import CommandError, call_command

from gazetteer.core.exchange import canonical_aliases, read_collection
from gazetteer.core.geometry import parse_geojson, summarize
from gazetteer.exchange import export_queryset, export_text, import_data
from gazetteer.models import Alias, Place, PlaceChange

SHAPES = {
    "point": {"type": "Point", "coordinates": [36.2765, 33.5138]},
    "line": {"type": "LineString", "coordinates": [[36.72, 34.73], [36.75, 35.13], [36.63, 35.93]]},
    "polygon": {"type": "Polygon", "coordinates": [
        [[36.3, 35.6], [37.0, 35.6], [37.0, 36.2], [36.3, 36.2], [36.3, 35.6]],
        [[36.5, 35.8], [36.6, 35.8], [36.6, 35.9], [36.5, 35.8]],
    ]},
    "multipolygon": {"type": "MultiPolygon", "coordinates": [
        [[[35.85, 34.9], [35.95, 34.9], [35.95, 35.0], [35.85, 34.9]]],
        [[[35.7, 34.7], [35.8, 34.7], [35.8, 34.8], [35.7, 34.7]]],
    ]},
}


def make_place(source, external_id, geometry, **fields):
    values = {"name_en": "", "feature_type": "other", **fields}
    place = Place.objects.create(source=source, external_id=external_id, geometry=geometry,
                                 **summarize(parse_geojson(geometry)), **values)
    return place


@pytest.fixture
def gazetteer(db):
    damascus = make_place("curated", "damascus", SHAPES["point"], name_ar="دمشق", name_en="Damascus",
                          feature_type="city", country="SY", governorate="Damascus", pcode="SY01",
                          population=2_079_000, uncertainty_km=0.0,
                          notes='Capital; "الشام" in speech.\nSecond line — with a dash and 🙂')
    Alias.objects.create(place=damascus, text="دمشق", kind="name")
    Alias.objects.create(place=damascus, text="Damascus", language="en", kind="name")
    Alias.objects.create(place=damascus, text="الشام", kind="alias")
    Alias.objects.create(place=damascus, text="دمشق الشام", kind="variant")
    Alias.objects.create(place=damascus, text="Dimashq", language="en", kind="transliteration")
    m5 = make_place("curated", "m5", SHAPES["line"], name_ar="الطريق الدولي M5", name_en="M5 highway",
                    feature_type="road", uncertainty_km=1.5)
    Alias.objects.create(place=m5, text="M5", language="en", kind="abbreviation")
    Alias.objects.create(place=m5, text="الطريق الدولي M5", kind="name")
    Alias.objects.create(place=m5, text="M5 highway", language="en", kind="name")
    idlib = make_place("hdx", "SY07", SHAPES["polygon"], name_ar="إدلب", name_en="Idlib", feature_type="governorate",
                       country="SY", governorate="Idlib", pcode="SY07", uncertainty_km=40.25)
    Alias.objects.create(place=idlib, text="ادلب", kind="variant")
    islands = make_place("hdx", "SY0201", SHAPES["multipolygon"], name_ar="جزر أرواد", feature_type="district",
                         governorate="Tartus", district="Tartus", subdistrict="Arwad", notes="")
    return [damascus, m5, idlib, islands]


def test_canonical_aliases_put_names_first_and_are_unique():
    aliases = [("b", "ar", "alias"), ("دمشق", "ar", "alias"), ("a", "en", "variant"), ("ـ", "ar", "alias")]
    assert canonical_aliases("دمشق", "Damascus", aliases) == [
        {"text": "دمشق", "language": "ar", "kind": "name"},
        {"text": "Damascus", "language": "en", "kind": "name"},
        {"text": "a", "language": "en", "kind": "variant"},
        {"text": "b", "language": "ar", "kind": "alias"},
    ]


def test_export_has_every_field_and_alias(gazetteer):
    data = json.loads(export_text(export_queryset()))
    assert data["type"] == "FeatureCollection"
    by_id = {f["properties"]["external_id"]: f for f in data["features"]}
    assert [f["properties"]["source"] for f in data["features"]] == ["curated", "curated", "hdx", "hdx"]
    damascus = by_id["damascus"]
    assert damascus["geometry"] == SHAPES["point"]
    assert damascus["bbox"] == [36.2765, 33.5138, 36.2765, 33.5138]
    props = damascus["properties"]
    assert props["notes"].endswith("🙂") and props["pcode"] == "SY01" and props["population"] == 2_079_000
    assert props["lat"] == 33.5138 and props["lon"] == 36.2765
    assert {"text": "Dimashq", "language": "en", "kind": "transliteration"} in props["aliases"]
    assert by_id["SY07"]["properties"]["uncertainty_km"] == 40.25
    assert by_id["SY0201"]["geometry"]["type"] == "MultiPolygon"
    assert by_id["SY0201"]["properties"]["subdistrict"] == "Arwad"
    only_hdx = json.loads(export_text(export_queryset("hdx")))
    assert [f["properties"]["external_id"] for f in only_hdx["features"]] == ["SY0201", "SY07"]


def test_round_trip_through_an_empty_database_is_byte_identical(gazetteer, tmp_path):
    first = tmp_path / "first.geojson"
    call_command("export_gazetteer", "-o", str(first))
    Place.objects.all().delete()
    assert not Alias.objects.exists()

    call_command("import_gazetteer", str(first))  # a dry run writes nothing
    assert not Place.objects.exists()
    call_command("import_gazetteer", str(first), "--commit")
    assert Place.objects.count() == 4

    second = tmp_path / "second.geojson"
    call_command("export_gazetteer", "-o", str(second))
    assert second.read_bytes() == first.read_bytes()

    data = json.loads(first.read_text(encoding="utf-8"))
    again = import_data(data, commit=True)
    assert {source: (s.added, s.changed, s.unchanged, s.skipped) for source, s in again.items()} == {
        "curated": (0, 0, 2, 0), "hdx": (0, 0, 2, 0)}
    types = set(Place.objects.values_list("geometry__type", flat=True))
    assert types == {"Point", "LineString", "Polygon", "MultiPolygon"}


def test_export_to_stdout_equals_the_file(gazetteer, tmp_path, capsys):
    path = tmp_path / "out.geojson"
    call_command("export_gazetteer", "--source", "curated", "-o", str(path))
    call_command("export_gazetteer", "--source", "curated")
    assert capsys.readouterr().out == path.read_text(encoding="utf-8")


def test_import_records_one_history_entry_per_source(gazetteer, tmp_path):
    data = json.loads(export_text(export_queryset()))
    Place.objects.filter(source="hdx").delete()
    summaries = import_data(data, commit=True)
    assert (summaries["hdx"].added, summaries["curated"].unchanged) == (2, 2)
    entries = {e.place_label: e for e in PlaceChange.objects.filter(action="import")}
    assert set(entries) == {"curated", "hdx"}
    assert entries["hdx"].place is None
    assert entries["hdx"].changes["summary"][1]["added"] == 2
    import_data(data, commit=False)
    assert PlaceChange.objects.filter(action="import").count() == 2  # a dry run records nothing


def test_import_changes_existing_places_and_keeps_their_aliases(gazetteer):
    data = json.loads(export_text(export_queryset("curated")))
    data["features"][0]["properties"]["notes"] = "edited elsewhere"
    data["features"][0]["properties"]["aliases"].append({"text": "جلّق", "language": "ar", "kind": "alias"})
    summary = import_data(data, commit=True)["curated"]
    assert (summary.changed, summary.unchanged) == (1, 1)
    damascus = Place.objects.get(external_id="damascus")
    assert damascus.notes == "edited elsewhere"
    assert damascus.aliases.filter(text="جلّق").exists() and damascus.aliases.filter(text="الشام").exists()


def test_bad_features_are_reported_and_the_rest_imported(gazetteer):
    data = json.loads(export_text(export_queryset("curated")))
    Place.objects.all().delete()
    broken = json.loads(json.dumps(data["features"][0]))
    broken["properties"]["external_id"] = "broken"
    broken["geometry"] = {"type": "Point", "coordinates": [500, 0]}
    no_id = json.loads(json.dumps(data["features"][0]))
    del no_id["properties"]["external_id"]
    bad_kind = json.loads(json.dumps(data["features"][1]))
    bad_kind["properties"]["external_id"] = "bad-kind"
    bad_kind["properties"]["aliases"] = [{"text": "x", "kind": "nickname"}]
    bad_type = json.loads(json.dumps(data["features"][1]))
    bad_type["properties"]["external_id"] = "bad-type"
    bad_type["properties"]["feature_type"] = "spaceport"
    data["features"] += [broken, no_id, bad_kind, bad_type]
    summaries = import_data(data, commit=True)
    assert summaries["curated"].added == 2
    assert summaries["curated"].skipped == 1 and "spaceport" in summaries["curated"].errors[0]
    unreadable = summaries["(unreadable)"]
    assert unreadable.skipped == 3
    assert any("coordinates must be lon/lat" in e for e in unreadable.errors)
    assert any("missing external_id" in e for e in unreadable.errors)
    assert any("nickname" in e for e in unreadable.errors)
    assert Place.objects.count() == 2


def test_import_command_rejects_files_that_are_not_collections(db, tmp_path):
    not_json = tmp_path / "a.geojson"
    not_json.write_text("{oops", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_gazetteer", str(not_json))
    not_collection = tmp_path / "b.geojson"
    not_collection.write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(CommandError, match="FeatureCollection"):
        call_command("import_gazetteer", str(not_collection))
    with pytest.raises(CommandError):
        call_command("import_gazetteer", str(tmp_path / "missing.geojson"))
    with pytest.raises(ValueError, match="FeatureCollection"):
        read_collection([])
