"""The "Import places…" page of the Place admin: upload a gazetteer file, dry run by default, see the summary."""
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .core.sources.base import SourceError
from .importer import run_import

MAX_UPLOAD_BYTES = getattr(settings, "KHARITA_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# The uploadable formats, with their labels (the core's English labels, translated here).
UPLOAD_FORMATS = {
    "file": _("Any GeoJSON / GeoPackage / CSV with name and geometry columns"),
    "geonames-dump": _("GeoNames country dump (XX.txt / allCountries.txt)"),
    "cities500-tsv": _("GeoNames cities500 TSV"),
    "ocha-adm1": _("OCHA COD-AB ADM1 GeoJSON"),
    "geoboundaries-adm3": _("geoBoundaries ADM3 GeoJSON with Arabic names"),
    "naturalearth": _("Natural Earth countries or border lines GeoJSON"),
    "subdivisions-tsv": _("GeoNames subdivisions TSV (Arabic aliases)"),
    "airports-csv": _("airportsdata CSV (aliases of known airports)"),
}
BINARY_FORMATS_SUFFIXES = (".gpkg", ".zip", ".shp", ".fgb")  # vector files that are binary by nature
SHOWN_ERRORS = 100


class ImportForm(forms.Form):
    """Format, file and options of one upload; dry run is on unless unticked."""

    format = forms.ChoiceField(label=_("Format"), choices=[(name, format_lazy("{}: {}", name, label))
                                                         for name, label in UPLOAD_FORMATS.items()])
    file = forms.FileField(label=_("File"), help_text=format_lazy(_("{megabytes} MB at most"),
                                                                  megabytes=MAX_UPLOAD_BYTES // (1024 * 1024)))
    dry_run = forms.BooleanField(required=False, initial=True, label=_("Dry run only (nothing is written)"))
    source = forms.SlugField(label=_("Source"), required=False, max_length=40,
                             help_text=_("'file': the source name of its ids (default file)"))
    name_ar_column = forms.CharField(label=_("Arabic name column"), required=False, max_length=100,
                                     help_text=_("'file' (default name_ar)"))
    name_en_column = forms.CharField(label=_("English name column"), required=False, max_length=100,
                                     help_text=_("'file' (default name_en)"))
    id_column = forms.CharField(label=_("Id column"), required=False, max_length=100,
                                help_text=_("'file' (default id)"))
    type_column = forms.CharField(label=_("Type column"), required=False, max_length=100,
                                  help_text=_("'file' (default feature_type)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("The file is %(size).1f MB; the limit is %(limit).1f MB. Use manage.py import_places.")
                % {"size": upload.size / 1e6, "limit": MAX_UPLOAD_BYTES / 1e6})
        head = upload.read(4096)
        upload.seek(0)
        if b"\x00" in head and not upload.name.lower().endswith(BINARY_FORMATS_SUFFIXES):
            raise forms.ValidationError(_("A binary file, not a text gazetteer file."))
        return upload


def import_options(data):
    """The reader options of a valid form."""
    columns = {"name_ar": data["name_ar_column"], "name_en": data["name_en_column"], "id": data["id_column"],
               "type": data["type_column"], "source": data["source"]}
    return {"columns": columns}


class ImportUploadMixin:
    """Adds <changelist>/import/ to a ModelAdmin of Place, and an "Import places…" button to its changelist."""

    change_list_template = "admin/gazetteer/place/import_changelist.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="gazetteer_place_import")] + super().get_urls()

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        result = error = None
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                result, error = self.run_upload(form.cleaned_data, request.user)
        else:
            form = ImportForm()
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": gettext("Import places"), "result": result, "error": error, "shown_errors": SHOWN_ERRORS}
        return TemplateResponse(request, "admin/gazetteer/place/import_form.html", context)

    @staticmethod
    def run_upload(data, user=None):
        """(result dict, None) or (None, message): the upload goes to a temporary file with its own suffix, so
        the vector driver recognises it."""
        upload, commit = data["file"], not data["dry_run"]
        suffix = Path(upload.name).suffix.lower()[:10]
        with tempfile.TemporaryDirectory(prefix="kharita-upload-") as folder:
            target = Path(folder) / f"upload{suffix}"
            with open(target, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                count, summary = run_import(data["format"], target, import_options(data), commit=commit, user=user,
                                            label=f"{data['format']}: {upload.name}"[:300])
            except SourceError as exc:
                return None, str(exc).replace(str(target), upload.name).replace(target.name, upload.name)
            except DatabaseError as exc:
                return None, gettext("The database refused the import: %(reason)s") % {"reason": exc}
        return {"records": count, "summary": summary, "commit": commit, "name": upload.name,
                "format": data["format"], "errors": summary.errors[:SHOWN_ERRORS]}, None
