"""Merge duplicate places into one: aliases move, every reference is re-pointed, the history records it."""
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from . import history
from .models import Alias, Place


class MergeError(ValueError):
    """Raised when places cannot be merged; nothing has been changed."""


@dataclass
class MergeResult:
    """What one merge did."""

    survivor: Place
    merged: list = field(default_factory=list)  # labels of the places merged away
    aliases_moved: list = field(default_factory=list)
    aliases_added: list = field(default_factory=list)
    repointed: dict = field(default_factory=dict)  # "app.Model.field" -> rows re-pointed


def place_references():
    """Every relation that points at Place from another model, except aliases (those are moved by text)."""
    return [rel for rel in Place._meta.related_objects if rel.related_model is not Alias]


def reference_counts(places):
    """"app.Model.field" -> how many rows point at any of `places`, for the confirmation page."""
    counts = {}
    for rel in place_references():
        n = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": places}).count()
        if n:
            counts[_relation_label(rel)] = n
    return counts


def _relation_label(rel):
    return f"{rel.related_model._meta.label}.{rel.field.name}"


def _move_aliases(survivor, others, result):
    texts = set(survivor.aliases.values_list("text", flat=True))
    for other in others:
        for alias in other.aliases.order_by("pk"):
            if alias.text in texts:
                continue  # a duplicate text goes with its place
            alias.place = survivor
            if alias.kind == "name":  # the survivor keeps its own primary names
                alias.kind = "alias"
            alias.save()
            texts.add(alias.text)
            result.aliases_moved.append(alias.text)
        for text, language in ((other.name_ar, "ar"), (other.name_en, "en")):
            text = (text or "").strip()
            if text and text not in texts:
                Alias.objects.create(place=survivor, text=text, language=language, kind="alias")
                texts.add(text)
                result.aliases_added.append(text)


def _repoint(survivor, others, result):
    for rel in place_references():
        name, manager = rel.field.name, rel.related_model._base_manager
        rows = manager.filter(**{f"{name}__in": others})
        if rel.many_to_many:
            count = 0
            for obj in rows.distinct():
                related = getattr(obj, name)
                related.remove(*others)
                related.add(survivor)
                count += 1
        else:
            count = rows.update(**{name: survivor})
        if count:
            result.repointed[_relation_label(rel)] = count


def merge_places(survivor, others, user=None):
    """Merge `others` into `survivor` (whose own fields are kept) and delete them; returns a MergeResult."""
    others = [p for p in others if p.pk != survivor.pk]
    if survivor.pk is None or not others:
        raise MergeError(gettext("Choose a saved place to keep and at least one other place to merge into it."))
    result = MergeResult(survivor=survivor, merged=[history.place_label(p) for p in others])
    try:
        with transaction.atomic():
            _move_aliases(survivor, others, result)
            _repoint(survivor, others, result)
            Place.objects.filter(pk__in=[p.pk for p in others]).delete()
            history.record("merge", survivor, user=user, changes={
                "merged": [result.merged, history.place_label(survivor)],
                history.ALIASES: [[], sorted(result.aliases_moved + result.aliases_added)],
                "repointed": [None, result.repointed],
            })
            transaction.on_commit(_invalidate_cache)
    except IntegrityError as exc:  # e.g. a one-to-one reference both places already have
        raise MergeError(gettext("The places could not be merged: %(reason)s") % {"reason": exc}) from exc
    return result


def _invalidate_cache():
    from .store import invalidate

    invalidate()
