# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Background work kept in the :class:`~spiegel.web.models.Job` table.

``spiegel serve`` runs :class:`Worker` in a thread (and ``spiegel worker`` runs it on its own);
it takes queued jobs oldest first. Kinds:

- ``import``: one uploaded/fetched file → records, in one transaction (:func:`store.import_source`);
  a profile job follows;
- ``fetch``: a connected Mastodon/Bluesky account (or the organisation stream) through the API
  clients, written to a file, then imported like an upload (idempotent on post id);
- ``profile``: build a profile snapshot with the core (``spiegel.pipeline.build_profile``);
- ``retention``: delete what is older than its :class:`RetentionPolicy` term.

A job that crashes is marked failed with the error; re-queueing it (``requeue_failed``) runs it
again and, thanks to the transaction and the unique keys, completes what was left.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from spiegel.errors import SpiegelError
from spiegel.web.models import (
    ConnectedAccount,
    Job,
    Organisation,
    Person,
    ProfileSnapshot,
    Source,
    Team,
)
from spiegel.web.store import import_source, person_inputs

log = logging.getLogger("spiegel.web.jobs")

Fetcher = Callable[[ConnectedAccount, datetime | None], Path]
#: fetch functions registered at run time (tests register fakes); they take precedence over
#: the ``SPIEGEL_FETCHERS`` setting (platform -> dotted path, default: spiegel.web.fetchers)
FETCHERS: dict[str, Fetcher] = {}


def register_fetcher(platform: str, fetch: Fetcher) -> None:
    FETCHERS[platform] = fetch


def fetchers() -> dict[str, Fetcher]:
    """Fetch functions by platform: (account, since) -> path of a generic JSONL file."""
    from django.utils.module_loading import import_string

    found = {platform: import_string(path) for platform, path in settings.SPIEGEL_FETCHERS.items()}
    found.update((k, v) for k, v in FETCHERS.items() if k != "stream")
    return found


def enqueue(kind: str, *, source: Source | None = None, person: Person | None = None, **payload: Any) -> Job:
    return Job.objects.create(kind=kind, source=source, person=person, payload=payload)


def enqueue_team_refresh(person: Person) -> list[Job]:
    """Queue a figures refresh of *person*'s team and the teams above it (once each)."""
    from spiegel.web.team_measures import teams_above

    queued = []
    for team_id in teams_above(person.team_id):
        if not Job.objects.filter(kind="team", status="queued", payload__team=team_id).exists():
            queued.append(enqueue("team", team=team_id))
    return queued


def requeue_failed() -> int:
    return Job.objects.filter(status="failed").update(status="queued", error="")


def build_snapshot(
    person: Person, since: datetime | None = None, until: datetime | None = None
) -> ProfileSnapshot:
    """Run the core on *person*'s stored records and keep the result as a snapshot."""
    from spiegel.pipeline import build_profile

    inputs = person_inputs(person, since, until)
    if person.organisation.config:
        from spiegel.org import parse_org

        inputs.org = parse_org(person.organisation.config)
    profile = build_profile(inputs).to_dict()
    window = profile.get("window") or {}
    return ProfileSnapshot.objects.create(
        person=person,
        window_start=_parse(window.get("since") or window.get("first_post")) or since,
        window_end=_parse(window.get("until") or window.get("last_post")) or until,
        profile=profile,
        model_version=str((profile.get("model") or {}).get("version", "")),
    )


