"""WSGI entry point: ``spiegel.web.wsgi:application`` (any WSGI server; ``spiegel serve`` uses
waitress)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spiegel.web.settings")
application = get_wsgi_application()
