from __future__ import annotations

from django.apps import AppConfig


class SpiegelWebConfig(AppConfig):
    name = "spiegel.web"
    label = "spiegel_web"
    verbose_name = "spiegel"
    default_auto_field = "django.db.models.BigAutoField"
