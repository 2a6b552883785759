"""Lawful by design (issue 16, items 2 and 4): minimisation at intake, versions in every
snapshot, oversight (judge-first, release, contest reviews, audit of logins and views)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from spiegel.web import jobs
from spiegel.web.models import ConnectedAccount, Job, Source, StoredRecord
from spiegel.web.store import import_source

from .conftest import World

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mastodon_archive"
FOLLOWERS_ONLY = "Alleen voor volgers"


def _archive_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(FIXTURE.iterdir()):
            zf.write(path, path.name)
    return buffer.getvalue()


def _as(client: Any, world: World, key: str) -> Any:
    client.logout()
    client.force_login(world.users[key])
    return client


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_upload_stores_no_dms_followers_only_posts_or_raw_payloads(
    client: Any, world: World, tmp_path: Path, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.UPLOAD_DIR = tmp_path / "uploads"
    world.org.window_days = 5000  # the fixture is from January 2024
    world.org.save()
    emp = world.people["emp"]
    account = ConnectedAccount.objects.get(person=emp)
    _as(client, world, "emp")
    upload = SimpleUploadedFile("archief.zip", _archive_zip())
    client.post(reverse("upload", args=[emp.pk]), {"archive": upload, "account": account.pk})
    source = Source.objects.get(person=emp)
    assert Path(source.path).is_file()
    jobs.run_job(Job.objects.get(kind="import"))
    source.refresh_from_db()
    assert source.status == "done", source.error
    # database: only the public and unlisted posts, none with its raw payload
    posts = StoredRecord.objects.filter(person=emp, record_type="post")
    assert sorted(str(r.data["visibility"]) for r in posts) == ["public", "public", "public", "unlisted"]
    assert not any(r.data.get("raw") for r in StoredRecord.objects.filter(person=emp))
    assert not any(FOLLOWERS_ONLY in str(r.data) for r in StoredRecord.objects.all())
    assert source.dropped["not_public"] == 2  # one followers-only post, one direct message
    assert source.dropped["raw_payloads"] > 0
    # disk: the uploaded archive is gone, nothing under the upload folder holds the left-out posts
    assert not Path(source.path).exists() and source.file_removed_at is not None
    for path in _files_under(settings.UPLOAD_DIR) + _files_under(Path(settings.DATA_DIR)):
        if path.suffix in (".sqlite3", ".db") or "sqlite" in path.name:
            continue
        assert FOLLOWERS_ONLY.encode() not in path.read_bytes(), path
    # the counts are shown to the employee
    status = client.get(reverse("source_status", args=[source.pk])).json()
    assert status["dropped"]["not_public"] == 2 and status["file_removed"] is True
    page = client.get(reverse("accounts", args=[emp.pk])).content.decode()
    assert "2 directe of niet-openbare berichten" in page


def test_a_failed_import_keeps_its_upload_for_the_rerun(world: World, tmp_path: Path, settings: Any) -> None:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    path = settings.UPLOAD_DIR / "1" / "x.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("{}\n")
    source = Source.objects.create(organisation=world.org, person=world.people["emp"], path=str(path))

    def broken(_path: str, _fmt: str | None) -> list[Any]:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        import_source(source, read=broken)
    assert path.exists()


def test_posts_outside_the_window_are_not_stored(world: World) -> None:
    world.org.window_days = 9
    world.org.save()
    emp = world.people["emp"]
    source = Source.objects.create(
        organisation=world.org, person=emp, path=str(FIXTURE), original_name="archief"
    )
    import_source(source, now=datetime(2024, 1, 20, tzinfo=UTC))  # window: from 11 January 2024
    dates = sorted(r.created_at for r in StoredRecord.objects.filter(person=emp, record_type="post"))
    assert dates and dates[0] >= datetime(2024, 1, 11, tzinfo=UTC)
    assert source.dropped["outside_window"] >= 2  # the two public posts of 10 January


def test_snapshot_is_built_over_the_window_and_records_the_classifier_version(world: World) -> None:
    from spiegel.records import Post
    from spiegel.text.classifiers import VERSION
    from spiegel.web.store import store_records

    emp = world.people["emp"]
    now = timezone.now()
    old, recent = now - timedelta(days=400), now - timedelta(days=10)
    store_records(
        world.org,
        [
            Post(platform="mastodon", id=f"p{i}", author="emp@social.example", created_at=when, text="Hallo")
            for i, when in enumerate((old, recent))
        ],
        person=emp,
    )
    snap = jobs.build_snapshot(emp)
    assert snap.profile["counts"]["posts"] == 1  # the post of 400 days ago is outside the window
    assert snap.window_start is not None and snap.window_start > old
    assert snap.classifier_version.startswith(VERSION + "+")
    assert snap.profile["model"]["classifiers"] == snap.classifier_version
    from spiegel.report import render_html

    assert snap.classifier_version in render_html(snap.profile, "nl", standalone=False)


def test_classifier_version_changes_with_the_weights(tmp_path: Path) -> None:
    from spiegel.text.classifiers import WEIGHTS_FILE, weights_version

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / WEIGHTS_FILE).write_bytes(b"weights one")
    (tmp_path / "b" / WEIGHTS_FILE).write_bytes(b"weights two")
    assert weights_version(tmp_path / "a") != weights_version(tmp_path / "b")
