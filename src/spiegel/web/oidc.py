# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Optional single sign-on through OpenID Connect (mozilla-django-oidc).

Enabled only when the environment names an identity provider; otherwise spiegel uses Django's
password login alone. Environment variables:

``SPIEGEL_OIDC_CLIENT_ID``, ``SPIEGEL_OIDC_CLIENT_SECRET`` and the four endpoints your
identity provider publishes: ``SPIEGEL_OIDC_AUTHORIZATION_ENDPOINT``,
``SPIEGEL_OIDC_TOKEN_ENDPOINT``, ``SPIEGEL_OIDC_USER_ENDPOINT``, ``SPIEGEL_OIDC_JWKS_ENDPOINT``. Optional
``SPIEGEL_OIDC_SIGN_ALGO`` (default RS256).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spiegel.errors import ConfigError

_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "SPIEGEL_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "SPIEGEL_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "SPIEGEL_OIDC_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "SPIEGEL_OIDC_JWKS_ENDPOINT",
}


def oidc_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The Django settings for mozilla-django-oidc read from *env*; empty when SSO is off.

    Raises :class:`ConfigError` naming the missing variable when SSO is half configured.
    """
    client_id = env.get("SPIEGEL_OIDC_CLIENT_ID")
    if not client_id:
        return {}
    settings: dict[str, Any] = {
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_SIGN_ALGO": env.get("SPIEGEL_OIDC_SIGN_ALGO", "RS256"),
        "OIDC_RP_SCOPES": "openid email profile",
        "OIDC_CREATE_USER": False,
    }
    secret = env.get("SPIEGEL_OIDC_CLIENT_SECRET")
    if not secret:
        raise ConfigError(
            "single sign-on is half configured: a client id but no client secret",
            field="SPIEGEL_OIDC_CLIENT_SECRET",
            fix="Set SPIEGEL_OIDC_CLIENT_SECRET, or unset SPIEGEL_OIDC_CLIENT_ID to use password login.",
        )
    settings["OIDC_RP_CLIENT_SECRET"] = secret
    for setting, var in _ENDPOINTS.items():
        value = env.get(var)
        if not value:
            raise ConfigError(
                "single sign-on is half configured: an identity-provider endpoint is missing",
                field=var,
                fix=f"Set {var} to the endpoint your identity provider publishes in its "
                "/.well-known/openid-configuration.",
            )
        settings[setting] = value
    return settings
