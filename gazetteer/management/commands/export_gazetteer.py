"""manage.py export_gazetteer: write the database gazetteer as an exchange GeoJSON FeatureCollection."""
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from gazetteer.exchange import export_queryset, export_to


class Command(BaseCommand):
    help = "Export places (all, or one --source) with every field and all aliases as GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="only the places of this source (e.g. curated)")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        from tqdm import tqdm

        places = export_queryset(options["source"])
        stream = getattr(self.stderr, "_out", sys.stderr)
        try:
            total = places.count()
            progress = (lambda it: tqdm(it, total=total, desc="export", unit="place", file=stream, disable=None))
            if options["output"]:
                with open(options["output"], "w", encoding="utf-8") as out:
                    count = export_to(out, places, progress)
                self.stderr.write(f"wrote {count} places to {options['output']}")
            else:
                self.stdout.ending = ""  # the collection is written in pieces
                export_to(self.stdout, places, progress)
        except (OSError, DatabaseError) as exc:
            raise CommandError(str(exc)) from exc
