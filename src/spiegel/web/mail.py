"""E-mail settings of server mode (used for 360 invitations), read from the environment.

``SPIEGEL_EMAIL_HOST``        the SMTP server; without it spiegel sends no e-mail (invitations
                              then only show in the app)
``SPIEGEL_EMAIL_PORT``        default 587 (465 with ``ssl``, 25 with ``none``)
``SPIEGEL_EMAIL_SECURITY``    ``starttls`` (default), ``ssl`` or ``none``
``SPIEGEL_EMAIL_USER``        login at the SMTP server (optional)
``SPIEGEL_EMAIL_PASSWORD``    its password, or ``SPIEGEL_EMAIL_PASSWORD_FILE`` naming a secret file
``SPIEGEL_EMAIL_FROM``        the sender, e.g. ``spiegel <noreply@spiegelstad.nl>``
``SPIEGEL_BASE_URL``          the address links in e-mails start with (default: the address the
                              inviting request came in on)
``SPIEGEL_MAIL_LANGUAGE``     ``nl`` (default) or ``en``
``SPIEGEL_INVITATION_DAYS``   how long an e-mailed link stays valid (default 14 days)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from spiegel.errors import ConfigError

_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ConfigError(
            f"{name} must be a whole number from {low} to {high}, not {raw!r}",
            field=name,
            fix=f"Set {name} to a number from {low} to {high}, or leave it unset.",
        )
    return int(raw)


def _password(env: Mapping[str, str]) -> str:
    path = env.get("SPIEGEL_EMAIL_PASSWORD_FILE")
    if not path:
        return env.get("SPIEGEL_EMAIL_PASSWORD", "")
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(
            f"the SMTP password file cannot be read ({exc.strerror})",
            path=path,
            field="SPIEGEL_EMAIL_PASSWORD_FILE",
            fix="Point the variable at a readable file that holds only the password.",
        ) from exc


def mail_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Django's e-mail settings plus spiegel's own (``SPIEGEL_MAIL_*``) read from *env*."""
    security = env.get("SPIEGEL_EMAIL_SECURITY", "starttls").strip().lower() or "starttls"
    if security not in _PORTS:
        raise ConfigError(
            f"SPIEGEL_EMAIL_SECURITY must be starttls, ssl or none, not {security!r}",
            field="SPIEGEL_EMAIL_SECURITY",
            fix="Use starttls (port 587), ssl (port 465) or none (only inside a trusted network).",
        )
    language = env.get("SPIEGEL_MAIL_LANGUAGE", "nl").strip().lower() or "nl"
    if language not in ("nl", "en"):
        raise ConfigError(
            f"SPIEGEL_MAIL_LANGUAGE must be nl or en, not {language!r}",
            field="SPIEGEL_MAIL_LANGUAGE",
            fix="Set it to nl (the default) or en.",
        )
    base_url = env.get("SPIEGEL_BASE_URL", "").strip().rstrip("/")
    if base_url and (urlparse(base_url).scheme not in ("http", "https") or not urlparse(base_url).netloc):
        raise ConfigError(
            f"SPIEGEL_BASE_URL must be an http(s) address, not {base_url!r}",
            field="SPIEGEL_BASE_URL",
            fix="Set it to the address people open spiegel at, e.g. https://spiegel.example.nl.",
        )
    host = env.get("SPIEGEL_EMAIL_HOST", "").strip()
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": _int(env, "SPIEGEL_EMAIL_PORT", _PORTS[security], 1, 65535),
        "EMAIL_USE_TLS": security == "starttls",
        "EMAIL_USE_SSL": security == "ssl",
        "EMAIL_HOST_USER": env.get("SPIEGEL_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": _password(env) if host else "",
        "EMAIL_TIMEOUT": 20,
        "DEFAULT_FROM_EMAIL": env.get("SPIEGEL_EMAIL_FROM", "").strip() or "spiegel <noreply@localhost>",
        "SPIEGEL_MAIL_ENABLED": bool(host),
        "SPIEGEL_MAIL_LANGUAGE": language,
        "SPIEGEL_BASE_URL": base_url,
        "SPIEGEL_INVITATION_DAYS": _int(env, "SPIEGEL_INVITATION_DAYS", 14, 1, 90),
    }
