# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Storing imported records and reading them back as the core's inputs.

An import runs in ONE database transaction: either all records of a source are stored and the
source is marked done, or nothing is (a crash rolls back; re-running the job completes it, and
the unique key on each record makes a re-run add nothing twice).

Minimisation at intake (issue 16): an import stores only what the assessment may use
(:class:`Minimiser`): posts that are public (``public``/``unlisted``; direct messages and
followers-only posts are dropped), dated inside the organisation's assessment window, without
the source's raw payload. What was left out is counted on the source, and after a successful
import the uploaded or fetched file is deleted (:func:`remove_imported_file`), so the archive is
never kept whole.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from spiegel.behaviour.inputs import PersonInputs
from spiegel.pipeline import confirmed_interaction
from spiegel.records import Account, Interaction, Post, Record, normalize_handle
from spiegel.sources._meta import UNKNOWN
from spiegel.sources._notices import collecting
from spiegel.web.models import Organisation, Person, Source, StoredRecord

BATCH = 500
_TYPES: dict[str, type[Any]] = {"post": Post, "interaction": Interaction, "account": Account}
_DATE_FIELDS = ("created_at",)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def record_type(record: Record) -> str:
    if isinstance(record, Post):
        return "post"
    if isinstance(record, Interaction):
        return "interaction"
    return "account"


def record_key(record: Record) -> str:
    if isinstance(record, Post):
        return record.id
    if isinstance(record, Account):
        return record.id or record.handle
    when = record.created_at.isoformat() if record.created_at else ""
    return f"{record.kind}:{record.actor}:{record.target_id or record.target_author}:{when}"[:500]


def record_to_json(record: Record) -> dict[str, Any]:
    return {f.name: _jsonable(getattr(record, f.name)) for f in dataclasses.fields(record)}


def record_from_json(kind: str, data: dict[str, Any]) -> Record:
    cls = _TYPES[kind]
    values = dict(data)
    for name in _DATE_FIELDS:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})


def _rows(
    organisation: Organisation,
    records: Iterable[Record],
    *,
    person: Person | None,
    direction: str,
    source: Source | None,
    account_id: int | None,
) -> Iterator[StoredRecord]:
    owner_key = f"p{person.pk}" if person is not None else "org"
    for record in records:
        created = getattr(record, "created_at", None)
        yield StoredRecord(
            organisation=organisation,
            person=person,
            account_id=account_id,
            source=source,
            owner_key=owner_key,
            direction=direction,
            record_type=record_type(record),
            platform=record.platform,
            record_id=record_key(record),
            created_at=created,
            data=record_to_json(record),
        )


