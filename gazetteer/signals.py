"""Invalidate the cached database gazetteer whenever a place or alias changes."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Alias, Place


@receiver([post_save, post_delete], sender=Place)
@receiver([post_save, post_delete], sender=Alias)
def _gazetteer_changed(sender, **kwargs):
    from .store import invalidate

    invalidate()
