"""Issue #10 in the web app: security headers on every page and API response for every role,
HTTPS settings outside demo/debug mode, no ``javascript:`` link from a stored snapshot, and
CSV exports that a spreadsheet cannot run as formulas."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from hostile_urls import HOSTILE_URLS, SAFE_URL
from spiegel.errors import ConfigError
from spiegel.web.models import AssessmentInvitation, ProfileSnapshot
from spiegel.web.security import HSTS_SECONDS, security_settings

from .conftest import PASSWORD, World
from .test_permissions import DESTRUCTIVE, PERSON_ENDPOINTS, TEAM_ENDPOINTS, VIEWERS, rule

REQUIRED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _csp(response: Any) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in (p.strip() for p in header.split(";")) if d}


def assert_security_headers(response: Any, where: str) -> None:
    policy = _csp(response)
    for directive, value in REQUIRED_CSP.items():
        assert policy.get(directive) == value, (where, directive, policy.get(directive))
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert "unsafe-inline" not in policy.get("style-src", ""), where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") == "same-origin", where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", where
    permissions = response.headers.get("Permissions-Policy", "")
    assert "camera=()" in permissions and "geolocation=()" in permissions, where


# -- every URL pattern × every role -----------------------------------------------------------

#: the patterns the per-person and per-team matrices do not cover: name → (method, url, data)
OTHER_ENDPOINTS: dict[str, tuple[str, Any, dict[str, Any]]] = {
    "home": ("get", lambda w: reverse("home"), {}),
    "login": ("get", lambda w: reverse("login"), {}),
    "logout": ("post", lambda w: reverse("logout"), {}),
    "set_language": ("post", lambda w: reverse("set_language"), {"language": "en", "next": "/"}),
    "organisation": ("get", lambda w: reverse("organisation"), {}),
    "org_retention": ("get", lambda w: reverse("org_retention"), {}),
    "org_people": ("get", lambda w: reverse("org_people"), {}),
    "org_config": ("get", lambda w: reverse("org_config"), {}),
    "org_norms": ("get", lambda w: reverse("org_norms"), {}),
    "org_deployer": ("get", lambda w: reverse("org_deployer"), {}),
    "org_jobs": ("get", lambda w: reverse("org_jobs"), {}),
    "org_oversight": ("get", lambda w: reverse("org_oversight"), {}),
    "org_reliability": ("get", lambda w: reverse("org_reliability"), {}),
    "org_third_parties": ("get", lambda w: reverse("org_third_parties") + "?handle=bewoner@stad.example", {}),
    "org_third_parties_export": (
        "get",
        lambda w: reverse("org_third_parties_export") + "?handle=bewoner@stad.example",
        {},
    ),
    "org_third_parties_act": ("post", lambda w: reverse("org_third_parties_act"), {}),
    "third_party_notice": ("get", lambda w: reverse("third_party_notice"), {}),
    "accessibility": ("get", lambda w: reverse("accessibility"), {}),
    "source_status": ("get", lambda w: reverse("source_status", args=[1]), {}),
    "answer": ("get", lambda w: reverse("answer", args=[w.invitation.token]), {}),
    "answer_link": ("get", lambda w: reverse("answer_link", args=["not-a-token"]), {}),
    "invite_resend": ("post", lambda w: reverse("invite_resend", args=[w.people["emp"].pk, 999]), {}),
    "invite_revoke": ("post", lambda w: reverse("invite_revoke", args=[w.people["emp"].pk, 999]), {}),
    "api_token": ("post", lambda w: reverse("api_token"), {"username": "emp", "password": "wrong"}),
    "api_me": ("get", lambda w: reverse("api_me"), {}),
    "api_schema": ("get", lambda w: reverse("api_schema"), {}),
    "admin": ("get", lambda w: reverse("admin:index"), {}),
    "not_found": ("get", lambda w: "/no/such/page/", {}),
}


def _pattern_names(patterns: list[Any], top: str = "") -> set[str]:
    """Names of the app's own URL patterns; an included app (admin, i18n) counts as one."""
    names = set()
    for p in patterns:
        if isinstance(p, URLPattern) and p.name:
            names.add(p.name)
        elif isinstance(p, URLResolver):
            names.add(p.app_name or p.urlconf_name.__name__.rsplit(".", 1)[-1])  # type: ignore[union-attr]
    return names


def test_the_header_test_covers_every_url_pattern() -> None:
    patterns = _pattern_names(get_resolver().url_patterns)
    covered = {e[0] for e in PERSON_ENDPOINTS} | set(TEAM_ENDPOINTS) | set(OTHER_ENDPOINTS) | {"i18n"}
    assert patterns - covered == set(), "add the new pages to the header test"


