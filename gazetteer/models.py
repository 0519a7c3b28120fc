"""Database models for places and their aliases."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FEATURE_TYPES = [
    ("country", _("Country")),
    ("governorate", _("Governorate / province")),
    ("district", _("District")),
    ("subdistrict", _("Sub-district")),
    ("city", _("City")),
    ("town", _("Town")),
    ("village", _("Village")),
    ("neighbourhood", _("Neighbourhood")),
    ("region", _("Region")),
    ("zone", _("Zone")),
    ("base", _("Military base")),
    ("airport", _("Airport / air base")),
    ("facility", _("Facility")),
    ("station", _("Station")),
    ("camp", _("Camp")),
    ("crossing", _("Border crossing")),
    ("road", _("Road")),
    ("border", _("Border")),
    ("river", _("River")),
    ("mountain", _("Mountain")),
    ("other", _("Other")),
]


class Place(models.Model):
    """A place with Arabic and English names and a GeoJSON geometry."""

    name_ar = models.CharField(_("Arabic name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    feature_type = models.CharField(_("Kind of place"), max_length=20, choices=FEATURE_TYPES, default="other")
    geometry = models.JSONField(_("Geometry"), help_text=_("GeoJSON geometry (Point, LineString, Polygon, Multi*)"))
    min_lon = models.FloatField(_("West edge (smallest longitude)"))
    min_lat = models.FloatField(_("South edge (smallest latitude)"))
    max_lon = models.FloatField(_("East edge (largest longitude)"))
    max_lat = models.FloatField(_("North edge (largest latitude)"))
    lat = models.FloatField(_("Latitude"), help_text=_("Representative point latitude"))
    lon = models.FloatField(_("Longitude"), help_text=_("Representative point longitude"))
    country = models.CharField(_("Country"), max_length=2, blank=True, db_index=True)
    governorate = models.CharField(_("Governorate"), max_length=100, blank=True)
    district = models.CharField(pgettext_lazy("admin unit", "District"), max_length=100, blank=True)
    subdistrict = models.CharField(pgettext_lazy("admin unit", "Sub-district"), max_length=100, blank=True)
    pcode = models.CharField(_("P-code"), max_length=20, blank=True, db_index=True,
                             help_text=_("The place's own P-code when it is an admin unit (e.g. SY0405)"))
    population = models.PositiveIntegerField(_("Population"), default=0)
    source = models.CharField(_("Source"), max_length=40, default="curated")
    external_id = models.CharField(_("Id in the source"), max_length=100)
    uncertainty_km = models.FloatField(_("Uncertainty (km)"), default=0.0)
    notes = models.TextField(_("Notes"), blank=True)
    updated_at = models.DateTimeField(_("Last updated"), auto_now=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="place_source_external_id")
        ]
        indexes = [models.Index(fields=["min_lon", "min_lat", "max_lon", "max_lat"])]

    def __str__(self):
        return f"{self.name_ar} / {self.name_en} ({self.get_feature_type_display()})"


class Alias(models.Model):
    """One name a place is known by; `key` is its normalised matching form."""

    KINDS = [
        ("name", _("Primary name")),
        ("alias", _("Alias")),
        ("variant", _("Spelling variant")),
        ("abbreviation", _("Abbreviation")),
        ("transliteration", _("Transliteration")),
    ]
    place = models.ForeignKey(Place, related_name="aliases", on_delete=models.CASCADE, verbose_name=_("Place"))
    text = models.CharField(_("Name"), max_length=200)
    key = models.CharField(_("Matching key"), max_length=200, db_index=True, editable=False)
    language = models.CharField(_("Language"), max_length=8, default="ar")
    kind = models.CharField(_("Kind of name"), max_length=20, choices=KINDS, default="alias")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "text"], name="alias_place_text")]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def save(self, *args, **kwargs):
        from .core.normalize import normalize_key

        self.key = normalize_key(self.text)
        super().save(*args, **kwargs)

    def __str__(self):
        return self.text


class PlaceChange(models.Model):
    """One entry of the curation history: who changed which place, when, and what."""

    ACTIONS = [
        ("add", _("Added")),
        ("change", _("Changed")),
        ("delete", _("Deleted")),
        ("merge", _("Merged")),
        ("alias", _("Alias added")),
        ("import", _("Imported")),
    ]
    place = models.ForeignKey(Place, null=True, blank=True, related_name="changes", on_delete=models.SET_NULL,
                              verbose_name=_("Place"))
    place_label = models.CharField(_("Place as named then"), max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             verbose_name=_("User"))
    action = models.CharField(_("Action"), max_length=10, choices=ACTIONS)
    changes = models.JSONField(_("Changes"), default=dict, blank=True, help_text=_("field -> [old, new]"))
    created_at = models.DateTimeField(_("Time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("place history")

    def __str__(self):
        return f"{self.get_action_display()} {self.place_label}"


class GazetteerState(models.Model):
    """Named values stored with the gazetteer, such as the normaliser version its alias keys were built with."""

    name = models.CharField(_("Name"), max_length=50, primary_key=True)
    value = models.CharField(_("Value"), max_length=200)

    class Meta:
        verbose_name = _("gazetteer setting")
        verbose_name_plural = _("gazetteer settings")

    def __str__(self):
        return f"{self.name}={self.value}"
