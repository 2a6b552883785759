# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Retention terms per data type and their enforcement.

A :class:`RetentionPolicy` without organisation is the installation's default (set in the
admin); an organisation's administrator may set the organisation's own terms in the app, within
:data:`BOUNDS`. Where neither is set, the shipped term applies (:data:`DEFAULT_TERMS`). The
daily retention job (:func:`apply`) deletes, per data type, what is older than the term that
applies to it: the organisation's own, else the installation's default, else the shipped one.

Audit-log entries belong to an organisation through the person they are about; entries about
nobody (team views, settings changes) or about an erased person follow the default term.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from spiegel.web import audit
from spiegel.web.models import (
    AssessmentResponse,
    AuditLog,
    Job,
    Organisation,
    Person,
    ProfileSnapshot,
    RetentionPolicy,
    Source,
    StoredRecord,
)
from spiegel.web.terms import BOUNDS as BOUNDS  # Django-free: the deployer documents state them too
from spiegel.web.terms import DEFAULT_TERMS

DATA_TYPES = [key for key, _ in RetentionPolicy.DATA_TYPES]
#: the retention job's rhythm (jobs.schedule_periodic)
EVERY = timedelta(days=1)


@dataclass(frozen=True)
class Term:
    data_type: str
    label: str
    days: int | None  # None: kept until erasure
    own: bool  # set by the organisation (else the installation's default, or nothing)


def terms(org: Organisation) -> dict[str, Term]:
    """The term that applies to each data type of *org*."""
    policies = RetentionPolicy.objects.filter(data_type__in=DATA_TYPES).filter(
        organisation__isnull=True
    ) | RetentionPolicy.objects.filter(organisation=org)
    default = {**DEFAULT_TERMS, **{p.data_type: p.days for p in policies if p.organisation_id is None}}
    own = {p.data_type: p.days for p in policies if p.organisation_id == org.pk}
    labels = dict(RetentionPolicy.DATA_TYPES)
    return {dt: Term(dt, str(labels[dt]), own.get(dt, default.get(dt)), dt in own) for dt in DATA_TYPES}


def defaults() -> dict[str, int]:
    """The installation's default terms: set in the admin, else shipped (:data:`DEFAULT_TERMS`)."""
    set_here = RetentionPolicy.objects.filter(organisation__isnull=True).values_list("data_type", "days")
    return {**DEFAULT_TERMS, **dict(set_here)}


def shortened(current: dict[str, Term], wanted: dict[str, int | None]) -> list[str]:
    """The data types whose applying term *wanted* makes shorter (deleting more, sooner)."""
    base = defaults()
    out = []
    for dt, term in current.items():
        new = wanted.get(dt)
        new = new if new is not None else base.get(dt)
        if new is not None and (term.days is None or new < term.days):
            out.append(dt)
    return out


def change(org: Organisation, wanted: dict[str, int | None], user: Any) -> list[str]:
    """Set *org*'s own terms (None: follow the installation's default); every change is written
    to the audit log. Returns the changed data types."""
    current = terms(org)
    changed = []
    with transaction.atomic():
        for dt in DATA_TYPES:
            old = current[dt]
            new = wanted.get(dt)
            if (old.days if old.own else None) == new:
                continue
            if new is None:
                RetentionPolicy.objects.filter(organisation=org, data_type=dt).delete()
            else:
                RetentionPolicy.objects.update_or_create(
                    organisation=org, data_type=dt, defaults={"days": new, "changed_at": timezone.now()}
                )
            before = f"{old.days} d" if old.own else "default"
            after = f"{new} d" if new is not None else "default"
            audit.log(user, audit.RETENTION_CHANGED, None, f"{tag(org)} {dt}: {before} -> {after}")
            changed.append(dt)
    return changed


def tag(org: Organisation) -> str:
    """How audit entries about an organisation's settings start (so they can be found again)."""
    return f"organisation {org.pk}:"


def history(org: Organisation, limit: int = 20) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=audit.RETENTION_CHANGED, detail__startswith=tag(org))[:limit])


def next_run(now: datetime | None = None) -> datetime:
    """When the retention job runs next (a queued one runs within minutes)."""
    now = now or timezone.now()
    if Job.objects.filter(kind="retention", status="queued").exists():
        return now
    last = Job.objects.filter(kind="retention").order_by("-created_at").first()
    return max(now, last.created_at + EVERY) if last else now


# -- enforcement ---------------------------------------------------------------------------------

_ORG_FIELD = {
    "records": "organisation_id",
    "snapshots": "person__organisation_id",
    "assessments": "invitation__subject__organisation_id",
    "uploads": "organisation_id",
}


def _older(data_type: str, cutoff: datetime) -> QuerySet[Any]:
    if data_type == "records":
        return StoredRecord.objects.filter(stored_at__lt=cutoff)
    if data_type == "snapshots":
        return ProfileSnapshot.objects.filter(created_at__lt=cutoff)
    if data_type == "assessments":
        return AssessmentResponse.objects.filter(invitation__answered_at__lt=cutoff)
    if data_type == "audit":
        return AuditLog.objects.filter(at__lt=cutoff)
    return Source.objects.filter(created_at__lt=cutoff).exclude(path="")


def _scoped(data_type: str, qs: QuerySet[Any], org_ids: list[int], inside: bool) -> QuerySet[Any]:
    """*qs* limited to the data of *org_ids* (inside) or to everything else (not inside)."""
    if data_type == "audit":
        people = Person.objects.filter(organisation_id__in=org_ids).values("pk")
        return qs.filter(subject_person_id__in=people) if inside else qs.exclude(subject_person_id__in=people)
    lookup = {f"{_ORG_FIELD[data_type]}__in": org_ids}
    return qs.filter(**lookup) if inside else qs.exclude(**lookup)


def _delete(data_type: str, qs: QuerySet[Any]) -> int:
    if data_type != "uploads":
        n, _ = qs.delete()
        return n
    n = 0  # uploads: the files on disk; the Source rows keep their status for the record
    for source in qs:
        Path(source.path).unlink(missing_ok=True)
        source.path = ""
        source.save(update_fields=["path"])
        n += 1
    return n


def apply(now: datetime | None = None) -> dict[str, int]:
    """Delete everything older than the term that applies to it; counts per data type (only
    the data types that have a term somewhere)."""
    now = now or timezone.now()
    deleted: dict[str, int] = {}
    for dt in DATA_TYPES:
        policies = list(RetentionPolicy.objects.filter(data_type=dt))
        if not any(p.organisation_id is None for p in policies) and dt in DEFAULT_TERMS:
            # the shipped default, where the installation set none
            policies.append(RetentionPolicy(organisation=None, data_type=dt, days=DEFAULT_TERMS[dt]))
        if not policies:
            continue
        own = [p.organisation_id for p in policies if p.organisation_id is not None]
        n = 0
        for policy in policies:
            older = _older(dt, now - timedelta(days=policy.days))
            if policy.organisation_id is None:
                n += _delete(dt, _scoped(dt, older, own, inside=False) if own else older)
            else:
                n += _delete(dt, _scoped(dt, older, [policy.organisation_id], inside=True))
        deleted[dt] = n
    return deleted
