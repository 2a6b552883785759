# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Background work kept in the :class:`~spiegel.web.models.Job` table.

``spiegel serve`` and ``spiegel worker`` run the jobs in a pool of worker processes
(:class:`spiegel.web.pool.WorkerPool`; :class:`Worker` runs them in a thread instead); each takes
queued jobs oldest first. Kinds:

- ``import``: one uploaded/fetched file → records, in one transaction (:func:`store.import_source`);
  a profile job follows;
- ``fetch``: a connected Mastodon/Bluesky account (or the organisation stream) through the API
  clients, written to a file, then imported like an upload (idempotent on post id);
- ``profile``: build a profile snapshot with the core (``spiegel.pipeline.build_profile``);
- ``retention``: delete what is older than its :class:`RetentionPolicy` term.

A job that raises, whatever the exception, is marked failed (:func:`failure_message`: bad input
keeps its what/where/fix, anything unexpected becomes "internal error, logged with id X") and
the worker goes on with the next job; re-queueing it (``requeue_failed``) runs it again and,
thanks to the transaction and the unique keys, completes what was left.

A running job holds a lease (``Job.lease_until``) that its worker renews while it works. A job
whose lease ran out was abandoned (the worker was killed or the machine restarted): the next
worker queues it again, or fails it once it was started ``SPIEGEL_JOB_MAX_ATTEMPTS`` times.
:func:`health` sums up the queue for HR and ``spiegel worker --status``.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, models, transaction
from django.utils import timezone

from spiegel.errors import InputError, SpiegelError
from spiegel.records import Post
from spiegel.web.models import (
    ConnectedAccount,
    Job,
    Organisation,
    Person,
    ProfileSnapshot,
    Source,
    Team,
)
from spiegel.web.store import import_source, person_inputs, window_start

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
    """Run the core on *person*'s stored records and keep the result as a snapshot. The window
    defaults to the organisation's assessment window (``Organisation.window_days``) up to now:
    older records are never analysed, even before retention deletes them."""
    from spiegel.pipeline import build_profile, classifier_version

    if since is None:
        since = window_start(person.organisation)
    if until is None:
        until = timezone.now()
    inputs = person_inputs(person, since, until)
    if person.organisation.config:
        from spiegel.org import parse_org

        inputs.org = parse_org(person.organisation.config)
        if person.organisation.work_posts_only:
            inputs.posts = work_posts(inputs.posts, inputs.org, inputs.inbound)
    from spiegel.web.deployer import active_model

    profile = build_profile(inputs, model=active_model(person.organisation)).to_dict()
    window = profile.get("window") or {}
    return ProfileSnapshot.objects.create(
        person=person,
        window_start=_parse(window.get("since") or window.get("first_post")) or since,
        window_end=_parse(window.get("until") or window.get("last_post")) or until,
        profile=profile,
        model_version=str((profile.get("model") or {}).get("version", "")),
        classifier_version=str((profile.get("model") or {}).get("classifiers") or classifier_version()),
    )


def work_posts(posts: list[Post], org: Any, inbound: list[Post] | None) -> list[Post]:
    """The work posts among *posts* (organisation setting ``work_posts_only``): about the
    organisation's topics or name, to or from its colleagues and official accounts
    (:func:`spiegel.competencies.indicators.personal_voice.is_work`), or answers to a message
    addressed to the person."""
    from spiegel.competencies.indicators.personal_voice import is_work, work_terms

    handles, pattern = work_terms(org)
    answered = {p.id for p in inbound or []}
    return [p for p in posts if is_work(p, handles, pattern) or (p.in_reply_to_id or "") in answered]


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


#: how long a worker holds a running job before others may take it up (it renews the lease every
#: third of this while the job runs); setting ``SPIEGEL_JOB_LEASE_SECONDS``
DEFAULT_LEASE_SECONDS = 600
#: how often a job is started before an abandoned run counts as its last; setting
#: ``SPIEGEL_JOB_MAX_ATTEMPTS``
DEFAULT_MAX_ATTEMPTS = 3


