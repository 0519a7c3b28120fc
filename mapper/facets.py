"""Filter choices with counts (event types and sub-types, actors, governorates, outlets, dates) of an incident set."""
from collections import Counter

from django.db.models import Count, Max, Min
from django.utils.translation import gettext_lazy as _

from .incident_fields import ACTOR_SEPARATOR
from .models import Incident

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
    """[{value, label, count, sub_types}]: ACLED types first in ACLED order, then any others by count."""
    order = list(EVENT_TYPE_LABELS) + sorted((t for t in type_counts if t not in EVENT_TYPE_LABELS),
                                             key=lambda t: (-type_counts[t], t))
    return [{"value": t, "label": event_type_label(t), "count": type_counts[t],
             "sub_types": ranked(sub_counts.get(t, Counter()))}
            for t in order if t and type_counts[t]]


def filter_choices(qs=None):
    """The choices of every filter with their counts in `qs` (default: all canonical incidents). One query
    groups by every faceted column at once; the groups are summed per facet here."""
    if qs is None:
        qs = Incident.objects.filter(merged_into__isnull=True)
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
    return {
        "types": type_choices(types, subs),
        "actors": ranked(actors),
        "governorates": ranked(governorates),
        "outlets": ranked(outlets),
        "precisions": list(PRECISIONS),
        "date_min": min(dates).isoformat() if dates else None,
        "date_max": max(dates).isoformat() if dates else None,
        "total": total,
    }
