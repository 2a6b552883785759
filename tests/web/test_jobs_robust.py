"""The background worker survives any failing job; abandoned running jobs are taken up again
(leases); the queue's health view and ``spiegel worker --status``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.utils import timezone

from spiegel.cli import main
from spiegel.errors import MalformedFileError
from spiegel.web import jobs
from spiegel.web.models import Job, Person, ProfileSnapshot, Source

from .conftest import World


def _failing_for(bad: Person, exc: BaseException) -> Callable[..., ProfileSnapshot]:
    real = jobs.build_snapshot

    def build(person: Person, *args: Any, **kwargs: Any) -> ProfileSnapshot:
        if person.pk == bad.pk:
            raise exc
        return real(person, *args, **kwargs)

    return build


@pytest.mark.parametrize(
    "exc",
    [
        OverflowError("date value out of range"),
        KeyError("created_at"),
        RuntimeError("anything at all"),
        ZeroDivisionError("division by zero"),
        OSError(28, "No space left on device", "/srv/spiegel/data/uploads/7/x.zip"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_failing_job_fails_cleanly_and_the_next_job_runs_on_the_same_worker(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, exc: Exception
) -> None:
    bad, good = world.people["emp"], world.people["emp2"]
    monkeypatch.setattr(jobs, "build_snapshot", _failing_for(bad, exc))
    monkeypatch.setattr(jobs, "schedule_periodic", lambda: [])
    first = jobs.enqueue("profile", person=bad)
    second = jobs.enqueue("profile", person=good)
    before = ProfileSnapshot.objects.filter(person=good).count()
    worker = jobs.Worker(interval=0.01)
    with caplog.at_level(logging.ERROR, logger="spiegel.web.jobs"):
        worker.tick()  # one round of the worker thread's loop; it must not raise
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "failed" and first.lease_until is None and first.finished_at is not None
    assert first.error.startswith("internal error, logged with id ")
    error_id = first.error.rsplit(" ", 1)[1]
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
    assert "/srv/" not in first.error and str(exc) not in first.error
    assert second.status == "done"
    assert ProfileSnapshot.objects.filter(person=good).count() == before + 1


def test_bad_input_keeps_what_where_fix_without_the_server_path(world: World, tmp_path: Any) -> None:
    upload = settings.UPLOAD_DIR / "7" / "5f0c2e9a.zip"

    def broken(_source: Source) -> int:
        raise MalformedFileError(
            "the date 'Fri Dec 31 23:59:59 -1000 9999' is out of range",
            path=upload,
            line=12,
            field="created_at",
            fix="Export the archive again.",
        )

    source = Source.objects.create(
        organisation=world.org, person=world.people["emp"], path=str(upload), original_name="twitter-2026.zip"
    )
    job = jobs.enqueue("import", source=source)
    original = jobs.import_source
    jobs.import_source = broken  # type: ignore[assignment]
    try:
        jobs.run_job(job)
    finally:
        jobs.import_source = original  # type: ignore[assignment]
    job.refresh_from_db()
    source.refresh_from_db()
    assert job.status == "failed"
    assert job.error == (
        "twitter-2026.zip, line 12, field 'created_at': "
        "the date 'Fri Dec 31 23:59:59 -1000 9999' is out of range"
        "\n  How to fix: Export the archive again."
    )
    assert source.error == job.error and str(settings.DATA_DIR) not in job.error


def test_worker_round_survives_an_error_outside_any_job(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> list[Job]:
        raise RuntimeError("database went away")

    monkeypatch.setattr(jobs, "schedule_periodic", broken)
    with caplog.at_level(logging.ERROR, logger="spiegel.web.jobs"):
        jobs.Worker().tick()
    assert "round of the background worker failed" in caplog.text


def test_the_worker_thread_keeps_running_after_a_failing_job(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds: list[int] = []

    def run_pending(limit: int = 100) -> int:
        rounds.append(limit)
        raise OverflowError("date value out of range")

    monkeypatch.setattr(jobs, "schedule_periodic", lambda: [])
    monkeypatch.setattr(jobs, "run_pending", run_pending)
    monkeypatch.setattr(jobs, "close_old_connections", lambda: None)
    worker = jobs.Worker(interval=0.01)
    worker.start()
    try:
        deadline = timezone.now() + timedelta(seconds=5)
        while len(rounds) < 3 and timezone.now() < deadline:
            worker.join(0.01)
        assert worker.is_alive() and len(rounds) >= 3
    finally:
        worker.stop()
        worker.join(5)


def _running(world: World, *, lease: timedelta | None, attempts: int = 1) -> Job:
    job = jobs.enqueue("profile", person=world.people["emp"])
    Job.objects.filter(pk=job.pk).update(
        status="running",
        attempts=attempts,
        started_at=timezone.now() - timedelta(hours=1),
        lease_until=None if lease is None else timezone.now() + lease,
    )
    return Job.objects.get(pk=job.pk)


def test_a_running_job_with_an_expired_lease_is_taken_up_again(world: World) -> None:
    abandoned = _running(world, lease=-timedelta(minutes=1))  # its worker was kill -9'd
    held = _running(world, lease=timedelta(minutes=5))  # a live worker still holds it
    assert jobs.run_pending() >= 1
    abandoned.refresh_from_db()
    held.refresh_from_db()
    assert abandoned.status == "done" and abandoned.attempts == 2
    assert held.status == "running"


def test_a_job_left_running_before_leases_existed_is_taken_up_again(world: World) -> None:
    legacy = _running(world, lease=None)
    assert jobs.run_pending() >= 1
    legacy.refresh_from_db()
    assert legacy.status == "done"


def test_an_abandoned_job_fails_after_its_last_attempt(world: World, settings: Any) -> None:
    settings.SPIEGEL_JOB_MAX_ATTEMPTS = 3
    job = _running(world, lease=-timedelta(seconds=1), attempts=3)
    assert jobs.run_pending() == 0
    job.refresh_from_db()
    assert job.status == "failed" and "did not finish it 3 times" in job.error


@pytest.mark.django_db(transaction=True)  # the heartbeat thread writes through its own connection
def test_the_lease_is_renewed_while_a_job_runs(world: World, settings: Any, monkeypatch: Any) -> None:
    settings.SPIEGEL_JOB_LEASE_SECONDS = 0.3
    seen: list[Any] = []

    def slow(person: Person, *args: Any, **kwargs: Any) -> None:
        import time

        time.sleep(0.5)
        seen.append(Job.objects.get(pk=job.pk).lease_until)

    monkeypatch.setattr(jobs, "build_snapshot", slow)
    monkeypatch.setattr(jobs, "enqueue_team_refresh", lambda _p: [])
    job = jobs.enqueue("profile", person=world.people["emp"])
    started = timezone.now()
    jobs.run_job(job)
    # the heartbeat moved the lease beyond its first end (start + 0.3 s)
    assert seen and seen[0] is not None and seen[0] > started + timedelta(seconds=0.35)


def _queue(world: World) -> dict[str, Job]:
    now = timezone.now()
    emp, outsider = world.people["emp"], world.people["outsider"]
    made = {
        "old": jobs.enqueue("profile", person=emp),
        "new": jobs.enqueue("profile", person=emp),
        "stale": _running(world, lease=-timedelta(minutes=2)),
        "live": _running(world, lease=timedelta(minutes=2)),
        "failed1": jobs.enqueue("profile", person=emp),
        "failed2": jobs.enqueue("profile", person=emp),
        "done": jobs.enqueue("profile", person=emp),
        "other_org": jobs.enqueue("profile", person=outsider),
    }
    Job.objects.filter(pk=made["old"].pk).update(created_at=now - timedelta(hours=3))
    Job.objects.filter(pk=made["new"].pk).update(created_at=now - timedelta(minutes=1))
    Job.objects.filter(pk=made["other_org"].pk).update(created_at=now - timedelta(hours=9))
    for i, key in enumerate(("failed1", "failed2")):
        Job.objects.filter(pk=made[key].pk).update(
            status="failed",
            error=f"internal error, logged with id {key}",
            finished_at=now - timedelta(minutes=10 - i),
        )
    Job.objects.filter(pk=made["done"].pk).update(status="done")
    return made


def test_health_numbers(world: World) -> None:
    made = _queue(world)
    now = timezone.now()
    everything = jobs.health(now=now)
    assert everything["counts"] == {"queued": 3, "running": 2, "done": 1, "failed": 2}
    assert everything["oldest_queued"] == Job.objects.get(pk=made["other_org"].pk).created_at
    assert everything["stale_running"] == 1
    assert [f["id"] for f in everything["last_failures"]] == [made["failed2"].pk, made["failed1"].pk]
    own = jobs.health(now=now, organisation=world.org)
    assert own["counts"] == {"queued": 2, "running": 2, "done": 1, "failed": 2}
    assert own["oldest_queued"] == Job.objects.get(pk=made["old"].pk).created_at
    assert 3 * 3600 - 5 < own["oldest_queued_age_s"] < 3 * 3600 + 5
    other = jobs.health(now=now, organisation=world.org_x)
    assert other["counts"] == {"queued": 1, "running": 0, "done": 0, "failed": 0}
    assert other["stale_running"] == 0 and other["last_failures"] == []


QUEUED_NL = "in de wachtrij"


def test_health_page_for_hr_only(world: World, login: Callable[[str], Any]) -> None:
    _queue(world)
    page = login("hr").get("/organisation/jobs/")
    assert page.status_code == 200
    html = page.content.decode()
    queued = '<tr class="utrecht-table__row" data-status="queued"><td class="utrecht-table__cell">{}</td>'
    assert queued.format(QUEUED_NL) + '<td class="utrecht-table__cell">2</td>' in html
    assert "Achtergrondtaken" in html
    assert "1 lopende taak waarvan de verwerker stopte" in html
    assert "logged with id failed2" in html
    assert login("emp").get("/organisation/jobs/").status_code == 403
    other = login("hr_x").get("/organisation/jobs/").content.decode()
    assert "failed2" not in other


def test_worker_status_command(world: World) -> None:
    _queue(world)
    result = CliRunner().invoke(main, ["worker", "--status"])
    assert result.exit_code == 0, result.output
    assert "Background jobs: 3 queued, 2 running, 1 done, 2 failed" in result.output
    assert "Running jobs whose worker stopped (lease ran out): 1" in result.output
    assert "logged with id failed2" in result.output
    assert Job.objects.filter(status="running").count() == 2  # --status changes nothing
