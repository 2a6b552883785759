# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""WSGI entry point: ``spiegel.web.wsgi:application`` (any WSGI server; ``spiegel serve`` uses
waitress)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spiegel.web.settings")
application = get_wsgi_application()
