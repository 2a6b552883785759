"""360, complete (issue #14 item 5): the self-assessment flow, no duplicate invitations,
reminders by e-mail (Django's locmem backend, and ``spiegel manage remind_raters``), the signal
in words, the response rate, and Cronbach's α per competency for HR."""

from __future__ import annotations

import random
from datetime import timedelta
from io import StringIO
from typing import Any

import numpy as np
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from spiegel.assess.reliability import ACCEPTABLE, alpha_per_competency, cronbach_alpha
from spiegel.web import invitations
from spiegel.web.models import AssessmentInvitation, AssessmentResponse, AuditLog, InvitationDelivery
from spiegel.web.views.assess import signal_text, statements

from .conftest import World


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SPIEGEL_MAIL_ENABLED = True
    settings.SPIEGEL_MAIL_LANGUAGE = "nl"
    settings.SPIEGEL_BASE_URL = ""
    settings.DEFAULT_FROM_EMAIL = "spiegel <noreply@testdorp.example>"


def _invite(client: Any, world: World, by: str, subject: str, raters: list[str], **extra: str) -> Any:
    client.force_login(world.users[by])
    data = {"raters": [str(world.users[r].pk) for r in raters], **extra}
    return client.post(reverse("invite", args=[world.people[subject].pk]), data, follow=True)


def _answer(invitation: AssessmentInvitation, scores: dict[str, int] | None = None) -> None:
    AssessmentResponse.objects.bulk_create(
        AssessmentResponse(
            invitation=invitation,
            competency_id=s["competency"],
            item_id=s["id"],
            score=(scores or {}).get(s["competency"], 3),
        )
        for s in statements()
    )
    invitation.answered_at = timezone.now()
    invitation.save()


# --- no duplicate invitations -------------------------------------------------------------


def test_a_colleague_is_invited_once_also_after_answering(client: Any, world: World) -> None:
    _invite(client, world, "mgr", "emp", ["emp2", "other"])
    first = AssessmentInvitation.objects.get(subject=world.people["emp"], rater=world.users["emp2"])
    _answer(first)
    mail.outbox.clear()
    page = _invite(client, world, "mgr", "emp", ["emp2", "other", "rater"]).content.decode()
    # emp2 answered and other has an open invitation: neither is invited again (and "rater"
    # is no one of the organisation, so not invited at all)
    assert mail.outbox == []
    invited = AssessmentInvitation.objects.filter(subject=world.people["emp"], kind="other")
    assert sorted(i.rater.username for i in invited) == ["emp2", "other"]
    assert "2 collega&#x27;s waren al uitgenodigd" in page or "2 collega's waren al uitgenodigd" in page
    # the form shows them as such, not as choices
    overview = client.get(reverse("assess", args=[world.people["emp"].pk])).content.decode()
    assert "heeft geantwoord" in overview and "al uitgenodigd" in overview
    assert f'value="{world.users["emp2"].pk}" disabled' in overview


def test_a_withdrawn_invitation_may_be_sent_again(client: Any, world: World) -> None:
    _invite(client, world, "mgr", "emp", ["emp2"])
    invitations.revoke(AssessmentInvitation.objects.get(rater=world.users["emp2"]))
    _invite(client, world, "mgr", "emp", ["emp2"])
    assert AssessmentInvitation.objects.filter(rater=world.users["emp2"], revoked_at=None).count() == 1


# --- the self-assessment flow --------------------------------------------------------------


def test_the_employee_starts_and_finds_their_self_assessment(client: Any, world: World) -> None:
    client.force_login(world.users["emp"])
    url = reverse("assess", args=[world.people["emp"].pk])
    page = client.get(url).content.decode()
    assert 'id="self-start"' in page and "Begin aan je zelfbeoordeling" in page
    response = client.post(reverse("self_assessment", args=[world.people["emp"].pk]))
    invitation = AssessmentInvitation.objects.get(subject=world.people["emp"], kind="self")
    assert response.status_code == 302 and response["Location"] == reverse("answer", args=[invitation.token])
    # a second start continues the same questionnaire; the 360 page and the profile link to it
    client.post(reverse("self_assessment", args=[world.people["emp"].pk]))
    assert AssessmentInvitation.objects.filter(subject=world.people["emp"], kind="self").count() == 1
    assert reverse("answer", args=[invitation.token]) in client.get(url).content.decode()
    profile = client.get(reverse("profile", args=[world.people["emp"].pk])).content.decode()
    assert 'id="open-questionnaires"' in profile and reverse("answer", args=[invitation.token]) in profile
    # answered: the page says so
    answers = {s["id"]: "3" for s in statements()}
    client.post(reverse("answer", args=[invitation.token]), answers)
    page = client.get(url).content.decode()
    assert "Je hebt je zelfbeoordeling ingevuld op" in page and 'id="self-start"' not in page


