"""Natural Earth admin-0 country polygons (NAME_AR) and the border lines derived from them."""
from ..model import AliasRecord
from .admin_polygons import clean_geometry, read_features
from .base import SourceError, make_record, note_skip

SOURCE = "naturalearth"


def read_naturalearth_countries(path, skipped=None):
    """Countries keyed by ADM0_A3 with their Arabic name (NAME_AR) and polygon."""
    records = []
    for number, feature in enumerate(read_features(path), start=1):
        props = feature.get("properties") or {}
        if "ADM0_A3" not in props or "NAME_AR" not in props:
            raise SourceError(f"{path}: feature {number} has no ADM0_A3/NAME_AR: not a Natural Earth admin-0 file")
        code, name_en = props["ADM0_A3"], props.get("NAME") or ""
        aliases = [AliasRecord(props[k], "en", "alias") for k in ("NAME_LONG", "FORMAL_EN") if props.get(k)]
        try:
            records.append(make_record(SOURCE, code, props["NAME_AR"], name_en, "country",
                                       clean_geometry(feature.get("geometry")), aliases,
                                       country=(props.get("ISO_A2") or "")[:2] if props.get("ISO_A2") != "-99" else ""))
        except ValueError as exc:
            note_skip(skipped, f"{SOURCE}:{code} {name_en}", str(exc))
    return records


def read_border_lines(path, skipped=None):
    """International borders (line features with name_ar, name_en, countries) keyed border:<A3>-<A3>."""
    records = []
    for number, feature in enumerate(read_features(path), start=1):
        props = feature.get("properties") or {}
        countries = props.get("countries")
        if not props.get("name_ar") or not isinstance(countries, list):
            raise SourceError(f"{path}: feature {number} has no name_ar/countries: not a border-lines file")
        key = "border:" + "-".join(countries)
        try:
            records.append(make_record(SOURCE, key, props["name_ar"], props.get("name_en", ""), "border",
                                       clean_geometry(feature.get("geometry")), country="SY"))
        except ValueError as exc:
            note_skip(skipped, f"{SOURCE}:{key}", str(exc))
    return records
