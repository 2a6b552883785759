# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Login throttling on top of django-axes (configured in :mod:`spiegel.web.settings`).

django-axes counts failed logins per account and per address and refuses every login, right
password or not, once either has ``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME``;
a refused login costs no password hashing. This module adds what is spiegel's own:

- the answer to a locked-out login (:func:`lockout_response`): a page (JSON on the API) in the
  interface language that says how long to wait, with HTTP 429 and ``Retry-After``;
- an audit-log entry when a lock starts (:func:`record_lockout`, connected in the app config);
- :func:`unlock`, used by ``spiegel manage unlock_login``, which HR/administrators run (the
  admin's "Access attempts" list does the same), also written to the audit log;
- in demo mode the demo users' published password makes their lockout pointless, and
  anyone could lock them for everyone: :func:`never_locked` exempts them.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from spiegel.web import audit
from spiegel.web.models import Person


def _username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    from axes.helpers import get_client_username

    return str(get_client_username(request, credentials) or "")


def _address(request: HttpRequest) -> str:
    from axes.helpers import get_client_ip_address

    return str(getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or "")


def wait_left(username: str, address: str, now: Any = None) -> timedelta:
    """How long until the failures of *username* and of *address* have all expired (the longest
    of the two; the whole cool-off time when nothing is recorded)."""
    from axes.models import AccessAttempt

    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    match = Q(ip_address=address) if address else Q()
    if username:
        match = match | Q(username=username) if address else Q(username=username)
    if not match:
        return cool_off
    last = AccessAttempt.objects.filter(match).aggregate(last=Max("attempt_time"))["last"]
    if last is None:
        return cool_off
    return max(timedelta(0), last + cool_off - (now or timezone.now()))


def lockout_message(minutes: int) -> str:
    return ngettext(
        "Too many failed login attempts. Try again in %(minutes)d minute, or ask HR or an "
        "administrator to unlock your account.",
        "Too many failed login attempts. Try again in %(minutes)d minutes, or ask HR or an "
        "administrator to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): HTTP 429 with the
    wait in whole minutes, as JSON for the API and as a page otherwise."""
    wait = wait_left(_username(request, credentials), _address(request))
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    message = lockout_message(minutes)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "retry_after": minutes * 60}, status=429)
    else:
        response = render(request, "spiegel_web/locked.html", {"message": message}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def never_locked(request: HttpRequest, credentials: Any = None) -> bool:
    """``AXES_WHITELIST_CALLABLE``: in demo mode the users of the demo organisation (whose
    password is on the login page) are never locked, so that no visitor can lock the demo for
    everyone; other accounts on a demo server are."""
    if not settings.DEMO:
        return False
    from spiegel.web.demo import EMPLOYEE

    username = _username(request, credentials)
    # the demo organisation's people: the demo employee's organisation
    return (
        bool(username)
        and Person.objects.filter(
            user__username=username, organisation__people__user__username=EMPLOYEE
        ).exists()
    )


def _person(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).first() if username else None


def record_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **_: Any
) -> None:
    """Write the start of a lock to the audit log (django-axes' ``user_locked_out`` signal).

    The signal also fires for every try while locked; those carry no new failure count
    (``axes_failures_since_start`` stays None) and are not written, so that nobody can fill
    the log by hammering a locked account.
    """
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    audit.log(
        None,
        audit.LOGIN_LOCKED,
        _person(username or ""),
        f"{failures} failed logins for account '{username or ''}' or from address {ip_address}; "
        f"locked for {minutes} minutes",
    )


def describe(username: str, address: str) -> str:
    """``account 'alice' and address 192.0.2.10`` (for messages and the audit log)."""
    parts = [f"account '{username}'" if username else "", f"address {address}" if address else ""]
    return " and ".join(p for p in parts if p)


def unlock(username: str = "", address: str = "", by: Any = None) -> int:
    """Remove the recorded failures of *username* and/or *address* (which ends their lock);
    return how many records went, and write the unlock to the audit log."""
    from axes.utils import reset

    if not username and not address:
        return 0
    removed = 0
    if username:
        removed += reset(username=username)
    if address:
        removed += reset(ip=address)
    if removed:
        detail = f"{describe(username, address)} unlocked ({removed} records)"
        audit.log(by, audit.LOGIN_UNLOCKED, _person(username), detail)
    return removed
