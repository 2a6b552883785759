# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The Django admin, for HR/administrators with staff rights (organisation, teams, people,
retention terms)."""

from __future__ import annotations

from django.contrib import admin

from spiegel.web import models

admin.site.register(models.Organisation)
admin.site.register(models.Team)
admin.site.register(models.Person)
admin.site.register(models.RetentionPolicy)
