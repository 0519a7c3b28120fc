"""Run the geoparser over annotated gold JSONL files and report recognition and resolution scores."""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mapper import evaluation


class Command(BaseCommand):
    help = "Evaluate the geoparser on gold JSONL files (see ../shared/eval-dev/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("--gold", action="append", required=True, metavar="FILE.jsonl",
                            help="gold JSONL file (repeatable)")
        parser.add_argument("--json", action="store_true", help="print the scores as JSON")
        parser.add_argument("--limit", type=int, default=None, metavar="N",
                            help="only the first N documents of each file")
        parser.add_argument("--errors", type=int, default=0, metavar="K",
                            help="list up to K false positives, false negatives and worst resolution errors")

    def handle(self, *args, **options):
        if options["limit"] is not None and options["limit"] < 0:
            raise CommandError("--limit must be >= 0")
        sets = []
        for path in options["gold"]:
            try:
                docs = evaluation.load_gold(path)
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path} is not UTF-8: {exc}") from exc
            except evaluation.GoldFormatError as exc:
                raise CommandError(str(exc)) from exc
            if options["limit"] is not None:
                docs = docs[:options["limit"]]
            name = Path(path).stem
            if any(n == name for n, _ in sets):
                name = f"{name}#{len(sets) + 1}"
            sets.append((name, docs))

        from tqdm import tqdm

        from gazetteer.store import get_gazetteer
        from mapper.extraction.pipeline import geoparse

        gazetteer = get_gazetteer()
        report = {}
        for name, docs in sets:
            preds = []
            for doc in tqdm(docs, desc=name, unit="doc", file=sys.stderr, disable=None):
                try:
                    preds.append(geoparse(doc["text"], gazetteer))
                except Exception as exc:
                    raise CommandError(f"geoparse failed on {name} document {doc['id']}: {exc!r}") from exc
            entry = {"scores": evaluation.score(docs, preds)}
            if options["errors"] > 0:
                entry["errors"] = evaluation.collect_errors(docs, preds, k=options["errors"])
            report[name] = entry

        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for name, entry in report.items():
            self.stdout.write(evaluation.format_text(name, entry["scores"]))
            if "errors" in entry:
                self.stdout.write(evaluation.format_errors(entry["errors"]))
            self.stdout.write("")
        rows = [evaluation.format_markdown(name, entry["scores"], header=i == 0)
                for i, (name, entry) in enumerate(report.items())]
        self.stdout.write("Markdown for docs/evaluation.md:\n" + "\n".join(rows))
