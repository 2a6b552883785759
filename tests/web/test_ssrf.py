"""The server's fetches reach public addresses only: a Mastodon server field naming an internal
address is refused on the form, and a fetch job whose server resolves inside fails with "server
not allowed" without anything from an answer (spiegel.sources._net)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from spiegel.sources import _net
from spiegel.web import fetchers, jobs
from spiegel.web.models import ConnectedAccount, Job

from .conftest import World


@pytest.fixture(autouse=True)
def _mastodon_fetcher(settings: Any, tmp_path: Any) -> Any:
    settings.DATA_DIR = tmp_path
    jobs.register_fetcher("mastodon", fetchers.fetch_mastodon_account)
    yield
    jobs.FETCHERS.pop("mastodon", None)


def test_the_setting_is_off_by_default() -> None:
    from spiegel.web import settings as defaults

    assert defaults.SPIEGEL_ALLOW_PRIVATE_ADDRESSES is False


@pytest.mark.parametrize(
    "instance",
    [
        "http://127.0.0.1:8080",
        "https://localhost",
        "https://[::1]",
        "https://10.0.0.8",
        "https://169.254.169.254",
    ],
)
def test_connect_form_refuses_internal_servers(
    world: World, login: Callable[[str], Any], instance: str
) -> None:
    emp = world.people["emp"]
    before = ConnectedAccount.objects.filter(person=emp).count()
    page = login("emp").post(
        reverse("accounts", args=[emp.pk]),
        {"platform": "mastodon", "handle": "piet@social.example", "instance": instance, "consent": "on"},
    )
    assert page.status_code == 200 and "Server niet toegestaan" in page.content.decode()
    assert ConnectedAccount.objects.filter(person=emp).count() == before


def test_connect_form_keeps_a_public_server(world: World, login: Callable[[str], Any]) -> None:
    emp = world.people["emp"]
    login("emp").post(
        reverse("accounts", args=[emp.pk]),
        {"platform": "mastodon", "handle": "piet", "instance": "social.example", "consent": "on"},
    )
    assert ConnectedAccount.objects.get(person=emp, handle="piet").instance == "https://social.example"


@pytest.mark.parametrize(
    ("instance", "resolved"),
    [
        ("https://intranet.example", ["127.0.0.1"]),
        ("https://metadata.example", ["169.254.169.254"]),
        ("http://127.0.0.1:8080", ["127.0.0.1"]),  # stored before the form checked it
        ("https://[::1]", ["::1"]),
    ],
)
def test_fetch_job_to_an_internal_server_fails_with_server_not_allowed(
    world: World, monkeypatch: pytest.MonkeyPatch, instance: str, resolved: list[str]
) -> None:
    monkeypatch.setattr(_net, "resolve", lambda host, port: resolved)
    account = ConnectedAccount.objects.filter(person=world.people["emp"]).first()
    assert account is not None
    account.instance = instance
    account.save()
    job = jobs.enqueue("fetch", account=account.pk)
    jobs.run_job(job)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "server not allowed" in job.error and "How to fix" in job.error
    if resolved[0] not in instance:  # the resolved address of a name is never shown
        assert resolved[0] not in job.error
    assert Job.objects.filter(kind="profile", status="queued", person=account.person).count() == 0