def test_a_manager_asks_for_a_self_assessment_the_employee_then_sees(client: Any, world: World) -> None:
    _invite(client, world, "mgr", "emp", ["emp2"], self="yes")
    _invite(client, world, "mgr", "emp", ["other"], self="yes")  # no second self-assessment
    own = AssessmentInvitation.objects.filter(subject=world.people["emp"], kind="self")
    assert own.count() == 1
    client.force_login(world.users["emp"])
    page = client.get(reverse("assess", args=[world.people["emp"].pk])).content.decode()
    assert 'id="self-link"' in page and reverse("answer", args=[own.get().token]) in page


def test_only_the_employee_starts_their_own_self_assessment(client: Any, world: World) -> None:
    client.force_login(world.users["mgr"])
    assert client.post(reverse("self_assessment", args=[world.people["emp"].pk])).status_code == 403
    assert not AssessmentInvitation.objects.filter(kind="self").exists()


# --- response rate and the signal in words ---------------------------------------------------


def test_response_rate_and_a_signal_for_every_competency(client: Any, world: World) -> None:
    _invite(client, world, "mgr", "emp", ["emp2", "other", "mgr_b", "hr"])
    for key in ("emp2", "other", "mgr_b"):
        _answer(AssessmentInvitation.objects.get(rater=world.users[key]), {"luisteren": 1, "timing": 3})
    own = AssessmentInvitation.objects.create(
        subject=world.people["emp"], rater=world.users["emp"], kind="self"
    )
    _answer(own, {"luisteren": 4, "timing": 3})
    client.force_login(world.users["emp"])
    page = client.get(reverse("assess", args=[world.people["emp"].pk])).content.decode()
    assert "Respons: 3 van de 4 uitgenodigde collega" in page and "(75%)" in page
    # the measured level of luisteren is 2 (conftest): self 4 is 2 points above others (1) and data
    assert "Blinde vlek: de zelfbeoordeling is 2,0 punt hoger dan die van collega&#x27;s en de meting" in page
    assert "Komt overeen" in page  # timing: 3 against 3
    cells = page.split('class="utrecht-table__cell spiegel-flag')[1:]
    assert len(cells) == len({s["competency"] for s in statements()})
    assert all(cell.split(">", 1)[1].split("<", 1)[0].strip() for cell in cells)  # none empty


def test_signal_texts() -> None:
    with translation.override("en"):
        _english_signals()


def _english_signals() -> None:
    assert signal_text(None, 3.0, 3, None) == "No self-assessment yet."
    assert signal_text(3.0, None, None, None).startswith("Nothing to compare with yet")
    assert "1.5 points higher than the measurement" in signal_text(3.5, None, 2, "blind_spot")
    assert signal_text(1.0, 2.5, None, "hidden_strength").startswith(
        "Hidden strength: colleagues rate this 1.5"
    )


# --- reminders -------------------------------------------------------------------------------


def test_remind_everyone_who_has_not_answered(client: Any, world: World) -> None:
    _invite(client, world, "mgr", "emp", ["emp2", "other"])
    _answer(AssessmentInvitation.objects.get(rater=world.users["other"]))
    url = reverse("invite_remind", args=[world.people["emp"].pk])
    mail.outbox.clear()
    # just invited: nobody is reminded within the re-send pause
    client.post(url)
    assert mail.outbox == []
    InvitationDelivery.objects.update(at=timezone.now() - timedelta(days=3))
    page = client.post(url, follow=True).content.decode()
    assert [m.to for m in mail.outbox] == [["emp2@example.org"]]
    message = mail.outbox[0]
    assert message.subject == "Herinnering: je mening over Person emp wordt gevraagd"
    assert "Je antwoorden zijn nog niet binnen" in message.body and "/invitation/" in message.body
    assert "Person mgr" not in message.body
    assert "Er is een herinnering gestuurd aan 1 collega." in page
    assert InvitationDelivery.objects.filter(kind="reminder", outcome="sent").count() == 1
    assert AuditLog.objects.filter(action="remind_360").exists()
    assert (
        "herinnering: verstuurd"
        in client.get(reverse("assess", args=[world.people["emp"].pk])).content.decode()
    )


