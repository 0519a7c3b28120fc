"""The gazetteer exchange format: places as a GeoJSON FeatureCollection with every field and all aliases."""
import json
from dataclasses import dataclass

from .curated import KINDS
from .geometry import GeometryError, parse_geojson, summarize
from .model import AliasRecord, PlaceRecord
from .normalize import normalize_key

FORMAT = "kharita-gazetteer"
FORMAT_VERSION = 1
# Properties in the order they are written; lat/lon (and the feature's bbox) are derived from the
# geometry, written for readers, and recomputed on import.
PROPERTIES = ("source", "external_id", "name_ar", "name_en", "feature_type", "country", "governorate",
              "district", "subdistrict", "pcode", "population", "uncertainty_km", "notes", "lat", "lon")
MAX_TEXT = 200


@dataclass
class ExchangeRecord(PlaceRecord):
    """A PlaceRecord that also carries the curator's notes."""

    notes: str = ""


def canonical_aliases(name_ar, name_en, aliases):
    """Primary names first (kind "name"), then the other aliases by text; unique by text.

    This is the alias list an import of the record stores, so export -> import -> export is stable.
    """
    out, seen = [], set()
    names = [(name_ar, "ar", "name"), (name_en, "en", "name")]
    for text, language, kind in names + sorted(aliases, key=lambda a: (a[0], a[1], a[2])):
        text = (text or "").strip()
        if text and text not in seen and len(text) <= MAX_TEXT and normalize_key(text):
            seen.add(text)
            out.append({"text": text, "language": language, "kind": kind})
    return out


def place_feature(values, aliases):
    """One place as a GeoJSON Feature: `values` has the Place columns, `aliases` (text, language, kind)."""
    properties = {name: values[name] for name in PROPERTIES}
    properties["aliases"] = canonical_aliases(values["name_ar"], values["name_en"], aliases)
    return {
        "type": "Feature",
        "bbox": [values["min_lon"], values["min_lat"], values["max_lon"], values["max_lat"]],
        "geometry": values["geometry"],
        "properties": properties,
    }


def write_collection(features, out):
    """Write a FeatureCollection to the text stream `out`, one feature per line (diff-friendly, valid JSON)."""
    out.write('{"type": "FeatureCollection", "kharita": ')
    out.write(json.dumps({"format": FORMAT, "version": FORMAT_VERSION}))
    out.write(', "features": [')
    for i, feature in enumerate(features):
        out.write(",\n" if i else "\n")
        out.write(json.dumps(feature, ensure_ascii=False))
    out.write('\n]}\n')


def _text(props, name, where, required=False, limit=None):
    value = props.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValueError(f"{where}: {name} must be a string")
    if required and not value.strip():
        raise ValueError(f"{where}: missing {name}")
    if limit is not None and len(value) > limit:
        raise ValueError(f"{where}: {name} is longer than {limit} characters")
    return value


def _aliases(raw, where):
    if not isinstance(raw, list):
        raise ValueError(f"{where}: aliases must be a list")
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise ValueError(f"{where}: every alias needs a non-empty text")
        language, kind = item.get("language", "ar"), item.get("kind", "alias")
        if not isinstance(language, str) or not 0 < len(language) <= 8:
            raise ValueError(f"{where}: alias {item['text']!r} has a bad language {language!r}")
        if kind not in KINDS:
            raise ValueError(f"{where}: alias {item['text']!r} has an unknown kind {kind!r}")
        out.append(AliasRecord(item["text"].strip(), language, kind))
    return out


def feature_to_record(feature, index=0):
    """One exchange Feature as an ExchangeRecord; ValueError naming the feature on bad input."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        raise ValueError(f"feature #{index}: not a GeoJSON Feature with properties")
    where = f"feature #{index} ({props.get('source')!s}:{props.get('external_id')!s})"
    external_id = props.get("external_id")
    if isinstance(external_id, (int, float)) and not isinstance(external_id, bool):
        external_id = str(external_id)
    if not isinstance(external_id, str) or not external_id.strip():
        raise ValueError(f"{where}: missing external_id")
    try:
        geom = parse_geojson(feature.get("geometry"))
    except GeometryError as exc:
        raise ValueError(f"{where}: bad geometry: {exc}") from exc
    try:
        population = int(props.get("population") or 0)
        uncertainty = float(props.get("uncertainty_km") or 0.0)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: population and uncertainty_km must be numbers") from exc
    rep = summarize(geom)
    return ExchangeRecord(
        id=None, name_ar=_text(props, "name_ar", where, required=True, limit=MAX_TEXT),
        name_en=_text(props, "name_en", where, limit=MAX_TEXT),
        feature_type=_text(props, "feature_type", where, required=True), geometry=feature["geometry"],
        lat=rep["lat"], lon=rep["lon"], country=_text(props, "country", where, limit=2),
        governorate=_text(props, "governorate", where, limit=100),
        district=_text(props, "district", where, limit=100),
        subdistrict=_text(props, "subdistrict", where, limit=100), pcode=_text(props, "pcode", where, limit=20),
        population=population, uncertainty_km=uncertainty,
        source=_text(props, "source", where, required=True, limit=40), external_id=external_id,
        aliases=_aliases(props.get("aliases", []), where), notes=_text(props, "notes", where),
    )


def read_collection(data):
    """(records, errors) of a parsed exchange FeatureCollection; a bad feature is an error, not a stop."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise ValueError("not a GeoJSON FeatureCollection")
    records, errors = [], []
    for i, feature in enumerate(data["features"]):
        try:
            records.append(feature_to_record(feature, i))
        except ValueError as exc:
            errors.append(str(exc))
    return records, errors
