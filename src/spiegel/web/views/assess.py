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
from django.utils.formats import number_format
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
                "signal": signal_text(own, other, measured.get(cid), flag),
            }
        )
    invited = subject.invitations.filter(kind="other", revoked_at__isnull=True).count()
    return {
        "rows": rows,
        "other_raters": others,
        "invited": invited,
        "response_rate": round(100 * others / invited) if invited else None,
        "enough": enough,
        "min_raters": settings.SPIEGEL_MIN_OTHER_RATERS,
    }


def _points(gap: float) -> str:
    return number_format(round(abs(gap), 1), decimal_pos=1)


def signal_text(own: float | None, others: float | None, measured: int | None, flag: str | None) -> str:
    """What the comparison of self, others and the measurement says, in words (the "Signal"
    column): a blind spot or hidden strength with its size, agreement, or why there is nothing
    to compare yet."""
    if own is None:
        return _("No self-assessment yet.")
    if others is None and measured is None:
        return _("Nothing to compare with yet: no measured level, and too few colleagues answered.")
    if others is not None and measured is not None:
        whom = _("colleagues and the measurement")
    elif others is not None:
        whom = _("colleagues")
    else:
        whom = _("the measurement")
    outside = [v for v in (others, measured) if v is not None]
    if flag == "blind_spot":
        return _(
            "Blind spot: the self-assessment is %(gap)s points higher than %(whom)s. Talk about "
            "examples that show the difference."
        ) % {"gap": _points(own - max(outside)), "whom": whom}
    if flag == "hidden_strength":
        return _(
            "Hidden strength: %(whom)s rate this %(gap)s points higher than the self-assessment. "
            "This is something to build on."
        ) % {"gap": _points(min(outside) - own), "whom": whom}
    return _("Agreement: the self-assessment is less than one point away from %(whom)s.") % {"whom": whom}


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
    status = _rater_status(subject)
    rater_rows = [(u, status.get(u.pk)) for u in raters]
    own = permissions.is_self(request.user, subject)
    self_invitation = (
        subject.invitations.filter(kind="self", revoked_at__isnull=True).order_by("-created_at").first()
        if subject.user_id
        else None
    )
    return render(
        request,
        "spiegel_web/assess.html",
        {
            "subject": subject,
            **results(subject, request.user),
            "raters": rater_rows,
            "own": own,
            "self_invitation": self_invitation,
            "open_invitations": sum(1 for inv in status.values() if inv == "open"),
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
    skipped = 0
    with transaction.atomic():
        # one invitation per colleague: whoever already has an open or answered one (not
        # withdrawn) is not invited again; the subject's row is locked first, so that two
        # invitations sent at the same moment (PostgreSQL) are checked one after the other
        Person.objects.select_for_update().filter(pk=subject.pk).first()
        already = set(_rater_status(subject))
        for user in users:
            if user.pk in already:
                skipped += 1
                continue
            new.append(AssessmentInvitation.objects.create(subject=subject, rater=user, kind="other"))
        if subject.user is not None and request.POST.get("self") == "yes":
            _self_invitation(subject)
    deliveries = [_send(request, invitation) for invitation in new]
    audit.log(request.user, audit.INVITE_360, subject, f"{len(new)} raters")
    if skipped:
        messages.info(
            request,
            ngettext(
                "%(n)d colleague was already invited or has answered, and was not invited again.",
                "%(n)d colleagues were already invited or have answered, and were not invited again.",
                skipped,
            )
            % {"n": skipped},
        )
    if new or not skipped:
        _report(request, deliveries, _("The invitations were sent."))
    return redirect("assess", person_id=subject.pk)


def _rater_status(subject: Person) -> dict[int, str]:
    """Colleague (user id) → "open" or "answered", for their invitation about *subject* that
    was not withdrawn."""
    status: dict[int, str] = {}
    for rater_id, answered_at in subject.invitations.filter(
        kind="other", revoked_at__isnull=True
    ).values_list("rater_id", "answered_at"):
        if answered_at is not None or rater_id not in status:
            status[rater_id] = "answered" if answered_at is not None else "open"
    return status


def _self_invitation(subject: Person) -> AssessmentInvitation:
    """The subject's own questionnaire: the open or answered one, or a new one."""
    found = (
        subject.invitations.filter(kind="self", revoked_at__isnull=True, rater=subject.user)
        .order_by("answered_at", "-created_at")
        .first()
    )
    return found or AssessmentInvitation.objects.create(subject=subject, rater=subject.user, kind="self")


@login_required
@require_POST
def self_assessment(request: HttpRequest, person_id: int) -> HttpResponse:
    """The employee starts (or continues) their own self-assessment: to its questionnaire."""
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.is_self(request.user, subject))
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=subject.pk).first()
        invitation = _self_invitation(subject)
    if invitation.answered_at is not None:
        messages.info(request, _("You have already filled in your self-assessment."))
        return redirect("assess", person_id=subject.pk)
    return redirect("answer", token=invitation.token)


