"""manage.py import_gazetteer: upsert places from an exchange GeoJSON file (a dry run unless --commit)."""
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from gazetteer.exchange import import_file

MAX_ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = "Import an exported gazetteer GeoJSON file, upserting on (source, external_id)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a FeatureCollection written by export_gazetteer")
        parser.add_argument("--commit", action="store_true", help="write to the database (default: dry run)")

    def handle(self, *args, **options):
        from tqdm import tqdm

        stream = getattr(self.stderr, "_out", sys.stderr)
        progress = (lambda it: tqdm(it, desc="import", unit="place", file=stream, disable=None))
        try:
            summaries = import_file(options["file"], commit=options["commit"], progress=progress)
        except (OSError, ValueError, DatabaseError) as exc:
            raise CommandError(str(exc)) from exc
        errors = []
        for source, summary in summaries.items():
            self.stdout.write(f"{source}: {summary}")
            errors.extend(summary.errors)
        for error in errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"  {error}")
        if len(errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"  ... and {len(errors) - MAX_ERRORS_SHOWN} more errors")
        if options["commit"]:
            self.stdout.write(self.style.SUCCESS("committed"))
        else:
            self.stdout.write("dry run: nothing written (use --commit to write)")
