"""Admin-unit polygons keyed by P-code: OCHA COD-AB ADM1 (governorates) and geoBoundaries ADM3 (sub-districts)."""
import json
from pathlib import Path

from ..geometry import GeometryError, parse_geojson, summarize, to_geojson
from ..model import PlaceRecord
from .base import SourceError, make_record, note_skip
from .opensyria import ADMIN_SOURCE

LONLAT_CRS = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::4326", "EPSG:4326"}


def read_features(path):
    """The features of a GeoJSON FeatureCollection in lon/lat; SourceError for anything else."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: not a GeoJSON file ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise SourceError(f"{path}: not a GeoJSON FeatureCollection")
    crs = ((data.get("crs") or {}).get("properties") or {}).get("name")
    if crs and crs not in LONLAT_CRS:
        raise SourceError(f"{path}: coordinates in {crs}; read it with the generic 'file' format to reproject")
    return [f for f in data["features"] if isinstance(f, dict)]


def clean_geometry(geometry):
    """The geometry as valid GeoJSON (rounded to ~1 m, repaired if self-intersecting)."""
    try:
        shape = parse_geojson(geometry)
    except GeometryError as exc:
        raise ValueError(f"bad geometry: {exc}") from exc
    if not shape.is_valid:
        shape = shape.buffer(0)
    return to_geojson(shape)


def read_ocha_adm1(path, skipped=None):
    """Governorates of the OCHA COD-AB ADM1 file (ADM1_PCODE, ADM1_AR, ADM1_EN) with their polygons."""
    records = []
    for number, feature in enumerate(read_features(path), start=1):
        props = feature.get("properties") or {}
        pcode, name_ar = props.get("ADM1_PCODE") or props.get("adm1_pcode"), props.get("ADM1_AR") or props.get("adm1_name1")
        if not pcode or not name_ar:
            raise SourceError(f"{path}: feature {number} has no ADM1_PCODE/ADM1_AR: not an OCHA COD-AB ADM1 file")
        name_en = props.get("ADM1_EN") or props.get("adm1_name") or ""
        try:
            records.append(make_record(ADMIN_SOURCE, pcode, name_ar, name_en, "governorate",
                                       clean_geometry(feature.get("geometry")), country="SY",
                                       governorate=name_en, pcode=pcode))
        except ValueError as exc:
            note_skip(skipped, f"{ADMIN_SOURCE}:{pcode} {name_en}", str(exc))
    return records


def read_geoboundaries_adm3(path, skipped=None):
    """Sub-districts of the geoBoundaries ADM3 file joined to Arabic names (name_ar, ocha_pcode, shapeName)."""
    records = []
    for number, feature in enumerate(read_features(path), start=1):
        props = feature.get("properties") or {}
        if "ocha_pcode" not in props or "name_ar" not in props:
            raise SourceError(f"{path}: feature {number} has no ocha_pcode/name_ar: not the geoBoundaries ADM3 "
                              f"file joined to Arabic names")
        pcode, name_en = props["ocha_pcode"], props.get("name_en_opensyria") or props.get("shapeName") or ""
        label = f"{ADMIN_SOURCE}:{pcode} {name_en}"
        if not pcode or not props["name_ar"]:
            note_skip(skipped, label, "no P-code or Arabic name")
            continue
        try:
            records.append(make_record(ADMIN_SOURCE, pcode, props["name_ar"], name_en, "subdistrict",
                                       clean_geometry(feature.get("geometry")), country="SY",
                                       subdistrict=name_en, pcode=pcode))
        except ValueError as exc:
            note_skip(skipped, label, str(exc))
    return records


def district_polygons(subdistricts):
    """District (ADM2) polygons dissolved from sub-district records on the district part of their P-code (the
    first six characters), as name-less records to merge into the district units of the same P-code."""
    from shapely.ops import unary_union

    groups = {}
    for record in subdistricts:
        if record.pcode and len(record.pcode) == 8 and record.geometry:
            groups.setdefault(record.pcode[:6], []).append(parse_geojson(record.geometry))
    out = []
    for pcode, shapes in sorted(groups.items()):
        geometry = clean_geometry(unary_union(shapes).__geo_interface__)
        info = summarize(parse_geojson(geometry))
        out.append(PlaceRecord(id=f"{ADMIN_SOURCE}:{pcode}", name_ar="", name_en="", feature_type="district",
                               geometry=geometry, lat=info["lat"], lon=info["lon"], country="SY", pcode=pcode,
                               source=ADMIN_SOURCE, external_id=pcode))
    return out
