"""manage.py assign_hierarchy: fill places' country/governorate/district/sub-district from admin polygons."""
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError


class Command(BaseCommand):
    help = ("Assign every place its country, governorate, district and sub-district by point-in-polygon against "
            "the loaded admin polygons (a dry run unless --commit).")

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="write the changes (default: dry run)")

    def handle(self, *args, **options):
        from tqdm import tqdm

        from gazetteer.hierarchy import update_hierarchy

        stream = getattr(self.stderr, "_out", sys.stderr)
        progress = lambda rows: tqdm(rows, desc="places", file=stream, unit="place", disable=None)  # noqa: E731
        try:
            summary = update_hierarchy(progress=progress, commit=options["commit"])
        except (DatabaseError, ValueError) as exc:
            raise CommandError(f"assign_hierarchy: {exc}") from exc
        for problem in summary.skipped:
            self.stderr.write(f"  skipped polygon {problem}")
        if not summary.areas:
            self.stdout.write("no admin polygons loaded (country/governorate/district/subdistrict places with a "
                              "Polygon geometry): nothing to assign")
            return
        self.stdout.write(str(summary))
        if options["commit"]:
            self.stdout.write(self.style.SUCCESS("committed"))
        else:
            self.stdout.write("dry run: nothing written (use --commit to write)")
