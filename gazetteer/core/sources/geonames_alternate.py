"""GeoNames alternateNamesV2.txt, streamed and filtered to one language and the geonameids asked for."""
import csv

from ..model import AliasRecord
from .base import SourceError, alias_patch, arabic_names
from .geonames_dump import SOURCE, open_text

COLUMNS = ("alternateNameId", "geonameid", "isolanguage", "alternate_name", "isPreferredName", "isShortName",
           "isColloquial", "isHistoric", "from", "to")


def read_alternate_names(path, geonameids=None, language="ar"):
    """{geonameid: [names]} of `language`, preferred names first; only `geonameids` when given. The file is
    read line by line, so the 700 MB worldwide file is fine."""
    wanted = set(map(str, geonameids)) if geonameids is not None else None
    found = {}
    with open_text(path) as fh:
        for number, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if not row:
                continue
            if len(row) < 4 or not row[1].strip().isdigit():
                raise SourceError(f"{path}: line {number} is not an alternateNames row "
                                  f"(alternateNameId, geonameid, isolanguage, alternate name, ...)")
            if row[2] != language or (wanted is not None and row[1] not in wanted):
                continue
            if len(row) > 7 and row[7] == "1":  # historic names are not how places are reported today
                continue
            names = found.setdefault(row[1], [])
            if len(row) > 4 and row[4] == "1":  # the preferred name first
                names.insert(0, row[3])
            else:
                names.append(row[3])
    return found


def alternate_name_patches(names_by_id):
    """Alias-only records for places keyed source=geonames, external_id=geonameid."""
    for gid, names in names_by_id.items():
        arabic = arabic_names(names)
        if arabic:
            yield alias_patch(SOURCE, gid, [AliasRecord(n, "ar", "variant") for n in arabic])
