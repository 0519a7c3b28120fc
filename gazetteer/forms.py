"""Admin forms for places: the geometry is validated and the bbox and representative point follow it."""
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from shapely.geometry import shape

from .core.geometry import GeometryError, parse_geojson, summarize, to_geojson
from .models import Place
from .widgets import PlaceGeometryWidget

PLACE_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
DERIVED_FIELDS = ("min_lon", "min_lat", "max_lon", "max_lat", "lat", "lon")
REPAIR_DECIMALS = 7


def clean_place_geometry(value):
    """(GeoJSON geometry to store, its summary) for a submitted value; ValidationError with the reason."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    try:
        geom = parse_geojson(value)
    except GeometryError as exc:
        raise forms.ValidationError(gettext("Not a usable GeoJSON geometry: %(reason)s.") % {"reason": exc},
                                    code="geometry") from exc
    if value["type"] not in PLACE_GEOMETRY_TYPES:
        raise forms.ValidationError(
            gettext("A place is a %(supported)s; %(type)s is not supported.")
            % {"supported": ", ".join(PLACE_GEOMETRY_TYPES), "type": value["type"]}, code="geometry")
    stored = {"type": value["type"], "coordinates": value["coordinates"]}
    if not shape(stored).is_valid:  # a self-crossing polygon: keep the repaired shape the bbox is taken from
        stored = to_geojson(geom, precision=REPAIR_DECIMALS)
    return stored, summarize(geom)


class PlaceAdminForm(forms.ModelForm):
    """A place with its geometry drawn on a map; bbox and lat/lon are computed, never typed."""

    class Meta:
        model = Place
        exclude = DERIVED_FIELDS
        widgets = {"geometry": PlaceGeometryWidget}
        error_messages = {"geometry": {
            "invalid": _("The geometry is not valid JSON: draw it on the map or paste GeoJSON."),
            "required": _("A place needs a geometry: draw a point, line or polygon on the map."),
        }}

    def clean_geometry(self):
        stored, self.geometry_summary = clean_place_geometry(self.cleaned_data.get("geometry"))
        return stored

    def save(self, commit=True):
        for name in DERIVED_FIELDS:
            setattr(self.instance, name, self.geometry_summary[name])
        return super().save(commit=commit)


class MergeForm(forms.Form):
    """The confirmation of a merge: which of the selected places survives."""

    survivor = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, label=_("Place to keep"),
                                      error_messages={"required": _("Choose the place to keep.")})

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {place.pk: place for place in places}
        self.fields["survivor"].choices = [(place.pk, str(place)) for place in places]

    def survivor_and_others(self):
        """(the place to keep, the places to merge into it) of a valid form."""
        keep = self.places[self.cleaned_data["survivor"]]
        return keep, [place for pk, place in self.places.items() if pk != keep.pk]
