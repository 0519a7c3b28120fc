"""Database models for places and their aliases."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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

    name_ar = models.CharField(max_length=200, db_index=True)
    name_en = models.CharField(max_length=200, blank=True)
    feature_type = models.CharField(max_length=20, choices=FEATURE_TYPES, default="other")
    geometry = models.JSONField(help_text="GeoJSON geometry (Point, LineString, Polygon, Multi*)")
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    lat = models.FloatField(help_text="Representative point latitude")
    lon = models.FloatField(help_text="Representative point longitude")
    country = models.CharField(max_length=2, blank=True, db_index=True)
    governorate = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    subdistrict = models.CharField(max_length=100, blank=True)
    pcode = models.CharField(max_length=20, blank=True, db_index=True,
                             help_text="The place's own P-code when it is an admin unit (e.g. SY0405)")
    population = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=40, default="curated")
    external_id = models.CharField(max_length=100)
    uncertainty_km = models.FloatField(default=0.0)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="place_source_external_id")
        ]
        indexes = [models.Index(fields=["min_lon", "min_lat", "max_lon", "max_lat"])]

    def __str__(self):
        return f"{self.name_ar} / {self.name_en} ({self.feature_type})"


class Alias(models.Model):
    """One name a place is known by; `key` is its normalised matching form."""

    KINDS = [
        ("name", _("Primary name")),
        ("alias", _("Alias")),
        ("variant", _("Spelling variant")),
        ("abbreviation", _("Abbreviation")),
        ("transliteration", _("Transliteration")),
    ]
    place = models.ForeignKey(Place, related_name="aliases", on_delete=models.CASCADE)
    text = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True, editable=False)
    language = models.CharField(max_length=8, default="ar")
    kind = models.CharField(max_length=20, choices=KINDS, default="alias")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "text"], name="alias_place_text")]
        verbose_name_plural = "aliases"

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
    place = models.ForeignKey(Place, null=True, blank=True, related_name="changes", on_delete=models.SET_NULL)
    place_label = models.CharField(max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=10, choices=ACTIONS)
    changes = models.JSONField(default=dict, blank=True, help_text="field -> [old, new]")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.place_label}"


class GazetteerState(models.Model):
    """Named values stored with the gazetteer, such as the normaliser version its alias keys were built with."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.CharField(max_length=200)

    def __str__(self):
        return f"{self.name}={self.value}"
