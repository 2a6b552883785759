"""Login throttling (django-axes, issue #10): failed logins are counted per account and per
address; at the limit both are locked for the cool-off time, on the login form and on
``POST /api/token/`` alike, with a Dutch (or English) message that says how long to wait; the
lock is audited and HR/administrators can lift it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from rest_framework.authtoken.models import Token

from spiegel.web.models import AuditLog, Person

from .conftest import PASSWORD, World

A, B = "192.0.2.10", "198.51.100.20"


def _login(client: Any, username: str, password: str, address: str = A) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client: Any) -> bool:
    return "_auth_user_id" in client.session


def _fail(client: Any, username: str, times: int, address: str = A) -> list[int]:
    return [_login(client, username, "wrong password", address).status_code for _ in range(times)]


def _age_failures(minutes: int) -> None:
    """Make the recorded failures *minutes* older (instead of waiting)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_wrong_passwords_lock_the_account_and_the_right_one_is_refused(
    client: Any, world: World, settings: Any
) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert _fail(client, "emp", limit) == [200] * (limit - 1) + [429]
    # the right password, even from another address, is refused while the account is locked
    response = _login(client, "emp", PASSWORD, address=B)
    assert response.status_code == 429 and not _logged_in(client)
    text = response.content.decode()
    assert "Te veel mislukte inlogpogingen. Probeer het over 15 minuten opnieuw" in text
    assert "vraag HR of een beheerder" in text
    assert response["Retry-After"] == "900"


def test_the_address_is_locked_for_other_accounts_too(client: Any, world: World, settings: Any) -> None:
    # wrong passwords for several accounts from one address: none reaches the limit on its own
    for username in ("emp", "emp2", "mgr", "other", "nobody"):
        _fail(client, username, 1)
    assert _login(client, "hr", PASSWORD, address=A).status_code == 429
    assert not _logged_in(client)
    # the same account from another address is not locked (no account reached the limit)
    assert _login(client, "hr", PASSWORD, address=B).status_code == 302 and _logged_in(client)


def test_a_locked_login_costs_no_password_hashing(client: Any, world: World, monkeypatch: Any) -> None:
    _fail(client, "emp", 5)
    checked: list[str] = []
    original = ModelBackend.authenticate

    def counting(self: Any, request: Any, username: Any = None, password: Any = None, **kw: Any) -> Any:
        checked.append(str(username))
        return original(self, request, username, password, **kw)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    assert _login(client, "emp", PASSWORD).status_code == 429
    assert checked == []


def test_the_wait_shown_is_what_is_left(client: Any, world: World) -> None:
    _fail(client, "emp", 5)
    _age_failures(minutes=10)
    response = _login(client, "emp", PASSWORD, address=B)
    assert "Probeer het over 5 minuten opnieuw" in response.content.decode()
    # tries while locked do not restart the clock
    assert "over 5 minuten" in _login(client, "emp", "wrong", address=B).content.decode()


def test_the_message_is_complete_in_english(client: Any, world: World) -> None:
    client.cookies["django_language"] = "en"
    _fail(client, "emp", 5)
    text = _login(client, "emp", PASSWORD).content.decode()
    assert "Too many failed login attempts. Try again in 15 minutes" in text
    assert "Te veel" not in text and "Login temporarily blocked" in text


def test_the_lock_ends_after_the_cool_off_time(client: Any, world: World) -> None:
    _fail(client, "emp", 5)
    _age_failures(minutes=16)
    assert _login(client, "emp", PASSWORD).status_code == 302 and _logged_in(client)


def test_a_lock_is_audited_once_and_unlock_by_username_works(client: Any, world: World) -> None:
    _fail(client, "emp", 8)  # three more tries while locked
    locks = AuditLog.objects.filter(action="login_locked")
    assert locks.count() == 1
    lock = locks.get()
    assert lock.subject_person_id == world.people["emp"].pk and "'emp'" in lock.detail and A in lock.detail
    call_command("unlock_login", "emp", stdout=_Sink())
    assert AuditLog.objects.filter(action="login_unlocked", subject_person_id=world.people["emp"].pk).exists()
    # the account is free again from another address (the address A itself is still locked)
    assert _login(client, "emp", PASSWORD, address=B).status_code == 302 and _logged_in(client)


def test_unlock_by_address(client: Any, world: World) -> None:
    for username in ("a", "b", "c", "d", "e"):
        _fail(client, username, 1)
    assert _login(client, "emp", PASSWORD).status_code == 429
    call_command("unlock_login", address=A, stdout=_Sink())
    assert _login(client, "emp", PASSWORD).status_code == 302 and _logged_in(client)


def test_unlock_needs_a_target() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="name what to unlock"):
        call_command("unlock_login", stdout=_Sink())


