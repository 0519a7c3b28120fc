"""airportsdata CSV (English names only): its codes and names become aliases of airports we already know."""
import csv

from ..geometry import haversine_km
from ..model import AliasRecord
from .base import SourceError, alias_patch, note_skip
from .geonames_dump import open_text

COLUMNS = ("icao", "iata", "name", "lat", "lon")
MATCH_KM = 3.0


def read_airports_rows(path):
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{path}: missing column(s) {', '.join(missing)}: not an airportsdata CSV")
        return list(reader)


def read_airports_csv(path, known_airports=(), skipped=None):
    """Alias patches (English name, ICAO and IATA codes) for the airports among `known_airports` (PlaceRecords with
    an Arabic name) within 3 km of a row. The file has no Arabic names and we do not invent them, so a row
    without such an airport is skipped with that reason."""
    known = [p for p in known_airports if p.feature_type == "airport" and p.name_ar and p.geometry]
    patches = []
    for row in read_airports_rows(path):
        label = f"{row['icao']} {row['name']}"
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (TypeError, ValueError):
            note_skip(skipped, label, "no coordinates")
            continue
        near = sorted((haversine_km(lat, lon, p.lat, p.lon), i) for i, p in enumerate(known))
        if not near or near[0][0] > MATCH_KM:
            note_skip(skipped, label, "no Arabic name: no known airport within 3 km to attach it to")
            continue
        place = known[near[0][1]]
        aliases = [AliasRecord(row["name"], "en", "alias")]
        aliases += [AliasRecord(code, "en", "abbreviation") for code in (row["icao"], row["iata"]) if code]
        patches.append(alias_patch(place.source, place.external_id, aliases))
    return patches
