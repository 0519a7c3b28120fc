"""`ingest PATH...`: store articles and their incidents, idempotent by content hash."""
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from mapper.articles import ArticleFileError, article_paths, read_article_file
from mapper.extraction.pipeline import InputError
from mapper.ingest import ingest_text
from mapper.management.commands.geoparse import parse_date


class Command(BaseCommand):
    help = "Ingest article files (or directories of .txt files): parse, store, report."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--published", help="publication date YYYY-MM-DD for files without one")
        parser.add_argument("--source", default="", help="outlet, for files without one")
        parser.add_argument("--url", default="", help="article URL, for files without one")

    def handle(self, *args, paths, published, source, url, **options):
        published = parse_date(published)
        files = article_paths(paths)
        if not files:
            raise CommandError("no article files found")
        created = skipped = failed = incidents = 0
        for path in tqdm(files, desc="ingest", unit="article", file=sys.stderr, disable=len(files) < 2):
            try:
                art = read_article_file(path)
                article, new = ingest_text(art.text, published=art.published or published,
                                           source=art.meta.get("source", source), url=art.meta.get("url", url),
                                           title=art.meta.get("title", ""))
            except (ArticleFileError, InputError) as exc:
                failed += 1
                self.stderr.write(f"skipped {path}: {exc}")
                continue
            if new:
                created += 1
                incidents += article.incidents.count()
                self.stdout.write(f"ingested {path} → article {article.pk}, "
                                  f"{article.incidents.count()} incidents, {article.toponyms.count()} toponyms")
            else:
                skipped += 1
                self.stdout.write(f"unchanged {path} (already article {article.pk})")
        self.stdout.write(f"{created} ingested ({incidents} incidents), {skipped} already present, {failed} failed")
        if failed and not created and not skipped:
            raise CommandError("no article could be ingested")
