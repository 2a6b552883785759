# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Template context shared by every page: navigation for the signed-in user's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from spiegel.web import permissions


def spiegel_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    person = permissions.person_of(user)
    return {
        "me": person,
        "my_teams": permissions.visible_teams(user)
        if person is not None or getattr(user, "is_superuser", False)
        else [],
        "is_hr": permissions.is_hr(user),
        "demo_mode": settings.DEMO,
        "oidc_enabled": settings.OIDC_ENABLED,
    }