def _parse(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Delete everything older than its retention term; return counts per data type
    (:func:`spiegel.web.retention.apply`)."""
    from spiegel.web.retention import apply

    return apply(now)


def _run_stream_fetch(job: Job) -> None:
    from spiegel.web.fetchers import StreamIncomplete

    org = Organisation.objects.get(pk=job.payload["stream"])
    fetch = stream_fetcher()
    if fetch is None:
        return
    incomplete: StreamIncomplete | None = None
    try:
        paths = fetch(org, org.stream_fetched_at)
    except StreamIncomplete as exc:
        # e.g. Bluesky without a login: keep what was collected, then report the job as failed
        # with the reason (the next try follows at the usual rhythm, not at once)
        paths, incomplete = exc.paths, exc
    for path in paths:
        source = Source.objects.create(
            organisation=org, direction="stream", path=str(path), original_name=path.name, format="generic"
        )
        import_source(source)
    Organisation.objects.filter(pk=org.pk).update(stream_fetched_at=timezone.now())
    for team in Team.objects.filter(organisation=org):
        if not Job.objects.filter(kind="team", status="queued", payload__team=team.pk).exists():
            enqueue("team", team=team.pk)
    if incomplete is not None:
        raise incomplete


def stream_fetcher() -> Callable[[Organisation, datetime | None], list[Path]] | None:
    """The organisation-stream fetch function (setting ``SPIEGEL_STREAM_FETCHER``; tests
    register one with ``register_fetcher("stream", …)``)."""
    from django.utils.module_loading import import_string

    if "stream" in FETCHERS:
        return FETCHERS["stream"]  # type: ignore[return-value]
    return import_string(settings.SPIEGEL_STREAM_FETCHER) if settings.SPIEGEL_STREAM_FETCHER else None


def _run_fetch(job: Job) -> None:
    if "stream" in job.payload:
        _run_stream_fetch(job)
        return
    account = ConnectedAccount.objects.select_related("person").get(pk=job.payload["account"])
    if not account.active:
        return  # consent withdrawn since the job was queued: collect nothing
    fetch = fetchers().get(account.platform)
    if fetch is None:
        raise SpiegelError(f"no fetcher for platform {account.platform!r}")
    path = fetch(account, account.last_fetched_at)
    source = Source.objects.create(
        organisation=account.person.organisation,
        person=account.person,
        account=account,
        direction=job.payload.get("direction", "own"),
        path=str(path),
        original_name=path.name,
        format="generic",
    )
    import_source(source)
    ConnectedAccount.objects.filter(pk=account.pk).update(last_fetched_at=timezone.now())
    enqueue("profile", person=account.person)


def run_job(job: Job) -> None:
    """Run one job now and record its outcome (never raises for the job's own errors)."""
    job.status = "running"
    job.attempts += 1
    job.started_at = timezone.now()
    job.save(update_fields=["status", "attempts", "started_at"])
    try:
        if job.kind == "import":
            assert job.source is not None
            import_source(job.source)
            if job.source.person is not None:
                enqueue("profile", person=job.source.person)
        elif job.kind == "profile" and job.person is not None:
            build_snapshot(job.person)
            enqueue_team_refresh(job.person)
        elif job.kind == "team":
            from spiegel.web.team_measures import refresh_figures

            team = Team.objects.filter(pk=job.payload.get("team")).first()
            if team is not None:
                refresh_figures(team)
        elif job.kind == "fetch":
            _run_fetch(job)
        elif job.kind == "retention":
            job.payload = {"deleted": apply_retention()}
    except (SpiegelError, OSError, ValueError, KeyError) as exc:
        log.warning("job %s (%s) failed: %s", job.pk, job.kind, exc)
        job.status = "failed"
        job.error = str(exc)
        if job.source is not None:
            Source.objects.filter(pk=job.source.pk).update(status="failed", error=str(exc))
    else:
        job.status = "done"
    job.finished_at = timezone.now()
    job.save()


def claim_next() -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(status="queued").order_by("created_at", "id").first()
        if job is None:
            return None
        Job.objects.filter(pk=job.pk).update(status="running")
        job.status = "running"
        return job


def run_pending(limit: int = 100) -> int:
    """Run up to *limit* queued jobs; return how many ran."""
    ran = 0
    while ran < limit:
        job = claim_next()
        if job is None:
            break
        run_job(job)
        ran += 1
    return ran


def schedule_periodic(now: datetime | None = None) -> list[Job]:
    """Queue the periodic jobs that are due: fetches of consented accounts and the retention
    run (at most one queued of each)."""
    now = now or timezone.now()
    queued: list[Job] = []
    every = timedelta(minutes=getattr(settings, "SPIEGEL_FETCH_EVERY_MINUTES", 60))
    for account in ConnectedAccount.objects.filter(
        consent_given_at__isnull=False, consent_withdrawn_at__isnull=True, platform__in=list(fetchers())
    ):
        if account.last_fetched_at and now - account.last_fetched_at < every:
            continue
        if Job.objects.filter(kind="fetch", status="queued", payload__account=account.pk).exists():
            continue
        queued.append(enqueue("fetch", account=account.pk))
    if stream_fetcher() is not None:
        for org in Organisation.objects.exclude(stream_sources={}):
            if org.stream_fetched_at and now - org.stream_fetched_at < every:
                continue
            if Job.objects.filter(kind="fetch", status="queued", payload__stream=org.pk).exists():
                continue
            queued.append(enqueue("fetch", stream=org.pk))
    last = Job.objects.filter(kind="retention").order_by("-created_at").first()
    if last is None or now - last.created_at >= timedelta(days=1):
        queued.append(enqueue("retention"))
    return queued


class Worker(threading.Thread):
    """Runs queued jobs, and schedules the periodic ones, until :meth:`stop` is called."""

    def __init__(self, interval: float = 2.0) -> None:
        super().__init__(name="spiegel-worker", daemon=True)
        self.interval = interval
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()

    def run(self) -> None:
        while not self._stop_event.is_set():
            close_old_connections()
            schedule_periodic()
            run_pending(limit=10)
            close_old_connections()
            self._stop_event.wait(self.interval)
