"""The staff ingest form: pasted text or an uploaded .txt/.html file, with publication date, outlet and URL."""
import codecs
import datetime as dt
import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .extraction.pipeline import MAX_CHARS
from .html_text import html_to_text

EXTENSIONS = {".txt": "text", ".html": "html", ".htm": "html"}
MIN_ARABIC_SHARE = 0.5  # below this share of Arabic letters the text is probably not an Arabic report
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\xd0\xcf\x11\xe0")
CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
OLDEST_DATE = dt.date(1900, 1, 1)
BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def max_upload_bytes():
    """The largest file read: the request-size limit of the settings."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 5 * 1024 * 1024


def arabic_share(text):
    """The share of the text's letters that are Arabic (1.0 for a text without letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for ch in letters if ARABIC_LETTER.match(ch)) / len(letters)


def decode_upload(raw, html):
    """The text of an uploaded file's bytes: UTF-8 (or UTF-16 with its byte-order mark); an HTML page may
    declare another charset. Raises ValidationError for binary or undecodable content."""
    binary = forms.ValidationError(_("The file is not text (it looks like a binary file)."), code="binary")
    if raw.startswith(BINARY_SIGNATURES):
        raise binary
    for bom, codec in BYTE_ORDER_MARKS:
        if raw.startswith(bom):
            return _decode(raw, [codec], binary)
    if b"\x00" in raw:
        raise binary
    codecs_to_try = ["utf-8"]
    declared = CHARSET_META.search(raw[:4096]) if html else None
    if declared:
        codecs_to_try.append(declared.group(1).decode("ascii", "replace"))
    return _decode(raw, codecs_to_try, binary)


def _decode(raw, names, binary):
    for name in names:
        try:
            text = raw.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if len(CONTROL.findall(text)) > MAX_CONTROL_SHARE * max(1, len(text)):
            raise binary
        return text
    raise forms.ValidationError(
        _("The file cannot be read as UTF-8 text. Save it as UTF-8 and upload it again."), code="encoding")


def read_upload(upload):
    """The article text of an uploaded .txt or .html file (HTML reduced to its main text)."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise forms.ValidationError(
            _("Only .txt and .html files can be read; “%(name)s” is neither."),
            code="extension", params={"name": upload.name})
    if upload.size > max_upload_bytes():
        raise forms.ValidationError(
            _("The file is %(size)s bytes; the limit is %(limit)s bytes."),
            code="too_large", params={"size": upload.size, "limit": max_upload_bytes()})
    raw = upload.read()
    if not raw.strip():
        raise forms.ValidationError(_("The file is empty."), code="empty")
    text = decode_upload(raw, html=EXTENSIONS[extension] == "html")
    if EXTENSIONS[extension] == "html":
        text = html_to_text(text)
        if not text.strip():
            raise forms.ValidationError(_("No text was found in the HTML page."), code="empty")
    return text


class WebURLField(forms.URLField):
    """A URL field that accepts only http(s) addresses (no ftp, javascript: or other schemes)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class IngestForm(forms.Form):
    """An article to preview or store; `cleaned_data["article_text"]` is its text, `warnings` what to check."""

    text = forms.CharField(
        label=_("Article text"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto", "lang": "ar", "spellcheck": "false"}))
    upload = forms.FileField(
        label=_("Or a file (.txt or .html)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}))
    published = forms.DateField(
        label=_("Publication date"), required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD, for example 2024-03-04.")})
    outlet = forms.CharField(label=_("Outlet"), required=False, max_length=200)
    url = WebURLField(
        label=_("Article URL"), required=False, max_length=1000, assume_scheme="https",
        error_messages={"invalid": _("Give a full web address that starts with http:// or https://.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []
        self.from_upload = False

    def clean_published(self):
        published = self.cleaned_data.get("published")
        if published is not None and not OLDEST_DATE <= published <= dt.date.today() + dt.timedelta(days=1):
            raise forms.ValidationError(
                _("The publication date must lie between %(oldest)s and today."),
                code="date_range", params={"oldest": OLDEST_DATE.isoformat()})
        return published

    def clean(self):
        cleaned = super().clean()
        pasted = cleaned.get("text") or ""
        upload = cleaned.get("upload")
        if pasted.strip() and upload:
            raise forms.ValidationError(
                _("Give either pasted text or a file, not both (empty the text box to read the file)."), code="both")
        if upload:
            try:
                text = read_upload(upload)
            except forms.ValidationError as error:
                self.add_error("upload", error)
                return cleaned
            self.from_upload = True
            field = "upload"
        elif "upload" in self.errors or "text" in self.errors:
            return cleaned  # the field's own error says what is wrong
        else:
            text, field = pasted, "text"
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            self.add_error(field, forms.ValidationError(
                _("Paste the article's text or choose a file: there is no text to read."), code="empty"))
        elif "\x00" in text:
            self.add_error(field, forms.ValidationError(
                _("The text contains NUL bytes: it is not text."), code="binary"))
        elif len(text) > MAX_CHARS:
            self.add_error(field, forms.ValidationError(
                _("The text is %(length)s characters long; the limit is %(limit)s."), code="too_long",
                params={"length": f"{len(text):,}", "limit": f"{MAX_CHARS:,}"}))
        else:
            cleaned["article_text"] = text
            share = arabic_share(text)
            if share < MIN_ARABIC_SHARE:
                self.warnings.append(_(
                    "The text does not look Arabic (only %(percent)s%% of its letters are Arabic). Kharita reads "
                    "Arabic reports, so expect few or no places and incidents.") % {"percent": round(share * 100)})
        return cleaned
