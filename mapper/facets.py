"""Filter choices with counts (event types and sub-types, actors, governorates, outlets, dates) of an incident set."""
import dataclasses
from collections import Counter

import numpy as np
from django.db.models import Count, Max, Min
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .incident_cube import current_cube
from .incident_fields import ACTOR_SEPARATOR

# ACLED event types, in ACLED's order, with their translatable labels.
EVENT_TYPE_LABELS = {
    "Battles": _("Battles"),
    "Explosions/Remote violence": _("Explosions/Remote violence"),
    "Violence against civilians": _("Violence against civilians"),
    "Protests": _("Protests"),
    "Riots": _("Riots"),
    "Strategic developments": _("Strategic developments"),
}
PRECISIONS = [1, 2, 3]


def event_type_label(event_type):
    """The label of an event type in the active language (the value itself when not an ACLED type)."""
    return str(EVENT_TYPE_LABELS.get(event_type, event_type))


def ranked(counter):
    """[{value, count}] most frequent first, blank values left out."""
    return [{"value": value, "count": n}
            for value, n in sorted(counter.items(), key=lambda item: (-item[1], item[0])) if value]


def type_choices(type_counts, sub_counts):
    """[{value, label, count, sub_types}]: ACLED types first in ACLED order, then any others by count. A type
    is listed when it has incidents or named sub-types with some (faceted counts may give it only those)."""
    others = {t for t in (*type_counts, *sub_counts) if t not in EVENT_TYPE_LABELS}
    out = []
    for t in list(EVENT_TYPE_LABELS) + sorted(others, key=lambda t: (-type_counts[t], t)):
        sub_types = ranked(sub_counts.get(t, Counter()))
        if t and (type_counts[t] or sub_types):
            out.append({"value": t, "label": event_type_label(t), "count": type_counts[t], "sub_types": sub_types})
    return out


def filter_choices(qs=None):
    """The choices of every filter with their counts in `qs`, or (no qs) of all canonical incidents, counted
    from the incident cube once per data version and language."""
    if qs is None:
        cube = current_cube()
        return cube.memo(("choices", get_language()), lambda: cube_choices(cube, cube.canonical))
    return queryset_choices(qs)


def choices_dict(types, subs, governorates, outlets, actors, total, first, last):
    return {
        "types": type_choices(types, subs),
        "actors": ranked(actors),
        "governorates": ranked(governorates),
        "outlets": ranked(outlets),
        "precisions": list(PRECISIONS),
        "date_min": first.isoformat() if first else None,
        "date_max": last.isoformat() if last else None,
        "total": total,
    }


def queryset_choices(qs):
    """filter_choices of a queryset: one query groups by every faceted column at once; the groups are summed
    per facet here."""
    rows = (qs.order_by().values_list("event_type", "sub_event_type", "governorate", "outlet", "actor_index")
            .annotate(n=Count("id"), first=Min("date"), last=Max("date")))
    types, subs, governorates, outlets, actors = Counter(), {}, Counter(), Counter(), Counter()
    total, dates = 0, []
    for event_type, sub_type, governorate, outlet, index, n, first, last in rows:
        total += n
        types[event_type] += n
        subs.setdefault(event_type, Counter())[sub_type] += n
        governorates[governorate] += n
        outlets[outlet] += n
        for name in set(filter(None, (index or "").split(ACTOR_SEPARATOR))):
            actors[name] += n
        dates += [d for d in (first, last) if d is not None]
    return choices_dict(types, subs, governorates, outlets, actors, total, min(dates) if dates else None,
                        max(dates) if dates else None)


def coded_counts(cube, name, keep):
    """Counter {value: rows} of one coded column over the rows `keep` selects."""
    coded = cube.coded[name]
    per_code = np.bincount(coded.codes[keep], minlength=len(coded.values))
    return Counter({coded.values[i]: int(per_code[i]) for i in np.flatnonzero(per_code).tolist()})


def sub_type_counts(cube, keep):
    """{event type: Counter {sub-type: rows}} over the rows `keep` selects (one bincount of the pairs)."""
    types_coded, subs_coded = cube.coded["event_type"], cube.coded["sub_event_type"]
    width = len(subs_coded.values)
    pairs = np.bincount(types_coded.codes[keep].astype(np.int64) * width + subs_coded.codes[keep],
                        minlength=len(types_coded.values) * width)
    subs = {}
    for pair in np.flatnonzero(pairs).tolist():
        type_code, sub_code = divmod(pair, width)
        subs.setdefault(types_coded.values[type_code], Counter())[subs_coded.values[sub_code]] = int(pairs[pair])
    return subs


def actor_counts(cube, keep):
    """Counter {actor: rows naming it} over the rows `keep` selects."""
    actors = Counter()
    for index, n in coded_counts(cube, "actor_index", keep).items():
        for name in set(filter(None, index.split(ACTOR_SEPARATOR))):
            actors[name] += n
    return actors


def cube_choices(cube, keep):
    """filter_choices of the rows `keep` selects in an incident cube: one bincount per facet."""
    first, last = cube.days(keep)
    return choices_dict(coded_counts(cube, "event_type", keep), sub_type_counts(cube, keep),
                        coded_counts(cube, "governorate", keep), coded_counts(cube, "outlet", keep),
                        actor_counts(cube, keep), int(np.count_nonzero(keep)), first, last)


def faceted_choices(cube, incident_filter):
    """The choices as faceted search counts them: each facet (types, sub-types, actors, governorates, outlets)
    over the incidents that match every other filter but not its own selection, so the choices beside a
    selected one keep their counts; total, date_min and date_max are of the filtered set. A facet without a
    selection is counted on the filtered set itself (one mask more per selected facet)."""
    keep = cube.mask(incident_filter)

    def facet_keep(name):
        if not getattr(incident_filter, name):
            return keep
        return cube.mask(dataclasses.replace(incident_filter, **{name: ()}))

    first, last = cube.days(keep)
    return choices_dict(coded_counts(cube, "event_type", facet_keep("types")),
                        sub_type_counts(cube, facet_keep("sub_types")),
                        coded_counts(cube, "governorate", facet_keep("governorates")),
                        coded_counts(cube, "outlet", facet_keep("outlets")),
                        actor_counts(cube, facet_keep("actors")), int(np.count_nonzero(keep)), first, last)