def test_remind_raters_command(world: World, settings: Any) -> None:
    settings.SPIEGEL_BASE_URL = "https://spiegel.testdorp.example"
    inv = AssessmentInvitation.objects.create(subject=world.people["emp"], rater=world.users["emp2"])
    silent = AssessmentInvitation.objects.create(subject=world.people["emp"], rater=world.users["other"])
    invitations.send(inv, settings.SPIEGEL_BASE_URL)
    InvitationDelivery.objects.create(invitation=silent, outcome="not_configured")
    mail.outbox.clear()
    out = StringIO()
    call_command("remind_raters", "--after-days", "7", stdout=out)
    assert mail.outbox == [] and "0 reminder(s)" in out.getvalue()  # not due yet
    for round_ in range(1, 4):
        InvitationDelivery.objects.update(at=timezone.now() - timedelta(days=8))
        call_command("remind_raters", stdout=StringIO())
        # at most two reminders; the never-e-mailed invitation gets none
        assert len(mail.outbox) == min(round_, invitations.MAX_REMINDERS)
    assert all(m.to == ["emp2@example.org"] for m in mail.outbox)
    assert "https://spiegel.testdorp.example/invitation/" in mail.outbox[0].body


def test_remind_raters_needs_a_base_url(db: None, settings: Any) -> None:
    settings.SPIEGEL_BASE_URL = ""
    with pytest.raises(CommandError, match="SPIEGEL_BASE_URL"):
        call_command("remind_raters")


# --- Cronbach's alpha ------------------------------------------------------------------------


def _alpha_by_covariance(rows: list[list[float]]) -> float:
    """α written the other way: k/(k-1) · (1 − trace(C) / sum(C)) with C the item covariance."""
    c = np.cov(np.asarray(rows, dtype=float), rowvar=False)
    k = c.shape[0]
    return float(k / (k - 1) * (1 - np.trace(c) / c.sum()))


def test_cronbach_alpha_matches_the_covariance_formula() -> None:
    rng = random.Random(3)
    rows = []
    for _ in range(40):
        trait = rng.uniform(1, 4)
        rows.append([min(4, max(1, round(trait + rng.gauss(0, 0.6)))) for _ in range(4)])
    alpha, n = cronbach_alpha(rows)
    assert n == 40 and alpha == pytest.approx(_alpha_by_covariance(rows), abs=1e-3)
    assert alpha is not None and alpha > 0.8
    noise = [[rng.randint(1, 4) for _ in range(4)] for _ in range(40)]
    low, _n = cronbach_alpha(noise)
    assert low is not None and low < ACCEPTABLE


def test_alpha_leaves_out_incomplete_questionnaires_and_needs_enough() -> None:
    full = [{"a1": 1.0, "a2": 1.0}, {"a1": 2.0, "a2": 2.0}, {"a1": 3.0, "a2": 4.0}, {"a1": 4.0, "a2": 4.0}]
    answers = [*full, {"a1": 2.0, "a2": None}, {"a1": 3.0}]
    (result,) = alpha_per_competency(answers, {"a": ["a1", "a2"]})
    assert (result.alpha, result.n, result.incomplete) == (None, 4, 2)  # 4 < the minimum of 5
    (result,) = alpha_per_competency([*answers, {"a1": 2.0, "a2": 3.0}], {"a": ["a1", "a2"]})
    assert result.n == 5 and result.alpha is not None and result.incomplete == 2
    assert cronbach_alpha([[3, 3]] * 6) == (None, 6)  # no spread: not computed


def test_hr_sees_alpha_per_competency_with_a_warning(client: Any, world: World) -> None:
    rng = random.Random(5)
    items = statements()
    raters = [world.users[k] for k in ("emp2", "other", "mgr", "mgr_b", "hr", "rater")]
    for n, rater in enumerate(raters * 2):
        subject = world.people["emp" if n < len(raters) else "emp2"]
        if rater == subject.user:
            continue
        inv = AssessmentInvitation.objects.create(subject=subject, rater=rater, answered_at=timezone.now())
        trait = rng.uniform(1, 4)
        AssessmentResponse.objects.bulk_create(
            AssessmentResponse(
                invitation=inv,
                competency_id=s["competency"],
                item_id=s["id"],
                # timing is answered at random: its statements do not hang together
                score=rng.randint(1, 4)
                if s["competency"] == "timing"
                else min(4, max(1, round(trait + rng.gauss(0, 0.3)))),
            )
            for s in items
        )
    client.force_login(world.users["hr"])
    page = client.get(reverse("org_reliability")).content.decode()
    assert "Cronbachs alfa per competentie" in page and "Wat dit getal zegt" in page
    assert 'id="alpha-warning"' in page
    timing = page.split('data-competency="timing"')[1].split("</tr>")[0]
    assert "te laag: voorzichtig gebruiken" in timing
    luisteren = page.split('data-competency="luisteren"')[1].split("</tr>")[0]
    assert "goed" in luisteren and "0," in luisteren  # Dutch decimal comma
    for key in ("emp", "mgr", "hr_x"):
        client.force_login(world.users[key])
        status = client.get(reverse("org_reliability")).status_code
        assert status in (403, 404) if key != "hr_x" else status == 200
    # another organisation's HR sees only their own (none): no warning
    assert 'id="alpha-warning"' not in client.get(reverse("org_reliability")).content.decode()
