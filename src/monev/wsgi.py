"""WSGI entry point: `gunicorn monev.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monev.settings")
application = get_wsgi_application()
