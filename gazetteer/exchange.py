"""Export the database gazetteer in the exchange format and import it back through the importer."""
import io
import json
from collections import OrderedDict

from . import history
from .core.exchange import place_feature, read_collection, write_collection
from .importer import ImportSummary, import_places
from .models import Alias, Place

PLACE_COLUMNS = ("source", "external_id", "name_ar", "name_en", "feature_type", "geometry", "country",
                 "governorate", "district", "subdistrict", "pcode", "population", "uncertainty_km", "notes",
                 "lat", "lon", "min_lon", "min_lat", "max_lon", "max_lat")


def export_queryset(source=None):
    """The places to export, in a stable order: all of them, or those of one source."""
    places = Place.objects.all()
    if source:
        places = places.filter(source=source)
    return places.order_by("source", "external_id")


def iter_features(places, chunk_size=2000):
    """GeoJSON Features of `places` (a queryset), reading aliases one chunk of places at a time."""
    chunk = []
    for place in places.iterator(chunk_size=chunk_size):
        chunk.append(place)
        if len(chunk) >= chunk_size:
            yield from _chunk_features(chunk)
            chunk = []
    yield from _chunk_features(chunk)


def _chunk_features(places):
    aliases = {}
    rows = Alias.objects.filter(place_id__in=[p.pk for p in places]).values_list("place_id", "text", "language",
                                                                                "kind")
    for place_id, text, language, kind in rows:
        aliases.setdefault(place_id, []).append((text, language, kind))
    for place in places:
        values = {name: getattr(place, name) for name in PLACE_COLUMNS}
        yield place_feature(values, aliases.get(place.pk, []))


def export_to(out, places, progress=None):
    """Write `places` as an exchange FeatureCollection to the text stream `out`; returns how many."""
    count = [0]

    def counted(features):
        for feature in features:
            count[0] += 1
            yield feature

    features = counted(iter_features(places))
    write_collection(progress(features) if progress else features, out)
    return count[0]


def export_text(places):
    """The exchange GeoJSON of `places` as a string."""
    out = io.StringIO()
    export_to(out, places)
    return out.getvalue()


def import_data(data, commit=False, progress=None, user=None):
    """Upsert an exchange FeatureCollection (parsed JSON) source by source through the importer.

    Returns source -> ImportSummary; features that cannot be read are reported under the key "(unreadable)".
    A committed import writes one history entry per source.
    """
    records, errors = read_collection(data)
    by_source = OrderedDict()
    for record in records:
        by_source.setdefault(record.source, []).append(record)
    summaries = OrderedDict()
    for source, group in by_source.items():
        summary = import_places(group, commit=commit, progress=progress)
        summaries[source] = summary
        if commit:
            history.record_import(source, summary, user=user)
    if errors:
        summaries["(unreadable)"] = ImportSummary(skipped=len(errors), errors=errors)
    return summaries


def import_file(path, commit=False, progress=None, user=None):
    """Read an exchange file and import it; ValueError for a file that is not JSON or not a collection."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text") from exc
    return import_data(data, commit=commit, progress=progress, user=user)
