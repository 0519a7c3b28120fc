"""Downloads of exactly the filtered incidents: GeoJSON, ACLED-compatible CSV and GeoPackage."""
import csv
import json
import os
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from gazetteer.core.geometry import GeometryError, parse_geojson
from gazetteer.models import Place

from .actor_store import get_actor_lexicon
from .api import api_view, article_path, event_reports, feature_geometry, feature_rows, incident_feature
from .filters import filtered_queryset

CHUNK = 1000
EXPORT_COLUMNS = ("place__country", "place__district", "place__subdistrict", "article__ingested_at")
# ISO 3166 alpha-2 → (numeric code, alpha-3, ACLED country name, ACLED region) for the countries we map.
COUNTRIES = {
    "SY": (760, "SYR", "Syria", "Middle East"),
    "IQ": (368, "IRQ", "Iraq", "Middle East"),
    "TR": (792, "TUR", "Turkey", "Middle East"),
    "LB": (422, "LBN", "Lebanon", "Middle East"),
    "JO": (400, "JOR", "Jordan", "Middle East"),
    "IL": (376, "ISR", "Israel", "Middle East"),
    "PS": (275, "PSE", "Palestine", "Middle East"),
    "IR": (364, "IRN", "Iran", "Middle East"),
    "SA": (682, "SAU", "Saudi Arabia", "Middle East"),
    "YE": (887, "YEM", "Yemen", "Middle East"),
    "EG": (818, "EGY", "Egypt", "Northern Africa"),
}
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
SIDE_ONE = ("attacker", "actor1", "actor", "")
SIDE_TWO = ("target", "actor2")
CIVILIANS = 7
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
KHARITA_COLUMNS = ("kharita_id", "certainty", "alleged", "historical", "synthetic", "article_url", "geometry_wkt")
COLUMNS = ACLED_COLUMNS + KHARITA_COLUMNS
INTEGER_COLUMNS = ("year", "inter1", "inter2", "iso", "timestamp")


def export_filename(ext):
    return f"kharita-incidents-{timezone.now():%Y%m%d}.{ext}"


def export_chunks(params):
    """(rows, reports) of the filtered incidents in API order, CHUNK rows at a time (validated up front)."""
    rows = feature_rows(filtered_queryset(params), EXPORT_COLUMNS)

    def chunks():
        chunk = []
        for row in rows.iterator(chunk_size=CHUNK):
            chunk.append(row)
            if len(chunk) == CHUNK:
                yield chunk, event_reports(chunk)
                chunk = []
        if chunk:
            yield chunk, event_reports(chunk)
    return chunks()


def actor_sides(actors):
    """(actor1, assoc_actor_1, actor2, assoc_actor_2) by role: the first attacker/actor, the first target."""
    one, two, assoc = [], [], []
    for actor in actors if isinstance(actors, list) else []:
        name = actor.get("name") if isinstance(actor, dict) else actor
        role = str(actor.get("role", "")) if isinstance(actor, dict) else ""
        if not isinstance(name, str) or not name.strip():
            continue
        name = name.strip()
        bucket = two if role in SIDE_TWO else one if role in SIDE_ONE else assoc
        if name not in bucket:
            bucket.append(name)
    actor1, rest1 = (one[0], one[1:]) if one else ("", [])
    actor2, rest2 = (two[0], two[1:]) if two else ("", [])
    return actor1, "; ".join(rest1 + [a for a in assoc if a not in rest1 and a != actor1]), actor2, "; ".join(rest2)


