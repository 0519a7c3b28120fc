"""What every reader shares: the skipped-row report, the reader error, and record building and merging."""
from dataclasses import dataclass, replace

from ..geometry import GeometryError, parse_geojson, summarize
from ..geonames_cache import is_arabic_script, is_plausible_arabic
from ..model import AliasRecord, PlaceRecord

MAX_NAME = 200


class SourceError(ValueError):
    """A file that cannot be read as the format it was given as; the message names the file and the fault."""


@dataclass(frozen=True)
class SkippedRow:
    """A row a reader left out, and why (no Arabic name, no coordinates, no matching place...)."""

    label: str
    reason: str

    def __str__(self):
        return f"{self.label}: {self.reason}"


def note_skip(skipped, label, reason):
    """Record a skipped row when the caller collects them."""
    if skipped is not None:
        skipped.append(SkippedRow(str(label), reason))


def point(lon, lat):
    """A GeoJSON Point, rejecting coordinates outside the globe."""
    lon, lat = float(lon), float(lat)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValueError(f"coordinates out of range: lon {lon}, lat {lat}")
    return {"type": "Point", "coordinates": [lon, lat]}


def arabic_names(names):
    """The plausible Arabic-script names among `names`, in order, unique."""
    names = (n.strip() for n in names if n and n.strip())
    return list(dict.fromkeys(n for n in names if len(n) <= MAX_NAME and is_arabic_script(n)
                              and is_plausible_arabic(n)))


def unique_aliases(aliases):
    """AliasRecords without repeated texts, first occurrence kept."""
    out, seen = [], set()
    for alias in aliases:
        text = alias.text.strip()
        if text and text not in seen and len(text) <= MAX_NAME:
            seen.add(text)
            out.append(alias if text == alias.text else AliasRecord(text, alias.language, alias.kind))
    return out


def make_record(source, external_id, name_ar, name_en, feature_type, geometry, aliases=(), **fields):
    """A PlaceRecord with id `source:external_id`, its representative point taken from the geometry."""
    try:
        info = summarize(parse_geojson(geometry))
    except GeometryError as exc:
        raise ValueError(f"bad geometry: {exc}") from exc
    names = [AliasRecord(name_ar, "ar", "name")] + ([AliasRecord(name_en, "en", "name")] if name_en else [])
    return PlaceRecord(
        id=f"{source}:{external_id}", name_ar=name_ar, name_en=name_en or "", feature_type=feature_type,
        geometry=geometry, lat=info["lat"], lon=info["lon"], source=source, external_id=str(external_id),
        aliases=unique_aliases(names + list(aliases)), **fields)


def alias_patch(source, external_id, aliases):
    """A record that only adds aliases to the place with this key (it has no geometry of its own)."""
    return PlaceRecord(id=f"{source}:{external_id}", name_ar="", name_en="", feature_type="other",
                       geometry=None, lat=0.0, lon=0.0, source=source, external_id=str(external_id),
                       aliases=unique_aliases(aliases))


def is_patch(record):
    return record.geometry is None


FILLABLE = ("name_en", "country", "governorate", "district", "subdistrict", "pcode", "population",
            "uncertainty_km")


def merge_into(base, extra):
    """`base` completed by `extra` (same natural key): an area or line geometry replaces a point, blank fields
    are filled, aliases are added; base's names stay."""
    changes = {name: getattr(extra, name) for name in FILLABLE if not getattr(base, name) and getattr(extra, name)}
    if extra.geometry is not None and _rank(extra.geometry) > _rank(base.geometry):
        info = summarize(parse_geojson(extra.geometry))
        changes.update(geometry=extra.geometry, lat=info["lat"], lon=info["lon"])
    if not base.name_ar and extra.name_ar:
        changes["name_ar"] = extra.name_ar
    changes["aliases"] = unique_aliases(list(base.aliases) + list(extra.aliases))
    return replace(base, **changes)


def _rank(geometry):
    if not geometry:
        return 0
    return 1 if geometry.get("type") in ("Point", "MultiPoint") else 2


def merge_by_key(records, skipped=None):
    """Records with one record per (source, external_id): later ones merged into the first; patches whose
    place is absent are skipped."""
    merged = {}
    for record in records:
        key = (record.source, record.external_id)
        if key in merged:
            merged[key] = merge_into(merged[key], record)
        elif is_patch(record):
            note_skip(skipped, record.id, "no place with this key to add its aliases to")
        else:
            merged[key] = record
    return list(merged.values())
