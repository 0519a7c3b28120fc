"""Upsert PlaceRecords into Place/Alias keyed on (source, external_id); idempotent, with a dry-run mode and a
merge mode for sources that complete places rather than define them."""
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction

from .core.geometry import GeometryError, parse_geojson, summarize
from .core.normalize import normalize_key
from .models import FEATURE_TYPES, Alias, Place

VALID_TYPES = {code for code, _ in FEATURE_TYPES}
PLACE_FIELDS = ("name_ar", "name_en", "feature_type", "geometry", "min_lon", "min_lat", "max_lon", "max_lat",
                "lat", "lon", "country", "governorate", "district", "subdistrict", "pcode", "population",
                "uncertainty_km", "notes")

HIERARCHY_FIELDS = ("country", "governorate", "district", "subdistrict")


@dataclass
class ImportSummary:
    """Counts of one import run; `errors` lists the records that were skipped and why."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)

    def __str__(self):
        return (f"added {self.added}, changed {self.changed}, unchanged {self.unchanged}, "
                f"skipped {self.skipped}, errors {len(self.errors)}")


def place_values(record):
    """The Place column values of a record (geometry validated, bbox and representative point computed)."""
    if record.feature_type not in VALID_TYPES:
        raise ValueError(f"unknown feature_type {record.feature_type!r}")
    if not record.name_ar:
        raise ValueError("missing name_ar")
    geometry = json.loads(json.dumps(record.geometry))  # plain lists, as the JSON field returns them
    info = summarize(parse_geojson(geometry))
    return {
        "name_ar": record.name_ar[:200], "name_en": (record.name_en or "")[:200],
        "feature_type": record.feature_type, "geometry": geometry,
        "min_lon": info["min_lon"], "min_lat": info["min_lat"], "max_lon": info["max_lon"],
        "max_lat": info["max_lat"], "lat": info["lat"], "lon": info["lon"],
        "country": (record.country or "")[:2], "governorate": (record.governorate or "")[:100],
        "district": (record.district or "")[:100], "subdistrict": (record.subdistrict or "")[:100],
        "pcode": (record.pcode or "")[:20],
        "population": max(0, int(record.population or 0)), "uncertainty_km": float(record.uncertainty_km or 0.0),
        "notes": getattr(record, "notes", "") or "",
    }


def merged_values(place, record):
    """The Place values after merging `record` into an existing place: names stay (the record's names become
    aliases), a point does not replace an area or a line, blank values do not clear; other values overwrite."""
    values = {}
    if record.geometry is not None and not (_is_point(record.geometry) and not _is_point(place.geometry)):
        geometry = json.loads(json.dumps(record.geometry))
        info = summarize(parse_geojson(geometry))
        values.update(geometry=geometry, **{k: info[k] for k in ("min_lon", "min_lat", "max_lon", "max_lat",
                                                                 "lat", "lon")})
    if record.name_ar and not place.name_ar:
        values["name_ar"] = record.name_ar[:200]
    if record.name_en and not place.name_en:
        values["name_en"] = record.name_en[:200]
    if record.geometry is not None and record.feature_type in VALID_TYPES:
        values["feature_type"] = record.feature_type
    for name, size in (("country", 2), ("governorate", 100), ("district", 100), ("subdistrict", 100), ("pcode", 20)):
        if getattr(record, name, ""):
            values[name] = getattr(record, name)[:size]
    if record.population:
        values["population"] = max(0, int(record.population))
    if record.uncertainty_km and record.geometry is not None:
        values["uncertainty_km"] = float(record.uncertainty_km)
    return values


def _is_point(geometry):
    return (geometry or {}).get("type") in ("Point", "MultiPoint")


def record_aliases(record):
    """(text, language, kind) of every name of a record, primary names first, unique by text."""
    out, seen = [], set()
    names = [(record.name_ar, "ar", "name"), (record.name_en, "en", "name")]
    for text, language, kind in names + [(a.text, a.language, a.kind) for a in record.aliases]:
        text = (text or "").strip()
        if text and text not in seen and len(text) <= 200 and normalize_key(text):
            seen.add(text)
            out.append((text, language, kind))
    return out


class _Importer:
    """One run: the existing rows of each source are read once, then each record is upserted."""

    def __init__(self, summary, merge=False):
        self.summary = summary
        self.merge = merge
        self.places = {}  # (source, external_id) -> Place
        self.alias_texts = {}  # place pk -> set of texts
        self.loaded_sources = set()

    def load_source(self, source):
        if source in self.loaded_sources:
            return
        self.loaded_sources.add(source)
        for place in Place.objects.filter(source=source):
            self.places[(source, place.external_id)] = place
            self.alias_texts[place.pk] = set()
        for place_id, text in Alias.objects.filter(place__source=source).values_list("place_id", "text"):
            self.alias_texts.setdefault(place_id, set()).add(text)

    def add(self, record, seen):
        source, ext_id = record.source or "curated", str(record.external_id or "")
        if not ext_id:
            raise ValueError("missing external_id")
        if (source, ext_id) in seen:
            self.summary.skipped += 1
            return
        seen.add((source, ext_id))
        place = self.places.get((source, ext_id))
        if self.merge and place is not None:
            values = merged_values(place, record)
        elif record.geometry is None:
            raise ValueError("no place with this key to add aliases to")
        else:
            values = place_values(record)
        if place is None:
            place = Place.objects.create(source=source, external_id=ext_id, **values)
            self.places[(source, ext_id)] = place
            self.alias_texts[place.pk] = set()
            self.summary.added += 1
            self.add_aliases(place, record)
            return
        for name in HIERARCHY_FIELDS:  # once set, these belong to gazetteer.hierarchy (from the admin polygons)
            if getattr(place, name):
                values.pop(name, None)
        dirty = [name for name in PLACE_FIELDS if name in values and getattr(place, name) != values[name]]
        for name in dirty:
            setattr(place, name, values[name])
        if dirty:
            place.save(update_fields=dirty + ["updated_at"])
        if self.add_aliases(place, record) or dirty:
            self.summary.changed += 1
        else:
            self.summary.unchanged += 1

    def add_aliases(self, place, record):
        """Write the record's missing aliases (existing ones are kept); return how many."""
        known = self.alias_texts[place.pk]
        new = [Alias(place=place, text=text, key=normalize_key(text)[:200], language=language[:8], kind=kind)
               for text, language, kind in record_aliases(record) if text not in known]
        if new:
            Alias.objects.bulk_create(new)
            known.update(a.text for a in new)
        return len(new)


