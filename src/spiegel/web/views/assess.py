# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Self/360 assessment: invite raters, answer the questionnaire, see the results (others only
when at least three answered), with blind spots and hidden strengths next to measured levels."""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spiegel.web import audit, permissions
from spiegel.web.models import AssessmentInvitation, AssessmentResponse, Person
from spiegel.web.permissions import require
from spiegel.web.profiles import lang, text_in

SCALE = (1, 2, 3, 4)


def statements() -> list[dict[str, Any]]:
    from spiegel.competencies.model import default_model

    return [
        {"competency": comp.id, "name": comp.name, "id": st.id, "self": st.self_text, "other": st.other_text}
        for comp in default_model().competencies
        for st in comp.statements
    ]


def results(subject: Person) -> dict[str, Any]:
    """Mean self and others' scores per competency; others only with enough raters."""
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
            **results(subject),
            "raters": raters,
            "invitations": subject.invitations.select_related("rater").order_by("-created_at"),
            "can_invite": permissions.can_invite_raters(request.user, subject),
        },
    )


@login_required
@require_POST
def invite(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_invite_raters(request.user, subject))
    users = (
        get_user_model()
        .objects.filter(
            pk__in=[v for v in request.POST.getlist("raters") if v.isdigit()],
            person__organisation=subject.organisation,
        )
        .exclude(person=subject)
    )
    for user in users:
        AssessmentInvitation.objects.get_or_create(
            subject=subject, rater=user, kind="other", answered_at=None
        )
    if subject.user is not None and request.POST.get("self") == "yes":
        AssessmentInvitation.objects.get_or_create(
            subject=subject, rater=subject.user, kind="self", answered_at=None
        )
    messages.success(request, _("The invitations were sent."))
    return redirect("assess", person_id=subject.pk)


@login_required
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(AssessmentInvitation, token=token)
    require(permissions.can_answer(request.user, invitation))
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
                AssessmentResponse.objects.bulk_create(
                    AssessmentResponse(
                        invitation=invitation,
                        competency_id=item["competency"],
                        item_id=item["id"],
                        score=scores[item["id"]],
                    )
                    for item in items
                )
                invitation.answered_at = timezone.now()
                invitation.save(update_fields=["answered_at"])
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("home")
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
    return render(
        request,
        "spiegel_web/answer.html",
        {"invitation": invitation, "questions": questions, "scale": SCALE, "errors": errors},
    )
