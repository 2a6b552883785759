"""Settings wiring: database URLs, optional OpenID Connect, English and Dutch, the API schema."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from django.urls import reverse

from spiegel.errors import ConfigError
from spiegel.web.oidc import oidc_settings
from spiegel.web.settings import database_from_url

from .conftest import World

OIDC_ENV = {
    "SPIEGEL_OIDC_CLIENT_ID": "spiegel",
    "SPIEGEL_OIDC_CLIENT_SECRET": "s3cret",
    "SPIEGEL_OIDC_AUTHORIZATION_ENDPOINT": "https://idp.example/auth",
    "SPIEGEL_OIDC_TOKEN_ENDPOINT": "https://idp.example/token",
    "SPIEGEL_OIDC_USER_ENDPOINT": "https://idp.example/userinfo",
    "SPIEGEL_OIDC_JWKS_ENDPOINT": "https://idp.example/jwks",
}


def test_database_urls() -> None:
    pg = database_from_url("postgresql://spiegel:p%40ss@db.example:5433/spiegel_prod")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "spiegel",
        "p@ss",
        "db.example",
        "5433",
        "spiegel_prod",
    )
    assert database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"
    with pytest.raises(ConfigError) as err:
        database_from_url("mysql://x@y/z")
    assert err.value.field == "DATABASE_URL" and "postgresql://" in (err.value.fix or "")


def test_oidc_is_off_without_configuration() -> None:
    assert oidc_settings({}) == {}


def test_oidc_settings_from_environment() -> None:
    values = oidc_settings(OIDC_ENV)
    assert values["OIDC_RP_CLIENT_ID"] == "spiegel"
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == "https://idp.example/token"
    assert values["OIDC_CREATE_USER"] is False


def test_half_configured_oidc_names_the_missing_variable() -> None:
    env = dict(OIDC_ENV)
    del env["SPIEGEL_OIDC_JWKS_ENDPOINT"]
    with pytest.raises(ConfigError) as err:
        oidc_settings(env)
    assert err.value.field == "SPIEGEL_OIDC_JWKS_ENDPOINT"


def test_oidc_wiring_in_a_fresh_process(tmp_path: Any) -> None:
    """With SSO configured, Django starts, the OIDC backend is installed and the login URL exists
    (no identity provider is contacted)."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.urls import reverse\n"
        "from django.core.management import call_command\n"
        "call_command('check')\n"
        "print(*settings.AUTHENTICATION_BACKENDS); print(reverse('oidc_authentication_init'))\n"
    )
    env = {
        **OIDC_ENV,
        "DJANGO_SETTINGS_MODULE": "spiegel.web.settings",
        "SPIEGEL_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    backends = out.stdout.splitlines()[-2].split()
    # the lockout check first (a locked address never reaches the identity provider), then SSO
    assert backends[:2] == [
        "axes.backends.AxesStandaloneBackend",
        "spiegel.web.oidc_backend.SpiegelOIDCBackend",
    ]
    assert "/oidc/authenticate/" in out.stdout


def test_dutch_is_the_default_and_english_is_complete(client: Any, world: World) -> None:
    client.force_login(world.users["emp"])
    nl = client.get(reverse("profile", args=[world.people["emp"].pk])).content.decode()
    assert 'lang="nl"' in nl and "Mijn profiel" in nl and "Luisteren" in nl
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    en = client.get(reverse("profile", args=[world.people["emp"].pk])).content.decode()
    assert 'lang="en"' in en and "My profile" in en and "LUISTEREN" in en
    assert "Mijn profiel" not in en


def test_the_language_is_the_chosen_one_not_the_browsers(client: Any, world: World) -> None:
    """Issue #14, item 1: a browser asking for English still gets Dutch, dates included, until
    the reader picks English with the language switch."""
    client.force_login(world.users["emp"])
    url = reverse("profile", args=[world.people["emp"].pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nl"' in page and "Mijn profiel" in page
    assert not re.search(r"\d{2}/\d{2}/\d{4}|[ap]\.m\.", page)  # no browser-locale dates
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'lang="en"' in page and "My profile" in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_message_is_translated_and_compiled(lang: str) -> None:
    """The .po file has a translation for every message, and the shipped .mo holds them all."""
    import gettext
    import re

    from spiegel.web import settings

    folder = settings.BASE_DIR / "locale" / lang / "LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    entries = [
        (msgid, "".join(re.findall(r'"(.*)"', msgstr)))
        for msgid, msgstr in re.findall(r'^msgid "(.+)"\nmsgstr ((?:".*"\n?)+)', po, re.M)
    ]
    assert len(entries) > 100
    assert [msgid for msgid, msgstr in entries if not msgstr] == []
    with (folder / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    untranslated = [m for m, _ in entries if catalog.gettext(m.replace('\\"', '"')) == ""]
    assert untranslated == []
    if lang == "nl":
        assert catalog.gettext("My profile") == "Mijn profiel"


def test_openapi_schema_is_served(client: Any, world: World) -> None:
    response = client.get(reverse("api_schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/people/{person_id}/profile/",
        "/api/teams/{team_id}/",
        "/api/people/{person_id}/export/",
    ):
        assert path in text


def test_fixture_profiles_follow_the_report_schema() -> None:
    from spiegel.report import validate_profile

    from .conftest import make_profile

    validate_profile(make_profile("Iemand", {"luisteren": 2, "timing": None, "informeren": 4}))
