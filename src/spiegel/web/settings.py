# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Django settings of spiegel's server mode.

Configured through the environment, so that ``spiegel serve`` (which sets these from its
options) and a production WSGI server behave the same:

``SPIEGEL_DATA_DIR``      where the SQLite database and uploads live
                          (default ``~/.local/share/spiegel``)
``DATABASE_URL``          ``postgresql://user:pass@host:port/name`` to use PostgreSQL instead
``SPIEGEL_SECRET_KEY``    the session signing key (a random one is made and kept in the data dir)
``SPIEGEL_DEBUG``         ``1`` for Django's debug pages (never in production)
``SPIEGEL_ALLOWED_HOSTS`` comma-separated host names (default: localhost names)
``SPIEGEL_DEMO``          ``1`` in demo mode (shows the demo users on the login page)
``SPIEGEL_OIDC_*``        OpenID Connect single sign-on, see :func:`spiegel.web.oidc.oidc_settings`
``SPIEGEL_EMAIL_*``       SMTP for 360 invitations, see :func:`spiegel.web.mail.mail_settings`
``SPIEGEL_HTTPS``, ``SPIEGEL_PROXY_SSL_HEADER``, ``SPIEGEL_HSTS_*``, ``SPIEGEL_SSL_REDIRECT``
                          HTTPS, cookies and HSTS, see :func:`spiegel.web.security.security_settings`
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from spiegel.errors import ConfigError
from spiegel.web.mail import mail_settings
from spiegel.web.oidc import oidc_settings
from spiegel.web.security import content_security_policy, security_settings

BASE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder that holds the SQLite database, the secret key and uploaded archives."""
    configured = os.environ.get("SPIEGEL_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spiegel"


def database_from_url(url: str) -> dict[str, Any]:
    """Django's DATABASES entry for a ``postgresql://`` or ``sqlite:///`` URL."""
    parsed = urlparse(url)
    if parsed.scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "spiegel",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parsed.scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as SQLAlchemy writes them
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parsed.path[1:]) or ":memory:"}
    raise ConfigError(
        f"unsupported database URL scheme {parsed.scheme!r}",
        field="DATABASE_URL",
        fix="Use postgresql://USER:PASSWORD@HOST:PORT/NAME or sqlite:///PATH.",
    )


def _secret_key(folder: Path) -> str:
    key = os.environ.get("SPIEGEL_SECRET_KEY")
    if key:
        return key
    path = folder / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key
    except OSError:
        # a read-only data dir: keys then last for this process only (sessions end on restart)
        return secrets.token_urlsafe(50)


DATA_DIR = data_dir()
SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = os.environ.get("SPIEGEL_DEBUG") == "1"
DEMO = os.environ.get("SPIEGEL_DEMO") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SPIEGEL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h.strip()
]
UPLOAD_DIR = DATA_DIR / "uploads"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "spiegel.web.apps.SpiegelWebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "spiegel.web.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spiegel.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "spiegel.web.views.errors.MethodNotAllowedPage",
]

ROOT_URLCONF = "spiegel.web.urls"
WSGI_APPLICATION = "spiegel.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spiegel.web.context.spiegel_context",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "spiegel.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
#: a refused CSRF check gets the site's own 403 page (Django's has an inline style the CSP blocks)
CSRF_FAILURE_VIEW = "spiegel.web.views.errors.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
#: HTTPS (Secure cookies, HSTS, a TLS proxy's header) outside demo/debug mode, nosniff,
#: Referrer-Policy, Cross-Origin-Opener-Policy, X-Frame-Options, Permissions-Policy
globals().update(security_settings(os.environ, debug=DEBUG, demo=DEMO))
#: the Content-Security-Policy header of every response (django-csp)
CONTENT_SECURITY_POLICY = content_security_policy()

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: DRF's browsable HTML pages need inline styles the Content-Security-Policy refuses
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "spiegel API",
    "DESCRIPTION": "Profiles, team figures and data exports of spiegel's server mode. "
    "Every endpoint applies the same permission checks as the web pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"spiegel": {"handlers": ["console"], "level": "INFO"}},
}

