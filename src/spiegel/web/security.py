# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Security headers of the web app: the Content-Security-Policy (served by django-csp), the
HTTPS settings of Django's ``SecurityMiddleware`` and a Permissions-Policy header.

Configured through the environment, like the rest of :mod:`spiegel.web.settings`:

``SPIEGEL_HTTPS``            ``1`` (the default outside demo and debug mode): the site is reached
                             over HTTPS only, so cookies are ``Secure`` and HSTS is sent; ``0``
                             for a trial over plain http (never on a network others share)
``SPIEGEL_HSTS_SECONDS``     how long browsers keep to HTTPS (default one year, 31536000)
``SPIEGEL_HSTS_PRELOAD``     ``1`` to ask for the browsers' HSTS preload list
``SPIEGEL_PROXY_SSL_HEADER`` the header a TLS-terminating proxy sets, with the value that means
                             HTTPS, e.g. ``X-Forwarded-Proto: https`` (only behind a proxy that
                             always sets or strips it)
``SPIEGEL_SSL_REDIRECT``     ``1`` to redirect plain http requests to https
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from spiegel.errors import ConfigError

#: one year, the minimum browsers' preload lists accept
HSTS_SECONDS = 31_536_000
#: powerful browser features the app never uses, switched off for it and anything it embeds
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)
_REPORT_CSS = Path(__file__).resolve().parents[1] / "report" / "templates" / "report.css"


@cache
def report_style_hash() -> str:
    """The CSP source (``'sha256-…'``) of the one inline ``<style>`` the app serves: the CSS of
    the embedded full report (``spiegel.report.render_html(standalone=False)``)."""
    digest = hashlib.sha256(_REPORT_CSS.read_text("utf-8").encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> dict[str, Any]:
    """django-csp's ``CONTENT_SECURITY_POLICY``: scripts and styles only from the app's own
    static files (plus the hashed report CSS), images also as ``data:`` (the report chart and
    the NL Design System icons), no plugins, no framing, no ``<base>``, forms only to the app
    itself (single sign-on starts with a link, not a form)."""
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'", report_style_hash()],
            "img-src": ["'self'", "data:"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "frame-ancestors": ["'none'"],
            "form-action": ["'self'"],
        }
    }


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={env[name]!r} is not 1 or 0", field=name, fix=f"Set {name}=1 or {name}=0.")


def _proxy_header(env: Mapping[str, str]) -> tuple[str, str] | None:
    value = env.get("SPIEGEL_PROXY_SSL_HEADER", "").strip()
    if not value:
        return None
    name, sep, expected = value.partition(":")
    name, expected = name.strip(), expected.strip()
    if not sep or not name or not expected or " " in name:
        raise ConfigError(
            f"SPIEGEL_PROXY_SSL_HEADER={value!r} is not 'Header-Name: value'",
            field="SPIEGEL_PROXY_SSL_HEADER",
            fix="Set it to the header your TLS proxy sends and its HTTPS value, e.g. "
            "'X-Forwarded-Proto: https'.",
        )
    return "HTTP_" + name.upper().replace("-", "_"), expected


def security_settings(env: Mapping[str, str], debug: bool = False, demo: bool = False) -> dict[str, Any]:
    """The Django settings for HTTPS and the security headers, from *env*.

    Outside debug and demo mode the site is taken to be served over HTTPS (``SPIEGEL_HTTPS=0``
    turns that off): ``Secure`` session and CSRF cookies and a year of HSTS with subdomains.
    Demo and debug mode keep plain ``http://127.0.0.1`` working."""
    https = _flag(env, "SPIEGEL_HTTPS", default=not (debug or demo))
    try:
        hsts = int(env.get("SPIEGEL_HSTS_SECONDS") or HSTS_SECONDS)
    except ValueError:
        hsts = -1
    if hsts < 0:
        raise ConfigError(
            f"SPIEGEL_HSTS_SECONDS={env['SPIEGEL_HSTS_SECONDS']!r} is not a number of seconds",
            field="SPIEGEL_HSTS_SECONDS",
            fix=f"Leave it unset for one year ({HSTS_SECONDS}) or give a whole number of seconds.",
        )
    return {
        "SPIEGEL_HTTPS": https,
        "SESSION_COOKIE_SECURE": https,
        "CSRF_COOKIE_SECURE": https,
        "SECURE_HSTS_SECONDS": hsts if https else 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": https,
        "SECURE_HSTS_PRELOAD": https and _flag(env, "SPIEGEL_HSTS_PRELOAD", default=False),
        "SECURE_SSL_REDIRECT": https and _flag(env, "SPIEGEL_SSL_REDIRECT", default=False),
        "SECURE_PROXY_SSL_HEADER": _proxy_header(env),
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "SPIEGEL_PERMISSIONS_POLICY": PERMISSIONS_POLICY,
    }


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (Django's ``SecurityMiddleware`` has no setting for it)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.SPIEGEL_PERMISSIONS_POLICY)
        return response
