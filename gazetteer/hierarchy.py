"""Fill every place's country, governorate, district and sub-district from the admin polygons in the database."""
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .core.hierarchy import LEVELS, MAX_LABEL, PlacePoint, assign_hierarchy, build_areas
from .models import Place
from .store import invalidate, place_record

BATCH = 500
POINT_FIELDS = ("pk", "lat", "lon", "feature_type", "name_en", "name_ar", "pcode", "country") + LEVELS[1:]
WIDTHS = {"country": 2, "governorate": MAX_LABEL, "district": MAX_LABEL, "subdistrict": MAX_LABEL}


@dataclass
class HierarchySummary:
    """What one run found: polygons per level, places examined, and places (and fields per level) changed."""

    areas: dict = field(default_factory=dict)
    derived_districts: int = 0
    places: int = 0
    changed: int = 0
    by_level: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)
    committed: bool = True

    def __str__(self):
        areas = ", ".join(f"{level} {self.areas.get(level, 0)}" for level in LEVELS)
        levels = ", ".join(f"{level} {self.by_level.get(level, 0)}" for level in LEVELS)
        return (f"polygons: {areas} (of which {self.derived_districts} districts derived from sub-district "
                f"P-codes); places {self.places}, "
                f"{'changed' if self.committed else 'would change'} {self.changed} ({levels})")


def load_areas():
    """The admin areas of the database: polygons of country..subdistrict places, plus derived districts."""
    admin = Place.objects.filter(feature_type__in=LEVELS)
    return build_areas([place_record(place, []) for place in admin.iterator(chunk_size=200)])


def _place_points(queryset, rows):
    """PlacePoints of the rows, with the geometry of the lines and areas (points need none)."""
    extended = (queryset.exclude(feature_type__in=LEVELS).exclude(min_lon=F("max_lon"), min_lat=F("max_lat"))
                .values_list("pk", "geometry"))
    geometries = dict(extended.iterator(chunk_size=500))
    return [PlacePoint(*row, geometry=geometries.get(row[0])) for row in rows]


def update_hierarchy(queryset=None, progress=None, commit=True):
    """Assign the hierarchy to `queryset` (default every place); write only changed rows unless commit=False.

    A level where no polygon covers a place keeps its current value, so curated names survive where no
    polygons are loaded. Returns a HierarchySummary.
    """
    areas, skipped = load_areas()
    summary = HierarchySummary(skipped=skipped, derived_districts=sum(a.derived for a in areas), committed=commit)
    for area in areas:
        summary.areas[area.level] = summary.areas.get(area.level, 0) + 1
    queryset = queryset if queryset is not None else Place.objects.all()
    rows = list(queryset.values_list(*POINT_FIELDS))
    summary.places = len(rows)
    if not areas or not rows:
        return summary
    hierarchy = assign_hierarchy(_place_points(queryset, rows), areas)
    changed, now = [], timezone.now()
    for row in (progress(rows) if progress is not None else rows):
        current = dict(zip(LEVELS, row[7:]))
        new = {level: value[:WIDTHS[level]] for level, value in zip(LEVELS, hierarchy[row[0]])
               if value is not None and value[:WIDTHS[level]] != current[level]}
        if new:
            for level in new:
                summary.by_level[level] = summary.by_level.get(level, 0) + 1
            changed.append(Place(pk=row[0], updated_at=now, **{**current, **new}))
    summary.changed = len(changed)
    if commit and changed:
        with transaction.atomic():
            Place.objects.bulk_update(changed, list(LEVELS) + ["updated_at"], batch_size=BATCH)
            transaction.on_commit(invalidate)  # bulk_update sends no post_save signal
    return summary
