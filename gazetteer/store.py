"""Build the gazetteer service from the database, cached until a place or alias changes."""
import threading

from .core.index import GazetteerIndex
from .core.model import AliasRecord, PlaceRecord

_lock = threading.Lock()
_cache = {"index": None}


def place_record(place, aliases):
    """A PlaceRecord from a Place row and its Alias rows."""
    return PlaceRecord(
        id=place.pk, name_ar=place.name_ar, name_en=place.name_en,
        feature_type=place.feature_type, geometry=place.geometry, lat=place.lat, lon=place.lon,
        country=place.country, governorate=place.governorate, district=place.district,
        subdistrict=place.subdistrict, pcode=place.pcode, population=place.population,
        uncertainty_km=place.uncertainty_km, source=place.source, external_id=place.external_id,
        aliases=[AliasRecord(a.text, a.language, a.kind) for a in aliases],
    )


def build_from_database():
    """Read every place and alias and build a fresh GazetteerIndex."""
    from .models import Alias, Place

    by_place = {}
    for alias in Alias.objects.all().only("place_id", "text", "language", "kind").iterator(chunk_size=5000):
        by_place.setdefault(alias.place_id, []).append(alias)
    places = (place_record(p, by_place.get(p.pk, []))
              for p in Place.objects.all().iterator(chunk_size=2000))
    return GazetteerIndex(places)


def get_gazetteer():
    """The cached database gazetteer (rebuilt after any change)."""
    with _lock:
        if _cache["index"] is None:
            _cache["index"] = build_from_database()
        return _cache["index"]


def invalidate():
    with _lock:
        _cache["index"] = None