def import_places(records, commit=False, progress=None, merge=False, skipped=None):
    """Upsert `records`; with commit=False everything is computed, then rolled back. With merge=True a record
    completes an existing place (see merged_values) and a record without geometry only adds aliases.
    `skipped` (a list a reader fills while `records` is consumed) is counted into the summary. Returns
    ImportSummary."""
    summary = ImportSummary()
    iterable = progress(records) if progress is not None else records
    with transaction.atomic():
        importer, seen = _Importer(summary, merge), set()
        for record in iterable:
            label = f"{getattr(record, 'source', '?')}:{getattr(record, 'external_id', '?')}"
            importer.load_source(getattr(record, "source", "") or "curated")  # database errors propagate
            try:
                with transaction.atomic():  # a savepoint: a bad record leaves the others intact
                    importer.add(record, seen)
            except (GeometryError, ValueError, TypeError, KeyError, DatabaseError) as exc:
                summary.skipped += 1
                summary.errors.append(f"{label} ({getattr(record, 'name_en', '') or ''}): {exc}")
        for row in skipped or ():
            summary.skipped += 1
            summary.errors.append(str(row))
        if commit:
            transaction.on_commit(_invalidate_cache)
        else:
            transaction.set_rollback(True)
    return summary


def _invalidate_cache():
    from .store import invalidate

    invalidate()


def known_airports():
    """Airports already in the database with an Arabic name, for formats that attach to them."""
    from .store import place_record

    return [place_record(p, []) for p in Place.objects.filter(feature_type="airport").exclude(name_ar="")]


def run_import(format_name, path, options=None, commit=False, progress=None, user=None, label=None):
    """Read `path` as `format_name` and import it: the one core behind the command and the admin upload.
    A committed run is written to the curation history (by `user`, as `label`). Returns (record count,
    ImportSummary); SourceError for unreadable input, before anything is written."""
    from .core.sources.formats import FORMATS, read_format

    options = dict(options or {})
    if format_name == "airports-csv":
        options.setdefault("known_places", known_airports())
    skipped = []
    records = read_format(format_name, path, options, skipped)
    fmt = FORMATS[format_name]
    summary = import_places(records, commit=commit, progress=progress, merge=fmt.merge, skipped=skipped)
    if commit:
        _record_history(label or f"{format_name}: {Path(str(path)).name}", summary, user)
        if summary.added or summary.changed:
            update_hierarchy_if_available()
    return len(records), summary


def _record_history(label, summary, user):
    try:
        from .history import record_import
    except ImportError:  # the curation history is optional
        return
    record_import(label, summary, user=user)


def update_hierarchy_if_available():
    """Recompute governorate/district/sub-district links after a committed import, when that module exists."""
    try:
        from .hierarchy import update_hierarchy
    except ImportError:
        return None
    return update_hierarchy()
