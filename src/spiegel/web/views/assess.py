# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Self/360 assessment: invite raters, answer the questionnaire, see the results (others only
when at least three answered), with blind spots and hidden strengths next to measured levels."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spiegel.web import audit, invitations, permissions
from spiegel.web.ids import parse_ids
from spiegel.web.models import AssessmentInvitation, AssessmentResponse, InvitationDelivery, Person
from spiegel.web.permissions import require
from spiegel.web.profiles import lang, text_in
from spiegel.web.views.errors import error_page

SCALE = (1, 2, 3, 4)


def statements() -> list[dict[str, Any]]:
    from spiegel.competencies.model import default_model

    return [
        {"competency": comp.id, "name": comp.name, "id": st.id, "self": st.self_text, "other": st.other_text}
        for comp in default_model().competencies
        for st in comp.statements
    ]


def results(subject: Person, viewer: Any = None) -> dict[str, Any]:
    """Mean self and others' scores per competency; others only with enough raters. Under
    judge-first a manager (*viewer*) who has not judged yet sees no measured levels here either."""
    self_scores: dict[str, list[int]] = defaultdict(list)
    other_scores: dict[str, list[int]] = defaultdict(list)
    others = 0
    for inv in subject.invitations.filter(answered_at__isnull=False).prefetch_related("responses"):
        target = self_scores if inv.kind == "self" else other_scores
        others += inv.kind == "other"
        for resp in inv.responses.all():
            target[resp.competency_id].append(resp.score)
    enough = others >= settings.SPIEGEL_MIN_OTHER_RATERS
    snap = subject.snapshots.defer("profile").first()
    measured: dict[str, int | None] = snap.summary_levels() if snap else {}
    if snap is not None and viewer is not None and permissions.judge_first_pending(viewer, subject, snap):
        measured = {}
    names = {s["competency"]: text_in(s["name"], lang()) for s in statements()}
    rows = []
    for cid, name in names.items():
        own = round(mean(self_scores[cid]), 1) if self_scores[cid] else None
        other = round(mean(other_scores[cid]), 1) if enough and other_scores[cid] else None
        outside = [v for v in (other, measured.get(cid)) if v is not None]
        flag = None
        if own is not None and outside:
            if own - max(outside) >= 1:
                flag = "blind_spot"
            elif min(outside) - own >= 1:
                flag = "hidden_strength"
        rows.append(
            {
                "id": cid,
                "name": name,
                "self": own,
                "others": other,
                "measured": measured.get(cid),
                "flag": flag,
            }
        )
    return {
        "rows": rows,
        "other_raters": others,
        "enough": enough,
        "min_raters": settings.SPIEGEL_MIN_OTHER_RATERS,
    }


@login_required
def overview(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_view_360(request.user, subject))
    audit.log(request.user, audit.VIEW_360, subject)
    raters = (
        get_user_model()
        .objects.filter(person__organisation=subject.organisation, is_active=True)
        .exclude(person=subject)
        .order_by("username")
    )
    return render(
        request,
        "spiegel_web/assess.html",
        {
            "subject": subject,
            **results(subject, request.user),
            "raters": raters,
            "invitations": subject.invitations.filter(kind="other")
            .select_related("rater", "rater__person")
            .prefetch_related("deliveries")
            .order_by("-created_at"),
            "mail_enabled": invitations.mail_enabled(),
            "now": timezone.now(),
            "can_invite": permissions.can_invite_raters(request.user, subject),
        },
    )


@login_required
@require_POST
def invite(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_invite_raters(request.user, subject))
    if refused := _without_consent(request, subject):
        return refused
    rater_ids = parse_ids(request.POST.getlist("raters"))
    if rater_ids is None:
        return error_page(
            request,
            400,
            _("Choose the colleagues to invite from the list on the 360 page; the form sent an unknown one."),
            reverse("assess", args=[subject.pk]),
        )
    users = (
        get_user_model()
        .objects.filter(
            pk__in=rater_ids,
            person__organisation=subject.organisation,
            is_active=True,
        )
        .exclude(person=subject)
    )
    new = []
    for user in users:
        invitation, created = AssessmentInvitation.objects.get_or_create(
            subject=subject, rater=user, kind="other", answered_at=None, revoked_at=None
        )
        if created:
            new.append(invitation)
    if subject.user is not None and request.POST.get("self") == "yes":
        AssessmentInvitation.objects.get_or_create(
            subject=subject, rater=subject.user, kind="self", answered_at=None, revoked_at=None
        )
    deliveries = [_send(request, invitation) for invitation in new]
    audit.log(request.user, audit.INVITE_360, subject, f"{len(new)} raters")
    _report(request, deliveries, _("The invitations were sent."))
    return redirect("assess", person_id=subject.pk)


def _without_consent(request: HttpRequest, subject: Person) -> HttpResponse | None:
    """A 403 answer when a manager asks colleagues about someone without active consent (the
    employee may still invite raters about themselves)."""
    if permissions.is_self(request.user, subject) or subject.has_consent():
        return None
    return error_page(
        request,
        403,
        _(
            "%(name)s has not given consent (or withdrew it): colleagues cannot be asked about "
            "them. Ask %(name)s to connect an account and consent first."
        )
        % {"name": subject.name},
        reverse("assess", args=[subject.pk]),
    )


def _send(request: HttpRequest, invitation: AssessmentInvitation) -> InvitationDelivery:
    return invitations.send(invitation, invitations.base_url(request.build_absolute_uri("/")))


