"""The curation history: record who changed which place, when, and what (field -> [old, new])."""
import json

from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Alias, Place, PlaceChange

TRACKED_FIELDS = ("name_ar", "name_en", "feature_type", "geometry", "country", "governorate", "district",
                  "subdistrict", "pcode", "population", "uncertainty_km", "source", "external_id", "notes")
# A geometry larger than this is stored in the history as its type and size, not its coordinates.
MAX_STORED_CHARS = 4000
ALIASES = "aliases"


def place_label(place):
    """How a place is named in the history, also after it is gone."""
    names = " / ".join(n for n in (place.name_ar, place.name_en) if n)
    return f"{names} [{place.source}:{place.external_id}]"[:300]


def snapshot(place):
    """The tracked field values of a place."""
    return {name: getattr(place, name) for name in TRACKED_FIELDS}


def alias_snapshot(place):
    """text -> [language, kind] of every alias a saved place has now."""
    if place.pk is None:
        return {}
    return {text: [language, kind]
            for text, language, kind in Alias.objects.filter(place=place).values_list("text", "language", "kind")}


def _count_positions(coordinates):
    if coordinates and isinstance(coordinates[0], (int, float)):
        return 1
    return sum(_count_positions(c) for c in coordinates or [])


def stored_value(value):
    """A value as the history keeps it: geometries too large to keep whole are summarised."""
    if isinstance(value, dict) and len(json.dumps(value)) > MAX_STORED_CHARS:
        return {"type": value.get("type"), "positions": _count_positions(value.get("coordinates"))}
    return value


def field_changes(before, after):
    """field -> [old, new] for every tracked field whose value differs."""
    return {name: [stored_value(before.get(name)), stored_value(after.get(name))]
            for name in TRACKED_FIELDS if before.get(name) != after.get(name)}


def alias_changes(before, after):
    """The alias edits between two alias snapshots: removed and added texts, and texts whose kind changed."""
    changes = {}
    removed, added = sorted(set(before) - set(after)), sorted(set(after) - set(before))
    if removed or added:
        changes[ALIASES] = [removed, added]
    for text in sorted(set(before) & set(after)):
        if before[text] != after[text]:
            changes[f"alias {text}"] = [before[text], after[text]]
    return changes


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def record(action, place=None, label=None, user=None, changes=None):
    """Write one history entry; `place` may be None (a deleted place or a whole import)."""
    return PlaceChange.objects.create(
        place=place, place_label=(label or (place_label(place) if place is not None else ""))[:300],
        user=_user(user), action=action, changes=changes or {},
    )


def record_added(place, user, aliases_after):
    """An entry for a place created by a curator, with all its values and aliases as new."""
    changes = field_changes({}, snapshot(place))
    changes.update(alias_changes({}, aliases_after))
    return record("add", place, user=user, changes=changes)


def record_edited(place, user, before, aliases_before, aliases_after):
    """An entry for a curator's edit: "change" when a field changed, "alias" when only aliases did."""
    fields = field_changes(before, snapshot(place))
    aliases = alias_changes(aliases_before, aliases_after)
    if not fields and not aliases:
        return None
    return record("change" if fields else "alias", place, user=user, changes={**fields, **aliases})


def record_deleted(place, user):
    """An entry for a place a curator deletes, written before it goes, so its label and values remain."""
    changes = field_changes(snapshot(place), {})
    changes.update(alias_changes(alias_snapshot(place), {}))
    return record("delete", None, label=place_label(place), user=user, changes=changes)


def record_import(label, summary, user=None):
    """One entry for a whole committed import (per-place entries would flood the history)."""
    counts = {"added": summary.added, "changed": summary.changed, "unchanged": summary.unchanged,
              "skipped": summary.skipped}
    return record("import", None, label=label, user=user, changes={"summary": [None, counts]})


ENTRY_LABELS = {"merged": _("Places merged"), "repointed": _("References re-pointed"),
                "summary": _("Import summary"), "from_queue": _("From the curation queue")}
SUMMARY_LABELS = {"added": pgettext_lazy("import summary", "Added"),
                  "changed": pgettext_lazy("import summary", "Changed"),
                  "unchanged": pgettext_lazy("import summary", "Unchanged"),
                  "skipped": pgettext_lazy("import summary", "Skipped")}


def entry_label(name):
    """How a key of an entry's changes is shown: a field's label, "alias “…”", or a label of its own."""
    if name in TRACKED_FIELDS:
        return str(Place._meta.get_field(name).verbose_name)
    if name.startswith("alias "):
        return gettext("alias “%(text)s”") % {"text": name[len("alias "):]}
    return str(ENTRY_LABELS.get(name, name))


def _shown(value):
    if isinstance(value, dict) and value and set(value) <= set(SUMMARY_LABELS):
        # In our order, not the stored one: PostgreSQL's jsonb keeps an object's keys sorted by length.
        return pgettext("list separator", ", ").join(f"{label} {value[k]}" for k, label in SUMMARY_LABELS.items()
                                                     if k in value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def describe(changes, limit=160):
    """A one-line summary of an entry's changes in the active language, for admin lists."""
    parts = []
    arrow = pgettext("history: old value to new value", "→")
    for name, value in (changes or {}).items():
        if name == ALIASES and isinstance(value, list) and len(value) == 2:
            removed, added = value
            parts.append(" ".join([f"+{t}" for t in added] + [f"-{t}" for t in removed]))
        elif isinstance(value, list) and len(value) == 2 and value[0] is None:
            parts.append(f"{entry_label(name)}: {_shown(value[1])[:60]}")
        elif isinstance(value, list) and len(value) == 2:
            old, new = (_shown(v) for v in value)
            parts.append(f"{entry_label(name)}: {old[:40]} {arrow} {new[:40]}")
        else:
            parts.append(f"{entry_label(name)}: {_shown(value)[:60]}")
    text = pgettext("list separator", "; ").join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"
