"""Build the gazetteer service from the database, cached until a place or alias changes; alias keys are
recomputed first when the normalisation/variant rules they were built with are not the code's."""
import logging
import threading

from django.db import DatabaseError, transaction

from .core.index import GazetteerIndex, gc_paused
from .core.model import AliasRecord, PlaceRecord
from .core.normalize import normalize_key
from .core.variants import INDEX_RULES_VERSION

RULES_STATE = "rules_version"
KEY_LENGTH = 200  # Alias.key max_length
CHUNK_SIZE = 2000

log = logging.getLogger(__name__)
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
    with gc_paused():
        for alias in Alias.objects.all().only("place_id", "text", "language", "kind").iterator(chunk_size=5000):
            by_place.setdefault(alias.place_id, []).append(alias)
    places = (place_record(p, by_place.get(p.pk, []))
              for p in Place.objects.all().iterator(chunk_size=2000))
    return GazetteerIndex(places)


def stored_rules_version():
    """The rules version the stored alias keys were computed with, or None when never recorded."""
    from .models import GazetteerState

    return GazetteerState.objects.filter(name=RULES_STATE).values_list("value", flat=True).first()


def alias_key(text):
    return normalize_key(text)[:KEY_LENGTH]


def recompute_alias_keys(commit=True, progress=None):
    """Recompute every Alias.key with the current normaliser, in chunked bulk updates (written only with
    `commit`). Returns (keys that changed, aliases read)."""
    from .models import Alias

    rows = Alias.objects.only("pk", "text", "key").order_by("pk").iterator(chunk_size=CHUNK_SIZE)
    changed, total, batch = 0, 0, []
    for alias in progress(rows) if progress is not None else rows:
        total += 1
        key = alias_key(alias.text)
        if key != alias.key:
            alias.key = key
            changed += 1
            batch.append(alias)
            if commit and len(batch) >= CHUNK_SIZE:
                Alias.objects.bulk_update(batch, ["key"])
                batch = []
    if commit and batch:
        Alias.objects.bulk_update(batch, ["key"])
    return changed, total


def update_rules_version(progress=None):
    """Bring stored alias keys up to the code's rules and record its version. Returns (changed, total)."""
    from .models import GazetteerState

    with transaction.atomic():
        result = recompute_alias_keys(commit=True, progress=progress)
        GazetteerState.objects.update_or_create(name=RULES_STATE, defaults={"value": INDEX_RULES_VERSION})
    return result


def ensure_rules_version():
    """Recompute the stored alias keys when the stored rules version differs from the code's. Returns the
    number of keys that changed, or None when the version was current. The in-memory index derives its
    keys from alias text, so a database that cannot be written to is logged and does not stop it."""
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves a caller's transaction usable
            if stored_rules_version() == INDEX_RULES_VERSION:
                return None
            changed, total = update_rules_version()
    except DatabaseError as exc:
        log.warning("could not bring alias keys up to rules %s: %s", INDEX_RULES_VERSION, exc)
        return None
    log.info("alias keys recomputed for rules %s: %d of %d changed", INDEX_RULES_VERSION, changed, total)
    return changed


def get_gazetteer():
    """The cached database gazetteer (rebuilt after any change; alias keys first brought up to the rules)."""
    with _lock:
        if _cache["index"] is None:
            ensure_rules_version()
            _cache["index"] = build_from_database()
        return _cache["index"]


def invalidate():
    with _lock:
        _cache["index"] = None
