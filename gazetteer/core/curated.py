"""The bundled curated gazetteer: reads gazetteer/data/curated.geojson into PlaceRecords."""
import json
from dataclasses import dataclass
from pathlib import Path

from .geometry import GeometryError, parse_geojson, summarize
from .model import AliasRecord, PlaceRecord

CURATED_PATH = Path(__file__).resolve().parent.parent / "data" / "curated.geojson"
SOURCE = "curated"
ID_PREFIX = "curated:"
LANGUAGES = {"ar", "en"}
KINDS = {"name", "alias", "variant", "abbreviation", "transliteration"}


@dataclass
class CuratedPlace(PlaceRecord):
    """A PlaceRecord that also carries the entry's provenance note and capital flag."""

    notes: str = ""
    capital: bool = False


def _aliases(raw, where):
    out, seen = [], set()
    for item in raw or []:
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            raise ValueError(f"{where}: every alias needs a non-empty 'text'")
        language, kind = item.get("language", "ar"), item.get("kind", "alias")
        if language not in LANGUAGES or kind not in KINDS:
            raise ValueError(f"{where}: alias {item['text']!r} has language {language!r} / kind {kind!r}")
        text = item["text"].strip()
        if text not in seen:
            seen.add(text)
            out.append(AliasRecord(text, language, kind))
    return out


def feature_to_record(feature, index=0):
    """One curated GeoJSON feature as a CuratedPlace; ValueError naming the feature on bad input."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict) or not props.get("external_id"):
        raise ValueError(f"curated feature #{index}: missing properties.external_id")
    ext_id = str(props["external_id"])
    where = f"curated feature {ext_id!r}"
    try:
        geom = parse_geojson(feature.get("geometry"))
    except GeometryError as exc:
        raise ValueError(f"{where}: bad geometry: {exc}") from exc
    for key in ("name_ar", "feature_type"):
        if not props.get(key):
            raise ValueError(f"{where}: missing {key}")
    rep = summarize(geom)
    try:
        return CuratedPlace(
            id=ID_PREFIX + ext_id, name_ar=props["name_ar"], name_en=props.get("name_en", ""),
            feature_type=props["feature_type"], geometry=feature["geometry"],
            lat=rep["lat"], lon=rep["lon"], country=props.get("country", ""),
            governorate=props.get("governorate", ""), population=int(props.get("population") or 0),
            uncertainty_km=float(props.get("uncertainty_km") or 0.0), source=SOURCE, external_id=ext_id,
            aliases=_aliases(props.get("aliases"), where), notes=props.get("source_note", ""),
            capital=bool(props.get("capital", False)),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc}") from exc


def read_curated(path=CURATED_PATH):
    """Every place of the curated GeoJSON FeatureCollection at `path`."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection")
    records, seen = [], set()
    for i, feature in enumerate(data.get("features", [])):
        record = feature_to_record(feature, i)
        if record.external_id in seen:
            raise ValueError(f"curated feature {record.external_id!r}: duplicate external_id")
        seen.add(record.external_id)
        records.append(record)
    return records
