"""Database models for articles, their place mentions and incidents."""
from django.conf import settings
from django.db import models

from gazetteer.models import Place

ROLES = [("literal", "literal"), ("metonymic", "metonymic"), ("organization", "organization")]


class Article(models.Model):
    """An ingested news article; `content_hash` makes ingestion idempotent."""

    title = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    published = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Outlet")
    url = models.URLField(max_length=1000, blank=True)
    content_hash = models.CharField(max_length=64, unique=True)
    ingested_at = models.DateTimeField(auto_now_add=True)
    parsed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published", "-id"]

    def __str__(self):
        return self.title or f"Article {self.pk}"


class Toponym(models.Model):
    """A place mention in an article: offsets into the original text and its resolution."""

    article = models.ForeignKey(Article, related_name="toponyms", on_delete=models.CASCADE)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    surface = models.CharField(max_length=300)
    key = models.CharField(max_length=300, blank=True, db_index=True, help_text="Normalised surface form")
    role = models.CharField(max_length=20, choices=ROLES)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL)
    score = models.FloatField(default=0.0)
    ambiguous = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "start"]


class UnresolvedName(Toponym):
    """The curation queue in the admin: toponyms grouped by name that the gazetteer missed or found ambiguous."""

    class Meta:
        proxy = True
        verbose_name = "unresolved or ambiguous name"
        verbose_name_plural = "unresolved and ambiguous names (curation queue)"


class IgnoredName(models.Model):
    """A surface form a curator chose to drop from the queue of unresolved and ambiguous names."""

    key = models.CharField(max_length=300, unique=True)
    surface = models.CharField(max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.surface


class Incident(models.Model):
    """An ACLED-style event found in an article, with its location and evidence."""

    article = models.ForeignKey(Article, null=True, blank=True, related_name="incidents", on_delete=models.CASCADE,
                                help_text="The report it was extracted from; empty for a loaded dataset's record")
    event_type = models.CharField(max_length=60, db_index=True)
    sub_event_type = models.CharField(max_length=80)
    actors = models.JSONField(default=list)
    date = models.DateField(null=True, blank=True, db_index=True)
    time_precision = models.PositiveSmallIntegerField(default=1)
    location_name = models.CharField(max_length=300, blank=True)
    geometry = models.JSONField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    precision = models.PositiveSmallIntegerField(default=3)
    uncertainty_km = models.FloatField(default=0.0)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL)
    evidence_start = models.PositiveIntegerField(default=0)
    evidence_end = models.PositiveIntegerField(default=0)
    evidence_text = models.TextField()
    attributed_to = models.CharField(max_length=200, blank=True)
    certainty = models.FloatField(default=1.0)
    alleged = models.BooleanField(default=False)
    historical = models.BooleanField(default=False)
    fatalities = models.PositiveIntegerField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, related_name="duplicates",
                                    on_delete=models.SET_NULL,
                                    help_text="The incident from another article that reports the same event")
    # Derived for filtering (mapper/incident_fields.py fills them on every save and bulk load).
    outlet = models.CharField(max_length=200, blank=True, db_index=True)
    governorate = models.CharField(max_length=100, blank=True, db_index=True)
    actor_index = models.TextField(blank=True, help_text="|name|name| of every actor, for exact filtering")
    search_text = models.TextField(blank=True, help_text="Normalised text for any-spelling search")
    synthetic = models.BooleanField(default=False, db_index=True,
                                    help_text="Made by a load-test loader (replayed or shifted), not a report")
    external_id = models.CharField(max_length=100, blank=True, db_index=True,
                                   help_text="A loaded dataset's record id, e.g. ucdp:214797 (the loader's natural key)")
    updated_at = models.DateTimeField(auto_now=True, db_index=True,
                                      help_text="Last save: lets every process's map cache see an edit made elsewhere")

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["min_lon", "min_lat", "max_lon", "max_lat"]),
                   models.Index(fields=["merged_into", "date"]),
                   models.Index(fields=["lon", "lat"])]

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            from .incident_fields import fill_derived_fields  # that module imports this one
            fill_derived_fields([self])
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.sub_event_type} @ {self.location_name} ({self.date})"


ACTOR_TYPES = [
    (1, "1 State forces"),
    (2, "2 Rebel groups"),
    (3, "3 Political militias"),
    (4, "4 Identity militias"),
    (5, "5 Rioters"),
    (6, "6 Protesters"),
    (7, "7 Civilians"),
    (8, "8 External / other forces"),
]


class Actor(models.Model):
    """A canonical actor with its ACLED interaction code; curators extend the built-in dictionary here."""

    name = models.CharField(max_length=200, unique=True, help_text="Canonical (English) actor name")
    name_ar = models.CharField(max_length=200, blank=True)
    inter_code = models.PositiveSmallIntegerField(choices=ACTOR_TYPES)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ActorAlias(models.Model):
    """An Arabic phrase that names an actor in reporting (داعش، تنظيم الدولة …)."""

    actor = models.ForeignKey(Actor, related_name="aliases", on_delete=models.CASCADE)
    text = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "text"], name="actoralias_actor_text")]
        verbose_name_plural = "actor aliases"

    def __str__(self):
        return self.text
