"""The gespreksverslag in the web app (print view and PDF, issue #14 item 3) and the trend over
the stored snapshots of earlier appraisal periods on the profile page (item 4)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pypdf
from django.urls import reverse
from django.utils import timezone

from spiegel.web.models import AuditLog, EvidenceAnnotation, ManagerJudgement, ProfileSnapshot
from spiegel.web.profiles import earlier_periods

from .conftest import World


def _periods(world: World, key: str = "emp") -> tuple[ProfileSnapshot, ProfileSnapshot]:
    """An earlier period (ended 120 days ago, lower levels) and the current one."""
    now = timezone.now()
    old = world.snapshot(key, released=True, levels={"luisteren": 1, "timing": 2}, age_days=120)
    old.window_start, old.window_end = now - timedelta(days=300), now - timedelta(days=120)
    old.save()
    current = ProfileSnapshot.objects.filter(person=world.people[key]).exclude(pk=old.pk).get()
    current.window_start, current.window_end = now - timedelta(days=119), now
    current.save()
    return old, current


def test_profile_shows_the_trend_over_the_stored_periods(client: Any, world: World) -> None:
    _periods(world)
    client.force_login(world.users["emp"])
    page = client.get(reverse("profile", args=[world.people["emp"].pk])).content.decode()
    trend = page.split('id="trend"')[1]
    assert "Verloop over de beoordelingsperioden" in trend
    assert 'src="data:image/svg+xml;base64,' in trend  # the chart, as an image (strict CSP)
    # luisteren went from 1 to 2, timing from 2 to 3: both "+1 (hoger)"
    assert trend.count("+1 (hoger)") == 2
    # the indicator values changed too (0.5 both times in the fixture: no change, not listed)
    assert 'id="trend-indicators"' not in trend


def test_a_recomputed_profile_in_the_same_period_is_no_period_of_its_own(world: World) -> None:
    _old, current = _periods(world)
    again = world.snapshot("emp", released=True)
    again.window_start, again.window_end = current.window_start, current.window_end - timedelta(days=3)
    again.save()
    snaps = list(ProfileSnapshot.objects.filter(person=world.people["emp"]))
    picked = earlier_periods(current, snaps)
    assert [s.pk for s in picked] == [_old.pk]
    assert earlier_periods(_old, snaps) == []


def test_no_trend_with_one_period(client: Any, world: World) -> None:
    client.force_login(world.users["emp"])
    page = client.get(reverse("profile", args=[world.people["emp"].pk])).content.decode()
    assert 'id="trend"' not in page


def _notes_and_judgement(world: World, snap: ProfileSnapshot) -> None:
    EvidenceAnnotation.objects.create(
        snapshot=snap,
        author=world.users["emp"],
        competency_id="luisteren",
        indicator_id="addressed_reaction_rate",
        post_id="post-luisteren-1",
        kind="contest",
        text="Deze vraag heb ik telefonisch beantwoord.",
        review_status="open",
    )
    ManagerJudgement.objects.create(
        snapshot=snap,
        competency_id="luisteren",
        level=3,
        measured_level=2,
        reason="Telefonische afhandeling telt in ons team mee.",
        by=world.users["mgr"],
    )


def test_gespreksverslag_print_view(client: Any, world: World) -> None:
    _old, current = _periods(world)
    _notes_and_judgement(world, current)
    client.force_login(world.users["emp"])
    profile = client.get(reverse("profile", args=[world.people["emp"].pk])).content.decode()
    assert reverse("conversation", args=[world.people["emp"].pk]) in profile
    page = client.get(reverse("conversation", args=[world.people["emp"].pk])).content.decode()
    for text in (
        "Gespreksverslag: Person emp",
        "Hoe zeker",
        "Sinds vorige periode",
        "Bezwaar tegen dit voorbeeld",
        "Deze vraag heb ik telefonisch beantwoord.",
        "Telefonische afhandeling telt in ons team mee.",
        "Person mgr",
        "Drie ontwikkelpunten",
        'id="conversation-pdf"',
    ):
        assert text in page, text
    # its one <style> is the report CSS, unescaped: the hash the page's CSP allows
    from spiegel.web.security import _REPORT_CSS

    assert page.split("<style>")[1].split("</style>")[0] == _REPORT_CSS.read_text("utf-8")
    # the chart is an image here: the page's CSP allows no inline SVG styles
    assert "<svg" not in page.split('class="spiegel-report spiegel-conversation"')[1]
    assert AuditLog.objects.filter(
        action="view_profile", detail=f"gespreksverslag of snapshot {current.pk}"
    ).exists()


def test_gespreksverslag_pdf_for_the_manager(client: Any, world: World, settings: Any) -> None:
    world.org.judge_first = False
    world.org.save()
    _periods(world)
    client.force_login(world.users["mgr"])
    response = client.get(reverse("conversation_pdf", args=[world.people["emp"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="gespreksverslag-')
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) <= 2 and "Gespreksverslag" in reader.pages[0].extract_text()


def test_judge_first_holds_the_gespreksverslag_back(client: Any, world: World) -> None:
    client.force_login(world.users["mgr"])
    for name in ("conversation", "conversation_pdf"):
        response = client.get(reverse(name, args=[world.people["emp"].pk]))
        assert response.status_code == 302 and "/people/" in response["Location"], name


def test_a_manager_sees_third_parties_pseudonymised(client: Any, world: World) -> None:
    world.org.judge_first = False
    world.org.save()
    snap = ProfileSnapshot.objects.filter(person=world.people["emp"]).get()
    profile = snap.profile
    profile["competencies"][0]["indicators"][0]["evidence"][0]["text"] = "@bewoner42 vroeg iets"
    profile["competencies"][0]["indicators"][0]["evidence"][0]["author"] = "bewoner42@stad.example"
    snap.profile = profile
    snap.save()
    EvidenceAnnotation.objects.create(
        snapshot=snap,
        author=world.users["emp"],
        competency_id="luisteren",
        indicator_id="addressed_reaction_rate",
        post_id="post-luisteren-1",
        kind="note",
        text="toelichting",
    )
    client.force_login(world.users["mgr"])
    page = client.get(reverse("conversation", args=[world.people["emp"].pk])).content.decode()
    assert "toelichting" in page and "bewoner42" not in page
    client.force_login(world.users["emp"])
    assert "bewoner42" in client.get(reverse("conversation", args=[world.people["emp"].pk])).content.decode()


def test_the_360_comparison_only_for_who_may_see_the_360_page(client: Any, world: World) -> None:
    from spiegel.web.models import AssessmentInvitation, AssessmentResponse
    from spiegel.web.views.assess import statements

    own = AssessmentInvitation.objects.create(
        subject=world.people["emp"], rater=world.users["emp"], kind="self", answered_at=timezone.now()
    )
    AssessmentResponse.objects.bulk_create(
        AssessmentResponse(invitation=own, competency_id=s["competency"], item_id=s["id"], score=4)
        for s in statements()
    )
    url = reverse("conversation", args=[world.people["emp"].pk])
    client.force_login(world.users["emp"])
    assert "<th>Zelf</th>" in client.get(url).content.decode()
    client.force_login(world.users["hr"])  # HR sees the profile, not the 360 results
    page = client.get(url).content.decode()
    assert "Gespreksverslag" in page and "<th>Zelf</th>" not in page


def test_the_full_report_shows_the_trend_too(client: Any, world: World) -> None:
    _periods(world)
    client.force_login(world.users["emp"])
    page = client.get(reverse("report", args=[world.people["emp"].pk])).content.decode()
    trend = page.split('id="trend"')[1]
    assert "Verloop over de perioden" in trend and '<img src="data:image/svg+xml;base64,' in trend
