"""360 invitations by e-mail (Django's locmem mail backend): one message per rater with a
single-use link that expires, naming nobody but the person assessed; re-send, revoke, and the
recorded delivery outcome."""

from __future__ import annotations

import re
import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from spiegel.web.models import AssessmentInvitation, AssessmentResponse, AuditLog, InvitationDelivery
from spiegel.web.views.assess import statements

from .conftest import World

LINK = re.compile(r"http://testserver(/invitation/[\w-]+/)")


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SPIEGEL_MAIL_ENABLED = True
    settings.SPIEGEL_MAIL_LANGUAGE = "nl"
    settings.SPIEGEL_BASE_URL = ""
    settings.SPIEGEL_INVITATION_DAYS = 14
    settings.DEFAULT_FROM_EMAIL = "spiegel <noreply@testdorp.example>"


def _invite(client: Any, world: World, by: str, subject: str, raters: list[str]) -> Any:
    client.force_login(world.users[by])
    data = {"raters": [str(world.users[r].pk) for r in raters]}
    return client.post(reverse("invite", args=[world.people[subject].pk]), data, follow=True)


def _link(message: Any) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def _answers(score: int = 3) -> dict[str, str]:
    return {s["id"]: str(score) for s in statements()}


def test_each_rater_gets_a_dutch_message_with_only_the_subjects_name(client: Any, world: World) -> None:
    _invite(client, world, "mgr", "emp", ["emp2", "other"])
    assert sorted(m.to[0] for m in mail.outbox) == ["emp2@example.org", "other@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Je mening over Person emp wordt gevraagd"
    assert "bereidt een beoordelingsgesprek voor" in message.body and "Gemeente Testdorp" in message.body
    for name in ("Person mgr", "Person emp2", "Person other", "mgr@example.org"):
        assert name not in message.body and name not in message.subject  # nobody else is named
    assert message.from_email == "spiegel <noreply@testdorp.example>"
    assert _link(mail.outbox[0]) != _link(mail.outbox[1])
    deliveries = InvitationDelivery.objects.all()
    assert deliveries.count() == 2 and {d.outcome for d in deliveries} == {"sent"}
    assert AuditLog.objects.filter(action="invite_360", subject_person_id=world.people["emp"].pk).exists()


def test_the_message_is_complete_in_english(client: Any, world: World, settings: Any) -> None:
    settings.SPIEGEL_MAIL_LANGUAGE = "en"
    _invite(client, world, "emp", "emp", ["emp2"])
    message = mail.outbox[0]
    assert message.subject == "Your view on Person emp is requested"
    assert "is preparing an appraisal conversation" in message.body
    assert "The link works once" in message.body and "bereidt" not in message.body


def test_the_link_opens_the_questionnaire_without_login_and_works_once(client: Any, world: World) -> None:
    _invite(client, world, "emp", "emp", ["emp2"])
    link = _link(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and len(page.context["questions"]) == len(statements())
    done = client.post(link, _answers(2))
    assert done.status_code == 200 and "Person emp" in done.content.decode()
    invitation = AssessmentInvitation.objects.get()
    assert invitation.answered_at is not None and invitation.link_token_hash == ""
    assert AssessmentResponse.objects.filter(invitation=invitation).count() == len(statements())
    assert client.get(link).status_code == 404  # used up
    assert client.post(link, _answers(4)).status_code == 404
    assert set(AssessmentResponse.objects.values_list("score", flat=True)) == {2}


def test_incomplete_answers_through_the_link_keep_it_usable(client: Any, world: World) -> None:
    _invite(client, world, "emp", "emp", ["emp2"])
    link = _link(mail.outbox[0])
    client.logout()
    first = statements()[0]["id"]
    response = client.post(link, {first: "3"})
    assert response.status_code == 200 and response.context["errors"]
    assert client.get(link).status_code == 200


def test_the_token_is_not_stored_in_clear(client: Any, world: World) -> None:
    _invite(client, world, "emp", "emp", ["emp2"])
    token = _link(mail.outbox[0]).split("/")[2]
    invitation = AssessmentInvitation.objects.get()
    assert (
        token not in (invitation.link_token_hash, invitation.token) and len(invitation.link_token_hash) == 64
    )


def test_an_expired_link_says_so(client: Any, world: World) -> None:
    _invite(client, world, "emp", "emp", ["emp2"])
    link = _link(mail.outbox[0])
    expires = AssessmentInvitation.objects.get().link_expires_at
    assert timedelta(days=13) < expires - timezone.now() <= timedelta(days=14)
    AssessmentInvitation.objects.update(link_expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    response = client.get(link)
    assert response.status_code == 410 and 'id="link-problem"' in response.content.decode()
    assert client.post(link, _answers()).status_code == 410
    assert AssessmentResponse.objects.count() == 0


def test_resend_replaces_the_link(client: Any, world: World) -> None:
    _invite(client, world, "emp", "emp", ["emp2"])
    old = _link(mail.outbox[0])
    invitation = AssessmentInvitation.objects.get()
    resend = reverse("invite_resend", args=[world.people["emp"].pk, invitation.pk])
    refused = client.post(resend, follow=True)
    assert len(mail.outbox) == 1 and "minuten geleden" in refused.content.decode()  # no mail flood
    InvitationDelivery.objects.update(at=timezone.now() - timedelta(minutes=16))
    client.post(resend)
    assert len(mail.outbox) == 2
    new = _link(mail.outbox[1])
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert list(invitation.deliveries.values_list("outcome", flat=True)) == ["sent", "sent"]


def test_revoke_stops_the_link_and_the_in_app_invitation(client: Any, world: World) -> None:
    _invite(client, world, "mgr", "emp", ["emp2"])
    link = _link(mail.outbox[0])
    invitation = AssessmentInvitation.objects.get()
    client.post(reverse("invite_revoke", args=[world.people["emp"].pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditLog.objects.filter(action="revoke_360").exists()
    client.logout()
    assert client.get(link).status_code == 404
    client.force_login(world.users["emp2"])
    assert client.get(reverse("answer", args=[invitation.token])).status_code == 404
    # a revoked invitation can be replaced by a new one
    _invite(client, world, "mgr", "emp", ["emp2"])
    assert AssessmentInvitation.objects.filter(revoked_at=None, answered_at=None).count() == 1
    assert len(mail.outbox) == 2


def test_answered_or_revoked_invitations_cannot_be_resent(client: Any, world: World) -> None:
    _invite(client, world, "emp", "emp", ["emp2"])
    invitation = AssessmentInvitation.objects.get()
    AssessmentInvitation.objects.update(answered_at=timezone.now())
    response = client.post(reverse("invite_resend", args=[world.people["emp"].pk, invitation.pk]))
    assert response.status_code == 404 and len(mail.outbox) == 1


@pytest.mark.parametrize("key", ["emp2", "other", "hr", "rater"])
def test_only_the_subject_or_their_manager_may_resend_or_revoke(client: Any, world: World, key: str) -> None:
    _invite(client, world, "emp", "emp", ["emp2"])
    invitation = AssessmentInvitation.objects.get()
    client.force_login(world.users[key])
    args = [world.people["emp"].pk, invitation.pk]
    assert client.post(reverse("invite_resend", args=args)).status_code == 403
    assert client.post(reverse("invite_revoke", args=args)).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and len(mail.outbox) == 1


def test_a_rater_without_address_is_recorded_and_told(client: Any, world: World) -> None:
    world.users["other"].email = ""
    world.users["other"].save()
    response = _invite(client, world, "emp", "emp", ["other", "emp2"])
    assert len(mail.outbox) == 1
    outcomes = dict(InvitationDelivery.objects.values_list("invitation__rater__username", "outcome"))
    assert outcomes == {"other": "no_address", "emp2": "sent"}
    assert "geen e-mailadres" in response.content.decode()


def test_a_failed_delivery_is_recorded_and_its_link_withdrawn(
    client: Any, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.mail.backends import locmem

    def refuse(self: Any, messages: Any) -> int:
        raise smtplib.SMTPRecipientsRefused({"emp2@example.org": (550, b"mailbox unavailable")})

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refuse)
    response = _invite(client, world, "emp", "emp", ["emp2"])
    delivery = InvitationDelivery.objects.get()
    assert delivery.outcome == "failed" and "SMTPRecipientsRefused" in delivery.error
    assert AssessmentInvitation.objects.get().link_token_hash == ""
    assert "kon niet worden bezorgd" in response.content.decode()
    page = client.get(reverse("assess", args=[world.people["emp"].pk])).content.decode()
    assert "mislukt" in page  # the table shows the outcome


def test_without_mail_setup_the_invitation_stays_in_the_app(client: Any, world: World, settings: Any) -> None:
    settings.SPIEGEL_MAIL_ENABLED = False
    _invite(client, world, "emp", "emp", ["emp2"])
    assert mail.outbox == []
    assert InvitationDelivery.objects.get().outcome == "not_configured"
    client.force_login(world.users["emp2"])
    home = client.get(reverse("home"))
    # emp2 is an employee: home redirects to the profile; the invitation is still answerable in the app
    invitation = AssessmentInvitation.objects.get()
    assert home.status_code == 302
    assert client.get(reverse("answer", args=[invitation.token])).status_code == 200


def test_the_base_url_setting_makes_the_links(client: Any, world: World, settings: Any) -> None:
    settings.SPIEGEL_BASE_URL = "https://spiegel.testdorp.example"
    _invite(client, world, "emp", "emp", ["emp2"])
    assert "https://spiegel.testdorp.example/invitation/" in mail.outbox[0].body
