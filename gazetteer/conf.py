"""The KHARITA settings dict for maps (public map and place editor): defaults, validation, access."""
from django.conf import settings

DEFAULTS = {
    "TILE_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "TILE_ATTRIBUTION": "© OpenStreetMap contributors",
    "MAP_CENTER": (34.8, 38.9),
    "MAP_ZOOM": 6,
}


def kharita_setting(name):
    """Return one KHARITA setting, falling back to its default."""
    return {**DEFAULTS, **getattr(settings, "KHARITA", {})}[name]


def validate(config):
    """Return a list of error strings for a KHARITA settings dict."""
    errors = []
    unknown = set(config) - set(DEFAULTS)
    if unknown:
        errors.append(f"unknown keys: {sorted(unknown)}")
    merged = {**DEFAULTS, **config}
    tile = merged["TILE_URL"]
    if not isinstance(tile, str) or not all(p in tile for p in ("{z}", "{x}", "{y}")):
        errors.append("TILE_URL must be a string containing {z}, {x} and {y}")
    center = merged["MAP_CENTER"]
    if not (isinstance(center, (tuple, list)) and len(center) == 2
            and -90 <= center[0] <= 90 and -180 <= center[1] <= 180):
        errors.append("MAP_CENTER must be (lat, lon)")
    if not (isinstance(merged["MAP_ZOOM"], int) and 0 <= merged["MAP_ZOOM"] <= 19):
        errors.append("MAP_ZOOM must be an integer 0-19")
    return errors

