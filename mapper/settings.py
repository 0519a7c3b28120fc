"""Django settings for Kharita: SQLite by default, PostgreSQL through DATABASE_URL."""
import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from xstatic.pkg import jquery as xs_jquery
from xstatic.pkg import leaflet as xs_leaflet
from xstatic.pkg import leaflet_markercluster as xs_markercluster
from swagger_ui_bundle import swagger_ui_path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "kharita-dev-key-change-me-in-production-0123456789")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gazetteer.apps.GazetteerConfig",
    "mapper.apps.MapperConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server (gunicorn included), with cache headers; no nginx needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mapper.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "mapper.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Interface languages. LocaleMiddleware picks the django_language cookie (set by the header's switch), else
# the browser's Accept-Language among these, else Arabic.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # remember the choice beyond the browser session
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", xs_leaflet.BASE_DIR),
    ("vendor/leaflet-markercluster", xs_markercluster.BASE_DIR),
    ("vendor/jquery", xs_jquery.BASE_DIR),
    # Only Leaflet.draw from the django-leaflet package (located without importing it: it reads settings).
    ("vendor/leaflet-draw", Path(find_spec("leaflet").origin).parent / "static" / "leaflet" / "draw"),
    ("vendor/swagger-ui", swagger_ui_path),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# WhiteNoise serves the finders' files when `collectstatic` has not been run (a fresh checkout, the tests).
WHITENOISE_USE_FINDERS = True
try:
    STATIC_ROOT.mkdir(exist_ok=True)  # collectstatic's output; WhiteNoise warns on every start when it is missing
except OSError:  # a read-only checkout: WhiteNoise still serves the finders' files, with a warning
    pass

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# One namespaced settings dict, validated at start-up; defaults live in gazetteer.conf.DEFAULTS.
KHARITA = {key: value for key, value in {
    "TILE_URL": os.environ.get("KHARITA_TILE_URL"),
    "TILE_ATTRIBUTION": os.environ.get("KHARITA_TILE_ATTRIBUTION"),
}.items() if value}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
