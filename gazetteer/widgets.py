"""The place editor widget: a Leaflet map with drawing tools bound to the GeoJSON `geometry` field."""
import json

from django import forms
from django.utils.translation import gettext

from .conf import kharita_setting


def editor_messages():
    """The editor's status texts in the page's language (place_editor.js fills in %(…)s)."""
    return {
        "empty": gettext("No geometry: draw a point, line or polygon before saving."),
        "point": gettext("Point at lat %(lat)s, lon %(lon)s"),
        "parts": gettext("%(type)s of %(parts)s parts"),
        "badJson": gettext("The GeoJSON text is not valid JSON; the map shows the last valid shape."),
        "badType": gettext("The GeoJSON text is not a Point, LineString, Polygon or Multi* geometry."),
        "badCoordinates": gettext("The GeoJSON coordinates cannot be drawn."),
    }

class PlaceGeometryWidget(forms.Textarea):
    """A textarea of GeoJSON (folded away) under a map where the curator draws a point, line or polygon."""

    template_name = "gazetteer/widgets/place_editor.html"

    class Media:
        css = {"all": ("vendor/leaflet/leaflet.css", "vendor/leaflet-draw/leaflet.draw.css",
                       "kharita/place_editor.css")}
        js = ("vendor/leaflet/leaflet.js", "vendor/leaflet-draw/leaflet.draw.js", "kharita/place_editor.js")

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 6, "cols": 80, "dir": "ltr", "spellcheck": "false",
                                "class": "kharita-geometry-text", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        lat, lon = kharita_setting("MAP_CENTER")
        context["editor"] = {
            "tile_url": kharita_setting("TILE_URL"),
            "attribution": kharita_setting("TILE_ATTRIBUTION"),
            "center": json.dumps([lat, lon]),
            "zoom": kharita_setting("MAP_ZOOM"),
            "messages": json.dumps(editor_messages(), ensure_ascii=False),
        }
        return context
