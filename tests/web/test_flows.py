"""Consent, audit, annotations, judgements, release, 360, export and erasure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone

from spiegel.web.models import (
    AssessmentInvitation,
    AssessmentResponse,
    AuditLog,
    ConnectedAccount,
    EvidenceAnnotation,
    ManagerJudgement,
    Person,
    ProfileSnapshot,
    StoredRecord,
)
from spiegel.web.views.assess import statements

from .conftest import World


def _as(client: Any, world: World, key: str) -> Any:
    client.logout()
    client.force_login(world.users[key])
    return client


def test_withdrawal_hides_profile_and_team_row_on_the_next_request(client: Any, world: World) -> None:
    emp = world.people["emp"]
    _as(client, world, "mgr")
    assert client.get(reverse("profile", args=[emp.pk])).status_code == 200
    assert ">Person emp<" in client.get(reverse("team", args=[world.team_a.pk])).content.decode()
    _as(client, world, "emp")
    account = ConnectedAccount.objects.get(person=emp)
    assert client.post(reverse("withdraw", args=[emp.pk, account.pk])).status_code == 302
    _as(client, world, "mgr")
    assert client.get(reverse("profile", args=[emp.pk])).status_code == 403
    assert client.get(reverse("api_profile", args=[emp.pk])).status_code == 403
    team_page = client.get(reverse("team", args=[world.team_a.pk])).content.decode()
    assert ">Person emp<" not in team_page
    assert ">Person emp2<" in team_page
    # the employee still sees their own page
    _as(client, world, "emp")
    assert client.get(reverse("profile", args=[emp.pk])).status_code == 200


def test_withdrawal_hides_stored_records_of_that_account(world: World) -> None:
    from spiegel.web.store import person_records, store_records

    from .test_store import sample_posts

    emp = world.people["emp"]
    account = ConnectedAccount.objects.get(person=emp)
    store_records(world.org, sample_posts(3), person=emp, account_id=account.pk)
    assert len(person_records(emp, "own")) == 3
    account.consent_withdrawn_at = timezone.now()
    account.save()
    assert person_records(emp, "own") == []
    assert StoredRecord.objects.filter(person=emp).count() == 3  # hidden, not yet erased


def test_every_profile_view_is_audited_and_visible_to_the_person(client: Any, world: World) -> None:
    world.org.judge_first = False  # the manager sees the measured levels at once here
    world.org.save()
    emp = world.people["emp"]
    before = AuditLog.objects.count()
    _as(client, world, "mgr").get(reverse("profile", args=[emp.pk]))
    _as(client, world, "hr").get(reverse("api_profile", args=[emp.pk]))
    entries = AuditLog.objects.filter(subject_person_id=emp.pk).order_by("at", "id")
    assert AuditLog.objects.count() - before >= 3
    actors = [(e.actor_label, e.action) for e in entries]
    assert ("Person mgr (mgr)", "view_profile") in actors
    assert ("Person mgr (mgr)", "view_evidence") in actors
    assert ("Person hr (hr)", "view_profile") in actors
    page = _as(client, world, "emp").get(reverse("audit", args=[emp.pk])).content.decode()
    assert "Person mgr (mgr)" in page and "Person hr (hr)" in page
    # a denied attempt shows nothing and is not a view
    _as(client, world, "mgr_b").get(reverse("profile", args=[emp.pk]))
    assert not AuditLog.objects.filter(subject_person_id=emp.pk, actor=world.users["mgr_b"]).exists()


def test_manager_sees_profile_only_after_release_or_term(client: Any, world: World, settings: Any) -> None:
    world.org.judge_first = False  # the manager sees the measured levels at once here
    world.org.save()
    emp2 = world.people["emp2"]
    ProfileSnapshot.objects.filter(person=emp2).delete()
    fresh = world.snapshot("emp2", released=False, levels={"luisteren": 4})
    _as(client, world, "mgr")
    page = client.get(reverse("profile", args=[emp2.pk])).content.decode()
    assert 'id="no-profile"' in page and "Voorbeeldbericht" not in page
    assert client.get(reverse("api_profile", args=[emp2.pk])).json()["snapshots"] == []
    _as(client, world, "emp2").post(reverse("release", args=[emp2.pk, fresh.pk]))
    page = _as(client, world, "mgr").get(reverse("profile", args=[emp2.pk])).content.decode()
    assert "Voorbeeldbericht over luisteren van Person emp2" in page
    # no release without the employee's action, however old the profile ...
    old = world.snapshot("emp2", released=False, levels={"timing": 1}, age_days=400)
    assert not old.visible_to_manager()
    # ... unless the organisation set an automatic release term
    world.org.auto_release_days = 14
    world.org.save()
    old = ProfileSnapshot.objects.get(pk=old.pk)
    assert old.visible_to_manager()
    assert not world.snapshot("emp2", released=False).visible_to_manager()


def test_contest_then_manager_sees_it_and_records_judgement(client: Any, world: World) -> None:
    world.org.judge_first = False  # the manager sees the measured levels at once here
    world.org.save()
    emp = world.people["emp"]
    snap = ProfileSnapshot.objects.filter(person=emp).first()
    assert snap is not None
    _as(client, world, "emp")
    bad = client.post(
        reverse("annotate", args=[emp.pk, snap.pk]),
        {
            "competency": "luisteren",
            "indicator": "addressed_reaction_rate",
            "post_id": "not-evidence",
            "kind": "contest",
            "text": "x",
        },
    )
    assert bad.status_code == 400
    ok = client.post(
        reverse("annotate", args=[emp.pk, snap.pk]),
        {
            "competency": "luisteren",
            "indicator": "addressed_reaction_rate",
            "post_id": "post-luisteren-1",
            "kind": "contest",
            "text": "Dit bericht was al telefonisch beantwoord.",
        },
    )
    assert ok.status_code == 302
    assert EvidenceAnnotation.objects.get().kind == "contest"
    page = _as(client, world, "mgr").get(reverse("profile", args=[emp.pk])).content.decode()
    assert "Dit bericht was al telefonisch beantwoord." in page
    assert "annotate-form" not in page  # the manager cannot annotate
    missing_reason = client.post(
        reverse("judge", args=[emp.pk, snap.pk]), {"competency": "luisteren", "level": "3"}
    )
    assert missing_reason.status_code == 400
    client.post(
        reverse("judge", args=[emp.pk, snap.pk]),
        {"competency": "luisteren", "level": "3", "reason": "Telefonisch contact telt mee."},
    )
    judgement = ManagerJudgement.objects.get()
    assert (judgement.level, judgement.measured_level, judgement.by) == (3, 2, world.users["mgr"])
    assert AuditLog.objects.filter(action="judgement", subject_person_id=emp.pk).exists()
    page = _as(client, world, "emp").get(reverse("profile", args=[emp.pk])).content.decode()
    assert "Telefonisch contact telt mee." in page


def _answer(client: Any, world: World, rater: str, subject: str, score: int, kind: str = "other") -> None:
    inv = AssessmentInvitation.objects.create(
        subject=world.people[subject], rater=world.users[rater], kind=kind
    )
    _as(client, world, rater)
    data = {s["id"]: str(score) for s in statements()}
    assert client.post(reverse("answer", args=[inv.token]), data).status_code == 302
    assert AssessmentResponse.objects.filter(invitation=inv).count() == len(statements())


def test_360_others_only_shown_from_three_raters(client: Any, world: World) -> None:
    _answer(client, world, "emp", "emp", 4, kind="self")
    _answer(client, world, "emp2", "emp", 1)
    _answer(client, world, "other", "emp", 1)
    page = _as(client, world, "emp").get(reverse("assess", args=[world.people["emp"].pk]))
    rows = {r["id"]: r for r in page.context["rows"]}
    assert page.context["enough"] is False
    assert all(r["others"] is None for r in rows.values())
    assert rows["luisteren"]["self"] == 4.0
    _answer(client, world, "rater", "emp", 1)
    page = _as(client, world, "emp").get(reverse("assess", args=[world.people["emp"].pk]))
    rows = {r["id"]: r for r in page.context["rows"]}
    assert page.context["enough"] is True
    assert rows["luisteren"]["others"] == 1.0
    assert rows["luisteren"]["flag"] == "blind_spot"


def test_360_hidden_strength(client: Any, world: World) -> None:
    _answer(client, world, "emp", "emp", 1, kind="self")
    for rater in ("emp2", "other", "rater"):
        _answer(client, world, rater, "emp", 4)
    page = _as(client, world, "emp").get(reverse("assess", args=[world.people["emp"].pk]))
    assert {r["id"]: r["flag"] for r in page.context["rows"]}["timing"] == "hidden_strength"


def test_incomplete_answers_are_refused(client: Any, world: World) -> None:
    inv = AssessmentInvitation.objects.create(subject=world.people["emp"], rater=world.users["rater"])
    _as(client, world, "rater")
    response = client.post(reverse("answer", args=[inv.token]), {statements()[0]["id"]: "3"})
    assert response.status_code == 200 and response.context["errors"]
    assert AssessmentResponse.objects.count() == 0


def test_export_contains_everything_and_erase_removes_it(client: Any, world: World) -> None:
    emp = world.people["emp"]
    _as(client, world, "mgr").get(reverse("profile", args=[emp.pk]))
    data = _as(client, world, "emp").get(reverse("export", args=[emp.pk])).json()
    assert data["schema"] == "spiegel.person-export.v1"
    assert data["accounts"][0]["handle"] == "emp@social.example"
    assert data["profiles"][0]["profile"]["person"]["name"] == "Person emp"
    assert any(v["by"] == "Person mgr (mgr)" for v in data["views"])
    response = client.post(reverse("erase", args=[emp.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=emp.pk).exists()
    assert not ProfileSnapshot.objects.filter(person_id=emp.pk).exists()
    assert not ConnectedAccount.objects.filter(person_id=emp.pk).exists()
    world.users["emp"].refresh_from_db()
    assert not world.users["emp"].is_active
    assert AuditLog.objects.filter(action="erase", subject_person_id=emp.pk).exists()


def test_erase_needs_confirmation(client: Any, world: World) -> None:
    emp = world.people["emp"]
    _as(client, world, "emp").post(reverse("erase", args=[emp.pk]), {})
    assert Person.objects.filter(pk=emp.pk).exists()


def test_connect_account_records_consent_and_purpose(client: Any, world: World) -> None:
    emp2 = world.people["emp2"]
    _as(client, world, "emp2")
    page = client.get(reverse("accounts", args=[emp2.pk])).content.decode()
    assert 'id="purpose"' in page
    client.post(
        reverse("accounts", args=[emp2.pk]),
        {"platform": "bluesky", "handle": "@Emp2.bsky.social", "consent": "on"},
    )
    account = ConnectedAccount.objects.get(person=emp2, platform="bluesky")
    assert account.handle == "emp2.bsky.social" and account.active and "openbare berichten" in account.purpose
    assert AuditLog.objects.filter(action="consent_given", subject_person_id=emp2.pk).exists()
    # without ticking consent nothing is connected
    client.post(reverse("accounts", args=[emp2.pk]), {"platform": "bluesky", "handle": "second.bsky.social"})
    assert not ConnectedAccount.objects.filter(handle="second.bsky.social").exists()


def test_history_shows_trend_over_snapshots(client: Any, world: World) -> None:
    emp = world.people["emp"]
    first = world.snapshot("emp", released=True, levels={"luisteren": 1, "timing": 2})
    first.created_at = timezone.now() - timedelta(days=200)
    first.save()
    page = _as(client, world, "emp").get(reverse("profile", args=[emp.pk]))
    trend = {c["name"]: c["levels"] for c in page.context["trend"]["competencies"]}
    assert trend["Luisteren"] == [1, 2]
    assert "history-heading" in page.content.decode()


def test_upload_is_imported_in_the_background_with_progress(
    client: Any, world: World, tmp_path: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from spiegel.sources.generic import write_jsonl
    from spiegel.web import jobs
    from spiegel.web.models import Job, Source

    from .test_store import sample_posts

    settings.UPLOAD_DIR = tmp_path / "uploads"
    emp = world.people["emp"]
    path = tmp_path / "mijn-berichten.jsonl"
    write_jsonl(sample_posts(7), path)
    account = ConnectedAccount.objects.get(person=emp)
    _as(client, world, "emp")
    upload = SimpleUploadedFile("mijn-berichten.jsonl", path.read_bytes())
    assert (
        client.post(reverse("upload", args=[emp.pk]), {"archive": upload, "account": account.pk}).status_code
        == 302
    )
    source = Source.objects.get(person=emp)
    assert source.status == "queued" and Path(source.path).parent == settings.UPLOAD_DIR / str(emp.pk)
    status = client.get(reverse("source_status", args=[source.pk])).json()
    assert (status["status"], status["processed"]) == ("queued", 0)
    page = client.get(reverse("accounts", args=[emp.pk])).content.decode()
    assert "data-source-status" in page and "mijn-berichten.jsonl" in page
    jobs.run_job(Job.objects.get(kind="import"))
    status = client.get(reverse("source_status", args=[source.pk])).json()
    assert (status["status"], status["processed"], status["imported"]) == ("done", 7, 7)
    assert StoredRecord.objects.filter(person=emp, record_type="post").count() == 7
    assert Job.objects.filter(kind="profile", person=emp, status="queued").exists()
    # another person cannot read the progress of this upload
    _as(client, world, "mgr")
    assert client.get(reverse("source_status", args=[source.pk])).status_code == 403


def test_cached_profile_sections_show_new_notes_and_keep_csrf_per_request(world: World) -> None:
    world.org.judge_first = False  # the manager sees the measured levels at once here
    world.org.save()
    from django.test import Client

    emp = world.people["emp"]
    snap = ProfileSnapshot.objects.filter(person=emp).first()
    assert snap is not None
    manager = Client(enforce_csrf_checks=True)
    manager.force_login(world.users["mgr"])
    first = manager.get(reverse("profile", args=[emp.pk])).content.decode()
    assert "Later toegevoegde notitie" not in first
    employee = Client(enforce_csrf_checks=True)
    employee.force_login(world.users["emp"])
    page = employee.get(reverse("profile", args=[emp.pk])).content.decode()
    assert "@@CSRF_INPUT@@" not in page
    token = page.split('name="csrfmiddlewaretoken" value="', 2)[2].split('"', 1)[0]  # inside the cached part
    data = {
        "competency": "luisteren",
        "indicator": "addressed_reaction_rate",
        "post_id": "post-luisteren-1",
        "kind": "note",
        "text": "Later toegevoegde notitie",
        "csrfmiddlewaretoken": token,
    }
    assert employee.post(reverse("annotate", args=[emp.pk, snap.pk]), data).status_code == 302
    again = manager.get(reverse("profile", args=[emp.pk])).content.decode()
    assert "Later toegevoegde notitie" in again


def test_api_profile_gives_the_newest_or_the_history(client: Any, world: World) -> None:
    world.snapshot("emp", released=True, levels={"luisteren": 4, "timing": 4})
    client.force_login(world.users["emp"])
    newest = client.get(reverse("api_profile", args=[world.people["emp"].pk])).json()["snapshots"]
    assert [s["profile"]["competencies"][0]["level"] for s in newest] == [4]
    history = client.get(reverse("api_profile", args=[world.people["emp"].pk]) + "?history=1").json()
    assert [s["profile"]["competencies"][0]["level"] for s in history["snapshots"]] == [4, 2]


def test_profile_page_marks_an_uncertain_level_with_its_range(client: Any, world: World) -> None:
    """Issue #12, item 6: a level that more than 10% of the bootstrap draws put elsewhere is
    never shown without its mark ("2, onzeker: 1–2"); a certain level carries none."""
    emp = world.people["emp"]
    _as(client, world, "emp")
    page = client.get(reverse("profile", args=[emp.pk])).content.decode()
    assert page.count("onzeker: 1–2") == 2  # summary table and the competency's heading
    assert "onzeker: 3" not in page
    client.cookies["django_language"] = "en"  # the language switch's choice
    english = client.get(reverse("profile", args=[emp.pk])).content.decode()
    assert "uncertain: 1–2" in english
