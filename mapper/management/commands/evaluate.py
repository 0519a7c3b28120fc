"""Run the geoparser over annotated gold JSONL files and report recognition, resolution and incident scores;
`--seed` checks the seed article item by item."""
import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mapper import evaluation, evaluation_report, incident_scoring


class Command(BaseCommand):
    help = ("Evaluate the geoparser on gold JSONL files (see ../shared/eval-dev/README.md and eval/news/README.md), "
            "or check the seed article with --seed.")

    def add_arguments(self, parser):
        parser.add_argument("--gold", action="append", default=[], metavar="FILE.jsonl",
                            help="gold JSONL file (repeatable); records with 'incidents' are scored for incidents too")
        parser.add_argument("--json", action="store_true", help="print the scores as JSON")
        parser.add_argument("--limit", type=int, default=None, metavar="N",
                            help="only the first N documents of each file")
        parser.add_argument("--errors", type=int, default=0, metavar="K",
                            help="list up to K false positives, false negatives and worst resolution errors, "
                                 "and up to K missed and false incidents")
        parser.add_argument("--seed", metavar="FILE", help="check the seed article against its expectations")
        parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of the --seed article")

    def handle(self, *args, **options):
        if not options["gold"] and not options["seed"]:
            raise CommandError("give --gold FILE.jsonl (repeatable) or --seed FILE")
        if options["published"] and not options["seed"]:
            raise CommandError("--published goes with --seed")
        if options["seed"] and options["gold"] and options["json"]:
            raise CommandError("--json prints one report: run --seed and --gold separately")
        if options["seed"]:
            self.seed(options["seed"], options["published"], options["json"])
        if options["gold"]:
            self.gold(options)

    def seed(self, path, published, as_json):
        from gazetteer.store import get_gazetteer
        from mapper.extraction.pipeline import InputError
        from mapper.seed_report import format_report, seed_report

        try:
            published = dt.date.fromisoformat(published) if published else None
        except ValueError as exc:
            raise CommandError(f"--published must be YYYY-MM-DD: {exc}") from exc
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8: {exc}") from exc
        try:
            checks = seed_report(text, get_gazetteer(), published=published)
        except InputError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if as_json:
            self.stdout.write(json.dumps([dataclasses.asdict(c) for c in checks], ensure_ascii=False, indent=2))
            return
        self.stdout.write(format_report(checks))
        self.stdout.write("")

    def gold(self, options):
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
            try:
                incident_scoring.check_incidents(docs)
            except incident_scoring.IncidentFormatError as exc:
                raise CommandError(f"{path}: {exc}") from exc
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
                    preds.append(geoparse(doc["text"], gazetteer, published=doc.get("published") or None,
                                          outlet=doc.get("outlet") or ""))
                except Exception as exc:
                    raise CommandError(f"geoparse failed on {name} document {doc['id']}: {exc!r}") from exc
            entry = {"scores": evaluation.score(docs, preds)}
            if options["errors"] > 0:
                entry["errors"] = evaluation.collect_errors(docs, preds, k=options["errors"])
            if incident_scoring.has_incidents(docs):
                entry["incidents"] = incident_scoring.score_incidents(docs, preds)
                if options["errors"] > 0:
                    entry["incident_errors"] = incident_scoring.collect_incident_errors(docs, preds, k=options["errors"])
            report[name] = entry

        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for name, entry in report.items():
            self.stdout.write(evaluation_report.format_text(name, entry["scores"]))
            if "errors" in entry:
                self.stdout.write(evaluation_report.format_errors(entry["errors"]))
            if "incidents" in entry:
                self.stdout.write(evaluation_report.format_incident_text(name, entry["incidents"]))
            if "incident_errors" in entry:
                self.stdout.write(evaluation_report.format_incident_errors(entry["incident_errors"]))
            self.stdout.write("")
        rows = [evaluation_report.format_markdown(name, entry["scores"], header=i == 0)
                for i, (name, entry) in enumerate(report.items())]
        self.stdout.write("Markdown for docs/evaluation.md:\n" + "\n".join(rows))
        incident_rows = [evaluation_report.format_incident_markdown(name, entry["incidents"], header=i == 0)
                         for i, (name, entry) in enumerate((n, e) for n, e in report.items() if "incidents" in e)]
        if incident_rows:
            self.stdout.write("\nIncidents (same event type within 25 km):\n" + "\n".join(incident_rows))
