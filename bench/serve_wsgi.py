"""The Django app for benchmark servers (gunicorn): static files served by the app itself, as runserver does."""
import os

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapper.settings")
# Gunicorn has no static file serving; the benchmark needs Leaflet and our scripts from the same origin.
application = StaticFilesHandler(get_wsgi_application())