def store_records(
    organisation: Organisation,
    records: Iterable[Record],
    *,
    person: Person | None = None,
    direction: str = "own",
    source: Source | None = None,
    account_id: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Store *records* (idempotent on the platform id); return how many were read. Call it
    inside a transaction to make a whole import atomic."""
    batch: list[StoredRecord] = []
    seen = 0
    for row in _rows(
        organisation, records, person=person, direction=direction, source=source, account_id=account_id
    ):
        batch.append(row)
        seen += 1
        if len(batch) >= BATCH:
            StoredRecord.objects.bulk_create(batch, ignore_conflicts=True)
            batch.clear()
            if progress:
                progress(seen)
    if batch:
        StoredRecord.objects.bulk_create(batch, ignore_conflicts=True)
    if progress:
        progress(seen)
    return seen


#: the visibilities a stored post may have (Mastodon's ``unlisted`` is public, only not listed).
#: Meta's exports do not record the audience: their items are stored as ``unknown`` and count in
#: no measure until the employee declares the account public (:func:`counts_as_public`)
PUBLIC_VISIBILITIES = frozenset({None, "public", "unlisted", UNKNOWN})


def window_start(organisation: Organisation, now: datetime | None = None) -> datetime:
    """The start of *organisation*'s assessment window (its ``window_days`` before *now*)."""
    return (now or timezone.now()) - timedelta(days=organisation.window_days)


class Minimiser:
    """Keeps only what the assessment may use and counts what it drops, per reason:
    ``not_public`` (direct messages, followers-only and other non-public posts),
    ``outside_window`` (posts and interactions dated before the window or in the future) and
    ``raw_payloads`` (the source items kept whole by the importers, removed from what is kept).
    Accounts (the person's own profile, authors in the network) carry no date and are kept."""

    def __init__(
        self, since: datetime | None, until: datetime | None = None, objected: set[str] | None = None
    ) -> None:
        self.since = since
        self.until = until
        #: authors who objected (spiegel.web.third_parties): their posts are not stored
        self.objected = objected or set()
        self.dropped: Counter[str] = Counter()

    def _in_window(self, when: datetime | None) -> bool:
        if when is None:
            return True
        return (self.since is None or when >= self.since) and (self.until is None or when <= self.until)

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        for record in records:
            if isinstance(record, Post) and record.visibility not in PUBLIC_VISIBILITIES:
                self.dropped["not_public"] += 1
                continue
            if (
                isinstance(record, Post)
                and self.objected
                and normalize_handle(record.author) in self.objected
            ):
                self.dropped["objected"] += 1
                continue
            if not isinstance(record, Account) and not self._in_window(record.created_at):
                self.dropped["outside_window"] += 1
                continue
            if record.raw is not None:
                self.dropped["raw_payloads"] += 1
                record = dataclasses.replace(record, raw=None)
            yield record


def remove_imported_file(source: Source) -> bool:
    """Delete the uploaded archive of *source* once its records are stored: only the minimised
    records are kept. Only files in the upload folder go (a fetched file holds public posts only
    and keeps the fetch's paging state: it goes with its account). Returns whether a file was
    removed."""
    from django.conf import settings

    if not source.path:
        return False
    path = Path(source.path)
    if not path.is_file() or not path.resolve().is_relative_to(Path(settings.UPLOAD_DIR).resolve()):
        return False
    path.unlink(missing_ok=True)
    return True


def import_source(
    source: Source,
    read: Callable[[str, str | None], Iterable[Record]] | None = None,
    now: datetime | None = None,
) -> int:
    """Import one uploaded/fetched file in one transaction, minimised (:class:`Minimiser`, the
    window of the source's organisation ending at *now*); mark the source done with the counts
    of what was left out, then delete the file. *read* defaults to
    :func:`spiegel.sources.read_path` (tests pass a failing one)."""
    if read is None:
        from spiegel.sources import read_path

        read = read_path
    now = now or timezone.now()
    from spiegel.web.third_parties import objected_handles

    keep = Minimiser(window_start(source.organisation, now), now, objected_handles(source.organisation))
    source.status = "running"
    source.save(update_fields=["status"])

    def progress(n: int) -> None:
        # progress is reported outside the import transaction, so the page can show it
        Source.objects.filter(pk=source.pk).update(processed=n)

    with transaction.atomic(), collecting() as notices:
        count = store_records(
            source.organisation,
            keep(read(source.path, source.format or None)),
            person=source.person,
            direction=source.direction,
            source=source,
            account_id=source.account_id,
            progress=progress,
        )
        # the stored upload's name means nothing to the person: show the name they uploaded
        source.notices = {
            lang: [m.replace(str(source.path), source.original_name) for m in notices.messages(lang)]
            for lang in ("nl", "en")
        }
        source.status = "done"
        source.imported = count
        source.processed = count
        source.error = ""
        source.finished_at = timezone.now()
        source.dropped = {
            k: keep.dropped.get(k, 0) for k in ("not_public", "outside_window", "raw_payloads", "objected")
        }
        source.save()
    # after the commit: a failed import keeps its file so that a re-run can complete it
    if remove_imported_file(source):
        source.file_removed_at = timezone.now()
        source.save(update_fields=["file_removed_at"])
    return count


def _visible(qs: Any, person: Person) -> Any:
    """Records of accounts whose consent is withdrawn are hidden at once."""
    return qs.exclude(account__consent_withdrawn_at__isnull=False)


def person_records(person: Person, direction: str) -> list[Record]:
    qs = _visible(StoredRecord.objects.filter(person=person, direction=direction), person)
    return [record_from_json(r.record_type, r.data) for r in qs.order_by("created_at", "id")]


def stream_records(organisation: Organisation) -> list[Post]:
    qs = StoredRecord.objects.filter(
        organisation=organisation, owner_key="org", direction="stream", record_type="post"
    )
    return [record_from_json("post", r.data) for r in qs.order_by("created_at", "id")]


def _counts(post: Post, declared: frozenset[str]) -> bool:
    """A public post; one whose visibility the export does not record (Facebook, Instagram,
    Threads) only when its account is declared public."""
    if post.visibility == UNKNOWN:
        return normalize_handle(post.author) in declared
    return post.visibility in (None, "public")


def person_inputs(
    person: Person,
    since: datetime | None = None,
    until: datetime | None = None,
    stream: list[Post] | None = None,
) -> PersonInputs:
    """The core's inputs for *person* from the stored records of their consented accounts
    (*stream*: the organisation stream when the caller already loaded it)."""
    own = person_records(person, "own")
    inbound_rows = person_records(person, "inbound")
    posts = [r for r in own if isinstance(r, Post)]
    accounts = [r for r in own if isinstance(r, Account)]
    handles = {a.handle for a in accounts if a.is_self}
    handles |= {acc.handle.lower().lstrip("@") for acc in person.active_accounts()}
    declared = frozenset(
        normalize_handle(acc.handle) or ""
        for acc in person.active_accounts()
        if acc.declared_public_at is not None
    )
    has_inbound = StoredRecord.objects.filter(person=person, direction="inbound").exists()
    if (
        stream is None
        and StoredRecord.objects.filter(organisation=person.organisation, owner_key="org").exists()
    ):
        stream = stream_records(person.organisation)

    def in_window(p: Post) -> bool:
        return (since is None or p.created_at >= since) and (until is None or p.created_at <= until)

    return PersonInputs(
        handles=handles,
        posts=[p for p in posts if in_window(p) and _counts(p, declared)],
        interactions=[r for r in own if isinstance(r, Interaction) and confirmed_interaction(r, declared)],
        accounts=accounts,
        inbound=[p for p in inbound_rows if isinstance(p, Post) and in_window(p)] if has_inbound else None,
        stream=[p for p in stream if in_window(p)] if stream is not None else None,
        since=since,
        until=until,
        display_name=person.name,
    )
