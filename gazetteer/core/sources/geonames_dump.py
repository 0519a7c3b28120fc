"""GeoNames country dumps (XX.txt, allCountries.txt: 19 tab-separated columns) as PlaceRecords."""
import csv
import io

from ..geonames_cache import SY_GOVERNORATES, pick_name_ar, uncertainty_for
from ..model import AliasRecord
from .base import SourceError, arabic_names, make_record, note_skip, point

SOURCE = "geonames"
COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
           "feature_code", "country_code", "cc2", "admin1", "admin2", "admin3", "admin4", "population",
           "elevation", "dem", "timezone", "modification_date")
MIN_ASCII_ALIAS = 4

# Exact feature codes first, then code prefixes, then the feature class.
CODE_TYPES = {
    "PPLC": "city", "PPLX": "neighbourhood", "PCLI": "country", "PCLD": "country", "PCLS": "country",
    "ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict", "ADM4": "region", "ADMD": "region",
    "AIRP": "airport", "AIRB": "airport", "AIRF": "airport", "AIRH": "airport",
    "MILB": "base", "INSM": "base", "FT": "base", "PSTB": "crossing", "PSTC": "crossing", "PSTP": "crossing",
    "RSTN": "station", "RSTP": "station", "BUSTN": "station", "PS": "facility", "PSH": "facility",
    "DAM": "facility", "OILR": "facility", "OILF": "facility", "OILP": "facility", "HSP": "facility",
    "BDG": "facility", "PRN": "facility", "MFG": "facility", "OILW": "facility", "WLL": "facility",
    "RGN": "region", "AREA": "region", "DSRT": "region", "PLN": "region", "PLAT": "region", "VAL": "region",
    "ZN": "zone", "ZNB": "zone", "RD": "road", "RDJCT": "road", "TRL": "road", "RR": "road",
    "STM": "river", "STMI": "river", "STMS": "river", "CNL": "river", "WAD": "river", "WADS": "river",
}
PREFIX_TYPES = (("PPL", None), ("CMP", "camp"), ("MT", "mountain"), ("HLL", "mountain"), ("PK", "mountain"),
                ("RDG", "mountain"), ("STN", "station"), ("AIR", "airport"), ("STM", "river"), ("WAD", "river"))
CLASS_TYPES = {"A": "region", "P": None, "H": "other", "L": "region", "R": "road", "S": "facility",
               "T": "other", "U": None, "V": "region"}


def populated_type(code, population):
    """city / town / village for a populated place, by its code and population."""
    if code == "PPLC" or code == "PPLA" and population >= 50_000 or population >= 100_000:
        return "city"
    return "town" if population >= 10_000 or code in ("PPLA", "PPLA2") else "village"


def feature_type_for(feature_class, feature_code, population=0):
    """Our feature type for a GeoNames class and code; None for classes we do not load (undersea)."""
    code = feature_code.upper()
    if code in CODE_TYPES:
        return CODE_TYPES[code]
    for prefix, kind in PREFIX_TYPES:
        if code.startswith(prefix):
            return kind or populated_type(code, population)
    if feature_class == "P":
        return populated_type(code, population)
    return CLASS_TYPES.get(feature_class)


def row_to_record(row, extra_arabic=()):
    """One dump row (19 columns) as a PlaceRecord; ValueError says why a row cannot be used."""
    values = dict(zip(COLUMNS, row))
    gid, name_en = values["geonameid"].strip(), values["name"].strip()
    if not gid.isdigit():
        raise ValueError(f"geonameid {gid!r} is not a number")
    population = int(values["population"] or 0)
    kind = feature_type_for(values["feature_class"], values["feature_code"], population)
    if kind is None:
        raise ValueError(f"feature {values['feature_class']}.{values['feature_code']} is not loaded")
    names = [n for n in values["alternatenames"].split(",") if n.strip()]
    arabic = arabic_names(list(extra_arabic) + names)
    if not arabic:
        raise ValueError("no Arabic name")
    name_ar = pick_name_ar(arabic, name_en)
    aliases = [AliasRecord(n, "ar", "variant") for n in arabic]
    latin = [n.strip() for n in [values["asciiname"]] + names]
    aliases += [AliasRecord(n, "en", "transliteration") for n in latin
                if n.isascii() and len(n) >= MIN_ASCII_ALIAS and n != n.lower()]
    country = values["country_code"].strip().upper()
    governorate = SY_GOVERNORATES.get(values["admin1"].strip(), "") if country == "SY" else ""
    return make_record(SOURCE, gid, name_ar, name_en, kind, point(values["longitude"], values["latitude"]),
                       aliases, country=country, governorate=governorate, population=population,
                       uncertainty_km=uncertainty_for(population) if values["feature_class"] == "P" else 1.0)


def read_geonames_dump(path, countries=None, arabic_by_id=None, skipped=None):
    """PlaceRecords of a GeoNames dump file, optionally only some countries; `arabic_by_id` adds Arabic names
    (from alternateNamesV2) by geonameid. Rows without an Arabic name are skipped with the reason."""
    wanted = {c.upper() for c in countries} if countries else None
    arabic_by_id = arabic_by_id or {}
    records = []
    with open_text(path) as fh:
        for number, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != len(COLUMNS):
                raise SourceError(f"{path}: line {number} has {len(row)} columns, a GeoNames dump has 19")
            if wanted and row[8].upper() not in wanted:
                continue
            try:
                records.append(row_to_record(row, arabic_by_id.get(row[0].strip(), ())))
            except (ValueError, TypeError) as exc:
                note_skip(skipped, f"geonames:{row[0]} {row[1]}", str(exc))
    return records


def dump_ids(path, countries=None):
    """Every geonameid of a dump, also of rows without an Arabic name (yet)."""
    wanted = {c.upper() for c in countries} if countries else None
    with open_text(path) as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) == len(COLUMNS) and (wanted is None or row[8].upper() in wanted):
                yield row[0].strip()


def open_text(path):
    """A UTF-8 text file; binary or other encodings raise SourceError instead of a decoding traceback."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if b"\x00" in head:
        raise SourceError(f"{path}: a binary file, not UTF-8 text")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the 4096-byte boundary
            raise SourceError(f"{path}: not UTF-8 text") from exc
    return io.open(path, encoding="utf-8", errors="strict", newline="")