def interaction(inter1, inter2):
    """ACLED's two-digit interaction code: the lower actor type first; a sole actor gets a trailing 0."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"


def geometry_wkt(row):
    """WKT of a line or polygon geometry; '' for points (their coordinates are latitude/longitude)."""
    geometry = feature_geometry(row)
    if not geometry or geometry.get("type") in ("Point", "MultiPoint"):
        return ""
    try:
        return parse_geojson(geometry).wkt
    except (GeometryError, TypeError, ValueError):
        return ""


class RowBuilder:
    """Builds ACLED-style rows; caches the actor codes and governorate countries it looks up."""

    def __init__(self, request):
        self.request = request
        self.lexicon = get_actor_lexicon()
        self.governorate_country = {}
        for name_en, name_ar, country in Place.objects.filter(feature_type="governorate").exclude(
                country="").values_list("name_en", "name_ar", "country"):
            for name in (name_en, name_ar):
                if name:
                    self.governorate_country.setdefault(name, country)

    def country_of(self, row):
        return row["place__country"] or self.governorate_country.get(row["governorate"], "")

    @staticmethod
    def outlets(reports):
        names = []
        for report in reports:
            outlet = report["article__source"] if report["article_id"] else report["outlet"]
            if outlet and outlet not in names:
                names.append(outlet)
        return "; ".join(names)

    def row(self, row, reports):
        """One ACLED-compatible row (a dict over COLUMNS) for an incident row and its event's reports."""
        actor1, assoc1, actor2, assoc2 = actor_sides(row["actors"])
        inter1 = self.lexicon.code_of(actor1) if actor1 else None
        inter2 = self.lexicon.code_of(actor2) if actor2 else None
        numeric, iso3, country, region = COUNTRIES.get(self.country_of(row), ("", "", self.country_of(row), ""))
        date, article_id, ingested = row["date"], row["article_id"], row["article__ingested_at"]
        civilian = row["event_type"] == "Violence against civilians" or inter2 == CIVILIANS
        flags = [name for name in ("alleged", "historical") if row[name]]
        return {
            "event_id_cnty": f"{iso3 or 'KHARITA'}{row['id']}",
            "event_date": date.isoformat() if date else "", "year": date.year if date else "",
            "time_precision": row["time_precision"],
            "disorder_type": DISORDER_TYPES.get(row["event_type"], ""),
            "event_type": row["event_type"], "sub_event_type": row["sub_event_type"],
            "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1 or "",
            "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2 or "",
            "interaction": interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if civilian else "",
            "iso": numeric, "region": region, "country": country, "admin1": row["governorate"],
            "admin2": row["place__district"] or "", "admin3": row["place__subdistrict"] or "",
            "location": row["location_name"],
            "latitude": row["lat"] if row["lat"] is not None else "",
            "longitude": row["lon"] if row["lon"] is not None else "",
            "geo_precision": row["precision"],
            "source": self.outlets(reports.get(row["merged_into_id"] or row["id"], [])), "source_scale": "",
            "notes": row["evidence_text"],
            "fatalities": row["fatalities"] if row["fatalities"] is not None else 0,
            "tags": "; ".join(flags),
            "timestamp": int(ingested.timestamp()) if ingested else "",
            "kharita_id": row["id"], "certainty": row["certainty"], "alleged": row["alleged"],
            "historical": row["historical"], "synthetic": row["synthetic"],
            "article_url": self.request.build_absolute_uri(article_path(article_id)) if article_id else "",
            "geometry_wkt": geometry_wkt(row),
        }


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def attachment(response, ext):
    response["Content-Disposition"] = f'attachment; filename="{export_filename(ext)}"'
    return response


@api_view
def export_csv(request):
    """GET /api/export/incidents.csv?<filters> → every filtered incident as an ACLED-compatible CSV row."""
    chunks = export_chunks(request.GET)
    builder = RowBuilder(request)
    writer = csv.DictWriter(_Echo(), fieldnames=COLUMNS)

    def lines():
        yield writer.writeheader()
        for rows, reports in chunks:
            yield "".join(writer.writerow(builder.row(row, reports)) for row in rows)

    return attachment(StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8"), "csv")


@api_view
def export_geojson(request):
    """GET /api/export/incidents.geojson?<filters> → every filtered incident in one FeatureCollection."""
    chunks = export_chunks(request.GET)

    def parts():
        yield '{"type":"FeatureCollection","features":['
        first = True
        for rows, reports in chunks:
            for row in rows:
                feature = incident_feature(row, reports)
                if feature["geometry"] is None:
                    continue
                yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
                first = False
        yield "]}"

    response = StreamingHttpResponse(parts(), content_type="application/geo+json; charset=utf-8")
    return attachment(response, "geojson")


def incident_frame(chunks, builder):
    """A GeoDataFrame (EPSG:4326) of the incidents: the CSV columns plus each incident's real geometry."""
    import geopandas
    import pandas
    from shapely.geometry import shape

    records, shapes = [], []
    for rows, reports in chunks:
        for row in rows:
            geometry = feature_geometry(row)
            if geometry is None:
                continue
            record = builder.row(row, reports)
            record["event_date"] = row["date"]  # a real date column in the GeoPackage
            del record["geometry_wkt"]
            records.append(record)
            shapes.append(shape(geometry))
    columns = [c for c in COLUMNS if c != "geometry_wkt"]
    frame = geopandas.GeoDataFrame(records, columns=columns, geometry=shapes, crs="EPSG:4326")
    for column in INTEGER_COLUMNS:  # the CSV writes unknown numbers as ''; here they are proper nulls
        frame[column] = pandas.to_numeric(frame[column].replace("", None)).astype("Int64")
    return frame


@api_view
def export_gpkg(request):
    """GET /api/export/incidents.gpkg?<filters> → every filtered incident in a GeoPackage layer "incidents"."""
    frame = incident_frame(export_chunks(request.GET), RowBuilder(request))
    handle, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(handle)
    os.remove(path)  # the driver creates the file itself
    try:
        if frame.empty:
            frame.to_file(path, layer="incidents", driver="GPKG", engine="pyogrio", geometry_type="Unknown")
        else:
            frame.to_file(path, layer="incidents", driver="GPKG", engine="pyogrio")
        stream = open(path, "rb")
    finally:
        if os.path.exists(path):
            os.remove(path)  # the open handle keeps the data readable (POSIX)
    response = FileResponse(stream, as_attachment=True, filename=export_filename("gpkg"),
                            content_type="application/geopackage+sqlite3")
    return response
