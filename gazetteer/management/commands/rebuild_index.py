"""manage.py rebuild_index: recompute alias keys under the current rules (a dry run unless --commit) and
time a fresh build of the gazetteer index."""
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError


class Command(BaseCommand):
    help = ("Recompute every alias key with the current normaliser and record the rules version (a dry run "
            "unless --commit), then build the gazetteer index and report its size and build time.")

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="write the keys and the version (default: dry run)")

    def handle(self, *args, **options):
        from gazetteer import store
        from gazetteer.core.variants import INDEX_RULES_VERSION

        stream = getattr(self.stderr, "_out", sys.stderr)
        try:
            from tqdm import tqdm
        except ImportError:  # progress is optional
            tqdm = None
        progress = (lambda rows: tqdm(rows, desc="alias keys", file=stream, unit="alias", disable=None)
                    ) if tqdm else None
        try:
            stored = store.stored_rules_version()
            if options["commit"]:
                changed, total = store.update_rules_version(progress=progress)
            else:
                changed, total = store.recompute_alias_keys(commit=False, progress=progress)
            store.invalidate()
            started = time.perf_counter()
            index = store.build_from_database()
            index.automaton  # noqa: B018 - built lazily; the build time includes it
            seconds = time.perf_counter() - started
        except DatabaseError as exc:
            raise CommandError(f"database error: {exc}") from exc
        self.stdout.write(f"rules version: stored {stored or 'none'}, code {INDEX_RULES_VERSION}")
        verb = "changed" if options["commit"] else "would change"
        self.stdout.write(f"alias keys: {changed} of {total} {verb}")
        self.stdout.write(f"index built in {seconds:.2f} s: {len(index)} places, {index.alias_count} aliases, "
                          f"{index.key_count} keys")
        if options["commit"]:
            self.stdout.write(self.style.SUCCESS("committed"))
        else:
            self.stdout.write("dry run: nothing written (use --commit to write)")
