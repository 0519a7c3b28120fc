"""Upsert PlaceRecords into Place/Alias keyed on (source, external_id); idempotent, with a dry-run mode."""
import json
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from .core.geometry import GeometryError, parse_geojson, summarize
from .core.normalize import normalize_key
from .models import FEATURE_TYPES, Alias, Place

VALID_TYPES = {code for code, _ in FEATURE_TYPES}
PLACE_FIELDS = ("name_ar", "name_en", "feature_type", "geometry", "min_lon", "min_lat", "max_lon", "max_lat",
                "lat", "lon", "country", "governorate", "district", "subdistrict", "pcode", "population",
                "uncertainty_km", "notes")


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

    def __init__(self, summary):
        self.summary = summary
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
        values = place_values(record)
        place = self.places.get((source, ext_id))
        if place is None:
            place = Place.objects.create(source=source, external_id=ext_id, **values)
            self.places[(source, ext_id)] = place
            self.alias_texts[place.pk] = set()
            self.summary.added += 1
            self.add_aliases(place, record)
            return
        dirty = [name for name in PLACE_FIELDS if getattr(place, name) != values[name]]
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


def import_places(records, commit=False, progress=None):
    """Upsert `records`; with commit=False everything is computed, then rolled back. Returns ImportSummary."""
    summary = ImportSummary()
    iterable = progress(records) if progress is not None else records
    with transaction.atomic():
        importer, seen = _Importer(summary), set()
        for record in iterable:
            label = f"{getattr(record, 'source', '?')}:{getattr(record, 'external_id', '?')}"
            importer.load_source(getattr(record, "source", "") or "curated")  # database errors propagate
            try:
                with transaction.atomic():  # a savepoint: a bad record leaves the others intact
                    importer.add(record, seen)
            except (GeometryError, ValueError, TypeError, KeyError, DatabaseError) as exc:
                summary.skipped += 1
                summary.errors.append(f"{label} ({getattr(record, 'name_en', '') or ''}): {exc}")
        if commit:
            transaction.on_commit(_invalidate_cache)
        else:
            transaction.set_rollback(True)
    return summary


def _invalidate_cache():
    from .store import invalidate

    invalidate()
