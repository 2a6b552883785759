"""Imports: one transaction per source, idempotent re-runs, a crash leaves nothing half-written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from spiegel.records import Account, Post, Record
from spiegel.web import jobs
from spiegel.web.models import Job, Source, StoredRecord
from spiegel.web.store import import_source, person_inputs, record_from_json, record_to_json, store_records

from .conftest import World


def sample_posts(n: int, start: int = 0) -> list[Post]:
    base = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    return [
        Post(
            platform="mastodon",
            id=f"https://social.example/p/{i}",
            author="emp@social.example",
            created_at=base + timedelta(hours=i),
            text=f"Bericht {i}",
            mentions=["iemand@x.example"],
            visibility="public",
        )
        for i in range(start, start + n)
    ]


def test_record_json_round_trip() -> None:
    post = sample_posts(1)[0]
    back = record_from_json("post", record_to_json(post))
    assert back == post
    account = Account(platform="x", handle="emp", is_self=True)
    assert record_from_json("account", record_to_json(account)) == account


def _source(world: World, tmp_path: Path) -> Source:
    path = tmp_path / "posts.jsonl"
    path.write_text("{}\n")
    return Source.objects.create(
        organisation=world.org, person=world.people["emp"], path=str(path), original_name="posts.jsonl"
    )


def test_import_is_idempotent(world: World, tmp_path: Path) -> None:
    source = _source(world, tmp_path)
    posts = sample_posts(1200)
    assert import_source(source, read=lambda _p, _f: iter(posts)) == 1200
    assert import_source(source, read=lambda _p, _f: iter(posts)) == 1200
    assert StoredRecord.objects.filter(person=world.people["emp"]).count() == 1200
    source.refresh_from_db()
    assert (source.status, source.imported) == ("done", 1200)


def test_crash_mid_import_leaves_nothing_and_rerun_completes(world: World, tmp_path: Path) -> None:
    source = _source(world, tmp_path)
    posts = sample_posts(1500)

    def crashing(_path: str, _format: str | None) -> Iterator[Record]:
        for i, post in enumerate(posts):
            if i == 1100:  # after two batches were written inside the transaction
                raise OSError("disk went away")
            yield post

    job = jobs.enqueue("import", source=source)
    from spiegel.web import store

    original = store.import_source
    jobs.import_source = lambda s: original(s, read=crashing)  # type: ignore[assignment]
    try:
        jobs.run_job(job)
    finally:
        jobs.import_source = original  # type: ignore[assignment]
    job.refresh_from_db()
    source.refresh_from_db()
    # an OSError is the server's problem, not the employee's: the job names a log id, not the error
    assert job.status == "failed" and job.error.startswith("internal error, logged with id ")
    assert source.status == "failed"
    assert StoredRecord.objects.count() == 0
    # re-run (the real reader is replaced by a complete one) completes the import
    jobs.requeue_failed()
    jobs.import_source = lambda s: original(s, read=lambda _p, _f: iter(posts))  # type: ignore[assignment]
    try:
        assert jobs.run_pending() >= 1
    finally:
        jobs.import_source = original  # type: ignore[assignment]
    assert StoredRecord.objects.count() == 1500
    assert Job.objects.get(pk=job.pk).status == "done"


def test_import_of_a_real_generic_file(world: World, tmp_path: Path) -> None:
    from spiegel.sources.generic import write_jsonl

    path = tmp_path / "posts.jsonl"
    write_jsonl(sample_posts(5), path)
    source = Source.objects.create(
        organisation=world.org, person=world.people["emp"], path=str(path), original_name=path.name
    )
    assert import_source(source) == 5
    inputs = person_inputs(world.people["emp"])
    assert [p.text for p in inputs.posts] == [f"Bericht {i}" for i in range(5)]
    assert inputs.inbound is None and inputs.stream is None


def test_unreadable_upload_fails_with_a_message(world: World, tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    source = Source.objects.create(
        organisation=world.org, person=world.people["emp"], path=str(path), original_name="broken.zip"
    )
    job = jobs.enqueue("import", source=source)
    jobs.run_job(job)
    source.refresh_from_db()
    assert source.status == "failed" and source.error
    assert StoredRecord.objects.count() == 0


def test_fetch_job_is_idempotent_and_stops_after_withdrawal(world: World, tmp_path: Path) -> None:
    from spiegel.sources.generic import write_jsonl

    calls: list[str] = []

    def fake_fetch(account: object, since: datetime | None) -> Path:
        calls.append(str(account))
        path = tmp_path / f"fetch-{len(calls)}.jsonl"
        # each fetch of an account returns one more post, overlapping the previous fetch
        write_jsonl(sample_posts(3 + calls.count(str(account))), path)
        return path

    jobs.register_fetcher("mastodon", fake_fetch)
    try:
        account = world.people["emp"].accounts.get()
        queued = jobs.schedule_periodic()
        assert any(j.kind == "fetch" and j.payload["account"] == account.pk for j in queued)
        jobs.run_pending()
        assert StoredRecord.objects.filter(account=account, record_type="post").count() == 4
        account.refresh_from_db()
        account.last_fetched_at = None
        account.save()
        jobs.schedule_periodic()
        jobs.run_pending()
        assert StoredRecord.objects.filter(account=account, record_type="post").count() == 5  # no doubles
        account.consent_withdrawn_at = datetime.now(UTC)
        account.last_fetched_at = None
        account.save()
        n_calls = calls.count(str(account))
        jobs.schedule_periodic()
        jobs.run_pending()
        assert calls.count(str(account)) == n_calls
    finally:
        jobs.FETCHERS.pop("mastodon")


@pytest.mark.parametrize("n", [0, 3])
def test_store_records_counts(world: World, n: int) -> None:
    assert store_records(world.org, sample_posts(n), person=world.people["emp"]) == n


def test_default_fetchers_use_the_api_clients(settings: object) -> None:
    from spiegel.web import fetchers

    settings.SPIEGEL_FETCHERS = {  # type: ignore[attr-defined]
        "mastodon": "spiegel.web.fetchers.fetch_mastodon_account",
        "bluesky": "spiegel.web.fetchers.fetch_bluesky_account",
    }
    found = jobs.fetchers()
    assert found == {"mastodon": fetchers.fetch_mastodon_account, "bluesky": fetchers.fetch_bluesky_account}


def test_mastodon_fetch_needs_a_server(world: World) -> None:
    from spiegel.errors import ConfigError
    from spiegel.web.fetchers import fetch_mastodon_account
    from spiegel.web.models import ConnectedAccount

    account = ConnectedAccount(
        person=world.people["emp"], platform="mastodon", handle="naamloos", purpose="x"
    )
    with pytest.raises(ConfigError) as err:
        fetch_mastodon_account(account, None)
    assert err.value.field == "instance"


def test_org_stream_fetch_is_scheduled_idempotent_and_refreshes_teams(world: World, tmp_path: Path) -> None:
    from spiegel.sources.generic import write_jsonl
    from spiegel.web.models import Organisation

    runs: list[int] = []

    def fake_stream(org: Organisation, since: datetime | None) -> list[Path]:
        runs.append(org.pk)
        path = tmp_path / f"stream-{len(runs)}.jsonl"
        write_jsonl(sample_posts(2 + len(runs)), path)  # overlaps the previous run
        return [path]

    world.org.stream_sources = {"mastodon": {"instance": "https://social.example", "hashtags": ["testdorp"]}}
    world.org.save()
    jobs.register_fetcher("stream", fake_stream)  # type: ignore[arg-type]
    try:
        queued = jobs.schedule_periodic()
        assert [j.payload for j in queued if "stream" in j.payload] == [{"stream": world.org.pk}]
        jobs.run_pending()
        Organisation.objects.filter(pk=world.org.pk).update(stream_fetched_at=None)
        jobs.schedule_periodic()
        jobs.run_pending()
    finally:
        jobs.FETCHERS.pop("stream")
    assert runs == [world.org.pk, world.org.pk]  # the other organisation has no stream configured
    stream = StoredRecord.objects.filter(owner_key="org", direction="stream", record_type="post")
    assert stream.count() == 4 and set(stream.values_list("organisation_id", flat=True)) == {world.org.pk}
    assert Job.objects.filter(kind="team", status="done").exists()
