"""Derived incident columns for filtering: outlet, governorate, an exact actor index and any-spelling search text."""
from functools import lru_cache

import shapely
from shapely.strtree import STRtree

from gazetteer.core.geometry import GeometryError, parse_geojson
from gazetteer.core.normalize import normalize_key
from gazetteer.models import Place

ACTOR_SEPARATOR = "|"


def actor_names(actors):
    """The distinct actor names of an incident's stored actors, in order."""
    names = []
    for actor in actors if isinstance(actors, list) else []:
        name = actor.get("name") if isinstance(actor, dict) else actor
        if isinstance(name, str) and name.strip() and name.strip() not in names:
            names.append(name.strip())
    return names


def actor_index(actors):
    """'|ISIS|Syrian army|': each name between separators, so `contains("|ISIS|")` is an exact filter."""
    names = [n.replace(ACTOR_SEPARATOR, " ") for n in actor_names(actors)]
    return ACTOR_SEPARATOR + ACTOR_SEPARATOR.join(names) + ACTOR_SEPARATOR if names else ""


def actor_filter_value(name):
    """The substring of `actor_index` that selects incidents with actor `name`."""
    return ACTOR_SEPARATOR + name.strip().replace(ACTOR_SEPARATOR, " ") + ACTOR_SEPARATOR


def search_key(text):
    """A query or a document in the one spelling search compares: the gazetteer's normalised key."""
    return normalize_key(text or "")


def search_text(incident, place=None):
    """The normalised text an incident is found by: place, evidence, actors, types, outlet, source."""
    parts = [incident.location_name, incident.evidence_text, incident.event_type, incident.sub_event_type,
             incident.outlet, incident.attributed_to, " ".join(actor_names(incident.actors))]
    if place is not None:
        parts += [place.name_ar, place.name_en, place.governorate]
    return search_key(" ".join(p for p in parts if p))


@lru_cache(maxsize=4)
def _governorate_tree(version):
    """(STRtree, names) over the governorate polygons in the gazetteer; `version` keys the cache."""
    shapes, names = [], []
    for name_en, name_ar, geometry in (Place.objects.filter(feature_type="governorate")
                                       .values_list("name_en", "name_ar", "geometry")):
        try:
            shape = parse_geojson(geometry)
        except (GeometryError, TypeError, ValueError):
            continue
        if shape.geom_type in ("Polygon", "MultiPolygon"):
            shapes.append(shape)
            names.append(name_en or name_ar)
    return (STRtree(shapes) if shapes else None), names


def governorate_tree():
    """The cached governorate lookup, rebuilt when the governorates change."""
    latest = Place.objects.filter(feature_type="governorate").order_by("-updated_at").values_list(
        "updated_at", flat=True).first()
    count = Place.objects.filter(feature_type="governorate").count()
    return _governorate_tree((count, latest))


def governorates_at(points):
    """The governorate name holding each (lon, lat) point, or '' (one vectorised query for all)."""
    tree, names = governorate_tree()
    out = [""] * len(points)
    if tree is None or not points:
        return out
    geoms = shapely.points([(lon, lat) for lon, lat in points])
    point_idx, poly_idx = tree.query(geoms, predicate="intersects")
    for p, g in zip(point_idx.tolist(), poly_idx.tolist()):
        if not out[p]:
            out[p] = names[g]
    return out


def place_governorate(place):
    """A place's own governorate: its hierarchy label, or its name when it is one."""
    if place is None:
        return ""
    if place.feature_type == "governorate":
        return place.name_en or place.name_ar
    return place.governorate


def fill_derived_fields(incidents):
    """Set outlet, governorate, actor_index and search_text on unsaved or changed incidents (in place)."""
    place_ids = {i.place_id for i in incidents if i.place_id}
    places = Place.objects.in_bulk(place_ids) if place_ids else {}
    missing = []
    for incident in incidents:
        if not incident.outlet and incident.article_id and incident.article is not None:
            incident.outlet = incident.article.source[:200]
        place = places.get(incident.place_id)
        incident.governorate = place_governorate(place)[:100]
        if not incident.governorate and incident.lat is not None and incident.lon is not None:
            missing.append(incident)
        incident.actor_index = actor_index(incident.actors)
        incident.search_text = search_text(incident, place)
    for incident, name in zip(missing, governorates_at([(i.lon, i.lat) for i in missing])):
        incident.governorate = name[:100]
    return incidents
