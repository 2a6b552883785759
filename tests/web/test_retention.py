"""The retention job deletes what is past its term, per data type, and nothing else."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from django.utils import timezone

from spiegel.web import jobs
from spiegel.web.models import AuditLog, Job, ProfileSnapshot, RetentionPolicy, Source, StoredRecord
from spiegel.web.store import store_records

from .conftest import World
from .test_store import sample_posts


def test_retention_deletes_only_what_is_past_its_term(world: World, tmp_path: Path) -> None:
    emp = world.people["emp"]
    store_records(world.org, sample_posts(4), person=emp)
    StoredRecord.objects.filter(record_id__endswith="/0").update(
        stored_at=timezone.now() - timedelta(days=400)
    )
    old_snap = world.snapshot("emp", age_days=800)
    AuditLog.objects.create(actor_label="x", action="view_profile", at=timezone.now() - timedelta(days=3000))
    upload = tmp_path / "old.zip"
    upload.write_bytes(b"x")
    old_source = Source.objects.create(
        organisation=world.org, person=emp, path=str(upload), original_name="old.zip"
    )
    Source.objects.filter(pk=old_source.pk).update(created_at=timezone.now() - timedelta(days=40))
    for data_type, days in (("records", 365), ("snapshots", 730), ("audit", 1825), ("uploads", 30)):
        RetentionPolicy.objects.create(data_type=data_type, days=days)
    recent_audit = AuditLog.objects.count() - 1

    deleted = jobs.apply_retention()

    # (360 answers follow the shipped default term: none is old enough)
    assert deleted == {"records": 1, "snapshots": 1, "audit": 1, "uploads": 1, "assessments": 0}
    assert StoredRecord.objects.count() == 3
    assert not ProfileSnapshot.objects.filter(pk=old_snap.pk).exists()
    assert ProfileSnapshot.objects.filter(person=emp).exists()
    assert AuditLog.objects.count() == recent_audit
    assert not upload.exists()


def test_without_any_policy_the_shipped_terms_apply(world: World) -> None:
    from spiegel.web.terms import DEFAULT_TERMS

    assert DEFAULT_TERMS["audit"] >= 183  # at least six months (AI Act Art. 26(6))
    world.snapshot("emp", age_days=DEFAULT_TERMS["snapshots"] + 1)
    world.snapshot("emp", age_days=DEFAULT_TERMS["snapshots"] - 1)
    deleted = jobs.apply_retention()
    assert deleted["snapshots"] == 1 and set(deleted) == set(DEFAULT_TERMS)
    assert ProfileSnapshot.objects.count() == 5


def test_retention_runs_as_a_scheduled_job_once_a_day(world: World) -> None:
    RetentionPolicy.objects.create(data_type="snapshots", days=10)
    world.snapshot("emp", age_days=11)
    queued = jobs.schedule_periodic()
    assert [j.kind for j in queued].count("retention") == 1
    assert not any(j.kind == "retention" for j in jobs.schedule_periodic())  # not twice a day
    jobs.run_pending()
    job = Job.objects.get(kind="retention")
    assert job.status == "done" and job.payload["deleted"]["snapshots"] == 1


def test_worker_command_runs_due_jobs(world: World) -> None:
    from spiegel.cli import main

    RetentionPolicy.objects.create(data_type="snapshots", days=10)
    world.snapshot("emp", age_days=11)
    result = CliRunner().invoke(main, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Ran" in result.output
    assert ProfileSnapshot.objects.count() == 4
