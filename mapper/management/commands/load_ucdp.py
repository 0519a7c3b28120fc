"""`load_ucdp --count N`: load UCDP GED Syria events as synthetic load-test incidents (dry run by default)."""
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from mapper import ucdp


class Command(BaseCommand):
    help = ("Load N incidents from the UCDP GED Syria CSV for load tests and benchmarks. Every loaded incident is "
            "labelled synthetic (it is test data, not one of our reports): the file's events first, then replays "
            "with dates shifted past the previous copy (external ids ucdp:<id> and ucdp:<id>:r<k>). Idempotent on "
            "the external id. Dry run unless --commit.")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, metavar="N", help="number of incidents to have loaded")
        parser.add_argument("--path", help=f"UCDP GED CSV (default: {ucdp.DEFAULT_PATH} from the project root)")
        parser.add_argument("--commit", action="store_true", help="write to the database (default: dry run)")
        parser.add_argument("--delete", action="store_true",
                            help="remove the synthetic incidents loaded before (then load --count, if given)")

    def handle(self, *args, count, path, commit, delete, **options):
        if count is None and not delete:
            raise CommandError("give --count N (and --commit to write), or --delete")
        if count is not None and count < 0:
            raise CommandError("--count must be >= 0")
        mode = "" if commit else " (dry run: nothing written; add --commit)"
        if delete:
            removed = ucdp.delete_loaded(commit=commit)
            self.stdout.write(f"{'deleted' if commit else 'would delete'} {removed} synthetic UCDP incidents{mode}")
        if count is None:
            return
        with tqdm(total=count, desc="load_ucdp", unit="incident", file=sys.stderr, disable=None) as bar:
            try:
                result = ucdp.load(path or ucdp.default_path(), count, commit=commit, progress=bar.update)
            except ucdp.UcdpFormatError as exc:
                raise CommandError(str(exc)) from exc
        verb = "created" if commit else "would create"
        self.stdout.write(f"{result.events} UCDP events, {result.replays} replay(s): {verb} {result.created} "
                          f"synthetic incidents, {result.existing} already loaded{mode}")
