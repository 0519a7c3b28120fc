#!/bin/sh
# Run Kharita on the embedded SQLite database: venv, install, migrate, gazetteer, samples, server.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_gazetteer --commit
.venv/bin/python manage.py ingest mapper/samples
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
