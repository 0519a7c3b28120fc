"""Any GeoJSON, GeoPackage, shapefile or CSV with name and geometry columns, read through geopandas/pyogrio."""
from dataclasses import dataclass
from pathlib import Path

from ..geometry import to_geojson
from ..geonames_cache import is_arabic_script
from ..model import AliasRecord
from .base import SourceError, make_record, note_skip
from .geonames_dump import open_text

LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
WKT_NAMES = ("wkt", "geometry", "geom", "the_geom")


@dataclass
class Columns:
    """Which columns hold what; None means "not in this file"."""

    name_ar: str = "name_ar"
    name_en: str = "name_en"
    id: str = "id"
    type: str = "feature_type"
    aliases: str = "aliases"  # "|"-separated names
    pcode: str = "pcode"
    default_type: str = "other"
    source: str = "file"
    crs: str = "EPSG:4326"  # CSV coordinates when the file does not say


def read_frame(path, crs="EPSG:4326"):
    """A GeoDataFrame in EPSG:4326; SourceError for files that are not readable vector data."""
    import geopandas
    import pandas

    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise SourceError(f"{path.name}: the file is empty or missing")
    try:
        if path.suffix.lower() in (".csv", ".tsv", ".txt"):
            open_text(path).close()
            frame = pandas.read_csv(path, sep="\t" if path.suffix.lower() == ".tsv" else ",", dtype=str,
                                    keep_default_na=False)
            gdf = _csv_to_geo(frame, path, crs)
        else:
            gdf = geopandas.read_file(path, engine="pyogrio")
    except SourceError:
        raise
    except Exception as exc:  # pyogrio/pandas raise many types for unreadable input; the message is what counts
        raise SourceError(f"{path.name}: cannot read it as vector data ({type(exc).__name__}: {exc})") from exc
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs("EPSG:4326")
    return gdf


def _csv_to_geo(frame, path, crs):
    import geopandas

    lower = {c.lower().strip(): c for c in frame.columns}
    lat = next((lower[n] for n in LAT_NAMES if n in lower), None)
    lon = next((lower[n] for n in LON_NAMES if n in lower), None)
    wkt = next((lower[n] for n in WKT_NAMES if n in lower), None)
    if lat and lon:
        x = frame[lon].str.strip().replace("", None).astype(float)
        y = frame[lat].str.strip().replace("", None).astype(float)
        return geopandas.GeoDataFrame(frame, geometry=geopandas.points_from_xy(x, y), crs=crs)
    if wkt:
        geometry = geopandas.GeoSeries.from_wkt(frame[wkt].replace("", None), on_invalid="ignore")
        return geopandas.GeoDataFrame(frame.drop(columns=[wkt]), geometry=geometry, crs=crs)
    raise SourceError(f"{path.name}: a CSV needs lat/lon columns ({'/'.join(LAT_NAMES)}, {'/'.join(LON_NAMES)}) "
                      f"or a WKT column ({'/'.join(WKT_NAMES)}); found: {', '.join(map(str, frame.columns))}")


def read_generic_file(path, columns=None, skipped=None):
    """PlaceRecords of a vector file, one per row with an Arabic name and a geometry, keyed
    (columns.source, value of the id column)."""
    columns = columns or Columns()
    gdf = read_frame(path, columns.crs)
    present = set(map(str, gdf.columns))
    for role in ("name_ar", "id"):
        if getattr(columns, role) not in present:
            raise SourceError(f"{Path(path).name}: no column {getattr(columns, role)!r} for {role} "
                              f"(columns: {', '.join(sorted(present - {'geometry'}))})")
    records = []
    for number, row in enumerate(gdf.itertuples(index=False), start=1):
        values = dict(zip(gdf.columns, row))
        ext_id, name_ar = _text(values.get(columns.id)), _text(values.get(columns.name_ar))
        label = f"{columns.source}:{ext_id or '#' + str(number)} {name_ar}"
        geometry = values.get("geometry")
        if not ext_id:
            note_skip(skipped, label, f"no {columns.id}")
        elif not name_ar or not is_arabic_script(name_ar):
            note_skip(skipped, label, f"no Arabic name in {columns.name_ar}")
        elif geometry is None or geometry.is_empty:
            note_skip(skipped, label, "no geometry")
        else:
            kind = _text(values.get(columns.type)) or columns.default_type
            aliases = [AliasRecord(t.strip(), "ar" if is_arabic_script(t) else "en", "alias")
                       for t in _text(values.get(columns.aliases)).split("|") if t.strip()]
            try:
                records.append(make_record(columns.source, ext_id, name_ar, _text(values.get(columns.name_en)),
                                           kind, to_geojson(geometry), aliases,
                                           pcode=_text(values.get(columns.pcode))[:20]))
            except (ValueError, TypeError) as exc:
                note_skip(skipped, label, str(exc))
    return records


def _text(value):
    if value is None or value != value:  # None or NaN
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
