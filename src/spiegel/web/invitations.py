# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""360 invitations by e-mail: each rater gets a message with a single-use link that expires.

The link carries a random token; the database keeps only its SHA-256, so neither a database dump
nor the admin reveals a working link. Opening the link shows the questionnaire without logging
in; answering uses the token up. Re-sending issues a new token (the old link stops working),
revoking clears it. Every attempt is kept as an :class:`InvitationDelivery` with its outcome.

The message names only the person being assessed (and the organisation): not the rater, not
who invited them. It is written in ``SPIEGEL_MAIL_LANGUAGE`` (Dutch unless set to ``en``).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from spiegel.web.models import AssessmentInvitation, InvitationDelivery

log = logging.getLogger("spiegel.web.invitations")

#: a colleague gets at most one e-mail about the same invitation in this time
RESEND_PAUSE = timedelta(minutes=15)
#: automatic reminders (``spiegel manage remind_raters``) per invitation, at most
MAX_REMINDERS = 2


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mail_enabled() -> bool:
    return bool(settings.SPIEGEL_MAIL_ENABLED)


def _issue_link(invitation: AssessmentInvitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.link_token_hash = token_hash(token)
    invitation.link_expires_at = timezone.now() + timedelta(days=settings.SPIEGEL_INVITATION_DAYS)
    invitation.save(update_fields=["link_token_hash", "link_expires_at"])
    return token


def _clear_link(invitation: AssessmentInvitation) -> None:
    invitation.link_token_hash = ""
    invitation.save(update_fields=["link_token_hash"])


def _record(
    invitation: AssessmentInvitation, outcome: str, error: str = "", kind: str = "invitation"
) -> InvitationDelivery:
    return InvitationDelivery.objects.create(
        invitation=invitation, outcome=outcome, error=error[:500], kind=kind
    )


def compose(invitation: AssessmentInvitation, link: str, reminder: bool = False) -> EmailMessage:
    """The invitation message for *link* (in the mail language; names only the subject); with
    *reminder* the reminder of an invitation not answered yet."""
    context = {
        "name": invitation.subject.name,
        "organisation": invitation.subject.organisation.name,
        "link": link,
        "expires": timezone.localtime(invitation.link_expires_at),
        "min_raters": settings.SPIEGEL_MIN_OTHER_RATERS,
    }
    name = "reminder" if reminder else "invitation"
    with translation.override(settings.SPIEGEL_MAIL_LANGUAGE):
        subject = render_to_string(f"spiegel_web/email/{name}_subject.txt", context)
        body = render_to_string(f"spiegel_web/email/{name}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.rater.email],
    )


def send(invitation: AssessmentInvitation, base_url: str, reminder: bool = False) -> InvitationDelivery:
    """E-mail *invitation* with a fresh single-use link under *base_url* (e.g.
    ``https://spiegel.example.nl``) and record the outcome. Never raises for a mail failure.
    *reminder*: the reminder message (the earlier link stops working, like a re-send)."""
    kind = "reminder" if reminder else "invitation"
    if not mail_enabled():
        return _record(invitation, "not_configured", kind=kind)
    if not invitation.rater.email:
        return _record(invitation, "no_address", kind=kind)
    token = _issue_link(invitation)
    link = base_url.rstrip("/") + reverse("answer_link", args=[token])
    try:
        sent = compose(invitation, link, reminder).send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        _clear_link(invitation)  # a link that never arrived must not stay usable
        log.warning("360 invitation %s: e-mail failed (%s)", invitation.pk, type(exc).__name__)
        return _record(invitation, "failed", f"{type(exc).__name__}: {exc}", kind=kind)
    if not sent:
        _clear_link(invitation)
        return _record(invitation, "failed", "the mail server accepted no recipient", kind=kind)
    return _record(invitation, "sent", kind=kind)


def due_reminders(after: timedelta, now: datetime | None = None) -> list[AssessmentInvitation]:
    """Open invitations to colleagues whose last e-mail (invitation or reminder) went out at
    least *after* ago, at most :data:`MAX_REMINDERS` reminders each, subject still consenting."""
    now = now or timezone.now()
    due = []
    for invitation in (
        AssessmentInvitation.objects.filter(kind="other", answered_at=None, revoked_at=None)
        .select_related("rater", "subject", "subject__organisation")
        .prefetch_related("deliveries")
    ):
        sent = [d for d in invitation.deliveries.all() if d.outcome == "sent"]
        if not sent or not invitation.subject.has_consent():
            continue  # never e-mailed (no mail set up, no address): nothing to remind of
        if sum(d.kind == "reminder" for d in sent) >= MAX_REMINDERS:
            continue
        if now - max(d.at for d in sent) >= after:
            due.append(invitation)
    return due


def resend_allowed(invitation: AssessmentInvitation, now: datetime | None = None) -> bool:
    """Not within :data:`RESEND_PAUSE` of the last e-mail that went out (no mail floods)."""
    last = invitation.deliveries.filter(outcome="sent").order_by("-at").first()
    return last is None or (now or timezone.now()) - last.at >= RESEND_PAUSE


def revoke(invitation: AssessmentInvitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.link_token_hash = ""
    invitation.save(update_fields=["revoked_at", "link_token_hash"])


def by_link(token: str) -> AssessmentInvitation | None:
    """The open invitation the e-mailed *token* belongs to (expired ones included: the caller
    tells those apart), or None for a used, replaced, revoked or unknown link."""
    if not token:
        return None
    invitation = (
        AssessmentInvitation.objects.select_related("subject", "subject__organisation")
        .filter(link_token_hash=token_hash(token))
        .first()
    )
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def expired(invitation: AssessmentInvitation) -> bool:
    return invitation.link_expires_at is None or timezone.now() >= invitation.link_expires_at


def redeem(invitation: AssessmentInvitation, link_hash: str | None = None) -> bool:
    """Mark *invitation* answered and its link used, if nobody did so first: True for the one
    request that may store its answers (call it in the answers' transaction, before storing).

    One conditional UPDATE (``… WHERE answered_at IS NULL AND revoked_at IS NULL``, and the
    link's token hash when answering through the link): the database lets exactly one of
    several requests that redeem at the same moment change the row (PostgreSQL makes the
    others wait for its commit and re-check the condition; SQLite writes one at a time).
    """
    claimed = AssessmentInvitation.objects.filter(
        pk=invitation.pk, answered_at__isnull=True, revoked_at__isnull=True
    )
    if link_hash is not None:
        claimed = claimed.filter(link_token_hash=link_hash)
    now = timezone.now()
    if claimed.update(answered_at=now, link_token_hash="") != 1:
        return False
    invitation.answered_at, invitation.link_token_hash = now, ""
    return True


def base_url(request_base: str) -> str:
    """Where links point: ``SPIEGEL_BASE_URL`` when set, else the address of the request."""
    return settings.SPIEGEL_BASE_URL or request_base
