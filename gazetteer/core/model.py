"""Plain data records for places and aliases, shared by the in-memory and database gazetteers."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AliasRecord:
    """A name of a place as written, with its language and kind."""

    text: str
    language: str = "ar"
    kind: str = "alias"


@dataclass
class PlaceRecord:
    """A place: names, feature type, GeoJSON geometry, representative point and metadata."""

    id: object
    name_ar: str
    name_en: str
    feature_type: str
    geometry: dict
    lat: float
    lon: float
    country: str = ""
    governorate: str = ""
    district: str = ""
    subdistrict: str = ""
    pcode: str = ""
    population: int = 0
    uncertainty_km: float = 0.0
    source: str = "curated"
    external_id: str = ""
    aliases: list = field(default_factory=list)

    @property
    def is_line(self):
        return self.geometry.get("type") in ("LineString", "MultiLineString")

    @property
    def is_area(self):
        return self.geometry.get("type") in ("Polygon", "MultiPolygon")

    def as_dict(self):
        """The `place` object of the command-line contract."""
        return {
            "id": self.id,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "feature_type": self.feature_type,
            "lat": self.lat,
            "lon": self.lon,
            "geometry": self.geometry,
        }
