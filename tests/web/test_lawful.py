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


# --- oversight -------------------------------------------------------------------------------


def test_judge_first_is_on_by_default_and_hides_levels_until_judged(client: Any, world: World) -> None:
    from spiegel.web.models import Organisation, ProfileSnapshot

    assert Organisation(name="nieuw").judge_first is True
    emp = world.people["emp"]
    snap = ProfileSnapshot.objects.filter(person=emp).first()
    assert snap is not None
    evidence = "Voorbeeldbericht over luisteren"
    # the employee sees everything at once
    assert evidence in _as(client, world, "emp").get(reverse("profile", args=[emp.pk])).content.decode()
    # the manager first gets the judgement form: no measured level, no evidence, no report, no API
    manager = _as(client, world, "mgr")
    page = manager.get(reverse("profile", args=[emp.pk])).content.decode()
    assert 'id="judge-first"' in page and evidence not in page and 'id="overview"' not in page
    assert manager.get(reverse("report", args=[emp.pk])).status_code == 302
    assert manager.get(reverse("api_profile", args=[emp.pk])).json()["snapshots"] == []
    # HR is not held back
    assert evidence in _as(client, world, "hr").get(reverse("profile", args=[emp.pk])).content.decode()
    manager = _as(client, world, "mgr")
    for cid in ("luisteren", "timing"):
        page = manager.get(reverse("profile", args=[emp.pk])).content.decode()
        assert evidence not in page
        judged = manager.post(
            reverse("judge", args=[emp.pk, snap.pk]),
            {"competency": cid, "level": "3", "reason": "eigen beeld"},
        )
        assert judged.status_code == 302
    page = manager.get(reverse("profile", args=[emp.pk])).content.decode()
    assert evidence in page and 'id="judge-first"' not in page
    assert len(manager.get(reverse("api_profile", args=[emp.pk])).json()["snapshots"]) == 1


def test_no_release_to_the_manager_without_the_employee_unless_the_organisation_says_so(
    client: Any, world: World
) -> None:
    from spiegel.web.models import ProfileSnapshot

    world.org.judge_first = False
    world.org.save()
    emp2 = world.people["emp2"]
    ProfileSnapshot.objects.filter(person=emp2).delete()
    old = world.snapshot("emp2", released=False, levels={"luisteren": 4}, age_days=400)
    manager = _as(client, world, "mgr")
    page = manager.get(reverse("profile", args=[emp2.pk])).content.decode()
    assert 'id="no-profile"' in page
    own = _as(client, world, "emp2").get(reverse("profile", args=[emp2.pk])).content.decode()
    assert "pas als je het vrijgeeft" in own
    world.org.auto_release_days = 30
    world.org.save()
    page = _as(client, world, "mgr").get(reverse("profile", args=[emp2.pk])).content.decode()
    assert "Voorbeeldbericht over luisteren" in page
    assert ProfileSnapshot.objects.get(pk=old.pk).released_at is None


