"""Folium maps of the place page (the place's own shape plus its incidents) and of the ingest preview."""
import shapely
from django.templatetags.static import static
from folium.elements import JSCSSMixin
from folium.template import Template

from gazetteer.conf import kharita_setting
from gazetteer.core.geometry import GeometryError, parse_geojson, to_geojson

from .maps import IncidentLayer, KharitaMap, configured_tiles, layer_assets, leaflet_assets

MAX_DRAWN_VERTICES = 5000  # a finer boundary is simplified for the page (it is only drawn, never measured)
SIMPLIFY_DEGREES = 0.002
SHAPE_CLASSES = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
                 "Polygon": "polygon", "MultiPolygon": "polygon"}


def clean_geometry(geometry):
    """A drawable GeoJSON geometry of numbers only (simplified when very detailed), or None when unusable."""
    try:
        shape = parse_geojson(geometry)
    except (GeometryError, TypeError, ValueError):
        return None
    if shape.geom_type not in SHAPE_CLASSES:
        return None
    if shapely.get_num_coordinates(shape) > MAX_DRAWN_VERTICES:
        shape = shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    return to_geojson(shape)


class PlaceShapeLayer(JSCSSMixin):
    """The place's own geometry drawn as what it is (a point with its "near" circle, a line, a polygon);
    the map is fitted to it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var style = { color: "#17323f", weight: 3, opacity: 0.9, fillColor: "#17323f", fillOpacity: 0.08,
                          dashArray: null, interactive: false, className: {{ this.class_name|tojson }} };
            var shape = L.geoJSON({{ this.geometry|tojson }}, Object.assign({}, style, {
                pointToLayer: function (feature, latlng) {
                    return L.circleMarker(latlng, Object.assign({}, style, { radius: 9, fillOpacity: 0.6 }));
                }
            })).addTo(map);
            var bounds = shape.getBounds();
            {% if this.radius_m %}
            var near = L.circle(bounds.getCenter(), { radius: {{ this.radius_m|tojson }}, color: "#17323f",
                weight: 1, dashArray: "4 4", fill: false, interactive: false, className: "kharita-place-near" });
            near.addTo(map);
            bounds = near.getBounds();
            {% endif %}
            if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 12, animate: false }); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geometry, radius_km=0.0):
        super().__init__()
        self._name = "PlaceShapeLayer"
        self.geometry = geometry
        self.class_name = f"kharita-place-shape kharita-place-{SHAPE_CLASSES[geometry['type']]}"
        self.radius_m = round(radius_km * 1000) if geometry["type"] == "Point" and radius_km else 0
        self.default_js, self.default_css = [], []


class PreviewLayer(JSCSSMixin):
    """Incident GeoJSON read from a <script type="application/json"> element and drawn by static/kharita/preview.js."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            KharitaPreview.draw({{ this._parent.get_name() }}, {{ this.data_id|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data_id):
        super().__init__()
        self._name = "PreviewLayer"
        self.data_id = data_id
        js, css = layer_assets()
        self.default_js = js + [("kharita_preview", static("kharita/preview.js"))]
        self.default_css = css


def base_map(height):
    """A KharitaMap with only local assets and the configured tiles, centred on the default view."""
    m = KharitaMap(location=list(kharita_setting("MAP_CENTER")), zoom_start=kharita_setting("MAP_ZOOM"),
                   height=height, tiles=None)
    m.default_js, m.default_css = leaflet_assets()
    configured_tiles().add_to(m)
    return m


def place_map(place, data_url, radius_km=0.0, height="360px"):
    """The place's shape (when it has a drawable one) and the incidents fetched from `data_url`."""
    m = base_map(height)
    geometry = clean_geometry(place.geometry)
    if geometry is not None:
        PlaceShapeLayer(geometry, radius_km).add_to(m)
    IncidentLayer(data_url, fit=geometry is None).add_to(m)
    return m


def preview_map(data_id, height="360px"):
    """A map drawing the preview incidents embedded in the page under the element id `data_id`."""
    m = base_map(height)
    PreviewLayer(data_id).add_to(m)
    return m
