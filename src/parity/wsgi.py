"""WSGI entry point (e.g. `gunicorn parity.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.settings")
application = get_wsgi_application()
