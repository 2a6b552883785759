# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Starting Django from spiegel's own commands: environment → settings → migrated database."""

from __future__ import annotations

import os
from pathlib import Path


def configure(
    database_url: str | None = None, data_dir: str | Path | None = None, demo: bool = False
) -> None:
    """Point the settings at *database_url* / *data_dir*, set Django up and migrate.

    Must run before anything imports Django models; the values go through the environment so
    that a WSGI server started later in the same process sees the same settings.
    """
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    if data_dir:
        os.environ["SPIEGEL_DATA_DIR"] = str(Path(data_dir).expanduser())
    if demo:
        os.environ["SPIEGEL_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spiegel.web.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
