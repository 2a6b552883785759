# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""The OpenID Connect authentication backend (loaded by Django only when SSO is configured)."""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class SpiegelOIDCBackend(OIDCAuthenticationBackend):
    """Matches the identity provider's user to an existing spiegel account by e-mail address;
    spiegel never creates accounts from SSO on its own (HR adds people)."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)