def lease_seconds() -> float:
    return float(getattr(settings, "SPIEGEL_JOB_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def max_attempts() -> int:
    return int(getattr(settings, "SPIEGEL_JOB_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def _hide_server_paths(text: str) -> str:
    """*text* without the server's own folders (the data dir, uploads): a job error is shown to
    the employee and HR, who need not know where the server keeps its files."""
    for folder in sorted(
        {str(settings.DATA_DIR), str(getattr(settings, "UPLOAD_DIR", ""))}, key=len, reverse=True
    ):
        if folder:
            text = text.replace(folder.rstrip("/") + "/", "").replace(folder, "")
    return text


def failure_message(exc: BaseException, source: Source | None = None) -> tuple[str, str | None]:
    """What a failed job says about *exc*, and the id under which the traceback was logged
    (None when *exc* is an expected error with its own message).

    Bad input (:class:`InputError`) keeps its what/where/fix, with a file named by its name only
    (*source*'s upload by its original name);
    a platform failure (:class:`RemoteError`) keeps its message; anything else is a bug or a
    server problem: the message only gives an id to find the logged traceback with."""
    if isinstance(exc, InputError):
        where = []
        if exc.path:  # the upload by the name it was uploaded under, any other file by its name
            same = source is not None and source.path and Path(exc.path) == Path(source.path)
            where.append(source.original_name if same and source is not None else Path(exc.path).name)
        if exc.line is not None:
            where.append(f"line {exc.line}")
        if exc.field:
            where.append(f"field {exc.field!r}")
        text = f"{', '.join(where)}: {exc.what}" if where else exc.what
        if exc.fix:
            text += f"\n  How to fix: {exc.fix}"
        return _hide_server_paths(text), None
    if isinstance(exc, SpiegelError):
        return _hide_server_paths(str(exc)), None
    error_id = uuid.uuid4().hex[:12]
    return f"internal error, logged with id {error_id}", error_id


class _Lease:
    """Renews a running job's lease in the background while the job runs (a heartbeat)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"spiegel-lease-{job_id}", daemon=True)

    def __enter__(self) -> _Lease:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _beat(self) -> None:
        every = max(lease_seconds() / 3, 0.05)
        try:
            while not self._done.wait(every):
                try:
                    Job.objects.filter(pk=self.job_id, status="running").update(
                        lease_until=timezone.now() + timedelta(seconds=lease_seconds())
                    )
                except Exception:  # a missed beat only shortens the lease; never stop the job
                    log.warning("could not renew the lease of job %s", self.job_id, exc_info=True)
        finally:
            from django.db import connection

            connection.close()


def _run_kind(job: Job) -> None:
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


def run_job(job: Job) -> None:
    """Run one job now and record its outcome. Never raises for the job's own errors, whatever
    they are: the job is marked failed with :func:`failure_message` and the caller goes on."""
    job.status = "running"
    job.attempts += 1
    job.started_at = timezone.now()
    job.lease_until = job.started_at + timedelta(seconds=lease_seconds())
    job.save(update_fields=["status", "attempts", "started_at", "lease_until"])
    try:
        with _Lease(job.pk):
            _run_kind(job)
    except Exception as exc:  # any exception: one bad job must never stop the others
        message, error_id = failure_message(exc, job.source if job.source_id is not None else None)
        if error_id is None:
            log.warning("job %s (%s) failed: %s", job.pk, job.kind, exc)
        else:
            log.error("job %s (%s) failed, error id %s", job.pk, job.kind, error_id, exc_info=exc)
        job.status = "failed"
        job.error = message
        if job.source_id is not None:
            Source.objects.filter(pk=job.source_id).update(status="failed", error=message)
    else:
        job.status = "done"
    job.finished_at = timezone.now()
    job.lease_until = None
    job.save()


def _stale_running(now: datetime | None = None) -> Any:
    """Running jobs whose lease ran out (or that never had one): their worker is gone."""
    return Job.objects.filter(status="running").filter(
        models.Q(lease_until__lt=now or timezone.now()) | models.Q(lease_until__isnull=True)
    )


def recover_stale() -> int:
    """Queue again the abandoned running jobs (worker killed, machine restarted) that have
    attempts left; fail the others with a message. Returns how many were queued again."""
    queued = 0
    for job in _stale_running():
        if job.attempts >= max_attempts():
            message = (
                f"stopped: the worker running this job did not finish it {job.attempts} times "
                "(it was stopped or crashed). Queue it again with `spiegel worker --retry-failed` "
                "once the cause is fixed."
            )
            updated = Job.objects.filter(pk=job.pk, status="running", lease_until=job.lease_until).update(
                status="failed", error=message, finished_at=timezone.now(), lease_until=None
            )
            if updated and job.source_id is not None:
                Source.objects.filter(pk=job.source_id).update(status="failed", error=message)
        else:
            queued += Job.objects.filter(pk=job.pk, status="running", lease_until=job.lease_until).update(
                status="queued", lease_until=None
            )
    if queued:
        log.warning("queued %s abandoned job(s) again", queued)
    return queued


def claim_next() -> Job | None:
    """Take the oldest queued job under a lease. Safe with several worker processes
    (:mod:`spiegel.web.pool`): PostgreSQL skips rows another worker has locked, and the update
    only succeeds while the job is still queued, so no job is ever claimed twice."""
    recover_stale()
    for _ in range(20):
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(status="queued")
                .order_by("created_at", "id")
                .first()
            )
            if job is None:
                return None
            lease = timezone.now() + timedelta(seconds=lease_seconds())
            if not Job.objects.filter(pk=job.pk, status="queued").update(status="running", lease_until=lease):
                continue  # another worker took it first: try the next one
            job.status = "running"
            job.lease_until = lease
            return job
    return None


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


def organisation_jobs(org: Organisation) -> Any:
    """The jobs that concern *org*: its people's and sources' jobs, its accounts' fetches, its
    stream and its teams (the daily retention run concerns every organisation and is left out)."""
    q = models.Q(person__organisation=org) | models.Q(source__organisation=org)
    q |= models.Q(kind="fetch", payload__stream=org.pk)
    accounts = list(ConnectedAccount.objects.filter(person__organisation=org).values_list("pk", flat=True))
    if accounts:
        q |= models.Q(kind="fetch", payload__account__in=accounts)
    teams = list(Team.objects.filter(organisation=org).values_list("pk", flat=True))
    if teams:
        q |= models.Q(kind="team", payload__team__in=teams)
    return Job.objects.filter(q)


def health(
    now: datetime | None = None, failures: int = 5, organisation: Organisation | None = None
) -> dict[str, Any]:
    """The state of the job queue, for HR/administrators and ``spiegel worker --status``:
    jobs per status, the oldest queued job and its age, running jobs whose lease ran out, and
    the last failures; only *organisation*'s jobs when one is given."""
    from django.db.models import Count

    now = now or timezone.now()
    scope = Job.objects.all() if organisation is None else organisation_jobs(organisation)
    counts = {status: 0 for status, _label in Job.STATUSES}
    for row in scope.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    oldest = scope.filter(status="queued").order_by("created_at", "id").first()
    return {
        "counts": counts,
        "oldest_queued": oldest.created_at if oldest else None,
        "oldest_queued_age_s": (now - oldest.created_at).total_seconds() if oldest else None,
        "stale_running": _stale_running(now).filter(pk__in=scope.values("pk")).count(),
        "last_failures": [
            {"id": j.pk, "kind": j.kind, "at": j.finished_at or j.created_at, "error": j.error}
            for j in scope.filter(status="failed").order_by("-finished_at", "-id")[:failures]
        ],
    }


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
            self.tick()
            self._stop_event.wait(self.interval)

    def tick(self) -> None:
        """One round: schedule, run what is queued. Never raises: a failing round (the database
        away for a moment) is logged and the next round tries again."""
        try:
            close_old_connections()
            schedule_periodic()
            run_pending(limit=10)
        except Exception:
            log.exception("a round of the background worker failed; trying again in %ss", self.interval)
        finally:
            close_old_connections()