def _report(request: HttpRequest, deliveries: list[InvitationDelivery], done: str) -> None:
    outcomes = Counter(d.outcome for d in deliveries)
    if not deliveries or outcomes["sent"] == len(deliveries):
        messages.success(request, done)
        return
    if outcomes["not_configured"]:
        messages.warning(
            request,
            _("E-mail is not set up here: colleagues find the invitation in spiegel after logging in."),
        )
        return
    if outcomes["no_address"]:
        messages.warning(
            request,
            ngettext(
                "%(n)d colleague has no e-mail address in spiegel and finds it after logging in.",
                "%(n)d colleagues have no e-mail address in spiegel and find it after logging in.",
                outcomes["no_address"],
            )
            % {"n": outcomes["no_address"]},
        )
    if outcomes["failed"]:
        messages.error(
            request,
            ngettext(
                "%(n)d e-mail could not be delivered; try sending it again later.",
                "%(n)d e-mails could not be delivered; try sending them again later.",
                outcomes["failed"],
            )
            % {"n": outcomes["failed"]},
        )


def _own_invitation(request: HttpRequest, person_id: int, invitation_id: int) -> AssessmentInvitation:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_invite_raters(request.user, subject))
    invitation = get_object_or_404(
        AssessmentInvitation.objects.select_related("rater", "subject"),
        pk=invitation_id,
        subject=subject,
        kind="other",
    )
    if not invitation.is_open:
        raise Http404
    return invitation


@login_required
@require_POST
def resend(request: HttpRequest, person_id: int, invitation_id: int) -> HttpResponse:
    invitation = _own_invitation(request, person_id, invitation_id)
    if refused := _without_consent(request, invitation.subject):
        return refused
    if not invitations.resend_allowed(invitation):
        minutes = int(invitations.RESEND_PAUSE.total_seconds() // 60)
        messages.warning(
            request,
            _("This invitation was e-mailed less than %(minutes)d minutes ago; try again a little later.")
            % {"minutes": minutes},
        )
        return redirect("assess", person_id=person_id)
    delivery = _send(request, invitation)
    _report(request, [delivery], _("The invitation was sent again; the earlier link no longer works."))
    return redirect("assess", person_id=person_id)


@login_required
@require_POST
def revoke(request: HttpRequest, person_id: int, invitation_id: int) -> HttpResponse:
    invitation = _own_invitation(request, person_id, invitation_id)
    invitations.revoke(invitation)
    audit.log(request.user, audit.REVOKE_360, invitation.subject, f"invitation {invitation.pk}")
    messages.success(request, _("The invitation was withdrawn; its link no longer works."))
    return redirect("assess", person_id=person_id)


def _questionnaire(
    request: HttpRequest, invitation: AssessmentInvitation, link_hash: str | None = None
) -> tuple[bool | None, dict[str, Any]]:
    """Show or take the answers of *invitation*: (saved, template context); saved is None when
    another request answered it (or used its link) first. *link_hash*: the e-mailed link's token
    hash when answering through it."""
    items = statements()
    language = lang()
    errors = []
    if request.method == "POST" and invitation.answered_at is None:
        scores: dict[str, int] = {}
        for item in items:
            value = request.POST.get(item["id"], "")
            if value not in {str(s) for s in SCALE}:
                errors.append(item["id"])
            else:
                scores[item["id"]] = int(value)
        if not errors:
            with transaction.atomic():
                if not invitations.redeem(invitation, link_hash):
                    return None, {}
                AssessmentResponse.objects.bulk_create(
                    AssessmentResponse(
                        invitation=invitation,
                        competency_id=item["competency"],
                        item_id=item["id"],
                        score=scores[item["id"]],
                    )
                    for item in items
                )
            return True, {}
    wording = "self" if invitation.kind == "self" else "other"
    questions = [
        {
            "id": i["id"],
            "text": text_in(i[wording], language),
            "competency": text_in(i["name"], language),
            "error": i["id"] in errors,
            "value": request.POST.get(i["id"], ""),
        }
        for i in items
    ]
    return False, {"invitation": invitation, "questions": questions, "scale": SCALE, "errors": errors}


@login_required
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(AssessmentInvitation, token=token, revoked_at=None)
    require(permissions.can_answer(request.user, invitation))
    saved, context = _questionnaire(request, invitation)
    if saved is None:
        messages.warning(request, _("This questionnaire was already answered; nothing was changed."))
        return redirect("home")
    if saved:
        messages.success(request, _("Thank you: your answers were saved."))
        return redirect("home")
    return render(request, "spiegel_web/answer.html", context)


def answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire behind an e-mailed link: no login; the link works once, until it expires."""
    invitation = invitations.by_link(token)
    if invitation is None:
        return render(request, "spiegel_web/link_invalid.html", {"reason": "unknown"}, status=404)
    if invitations.expired(invitation):
        context = {"reason": "expired", "expired_at": invitation.link_expires_at}
        return render(request, "spiegel_web/link_invalid.html", context, status=410)
    saved, context = _questionnaire(request, invitation, invitations.token_hash(token))
    if saved is None:  # used by another request at the same moment
        return render(request, "spiegel_web/link_invalid.html", {"reason": "unknown"}, status=404)
    if saved:
        return render(request, "spiegel_web/answered.html", {"subject_name": invitation.subject.name})
    return render(request, "spiegel_web/answer.html", context)
