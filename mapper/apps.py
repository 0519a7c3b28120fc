"""App config for the incidents/maps app."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapperConfig(AppConfig):
    name = "mapper"
    verbose_name = _("Incidents and maps")

    def ready(self):
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        from gazetteer import conf

        errors = conf.validate(getattr(settings, "KHARITA", {}))
        if errors:
            raise ImproperlyConfigured("KHARITA settings: " + "; ".join(errors))
