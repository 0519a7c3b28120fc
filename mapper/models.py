"""Database models for articles, their place mentions and incidents."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gazetteer.models import Place

ROLES = [("literal", _("Literal place")),
         ("metonymic", _("Metonymy (the place standing for its government or people)")),
         ("organization", _("Part of the name of a body or organisation"))]


class Article(models.Model):
    """An ingested news article; `content_hash` makes ingestion idempotent."""

    title = models.CharField(_("Title"), max_length=500, blank=True)
    text = models.TextField(_("Text"))
    published = models.DateField(_("Published"), null=True, blank=True)
    source = models.CharField(_("Source"), max_length=200, blank=True, help_text=_("Outlet"))
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    content_hash = models.CharField(_("Content hash"), max_length=64, unique=True)
    ingested_at = models.DateTimeField(_("Ingested"), auto_now_add=True)
    parsed_at = models.DateTimeField(_("Parsed"), null=True, blank=True)

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title or f"Article {self.pk}"


class Toponym(models.Model):
    """A place mention in an article: offsets into the original text and its resolution."""

    article = models.ForeignKey(Article, related_name="toponyms", on_delete=models.CASCADE, verbose_name=_("Article"))
    start = models.PositiveIntegerField(_("Start offset"))
    end = models.PositiveIntegerField(_("End offset"))
    surface = models.CharField(_("Name as written"), max_length=300)
    key = models.CharField(_("Matching key"), max_length=300, blank=True, db_index=True,
                           help_text=_("Normalised surface form"))
    role = models.CharField(_("Role"), max_length=20, choices=ROLES)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("Place"))
    score = models.FloatField(_("Score"), default=0.0)
    ambiguous = models.BooleanField(pgettext_lazy("place mention", "Ambiguous"), default=False)

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("place mention")
        verbose_name_plural = _("place mentions")

    def __str__(self):
        return self.surface


class UnresolvedName(Toponym):
    """The curation queue in the admin: toponyms grouped by name that the gazetteer missed or found ambiguous."""

    class Meta:
        proxy = True
        verbose_name = _("unresolved or ambiguous name")
        verbose_name_plural = _("unresolved and ambiguous names (curation queue)")


class IgnoredName(models.Model):
    """A surface form a curator chose to drop from the queue of unresolved and ambiguous names."""

    key = models.CharField(_("Matching key"), max_length=300, unique=True)
    surface = models.CharField(_("Name as written"), max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             verbose_name=_("User"))
    created_at = models.DateTimeField(_("Time"), auto_now_add=True)

    class Meta:
        verbose_name = _("ignored name")
        verbose_name_plural = _("ignored names")

    def __str__(self):
        return self.surface


class Incident(models.Model):
    """An ACLED-style event found in an article, with its location and evidence."""

    article = models.ForeignKey(Article, null=True, blank=True, related_name="incidents", on_delete=models.CASCADE,
                                verbose_name=_("Article"),
                                help_text=_("The report it was extracted from; empty for a loaded dataset's record"))
    event_type = models.CharField(_("Event type"), max_length=60, db_index=True)
    sub_event_type = models.CharField(_("Sub-event type"), max_length=80)
    actors = models.JSONField(_("Actors"), default=list)
    date = models.DateField(_("Date"), null=True, blank=True, db_index=True)
    time_precision = models.PositiveSmallIntegerField(_("Date precision"), default=1)
    location_name = models.CharField(_("Location name"), max_length=300, blank=True)
    geometry = models.JSONField(_("Geometry"), null=True, blank=True)
    lat = models.FloatField(_("Latitude"), null=True, blank=True)
    lon = models.FloatField(_("Longitude"), null=True, blank=True)
    min_lon = models.FloatField(_("West edge (smallest longitude)"), null=True, blank=True)
    min_lat = models.FloatField(_("South edge (smallest latitude)"), null=True, blank=True)
    max_lon = models.FloatField(_("East edge (largest longitude)"), null=True, blank=True)
    max_lat = models.FloatField(_("North edge (largest latitude)"), null=True, blank=True)
    precision = models.PositiveSmallIntegerField(_("Location precision"), default=3)
    uncertainty_km = models.FloatField(_("Uncertainty (km)"), default=0.0)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("Place"))
    evidence_start = models.PositiveIntegerField(_("Evidence start offset"), default=0)
    evidence_end = models.PositiveIntegerField(_("Evidence end offset"), default=0)
    evidence_text = models.TextField(_("Evidence"))
    attributed_to = models.CharField(_("Attributed to"), max_length=200, blank=True)
    certainty = models.FloatField(_("Certainty"), default=1.0)
    alleged = models.BooleanField(_("Alleged"), default=False)
    historical = models.BooleanField(_("Historical (an earlier event)"), default=False)
    fatalities = models.PositiveIntegerField(_("Fatalities"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, related_name="duplicates",
                                    on_delete=models.SET_NULL, verbose_name=_("Merged into"),
                                    help_text=_("The incident from another article that reports the same event"))
    # Derived for filtering (mapper/incident_fields.py fills them on every save and bulk load).
    outlet = models.CharField(_("Outlet"), max_length=200, blank=True, db_index=True)
    governorate = models.CharField(_("Governorate"), max_length=100, blank=True, db_index=True)
    actor_index = models.TextField(_("Actor index"), blank=True,
                                   help_text=_("|name|name| of every actor, for exact filtering"))
    search_text = models.TextField(_("Search text"), blank=True, help_text=_("Normalised text for any-spelling search"))
    synthetic = models.BooleanField(_("Synthetic"), default=False, db_index=True,
                                    help_text=_("Made by a load-test loader (replayed or shifted), not a report"))
    external_id = models.CharField(
        _("Id in the source"), max_length=100, blank=True, db_index=True,
        help_text=_("A loaded dataset's record id, e.g. ucdp:214797 (the loader's natural key)"))
    updated_at = models.DateTimeField(
        _("Last updated"), auto_now=True, db_index=True,
        help_text=_("Last save: lets every process's map cache see an edit made elsewhere"))

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
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
    (1, _("1 State forces")),
    (2, _("2 Rebel groups")),
    (3, _("3 Political militias")),
    (4, _("4 Identity militias")),
    (5, _("5 Rioters")),
    (6, _("6 Protesters")),
    (7, _("7 Civilians")),
    (8, _("8 External / other forces")),
]


class Actor(models.Model):
    """A canonical actor with its ACLED interaction code; curators extend the built-in dictionary here."""

    name = models.CharField(_("Name"), max_length=200, unique=True, help_text=_("Canonical (English) actor name"))
    name_ar = models.CharField(_("Arabic name"), max_length=200, blank=True)
    inter_code = models.PositiveSmallIntegerField(_("Actor type (ACLED code)"), choices=ACTOR_TYPES)
    notes = models.TextField(_("Notes"), blank=True)
    updated_at = models.DateTimeField(_("Last updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name


class ActorAlias(models.Model):
    """An Arabic phrase that names an actor in reporting (داعش، تنظيم الدولة …)."""

    actor = models.ForeignKey(Actor, related_name="aliases", on_delete=models.CASCADE, verbose_name=_("Actor"))
    text = models.CharField(_("Phrase"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "text"], name="actoralias_actor_text")]
        verbose_name = _("actor alias")
        verbose_name_plural = _("actor aliases")

    def __str__(self):
        return self.text