def test_the_api_token_endpoint_is_throttled_too(client: Any, world: World) -> None:
    url = reverse("api_token")
    for _ in range(4):
        answer = client.post(url, {"username": "emp", "password": "wrong"}, REMOTE_ADDR=A)
        assert answer.status_code == 400
    locked = client.post(url, {"username": "emp", "password": "wrong"}, REMOTE_ADDR=A)
    assert locked.status_code == 429
    right = client.post(url, {"username": "emp", "password": PASSWORD}, REMOTE_ADDR=B)
    assert right.status_code == 429 and "token" not in right.json()
    assert right.json()["detail"].startswith("Te veel mislukte inlogpogingen")
    assert not Token.objects.filter(user=world.users["emp"]).exists()
    # and a lock made on the API holds on the login form
    assert _login(client, "emp", PASSWORD, address=B).status_code == 429


def test_only_failures_are_kept_and_only_for_the_cool_off_time(client: Any, world: World) -> None:
    from axes.models import AccessFailureLog, AccessLog

    _fail(client, "emp", 2)
    assert _login(client, "emp2", PASSWORD).status_code == 302
    assert not AccessLog.objects.exists() and not AccessFailureLog.objects.exists()
    assert AccessAttempt.objects.count() == 1
    _age_failures(minutes=16)
    client.logout()
    _login(client, "emp2", PASSWORD)  # any login clears what is older than the cool-off time
    assert not AccessAttempt.objects.exists()


def test_the_right_password_still_gets_a_token(client: Any, world: World) -> None:
    answer = client.post(reverse("api_token"), {"username": "emp", "password": PASSWORD}, REMOTE_ADDR=A)
    assert answer.status_code == 200 and answer.json()["token"]


def test_demo_users_cannot_be_locked_in_demo_mode(client: Any, world: World, settings: Any) -> None:
    settings.DEMO = True
    for username in ("medewerker", "bram"):
        user = User.objects.create_user(username, password="spiegel-demo")
        Person.objects.create(organisation=world.org_x, user=user, name=username)  # the "demo" org
    _fail(client, "medewerker", 10)
    _fail(client, "bram", 10)
    assert _login(client, "medewerker", "spiegel-demo").status_code == 302 and _logged_in(client)
    assert _login(client, "bram", "spiegel-demo").status_code == 302
    # accounts outside the demo organisation are still protected in demo mode
    client.logout()
    assert _fail(client, "emp", 5, address=B)[-1] == 429


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_with_sso_the_lockout_check_comes_first() -> None:
    """With OpenID Connect configured, axes' backend still runs before the SSO backend (checked
    in a fresh process, since the settings read the environment once)."""
    import os
    import subprocess
    import sys

    from .test_settings import OIDC_ENV

    code = "from django.conf import settings; print(','.join(settings.AUTHENTICATION_BACKENDS))"
    env = {**os.environ, **OIDC_ENV, "DJANGO_SETTINGS_MODULE": "spiegel.web.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().split(",") == [
        "axes.backends.AxesStandaloneBackend",
        "spiegel.web.oidc_backend.SpiegelOIDCBackend",
        "django.contrib.auth.backends.ModelBackend",
    ], out.stderr[-2000:]


def test_an_sso_callback_from_a_locked_address_is_refused(
    world: World, settings: Any, monkeypatch: Any
) -> None:
    """The identity provider checks the password (and throttles its own logins); spiegel's
    address rule still applies to the SSO callback."""
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from spiegel.web.oidc_backend import SpiegelOIDCBackend

    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "spiegel.web.oidc_backend.SpiegelOIDCBackend",
    ]
    monkeypatch.setattr(SpiegelOIDCBackend, "__init__", lambda self, *a, **kw: None)

    # the SSO backend (its exchange with the identity provider left out) accepts a callback
    # without a password, and nothing else
    def sso(self: Any, request: Any, username: Any = None, password: Any = None, **kw: Any) -> Any:
        return world.users["emp"] if username is None and password is None else None

    monkeypatch.setattr(SpiegelOIDCBackend, "authenticate", sso)
    factory = RequestFactory()
    assert authenticate(request=factory.get("/oidc/callback/", REMOTE_ADDR=B)) == world.users["emp"]
    for username in ("a", "b", "c", "d", "e"):
        authenticate(request=factory.post("/login/", REMOTE_ADDR=A), username=username, password="wrong")
    assert authenticate(request=factory.get("/oidc/callback/", REMOTE_ADDR=A)) is None
    assert authenticate(request=factory.get("/oidc/callback/", REMOTE_ADDR=B)) == world.users["emp"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SPIEGEL_LOGIN_FAILURE_LIMIT", "vijf"),
        ("SPIEGEL_LOGIN_LOCKOUT_MINUTES", "0"),
        ("SPIEGEL_TRUSTED_PROXIES", "-1"),
    ],
)
def test_a_wrong_throttling_setting_stops_with_a_message_naming_it(name: str, value: str) -> None:
    import os
    import subprocess
    import sys

    code = "import django; django.setup()"
    env = {**os.environ, name: value, "DJANGO_SETTINGS_MODULE": "spiegel.web.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "ConfigError" in out.stderr and f"{name} must be a whole number" in out.stderr, out.stderr[-2000:]
