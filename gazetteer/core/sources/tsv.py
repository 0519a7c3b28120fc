"""Reading tab-separated files with a header row, checking the columns a reader needs."""
import csv

from .base import SourceError
from .geonames_dump import open_text


def read_tsv_rows(path, required, header=None):
    """Dict rows of a tab-separated file; SourceError when the file lacks a required column."""
    with open_text(path) as fh:
        reader = csv.DictReader(fh, fieldnames=header, delimiter="\t", quoting=csv.QUOTE_NONE)
        fields = reader.fieldnames or []
        missing = [c for c in required if c not in fields]
        if missing:
            raise SourceError(f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(fields) or 'none'})")
        for row in reader:
            yield row