@login_required
@require_POST
def remind(request: HttpRequest, person_id: int) -> HttpResponse:
    """A reminder e-mail to every colleague who has not answered yet (not to one who got an
    e-mail about it in the last :data:`invitations.RESEND_PAUSE`)."""
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_invite_raters(request.user, subject))
    if refused := _without_consent(request, subject):
        return refused
    base = invitations.base_url(request.build_absolute_uri("/"))
    due = [
        inv
        for inv in subject.invitations.filter(kind="other", answered_at=None, revoked_at=None).select_related(
            "rater", "subject", "subject__organisation"
        )
        if invitations.resend_allowed(inv)
    ]
    deliveries = [invitations.send(inv, base, reminder=True) for inv in due]
    audit.log(request.user, audit.REMIND_360, subject, f"{len(deliveries)} reminders")
    if not deliveries:
        messages.info(request, _("Nobody needs a reminder now: everyone answered or was e-mailed just now."))
        return redirect("assess", person_id=subject.pk)
    _report(
        request,
        deliveries,
        ngettext(
            "A reminder was sent to %(n)d colleague.",
            "A reminder was sent to %(n)d colleagues.",
            len(deliveries),
        )
        % {"n": len(deliveries)},
    )
    return redirect("assess", person_id=subject.pk)


@login_required
def reliability(request: HttpRequest) -> HttpResponse:
    """HR: Cronbach's α per competency over every questionnaire answered in the organisation,
    with a plain explanation and a warning below 0.7 (:mod:`spiegel.assess.reliability`)."""
    from spiegel.assess.reliability import ACCEPTABLE, MIN_QUESTIONNAIRES, alpha_per_competency

    require(permissions.is_hr(request.user))
    person = permissions.person_of(request.user)
    if person is None:  # a superuser without a person: no organisation to look at
        raise Http404
    org = person.organisation
    answers: dict[int, dict[str, float | None]] = defaultdict(dict)
    for inv_id, item, score in AssessmentResponse.objects.filter(
        invitation__subject__organisation=org, invitation__answered_at__isnull=False
    ).values_list("invitation_id", "item_id", "score"):
        answers[inv_id][item] = float(score) if score else None
    items: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for st in statements():
        items[st["competency"]].append(st["id"])
        names[st["competency"]] = text_in(st["name"], lang())
    alphas = alpha_per_competency(answers.values(), items)
    rows = [
        {
            "name": names[a.competency],
            "alpha": a,
            "shown": number_format(a.alpha, decimal_pos=2) if a.alpha is not None else "",
        }
        for a in alphas
    ]
    return render(
        request,
        "spiegel_web/reliability.html",
        {
            "organisation": org,
            "rows": rows,
            "questionnaires": len(answers),
            "threshold": number_format(ACCEPTABLE, decimal_pos=1),
            "minimum": MIN_QUESTIONNAIRES,
            "low": [a for a in alphas if a.acceptable is False],
        },
    )


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