#: (No automatic release: a manager sees a profile once the employee released it, or after the
#: organisation's own term, ``Organisation.auto_release_days``, when it set one; issue 16.)
#: Scheduled collection: platform -> fetch function (dotted path); "" in the environment turns it off.
SPIEGEL_FETCHERS = (
    {
        "mastodon": "spiegel.web.fetchers.fetch_mastodon_account",
        "bluesky": "spiegel.web.fetchers.fetch_bluesky_account",
    }
    if os.environ.get("SPIEGEL_FETCH", "1") == "1"
    else {}
)
SPIEGEL_STREAM_FETCHER = (
    "spiegel.web.fetchers.fetch_org_stream" if os.environ.get("SPIEGEL_FETCH", "1") == "1" else ""
)
SPIEGEL_FETCH_EVERY_MINUTES = int(os.environ.get("SPIEGEL_FETCH_EVERY_MINUTES", "60"))
#: fetches (Mastodon servers, Bluesky PDS) may reach loopback/private addresses only when ``1``
#: (an installation collecting from its own internal servers; tests): off by default
SPIEGEL_ALLOW_PRIVATE_ADDRESSES = os.environ.get("SPIEGEL_ALLOW_PRIVATE_ADDRESSES") == "1"
#: background jobs: seconds a worker holds a running job (renewed while it runs) and how often an
#: abandoned job is started before it fails
SPIEGEL_JOB_LEASE_SECONDS = int(os.environ.get("SPIEGEL_JOB_LEASE_SECONDS", "600"))
SPIEGEL_JOB_MAX_ATTEMPTS = int(os.environ.get("SPIEGEL_JOB_MAX_ATTEMPTS", "3"))
#: Minimum number of other raters before 360 answers are shown.
SPIEGEL_MIN_OTHER_RATERS = 3
#: E-mail (360 invitations): EMAIL_*, DEFAULT_FROM_EMAIL and SPIEGEL_MAIL_* / SPIEGEL_BASE_URL /
#: SPIEGEL_INVITATION_DAYS
globals().update(mail_settings(os.environ))

_oidc = oidc_settings(os.environ)
if _oidc:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(0, "spiegel.web.oidc_backend.SpiegelOIDCBackend")
    globals().update(_oidc)
OIDC_ENABLED = bool(_oidc)

# --- Login throttling (django-axes; see spiegel.web.lockout and docs/server.md) -------------------
# Failed logins are counted per account and per address (the login form, POST /api/token/ and the
# SSO callback all go through Django's authenticate()); at the limit both are locked for the
# cool-off time. HR/administrators unlock with `spiegel manage unlock_login` or in the admin.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")


def _login_setting(name: str, default: int, low: int, high: int) -> int:
    value = os.environ.get(name, str(default)).strip()
    if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
        raise ConfigError(
            f"{name} must be a whole number from {low} to {high}, not {value!r}",
            field=name,
            fix=f"Set {name} to a number such as {default}, or unset it for the default ({default}).",
        )
    return int(value)


AXES_FAILURE_LIMIT = _login_setting("SPIEGEL_LOGIN_FAILURE_LIMIT", 5, 1, 1000)
AXES_COOLOFF_TIME = timedelta(minutes=_login_setting("SPIEGEL_LOGIN_LOCKOUT_MINUTES", 15, 1, 7 * 24 * 60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# tries while locked out neither count nor restart the clock, so the wait shown stays true
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# only failures are kept (and only for the cool-off time): no log of every successful login
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "spiegel.web.lockout.lockout_response"
AXES_WHITELIST_CALLABLE = "spiegel.web.lockout.never_locked"
# behind N reverse proxies the client's address is taken from X-Forwarded-For
AXES_IPWARE_PROXY_COUNT = _login_setting("SPIEGEL_TRUSTED_PROXIES", 0, 0, 10) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