def _call(client: Any, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("endpoint", PERSON_ENDPOINTS, ids=lambda e: e[0])
def test_person_pages_send_the_security_headers(client: Any, world: World, endpoint: Any) -> None:
    name, kind, method, url_of, data = endpoint
    for viewer in (*VIEWERS, None):
        if name in DESTRUCTIVE and viewer is not None and rule(kind, viewer, "emp"):
            continue  # allowed here it would erase the subject; the 403/302 paths are enough
        client.logout()
        if viewer is not None:
            client.force_login(world.users[viewer])
        response = _call(client, method, url_of(world, "emp"), data)
        assert_security_headers(response, f"{viewer} → {name} ({response.status_code})")


@pytest.mark.parametrize("endpoint", TEAM_ENDPOINTS)
def test_team_pages_send_the_security_headers(client: Any, world: World, endpoint: str) -> None:
    for viewer in (*VIEWERS, None):
        client.logout()
        if viewer is not None:
            client.force_login(world.users[viewer])
        response = client.get(reverse(endpoint, args=[world.team_a.pk]))
        assert_security_headers(response, f"{viewer} → {endpoint} ({response.status_code})")


@pytest.mark.parametrize("name", sorted(OTHER_ENDPOINTS))
def test_other_pages_send_the_security_headers(client: Any, world: World, name: str) -> None:
    world.invitation = AssessmentInvitation.objects.create(  # type: ignore[attr-defined]
        subject=world.people["emp"], rater=world.users["rater"]
    )
    method, url_of, data = OTHER_ENDPOINTS[name]
    for viewer in (*VIEWERS, None):
        client.logout()
        if viewer is not None:
            client.force_login(world.users[viewer])
        response = _call(client, method, url_of(world), data)
        assert_security_headers(response, f"{viewer} → {name} ({response.status_code})")


def test_the_report_style_hash_matches_the_served_report(client: Any, world: World) -> None:
    """The one inline <style> the app serves (the embedded report's CSS) is the one the
    policy's hash allows; the report page has no other inline style or script."""
    import base64
    import hashlib

    client.force_login(world.users["emp"])
    response = client.get(reverse("report", args=[world.people["emp"].pk]))
    assert response.status_code == 200
    tree = HTMLParser(response.content.decode())
    styles = [n.text() for n in tree.css("style")]
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in _csp(response)["style-src"].split()
    assert tree.css("script:not([src])") == [] and tree.css("[style]") == []
    assert not any(a.startswith("on") for n in tree.css("*") for a in n.attributes)


# -- HTTPS outside demo/debug mode ------------------------------------------------------------


def test_production_defaults_are_https() -> None:
    values = security_settings({})
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == HSTS_SECONDS >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_PRELOAD"] is False


@pytest.mark.parametrize("mode", [{"debug": True}, {"demo": True}])
def test_demo_and_debug_mode_keep_plain_http(mode: dict[str, bool]) -> None:
    values = security_settings({}, **mode)
    assert not values["SESSION_COOKIE_SECURE"] and not values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 0 and not values["SECURE_SSL_REDIRECT"]
    # the headers that do not need HTTPS stay
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["X_FRAME_OPTIONS"] == "DENY"


def test_https_options_from_the_environment() -> None:
    values = security_settings(
        {
            "SPIEGEL_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
            "SPIEGEL_HSTS_SECONDS": "63072000",
            "SPIEGEL_HSTS_PRELOAD": "1",
            "SPIEGEL_SSL_REDIRECT": "1",
        }
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SECURE_HSTS_SECONDS"] == 63072000
    assert values["SECURE_HSTS_PRELOAD"] and values["SECURE_SSL_REDIRECT"]
    off = security_settings({"SPIEGEL_HTTPS": "0"})
    assert not off["SESSION_COOKIE_SECURE"] and off["SECURE_HSTS_SECONDS"] == 0
    # a demo behind a TLS proxy can ask for HTTPS all the same
    assert security_settings({"SPIEGEL_HTTPS": "1"}, demo=True)["SESSION_COOKIE_SECURE"]


@pytest.mark.parametrize(
    ("env", "field"),
    [
        ({"SPIEGEL_HTTPS": "maybe"}, "SPIEGEL_HTTPS"),
        ({"SPIEGEL_HSTS_SECONDS": "a year"}, "SPIEGEL_HSTS_SECONDS"),
        ({"SPIEGEL_HSTS_SECONDS": "-5"}, "SPIEGEL_HSTS_SECONDS"),
        ({"SPIEGEL_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, "SPIEGEL_PROXY_SSL_HEADER"),
        ({"SPIEGEL_PROXY_SSL_HEADER": ": https"}, "SPIEGEL_PROXY_SSL_HEADER"),
    ],
)
def test_bad_https_options_name_the_variable(env: dict[str, str], field: str) -> None:
    with pytest.raises(ConfigError) as err:
        security_settings(env)
    assert err.value.field == field and err.value.fix


SETTINGS_PROBE = """
from django.conf import settings
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS,
      settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_PROXY_SSL_HEADER)
print("csp.middleware.CSPMiddleware" in settings.MIDDLEWARE)
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, f"True True {HSTS_SECONDS} True None"),
        ({"SPIEGEL_DEMO": "1"}, "False False 0 False None"),
        ({"SPIEGEL_DEBUG": "1"}, "False False 0 False None"),
        (
            {"SPIEGEL_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"},
            f"True True {HSTS_SECONDS} True ('HTTP_X_FORWARDED_PROTO', 'https')",
        ),
    ],
)
def test_settings_module_in_both_modes(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    full_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "spiegel.web.settings",
        "SPIEGEL_DATA_DIR": str(tmp_path),
        "PYTHONPATH": ":".join(sys.path),
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE], env=full_env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.splitlines() == [expected, "True"]


def test_https_request_gets_hsts_and_secure_cookies(client: Any, world: World) -> None:
    with override_settings(**security_settings({"SPIEGEL_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"})):
        response = client.post(
            reverse("login"),
            {"username": "emp", "password": PASSWORD},
            HTTP_X_FORWARDED_PROTO="https",
        )
        assert response.status_code == 302
        hsts = response.headers["Strict-Transport-Security"]
        assert f"max-age={HSTS_SECONDS}" in hsts and "includeSubDomains" in hsts
        assert response.cookies["sessionid"]["secure"] is True
        assert response.cookies["csrftoken"]["secure"] is True


def test_demo_login_works_over_plain_http(client: Any, world: World) -> None:
    with override_settings(**security_settings({}, demo=True)):
        client.get(reverse("login"))
        response = client.post(reverse("login"), {"username": "emp", "password": PASSWORD})
        assert response.status_code == 302
        assert "Strict-Transport-Security" not in response.headers
        assert not response.cookies["sessionid"]["secure"]
        assert client.get(reverse("home")).status_code in (200, 302)


# -- stored hostile URLs on the web pages -----------------------------------------------------


def _hostile_snapshot(world: World, key: str) -> ProfileSnapshot:
    """The subject's snapshot as an old database may hold it: evidence with hostile URLs (the
    record model refuses them now, but snapshots made before that keep them)."""
    snap = ProfileSnapshot.objects.filter(person=world.people[key]).first()
    assert snap is not None
    profile = snap.profile
    first = profile["competencies"][0]["indicators"][0]
    template = first["evidence"][0]
    first["evidence"] = [
        {**template, "post_id": f"hostile-{i}", "url": url} for i, url in enumerate(HOSTILE_URLS)
    ] + [{**template, "post_id": "good", "url": SAFE_URL}]
    first["evidence_count"] = len(first["evidence"])
    snap.profile = profile
    snap.save()
    return snap


@pytest.mark.parametrize("viewer", ["emp", "mgr", "hr"])
@pytest.mark.parametrize("page", ["profile", "report"])
def test_stored_hostile_urls_are_no_links(client: Any, world: World, viewer: str, page: str) -> None:
    world.org.judge_first = False  # the manager sees the measured levels at once here
    world.org.save()
    _hostile_snapshot(world, "emp")
    client.force_login(world.users[viewer])
    response = client.get(reverse(page, args=[world.people["emp"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    tree = HTMLParser(html)
    quoted = [n for n in tree.css("[data-post-id^='hostile-'], blockquote") if "Voorbeeldbericht" in n.text()]
    assert len(quoted) >= len(HOSTILE_URLS)  # the posts are still shown, just without a link
    targets = [str(n.attributes.get("href")) for n in tree.css("a[href]")]
    targets += [str(n.attributes.get("cite")) for n in tree.css("[cite]")]
    assert SAFE_URL in targets
    for target in targets:
        assert target.startswith(("/", "#", "?", "https://", "http://")), target
        assert not target.startswith("//"), target
    assert "javascript" not in html.lower() and "vbscript" not in html.lower()


# -- CSV exports ------------------------------------------------------------------------------

FORMULA_NAME = '=HYPERLINK("http://x","y")'


def test_team_csv_neutralises_formulas(client: Any, world: World) -> None:
    emp = world.people["emp"]
    emp.name = FORMULA_NAME
    emp.save()
    other = world.people["emp2"]
    other.name = "@SUM(1+1)"
    other.save()
    client.force_login(world.users["mgr"])
    response = client.get(reverse("team_csv", args=[world.team_a.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    names = {row[0] for row in rows[1:]}
    assert "'" + FORMULA_NAME in names and "'@SUM(1+1)" in names
    assert FORMULA_NAME not in names
    # the levels the product writes stay plain numbers
    levels = [cell for row in rows[1:] for cell in row[1:] if cell]
    assert levels and all(cell.isdigit() for cell in levels)


def test_api_answers_json_even_to_a_browser(client: Any, world: World) -> None:
    """No browsable HTML API: its pages need inline styles the policy refuses."""
    client.force_login(world.users["emp"])
    response = client.get(reverse("api_me"), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_security_headers(response, "api_me as a browser")
