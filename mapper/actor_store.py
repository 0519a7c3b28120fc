"""The actor lexicon the app parses with: built-in ACTORS plus curators' Actor rows, cached until one changes."""
import threading

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .extraction.actors import ACTORS, ActorLexicon
from .models import Actor, ActorAlias

_lock = threading.Lock()
_cache = {"lexicon": None}


def lexicon_entries():
    """{name: (inter code, aliases)}: a database actor named like a built-in one adds its aliases (and its
    code replaces the built-in code); any other database actor is new. Its Arabic name is an alias too."""
    entries = {name: (code, list(aliases)) for name, (code, aliases) in ACTORS.items()}
    for actor in Actor.objects.prefetch_related("aliases"):
        aliases = [a.text.strip() for a in actor.aliases.all() if a.text.strip()]
        if actor.name_ar.strip():
            aliases.append(actor.name_ar.strip())
        known = entries.get(actor.name, (actor.inter_code, []))[1]
        entries[actor.name] = (actor.inter_code, known + [a for a in aliases if a not in known])
    return entries


def get_actor_lexicon():
    """The cached lexicon; the built-in one when the actor tables cannot be read (before migrating)."""
    lexicon = _cache["lexicon"]
    if lexicon is not None:
        return lexicon
    with _lock:
        if _cache["lexicon"] is None:
            try:
                _cache["lexicon"] = ActorLexicon(lexicon_entries())
            except DatabaseError:
                return ActorLexicon(ACTORS)
        return _cache["lexicon"]


def invalidate_actor_lexicon(**kwargs):
    _cache["lexicon"] = None


for _model in (Actor, ActorAlias):
    receiver(post_save, sender=_model, dispatch_uid=f"actor-lexicon-save-{_model.__name__}")(invalidate_actor_lexicon)
    receiver(post_delete, sender=_model, dispatch_uid=f"actor-lexicon-delete-{_model.__name__}")(invalidate_actor_lexicon)
