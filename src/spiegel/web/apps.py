# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
from __future__ import annotations

from django.apps import AppConfig


class SpiegelWebConfig(AppConfig):
    name = "spiegel.web"
    label = "spiegel_web"
    verbose_name = "spiegel"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from spiegel.web.lockout import record_lockout

        user_locked_out.connect(record_lockout, dispatch_uid="spiegel_record_lockout")
        from spiegel.web import audit, erasure

        audit.connect()  # logins, failed logins and logouts in the audit log

        erasure.connect()  # files on disk go with their rows
