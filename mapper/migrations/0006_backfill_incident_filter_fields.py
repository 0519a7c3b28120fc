"""Fill the derived filter columns of incidents stored before they existed."""
from django.db import migrations

from mapper.incident_fields import actor_index, search_key


def backfill(apps, schema_editor):
    Incident = apps.get_model("mapper", "Incident")
    for incident in Incident.objects.select_related("article", "place").iterator():
        place = incident.place
        incident.outlet = (incident.article.source if incident.article_id else "")[:200]
        if place is not None:
            incident.governorate = (place.name_en if place.feature_type == "governorate" else place.governorate)[:100]
        incident.actor_index = actor_index(incident.actors)
        names = " ".join(a.get("name", "") for a in incident.actors if isinstance(a, dict)) \
            if isinstance(incident.actors, list) else ""
        parts = [incident.location_name, incident.evidence_text, incident.event_type, incident.sub_event_type,
                 incident.outlet, incident.attributed_to, names]
        if place is not None:
            parts += [place.name_ar, place.name_en, place.governorate]
        incident.search_text = search_key(" ".join(p for p in parts if p))
        incident.save(update_fields=["outlet", "governorate", "actor_index", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("mapper", "0005_incident_filter_fields"), ("gazetteer", "0003_geonames_natural_key")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
