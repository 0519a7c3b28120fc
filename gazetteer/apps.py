"""App config for the gazetteer."""
from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    name = "gazetteer"
    verbose_name = "Gazetteer"

    def ready(self):
        from . import signals  # noqa: F401  (cache invalidation on edits)
