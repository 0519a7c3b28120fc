"""`geoparse PATH|-`: print toponyms and incidents as JSON (JSON Lines for a directory)."""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gazetteer.store import get_gazetteer
from mapper.articles import ArticleFileError, article_paths, read_article, read_article_file
from mapper.extraction.pipeline import InputError, geoparse


def parse_date(value):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise CommandError(f"--published must be YYYY-MM-DD, got {value!r}")


class Command(BaseCommand):
    help = "Geoparse an Arabic article (a file, a directory of .txt files, or - for stdin) to JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .txt file, a directory, or - for standard input")
        parser.add_argument("--published", help="publication date YYYY-MM-DD (anchors relative dates)")

    def handle(self, *args, path, published, **options):
        published = parse_date(published)
        gazetteer = get_gazetteer()
        if path == "-":
            self._emit(self._parse(read_article(sys.stdin.buffer.read(), "stdin"), gazetteer, published))
            return
        target = Path(path)
        if not target.exists():
            raise CommandError(f"{path}: no such file or directory")
        if target.is_dir():
            files = article_paths([target])
            for f in tqdm(files, desc="geoparse", unit="article", file=sys.stderr, disable=len(files) < 2):
                result = self._parse(self._read(f), gazetteer, published)
                self._emit({"file": f.name, **result})
        else:
            self._emit(self._parse(self._read(target), gazetteer, published))

    def _read(self, path):
        try:
            return read_article_file(path)
        except ArticleFileError as exc:
            raise CommandError(str(exc))

    def _parse(self, article, gazetteer, published):
        try:
            return geoparse(article.text, gazetteer, published=published or article.published,
                            outlet=article.meta.get("source", ""))
        except InputError as exc:
            raise CommandError(f"{article.name}: {exc}")

    def _emit(self, obj):
        self.stdout.write(json.dumps(obj, ensure_ascii=False))
