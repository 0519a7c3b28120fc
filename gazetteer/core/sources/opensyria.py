"""OpenSyria geography (governorates, districts, sub-districts JSON) as admin units keyed by their OCHA P-code."""
import json
from pathlib import Path

from ..model import AliasRecord
from .base import SourceError, make_record, note_skip, point

ADMIN_SOURCE = "cod-ab"  # admin units: source cod-ab, external_id = the OCHA P-code, whichever file they came from
LEVELS = (("governorates.json", "governorate"), ("districts.json", "district"), ("subdistricts.json", "subdistrict"))
KINDS = {"formal": "alias", "alias": "alias", "alternate_spelling": "variant"}


def load_json_array(path):
    """A JSON array file; SourceError when the file is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: not a JSON file ({exc})") from exc
    if not isinstance(data, list):
        raise SourceError(f"{path}: expected a JSON array of records")
    return data


def read_opensyria(directory, skipped=None):
    """(record, geonameid) of every governorate, district and sub-district with an Arabic name and a P-code."""
    directory = Path(directory)
    units = {}
    for filename, _ in LEVELS:
        if not (directory / filename).is_file():
            raise SourceError(f"{directory}: no {filename} (an OpenSyria data-geography directory has "
                              f"governorates.json, districts.json, subdistricts.json)")
        for item in load_json_array(directory / filename):
            if isinstance(item, dict) and item.get("id"):
                units[item["id"]] = item
    out = []
    for filename, kind in LEVELS:
        for item in load_json_array(directory / filename):
            try:
                out.append((unit_record(item, kind, units), str((item.get("externalIds") or {}).get("geonames") or "")))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                note_skip(skipped, f"opensyria:{item.get('id') if isinstance(item, dict) else item}", str(exc))
    return out


def unit_record(item, kind, units):
    pcode = (item.get("externalIds") or {}).get("ochaPcode")
    if not pcode:
        raise ValueError("no OCHA P-code")
    name = item["name"]
    if not name.get("ar"):
        raise ValueError("no Arabic name")
    aliases = [AliasRecord(a["value"], a.get("language", "ar"), KINDS.get(a.get("type"), "alias"))
               for a in item.get("aliases") or [] if a.get("value") and a.get("language") in ("ar", "en")]
    governorate = units.get(item.get("governorateId"), item if kind == "governorate" else {})
    district = units.get(item.get("districtId"), item if kind == "district" else {})
    population = (item.get("population") or {}).get("value") or 0
    centroid = item["centroid"]
    return make_record(
        ADMIN_SOURCE, pcode, name["ar"], name.get("en", ""), kind, point(centroid["longitude"], centroid["latitude"]),
        aliases, country="SY", governorate=(governorate.get("name") or {}).get("en", ""),
        district=(district.get("name") or {}).get("en", "") if kind != "governorate" else "",
        subdistrict=name.get("en", "") if kind == "subdistrict" else "", pcode=pcode, population=int(population),
        uncertainty_km={"governorate": 50.0, "district": 20.0, "subdistrict": 8.0}[kind])
