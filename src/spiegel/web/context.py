# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Template context shared by every page: navigation for the signed-in user's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from spiegel.web import permissions


def _config_flag(person: Any, is_hr: bool, teams: Any) -> Any:
    """The deployer set-up's warning (not approved, or changed since approval), for HR and for
    managers, whose team dashboards must show it; None when there is nothing to flag."""
    if person is None or not (is_hr or teams):
        return None
    from spiegel.web import deployer

    state = deployer.status(person.organisation)
    return state if state.flagged else None


def spiegel_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    person = permissions.person_of(user)
    teams = (
        permissions.visible_teams(user) if person is not None or getattr(user, "is_superuser", False) else []
    )
    is_hr = permissions.is_hr(user)
    return {
        "me": person,
        "my_teams": teams,
        "is_hr": is_hr,
        "config_flag": _config_flag(person, is_hr, teams),
        "demo_mode": settings.DEMO,
        "oidc_enabled": settings.OIDC_ENABLED,
    }
