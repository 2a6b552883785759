# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The Django admin, for HR/administrators with staff rights (organisation, teams, people,
retention terms)."""

from __future__ import annotations

from django.contrib import admin

from spiegel.web import models


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    # the Bluesky app password is set on the organisation settings page only, never shown here
    exclude = ("bluesky_app_password", "bluesky_password_set_at")


admin.site.register(models.Team)
admin.site.register(models.Person)
admin.site.register(models.RetentionPolicy)
admin.site.register(models.InvitationDelivery)