def test_a_contest_opens_a_logged_review_that_can_recompute_the_profile(client: Any, world: World) -> None:
    from spiegel.web.models import AuditLog, EvidenceAnnotation, ProfileSnapshot

    world.org.judge_first = False
    world.org.save()
    emp = world.people["emp"]
    snap = ProfileSnapshot.objects.filter(person=emp).first()
    assert snap is not None
    _as(client, world, "emp").post(
        reverse("annotate", args=[emp.pk, snap.pk]),
        {
            "competency": "luisteren",
            "indicator": "addressed_reaction_rate",
            "post_id": "post-luisteren-1",
            "kind": "contest",
            "text": "Al telefonisch beantwoord.",
        },
    )
    contest = EvidenceAnnotation.objects.get(kind="contest")
    assert contest.review_status == "open"
    logged = set(AuditLog.objects.filter(subject_person_id=emp.pk).values_list("action", flat=True))
    assert {"contest", "review_opened"} <= logged
    page = _as(client, world, "mgr").get(reverse("profile", args=[emp.pk])).content.decode()
    assert 'data-review="open"' in page and "review-form" in page
    url = reverse("review_contest", args=[emp.pk, snap.pk, contest.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    assert (
        client.post(url, {"note": "Bewijs vervalt; opnieuw berekend.", "recompute": "yes"}).status_code == 302
    )
    contest.refresh_from_db()
    assert contest.review_status == "closed" and contest.reviewed_by == "Person mgr (mgr)"
    assert Job.objects.filter(kind="profile", person=emp, status="queued").exists()
    logged = set(AuditLog.objects.filter(subject_person_id=emp.pk).values_list("action", flat=True))
    assert {"review_closed", "recompute"} <= logged
    own = _as(client, world, "emp").get(reverse("profile", args=[emp.pk])).content.decode()
    assert "Bewijs vervalt; opnieuw berekend." in own and "review-form" not in own


def test_logins_and_failed_logins_are_in_the_audit_log(client: Any, world: World) -> None:
    from spiegel.web.models import AuditLog

    from .conftest import PASSWORD

    client.post(reverse("login"), {"username": "emp", "password": "wrong"}, REMOTE_ADDR="192.0.2.7")
    failed = AuditLog.objects.get(action="login_failed")
    assert failed.actor_label == "emp" and "192.0.2.7" in failed.detail and "wrong" not in failed.detail
    client.post(reverse("login"), {"username": "emp", "password": PASSWORD}, REMOTE_ADDR="192.0.2.7")
    ok = AuditLog.objects.get(action="login")
    assert ok.actor == world.users["emp"] and ok.subject_person_id == world.people["emp"].pk
    client.post(reverse("logout"))
    assert AuditLog.objects.filter(action="logout", actor=world.users["emp"]).exists()


def test_team_views_name_each_person_shown(client: Any, world: World) -> None:
    from spiegel.web.models import AuditLog

    emp = world.people["emp"]
    _as(client, world, "mgr").get(reverse("team", args=[world.team_a.pk]))
    entry = AuditLog.objects.get(action="view_team", subject_person_id=emp.pk)
    assert entry.actor == world.users["mgr"]
    page = _as(client, world, "emp").get(reverse("audit", args=[emp.pk])).content.decode()
    assert "Person mgr (mgr)" in page


def test_dashboard_and_exports_show_the_agreed_level_the_judgement_and_open_contests(
    client: Any, world: World
) -> None:
    import csv

    from spiegel.web.models import EvidenceAnnotation, ManagerJudgement, ProfileSnapshot

    emp = world.people["emp"]
    snap = ProfileSnapshot.objects.filter(person=emp).first()
    assert snap is not None  # measured: luisteren 2, timing 3
    ManagerJudgement.objects.create(
        snapshot=snap, competency_id="luisteren", level=4, measured_level=2, reason="r", by=world.users["mgr"]
    )
    EvidenceAnnotation.objects.create(
        snapshot=snap,
        competency_id="timing",
        indicator_id="x",
        post_id="post-timing-1",
        kind="contest",
        text="klopt niet",
        review_status="open",
    )
    hr = _as(client, world, "hr")
    people = {p["name"]: p for p in hr.get(reverse("team_json", args=[world.team_a.pk])).json()["people"]}
    row = people["Person emp"]
    assert row["levels"] == {"luisteren": 4, "timing": 3}  # the judgement wins
    assert row["judgements"] == {"luisteren": 4} and row["measured"] == {"luisteren": 2, "timing": 3}
    assert row["open_contests"] == 1
    rows = list(csv.reader(io.StringIO(hr.get(reverse("team_csv", args=[world.team_a.pk])).content.decode())))
    header, line = rows[0], next(r for r in rows if r[0] == "Person emp")
    assert dict(zip(header, line, strict=True))["luisteren"] == "4"
    assert dict(zip(header, line, strict=True))["luisteren_measured"] == "2"
    assert dict(zip(header, line, strict=True))["open_contests"] == "1"
    # under judge-first the manager sees no measured level they did not judge yet
    manager = _as(client, world, "mgr")
    people = {
        p["name"]: p for p in manager.get(reverse("team_json", args=[world.team_a.pk])).json()["people"]
    }
    assert people["Person emp"]["levels"] == {"luisteren": 4, "timing": None}
    assert people["Person emp2"]["levels"] == {"luisteren": None, "timing": None}
    page = manager.get(reverse("team", args=[world.team_a.pk])).content.decode()
    assert "nog te beoordelen" in page and "beoordeeld; gemeten 2" in page
    assert manager.get(reverse("team_json", args=[world.team_a.pk])).json()["trends"] == []
    # nor on the 360 page
    measured = {r["id"]: r["measured"] for r in manager.get(reverse("assess", args=[emp.pk])).context["rows"]}
    assert not any(measured.values())
    assert _as(client, world, "hr").get(reverse("team_json", args=[world.team_a.pk])).json()["trends"]
    _as(client, world, "emp")
    measured = {r["id"]: r["measured"] for r in client.get(reverse("assess", args=[emp.pk])).context["rows"]}
    assert measured["luisteren"] == 2


def test_hr_sets_window_judge_first_and_automatic_release(client: Any, world: World) -> None:
    from spiegel.web.models import AuditLog, Organisation

    for key in ("emp", "mgr"):
        _as(client, world, key)
        assert client.get(reverse("org_oversight")).status_code == 403
        assert client.post(reverse("org_oversight"), {"window_days": "60"}).status_code == 403
    hr = _as(client, world, "hr")
    assert 'id="oversight-form"' in hr.get(reverse("org_oversight")).content.decode()
    bad = hr.post(reverse("org_oversight"), {"window_days": "5", "judge_first": "on"})
    assert bad.status_code == 200 and Organisation.objects.get(pk=world.org.pk).window_days == 365
    ok = hr.post(reverse("org_oversight"), {"window_days": "180", "auto_release_days": "21"})
    assert ok.status_code == 302
    org = Organisation.objects.get(pk=world.org.pk)
    assert (org.window_days, org.judge_first, org.auto_release_days) == (180, False, 21)
    entry = AuditLog.objects.get(action="org_settings")
    assert "judge_first=False" in entry.detail and "window_days=180" in entry.detail


# --- third parties ---------------------------------------------------------------------------

RESIDENT = "bewoner@stad.example"


def _snapshot_with_resident(world: World) -> Any:
    from spiegel.web.models import ProfileSnapshot

    from .conftest import make_profile

    profile = make_profile("Person emp", {"luisteren": 2})
    profile["person"]["handles"] = ["emp@social.example"]
    profile["competencies"][0]["indicators"][0]["evidence"] = [
        {
            "post_id": "https://stad.example/p/1",
            "url": "https://stad.example/@bewoner/1",
            "text": "@emp@social.example waarom is het zwembad dicht? groet @buurvrouw",
            "author": RESIDENT,
            "note": "unanswered",
        }
    ]
    ProfileSnapshot.objects.filter(person=world.people["emp"]).delete()
    return ProfileSnapshot.objects.create(
        person=world.people["emp"], profile=profile, released_at=timezone.now()
    )


def test_managers_and_hr_see_third_parties_pseudonymised_the_employee_the_originals(
    client: Any, world: World
) -> None:
    from spiegel.web.third_parties import pseudonym

    world.org.judge_first = False
    world.org.save()
    emp = world.people["emp"]
    _snapshot_with_resident(world)
    own = _as(client, world, "emp").get(reverse("profile", args=[emp.pk])).content.decode()
    assert "https://stad.example/@bewoner/1" in own and "@buurvrouw" in own
    own_report = client.get(reverse("report", args=[emp.pk])).content.decode()
    assert RESIDENT in own_report
    for key in ("mgr", "hr"):
        viewer = _as(client, world, key)
        page = viewer.get(reverse("profile", args=[emp.pk])).content.decode()
        assert "waarom is het zwembad dicht?" in page  # the content stays: it is the evidence
        assert "stad.example/@bewoner" not in page and "@buurvrouw" not in page
        assert "@" + pseudonym("buurvrouw") in page and "@emp@social.example" in page
        report = viewer.get(reverse("report", args=[emp.pk])).content.decode()
        assert RESIDENT not in report and pseudonym(RESIDENT) in report
        api = viewer.get(reverse("api_profile", args=[emp.pk])).json()
        evidence = api["snapshots"][0]["profile"]["competencies"][0]["indicators"][0]["evidence"][0]
        assert evidence["author"] == pseudonym(RESIDENT) and evidence["url"] is None


def test_the_third_party_notice_needs_no_login(client: Any, db: None) -> None:
    page = client.get(reverse("third_party_notice"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="third-party-notice"' in text and "pseudoniem" in text and "bezwaar" in text


def test_hr_finds_exports_erases_and_records_an_objection_by_author_handle(client: Any, world: World) -> None:
    from spiegel.records import Post
    from spiegel.web.models import AuditLog, ThirdPartyObjection
    from spiegel.web.store import store_records

    recent = timezone.now() - timedelta(days=3)

    def posts(prefix: str) -> list[Post]:
        return [
            Post(
                platform="mastodon",
                id=f"{prefix}{i}",
                author=RESIDENT,
                created_at=recent,
                text=f"Vraag {prefix}{i}",
            )
            for i in range(3)
        ] + [
            Post(
                platform="mastodon", id=f"{prefix}x", author="ander@stad.example", created_at=recent, text="x"
            )
        ]

    store_records(world.org, posts("a"), person=world.people["emp"], direction="inbound")
    store_records(world.org, posts("b"), person=world.people["emp2"], direction="inbound")
    for key in ("emp", "mgr"):
        _as(client, world, key)
        assert client.get(reverse("org_third_parties") + "?handle=" + RESIDENT).status_code == 403
        assert (
            client.post(reverse("org_third_parties_act"), {"handle": RESIDENT, "action": "erase"}).status_code
            == 403
        )
    hr = _as(client, world, "hr")
    page = hr.get(reverse("org_third_parties"), {"handle": "@" + RESIDENT.upper()}).content.decode()
    assert "6 bewaarde berichten" in page and "Vraag a0" in page and "Vraag b2" in page
    exported = hr.get(reverse("org_third_parties_export"), {"handle": RESIDENT}).json()
    assert exported["author"] == RESIDENT and len(exported["posts"]) == 6
    # another organisation's HR finds nothing of ours
    assert (
        not _as(client, world, "hr_x")
        .get(reverse("org_third_parties_export"), {"handle": RESIDENT})
        .json()["posts"]
    )
    hr = _as(client, world, "hr")
    hr.post(reverse("org_third_parties_act"), {"handle": RESIDENT, "action": "erase"})
    assert not StoredRecord.objects.filter(data__author=RESIDENT).exists()
    assert StoredRecord.objects.filter(data__author="ander@stad.example").count() == 2
    # an objection is recorded and keeps the author out of later imports
    hr.post(reverse("org_third_parties_act"), {"handle": RESIDENT, "action": "object", "note": "per e-mail"})
    objection = ThirdPartyObjection.objects.get(organisation=world.org)
    assert (objection.handle, objection.note, objection.recorded_by) == (
        RESIDENT,
        "per e-mail",
        "Person hr (hr)",
    )
    from spiegel.web.store import Minimiser, window_start

    keep = Minimiser(window_start(world.org), timezone.now(), {RESIDENT})
    assert [p.author for p in keep(posts("c"))] == ["ander@stad.example"] and keep.dropped["objected"] == 3
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "third_party_search",
        "third_party_export",
        "third_party_erase",
        "third_party_objection",
    } <= actions


def test_the_organisation_can_restrict_analysis_to_work_posts(world: World) -> None:
    from spiegel.records import Post
    from spiegel.web.store import store_records

    world.org.config = {
        "name": "Gemeente Testdorp",
        "goal_topics": [{"name": "afval", "keywords": ["afvalpas"]}],
    }
    world.org.save()
    emp = world.people["emp"]
    when = timezone.now() - timedelta(days=5)
    texts = ["Vraag je afvalpas online aan", "Mooie zonsondergang vanavond", "Wat een wedstrijd gisteren"]
    store_records(
        world.org,
        [
            Post(platform="mastodon", id=f"w{i}", author="emp@social.example", created_at=when, text=text)
            for i, text in enumerate(texts)
        ],
        person=emp,
    )
    assert jobs.build_snapshot(emp).profile["counts"]["posts"] == 3
    world.org.work_posts_only = True
    world.org.save()
    emp.refresh_from_db()
    assert jobs.build_snapshot(emp).profile["counts"]["posts"] == 1
