"""The organisation stream's Bluesky searches log in with the organisation's account: the app
password is stored encrypted (or read from the environment / a secret file), never shown or
logged, and a missing or refused login is named in the job and on the settings page. Runs
against the Bluesky stand-in, which refuses anonymous searches like the real AppView."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from spiegel.errors import ConfigError
from spiegel.sources.generic import write_jsonl
from spiegel.web import crypto, fetchers, jobs
from spiegel.web.models import AuditLog, Job, Organisation, StoredRecord
from standins import bluesky as sb
from standins.http import StandinServer

from .conftest import World
from .test_store import sample_posts

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORG = sb.profile("gemeente.testdorp.example", "did:plc:testdorp00000000000000000")
RESIDENT = sb.profile("inwoner.example.org", "did:plc:inwoner000000000000000000")


@pytest.fixture
def bluesky() -> Iterator[StandinServer]:
    world = sb.BlueskyWorld(profiles={p["handle"]: p for p in (ORG, RESIDENT)})
    world.posts = [
        sb.BskyPost("3ks1", RESIDENT, "Wanneer gaat het zwembad in Testdorp weer open?", T0),
        sb.BskyPost("3ks2", RESIDENT, "Mooie markt vandaag in Testdorp.", T0 + timedelta(hours=2)),
        sb.BskyPost("3ks3", RESIDENT, "Iets heel anders over het weer.", T0 + timedelta(hours=3)),
    ]
    server = sb.serve(world).start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv(fetchers.ENV_PASSWORD, raising=False)
    monkeypatch.delenv(fetchers.ENV_PASSWORD_FILE, raising=False)
    settings.DATA_DIR = tmp_path
    settings.SPIEGEL_ALLOW_PRIVATE_ADDRESSES = True  # the stand-in listens on 127.0.0.1
    jobs.register_fetcher("stream", fetchers.fetch_org_stream)  # type: ignore[arg-type]
    yield
    jobs.FETCHERS.pop("stream", None)


def _stream_org(world: World, server: StandinServer, login: str = ORG["handle"]) -> Organisation:
    org = world.org
    org.stream_sources = {"bluesky": {"searches": ["Testdorp"]}}
    org.bluesky_login = login
    org.bluesky_pds = server.url
    org.save()
    return org


def _run_stream(org: Organisation) -> Job:
    job = jobs.enqueue("fetch", stream=org.pk)
    jobs.run_pending()
    job.refresh_from_db()
    return job


def _stream_texts(org: Organisation) -> set[str]:
    rows = StoredRecord.objects.filter(organisation=org, direction="stream", record_type="post")
    return {r.data["text"] for r in rows}


def test_stream_search_logs_in_with_the_stored_app_password(world: World, bluesky: StandinServer) -> None:
    org = _stream_org(world, bluesky)
    fetchers.store_app_password(org, sb.APP_PASSWORD)
    job = _run_stream(org)
    assert job.status == "done", job.error
    assert _stream_texts(org) == {
        "Wanneer gaat het zwembad in Testdorp weer open?",
        "Mooie markt vandaag in Testdorp.",
    }
    assert bluesky.paths().count("/xrpc/com.atproto.server.createSession") == 1
    searches = [r for r in bluesky.log if r.path == "/xrpc/app.bsky.feed.searchPosts"]
    assert searches and all(r.headers.get("authorization", "").startswith("Bearer ") for r in searches)
    # a second run adds nothing twice
    assert _run_stream(org).status == "done"
    assert len(_stream_texts(org)) == 2


def test_the_password_is_stored_encrypted_and_never_in_clear(world: World) -> None:
    org = world.org
    fetchers.store_app_password(org, sb.APP_PASSWORD)
    stored = Organisation.objects.values_list("bluesky_app_password", flat=True).get(pk=org.pk)
    assert sb.APP_PASSWORD not in stored and stored
    assert crypto.decrypt(stored, field="x") == sb.APP_PASSWORD
    assert crypto.encrypt(sb.APP_PASSWORD) != crypto.encrypt(sb.APP_PASSWORD)  # fresh IV each time


def test_a_changed_secret_key_asks_for_the_password_again(world: World, settings: Any) -> None:
    org = world.org
    org.bluesky_login = ORG["handle"]
    org.save()
    fetchers.store_app_password(org, sb.APP_PASSWORD)
    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"
    with pytest.raises(ConfigError) as err:
        fetchers.bluesky_login(org)
    assert err.value.field == "bluesky_app_password" and "again" in (err.value.fix or "")


def test_without_login_the_job_fails_with_a_clear_message_and_no_search(
    world: World, bluesky: StandinServer, caplog: pytest.LogCaptureFixture
) -> None:
    org = _stream_org(world, bluesky, login="")
    with caplog.at_level(logging.WARNING, logger="spiegel.web.jobs"):
        job = _run_stream(org)
    assert job.status == "failed"
    assert "no Bluesky login is set" in job.error and "/organisation/" in job.error
    assert "no Bluesky login is set" in caplog.text
    assert not any(r.path == "/xrpc/app.bsky.feed.searchPosts" for r in bluesky.log)
    org.refresh_from_db()
    assert org.stream_fetched_at is not None  # the next try waits for the usual rhythm


def test_a_refused_login_names_the_account_and_never_the_password(
    world: World, bluesky: StandinServer, caplog: pytest.LogCaptureFixture
) -> None:
    org = _stream_org(world, bluesky)
    fetchers.store_app_password(org, "wrong-pass-word-0000")
    with caplog.at_level(logging.DEBUG):
        job = _run_stream(org)
    assert job.status == "failed"
    assert f"login as {ORG['handle']!r} failed" in job.error
    assert "wrong-pass-word-0000" not in job.error and "wrong-pass-word-0000" not in caplog.text
    assert _stream_texts(org) == set()


def test_what_was_collected_is_kept_when_bluesky_is_skipped(world: World, tmp_path: Path) -> None:
    def partial(org: Organisation, since: datetime | None) -> list[Path]:
        path = tmp_path / "mastodon-part.jsonl"
        write_jsonl(sample_posts(3), path)
        raise fetchers.StreamIncomplete("Bluesky skipped", paths=[path], field="bluesky_login", fix="log in")

    jobs.register_fetcher("stream", partial)  # type: ignore[arg-type]
    world.org.stream_sources = {"mastodon": {"instance": "https://social.example"}}
    world.org.save()
    job = _run_stream(world.org)
    assert job.status == "failed" and "Bluesky skipped" in job.error
    assert StoredRecord.objects.filter(organisation=world.org, direction="stream").count() == 3


@pytest.mark.parametrize("via", ["environment", "file"])
def test_the_password_may_come_from_the_environment_or_a_secret_file(
    world: World, bluesky: StandinServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, via: str
) -> None:
    org = _stream_org(world, bluesky)
    fetchers.store_app_password(org, "stale-stored-password")  # the server's own secret wins
    if via == "file":
        secret = tmp_path / "bluesky-app-password"
        secret.write_text(sb.APP_PASSWORD + "\n")
        monkeypatch.setenv(fetchers.ENV_PASSWORD_FILE, str(secret))
    else:
        monkeypatch.setenv(fetchers.ENV_PASSWORD, sb.APP_PASSWORD)
    assert fetchers.password_source(org) == via
    job = _run_stream(org)
    assert job.status == "done", job.error
    assert len(_stream_texts(org)) == 2


def test_an_unreadable_secret_file_is_named(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    world.org.bluesky_login = ORG["handle"]
    monkeypatch.setenv(fetchers.ENV_PASSWORD_FILE, str(tmp_path / "missing"))
    with pytest.raises(ConfigError) as err:
        fetchers.bluesky_login(world.org)
    assert err.value.field == fetchers.ENV_PASSWORD_FILE and err.value.path == str(tmp_path / "missing")


def test_hr_sets_the_login_on_the_settings_page_and_never_sees_the_password_again(
    client: Any, world: World, bluesky: StandinServer
) -> None:
    client.force_login(world.users["hr"])
    world.org.stream_sources = {"bluesky": {"searches": ["Testdorp"]}}
    world.org.save()
    page = client.get(reverse("organisation")).content.decode()
    assert 'id="login-missing"' in page  # searches set, no login yet
    response = client.post(
        reverse("organisation"),
        {
            "bluesky_login": "@Gemeente.Testdorp.example",
            "app_password": sb.APP_PASSWORD,
            "bluesky_pds": bluesky.url,
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(pk=world.org.pk)
    assert org.bluesky_login == ORG["handle"] and org.bluesky_pds == bluesky.url
    assert fetchers.bluesky_login(org) == fetchers.BlueskyLogin(ORG["handle"], sb.APP_PASSWORD, bluesky.url)
    page = client.get(reverse("organisation")).content.decode()
    assert sb.APP_PASSWORD not in page and org.bluesky_app_password not in page
    assert 'id="login-missing"' not in page and 'id="password-state"' in page
    entry = AuditLog.objects.get(action="org_settings")
    assert entry.actor == world.users["hr"] and "app password replaced" in entry.detail
    assert sb.APP_PASSWORD not in entry.detail
    # the stream job now finds its posts
    assert _run_stream(org).status == "done"
    assert len(_stream_texts(org)) == 2
    # leaving the field empty keeps the password; the checkbox removes it
    client.post(reverse("organisation"), {"bluesky_login": ORG["handle"], "bluesky_pds": bluesky.url})
    assert fetchers.password_source(Organisation.objects.get(pk=org.pk)) == "stored"
    client.post(
        reverse("organisation"),
        {"bluesky_login": ORG["handle"], "bluesky_pds": bluesky.url, "forget_password": "on"},
    )
    assert fetchers.password_source(Organisation.objects.get(pk=org.pk)) is None


def test_settings_form_refuses_a_bad_handle_and_a_contradiction(client: Any, world: World) -> None:
    client.force_login(world.users["hr"])
    response = client.post(reverse("organisation"), {"bluesky_login": "not a handle!", "app_password": "x"})
    assert response.status_code == 200 and response.context["form"].errors["bluesky_login"]
    response = client.post(
        reverse("organisation"),
        {"bluesky_login": ORG["handle"], "app_password": "abcd-efgh", "forget_password": "on"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Organisation.objects.get(pk=world.org.pk).bluesky_app_password == ""


@pytest.mark.parametrize("key", ["emp", "mgr", "rater"])
def test_only_hr_administrators_open_the_organisation_settings(client: Any, world: World, key: str) -> None:
    client.force_login(world.users[key])
    assert client.get(reverse("organisation")).status_code == 403
    assert client.post(reverse("organisation"), {"bluesky_login": "x.example"}).status_code == 403
    assert Organisation.objects.get(pk=world.org.pk).bluesky_login == ""


def test_hr_of_another_organisation_changes_only_their_own(client: Any, world: World) -> None:
    client.force_login(world.users["hr_x"])
    client.post(reverse("organisation"), {"bluesky_login": "andere.example", "app_password": "secret-1"})
    assert Organisation.objects.get(pk=world.org_x.pk).bluesky_login == "andere.example"
    assert Organisation.objects.get(pk=world.org.pk).bluesky_login == ""


def test_hr_can_try_the_login_at_once(client: Any, world: World, bluesky: StandinServer) -> None:
    org = _stream_org(world, bluesky)
    client.force_login(world.users["hr"])
    fetchers.store_app_password(org, "wrong-pass-word-0000")
    page = client.post(reverse("organisation"), {"action": "check"}, follow=True).content.decode()
    assert "werkt niet" in page and "wrong-pass-word-0000" not in page
    fetchers.store_app_password(org, sb.APP_PASSWORD)
    page = client.post(reverse("organisation"), {"action": "check"}, follow=True).content.decode()
    assert f"Bluesky heeft de login van {ORG['handle']} geaccepteerd" in page
    assert bluesky.paths().count("/xrpc/com.atproto.server.createSession") >= 2
    assert Organisation.objects.get(pk=org.pk).bluesky_login == ORG["handle"]  # trying changes nothing
