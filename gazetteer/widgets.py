"""The place editor widget: a Leaflet map with drawing tools bound to the GeoJSON `geometry` field."""
import json

from django import forms
from .conf import kharita_setting

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
        }
        return context
