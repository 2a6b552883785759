# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Home, profile (with annotations, release, judgements, history) pages."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spiegel.web import audit, permissions
from spiegel.web.ids import parse_id
from spiegel.web.models import EvidenceAnnotation, ManagerJudgement, Person, ProfileSnapshot, Team
from spiegel.web.permissions import require
from spiegel.web.profiles import competency_rows, evidence_post_ids, lang, text_in, trend_of, trend_view
from spiegel.web.views.errors import error_page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = permissions.person_of(request.user)
    if person is not None:
        # a manager starts at their team (their own profile is one link away in the menu), and
        # so does HR without a profile of their own (not an empty page)
        start = Team.objects.filter(manager=person).order_by("name").first()
        if start is None and permissions.is_hr(request.user) and not person.snapshots.exists():
            start = next(iter(permissions.visible_teams(request.user)), None)
        if start is not None:
            return redirect("team", team_id=start.pk)
        return redirect("profile", person_id=person.pk)
    teams = permissions.visible_teams(request.user)
    if teams:
        return redirect("team", team_id=teams[0].pk)
    return render(
        request,
        "spiegel_web/home.html",
        {"invitations": request.user.invitations.filter(answered_at=None, revoked_at=None)},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (no login needed; linked from every page's footer)."""
    return render(request, "spiegel_web/accessibility.html")


def _snapshot(request: HttpRequest, subject: Person) -> tuple[ProfileSnapshot | None, list[ProfileSnapshot]]:
    snapshots = permissions.visible_snapshots(request.user, subject)
    wanted = request.GET.get("snapshot")
    if wanted:
        wanted_id = parse_id(wanted)
        if wanted_id is None:
            raise Http404  # not an id at all ("²" passes str.isdigit but not int())
        chosen = next((s for s in snapshots if s.pk == wanted_id), None)
        require(chosen is not None)
        return chosen, snapshots
    return (snapshots[0] if snapshots else None), snapshots


CSRF_PLACEHOLDER = "@@CSRF_INPUT@@"


def _profile_url(subject: Person, snapshot: ProfileSnapshot) -> str:
    """The profile page showing *snapshot* (where a refused form on it sends the user back)."""
    return f"{reverse('profile', args=[subject.pk])}?snapshot={snapshot.pk}"


@login_required
def profile(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_view_person(request.user, subject))
    snapshot, snapshots = _snapshot(request, subject)
    language = lang()
    if snapshot is not None and permissions.judge_first_pending(request.user, subject, snapshot):
        return _judge_first(request, subject, snapshot, language)
    entries = [(audit.VIEW_PROFILE, subject, f"snapshot {snapshot.pk}" if snapshot else "no snapshot")]
    if snapshot is not None:
        entries.append((audit.VIEW_EVIDENCE, subject, f"evidence of snapshot {snapshot.pk}"))
    audit.log_many(request.user, entries)
    own = permissions.is_self(request.user, subject)
    notes_key = ""
    if snapshot is not None:
        # the rendered competency sections are cached (they are the costly part of the page);
        # any new note or judgement changes the key
        notes = snapshot.annotations.aggregate(last=Max("id"), reviewed=Max("reviewed_at"))
        judged = snapshot.judgements.aggregate(last=Max("id"))["last"]
        reviewed = notes["reviewed"].timestamp() if notes["reviewed"] else ""
        notes_key = f"{notes['last']}-{judged}-{reviewed}"
    html = render_to_string(
        "spiegel_web/profile.html",
        {
            "subject": subject,
            "snapshot": snapshot,
            "snapshots": snapshots,
            # called by the template only when the cached sections must be rendered again
            # managers and HR see third parties in the evidence pseudonymised, the employee the originals
            "rows": partial(competency_rows, snapshot, language, not own) if snapshot else [],
            "trend": _trend(snapshot, snapshots, language) if snapshot is not None else None,
            "open_questionnaires": request.user.invitations.filter(answered_at=None, revoked_at=None)
            .select_related("subject")
            .order_by("created_at")
            if own
            else [],
            "own": own,
            "can_annotate": permissions.can_annotate(request.user, subject),
            "can_judge": permissions.can_judge(request.user, subject),
            "can_review": permissions.can_review_contest(request.user, subject),
            "levels": (1, 2, 3, 4),
            "consent": subject.has_consent(),
            "lang": language,
            "notes_key": notes_key,
        },
        request=request,
    )
    # forms inside the cached sections carry a placeholder for this request's CSRF token
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, token))


def _trend(
    snapshot: ProfileSnapshot, snapshots: list[ProfileSnapshot], language: str
) -> dict[str, Any] | None:
    """The profile page's trend over the earlier appraisal periods, cached per snapshot (the
    chart takes a while to draw)."""
    from django.core.cache import cache

    key = f"spiegel:trend:{snapshot.pk}:{'-'.join(str(s.pk) for s in snapshots)}:{language}"
    found = cache.get(key)
    if found is None:
        trend = trend_of(snapshot, snapshots)
        found = {"view": trend_view(trend, language) if trend else None}
        cache.set(key, found, timeout=24 * 3600)
    return found["view"]


def _judge_first(
    request: HttpRequest, subject: Person, snapshot: ProfileSnapshot, language: str
) -> HttpResponse:
    """Judge-first: the manager records their own judgement of each competency before the
    measured levels and the evidence are shown (:func:`permissions.judge_first_pending`)."""
    open_ids = set(permissions.unjudged(snapshot))
    competencies = [
        {
            "id": str(c.get("id")),
            "name": text_in(c.get("name"), language) or str(c.get("id")),
            "description": text_in(c.get("description"), language),
        }
        for c in snapshot.competencies()
        if str(c.get("id")) in open_ids
    ]
    audit.log(request.user, audit.VIEW_PROFILE, subject, f"judge-first form of snapshot {snapshot.pk}")
    return render(
        request,
        "spiegel_web/judge_first.html",
        {"subject": subject, "snapshot": snapshot, "competencies": competencies, "levels": (1, 2, 3, 4)},
    )


@login_required
@require_POST
def annotate(request: HttpRequest, person_id: int, snapshot_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_annotate(request.user, subject))
    snapshot = get_object_or_404(ProfileSnapshot, pk=snapshot_id, person=subject)
    key = (
        request.POST.get("competency", ""),
        request.POST.get("indicator", ""),
        request.POST.get("post_id", ""),
    )
    kind = request.POST.get("kind", "note")
    text = request.POST.get("text", "").strip()
    if key not in evidence_post_ids(snapshot) or kind not in ("note", "contest") or not text:
        return error_page(
            request,
            400,
            _("Choose a piece of evidence and write your note."),
            _profile_url(subject, snapshot),
        )
    note = EvidenceAnnotation.objects.create(
        snapshot=snapshot,
        author=request.user,
        competency_id=key[0],
        indicator_id=key[1],
        post_id=key[2],
        kind=kind,
        text=text[:4000],
        review_status="open" if kind == "contest" else "",
    )
    if kind == "contest":
        # a contest opens a review by the manager or HR; both are in the audit log
        audit.log_many(
            request.user,
            [
                (audit.CONTEST, subject, f"snapshot {snapshot.pk} {key[0]}/{key[1]} post {key[2]}"),
                (audit.REVIEW_OPENED, subject, f"contest {note.pk} of snapshot {snapshot.pk}"),
            ],
        )
        messages.success(
            request,
            _("Your contest was saved and opens a review by your manager or HR; you see its outcome here."),
        )
    else:
        messages.success(request, _("Your note was saved. Your manager will see it next to the evidence."))
    return redirect(f"{reverse('profile', args=[subject.pk])}?snapshot={snapshot.pk}#ind-{key[0]}-{key[1]}")


@login_required
@require_POST
def release(request: HttpRequest, person_id: int, snapshot_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_release(request.user, subject))
    snapshot = get_object_or_404(ProfileSnapshot, pk=snapshot_id, person=subject)
    if snapshot.released_at is None:
        snapshot.released_at = timezone.now()
        snapshot.save(update_fields=["released_at"])
        audit.log(request.user, audit.RELEASE, subject, f"snapshot {snapshot.pk}")
    messages.success(request, _("Your manager can now see this profile and your notes."))
    return redirect("profile", person_id=subject.pk)


@login_required
@require_POST
def judge(request: HttpRequest, person_id: int, snapshot_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_judge(request.user, subject))
    snapshot = get_object_or_404(ProfileSnapshot, pk=snapshot_id, person=subject)
    require(snapshot.visible_to_manager())
    competency = request.POST.get("competency", "")
    measured = {str(c.get("id")): c.get("level") for c in snapshot.competencies()}
    level = request.POST.get("level", "")
    reason = request.POST.get("reason", "").strip()
    if competency not in measured or level not in ("1", "2", "3", "4") or not reason:
        return error_page(
            request,
            400,
            _("Choose a competency and a level, and give your reason."),
            _profile_url(subject, snapshot),
        )
    ManagerJudgement.objects.create(
        snapshot=snapshot,
        competency_id=competency,
        level=int(level),
        measured_level=measured[competency],
        reason=reason[:4000],
        by=request.user,
    )
    audit.log(request.user, audit.JUDGEMENT, subject, f"{competency}: level {level}")
    messages.success(request, _("Your judgement was recorded with your reason."))
    return redirect("profile", person_id=subject.pk)


@login_required
@require_POST
def review(request: HttpRequest, person_id: int, snapshot_id: int, annotation_id: int) -> HttpResponse:
    """Close the review a contest opened, with the reviewer's note; with ``recompute`` the
    profile is built again (a profile job), for instance after wrong evidence was removed."""
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_review_contest(request.user, subject))
    snapshot = get_object_or_404(ProfileSnapshot, pk=snapshot_id, person=subject)
    require(permissions.is_hr(request.user) or snapshot.visible_to_manager())
    contest = get_object_or_404(EvidenceAnnotation, pk=annotation_id, snapshot=snapshot, kind="contest")
    note = request.POST.get("note", "").strip()
    if not note:
        return error_page(
            request, 400, _("Write the outcome of the review."), _profile_url(subject, snapshot)
        )
    if contest.review_status != "closed":
        contest.review_status = "closed"
        contest.review_note = note[:4000]
        contest.reviewed_at = timezone.now()
        contest.reviewed_by = audit.label(request.user)
        contest.save(update_fields=["review_status", "review_note", "reviewed_at", "reviewed_by"])
        entries = [(audit.REVIEW_CLOSED, subject, f"contest {contest.pk} of snapshot {snapshot.pk}")]
        if request.POST.get("recompute") == "yes":
            from spiegel.web import jobs

            jobs.enqueue("profile", person=subject)
            entries.append((audit.RECOMPUTE, subject, f"after contest {contest.pk}"))
        audit.log_many(request.user, entries)
    messages.success(request, _("The review was closed; the employee sees its outcome."))
    return redirect(f"{reverse('profile', args=[subject.pk])}?snapshot={snapshot.pk}")


def _report_html(
    snapshot: ProfileSnapshot,
    language: str,
    masked: bool = False,
    snapshots: list[ProfileSnapshot] | None = None,
) -> str:
    """The core's own HTML report of the snapshot (``spiegel.report.render_html``), as an
    embeddable fragment; cached per snapshot, language and masking (the chart takes a while to
    draw). *masked*: third parties pseudonymised (managers and HR)."""
    from django.core.cache import cache

    from spiegel.report import render_html
    from spiegel.web.third_parties import mask_profile

    earlier = "-".join(str(s.pk) for s in snapshots or [])
    key = f"spiegel:report:{snapshot.pk}:{snapshot.created_at.timestamp()}:{language}:{int(masked)}:{earlier}"
    html = cache.get(key)
    if html is None:
        profile = dict(mask_profile(snapshot.profile) if masked else snapshot.profile)
        # the change over the earlier appraisal periods the reader may see (their snapshots)
        trend = trend_of(snapshot, snapshots) if snapshots else None
        if trend is not None:
            profile["trend"] = trend
        html = render_html(profile, language, standalone=False)
        cache.set(key, html, timeout=24 * 3600)
    return str(html)


@login_required
def report(request: HttpRequest, person_id: int) -> HttpResponse:
    """The full report, exactly as ``spiegel report`` writes it (chart, how each indicator is
    measured, its accuracy and limits), for whoever may see the profile."""
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_view_person(request.user, subject))
    snapshot, snapshots = _snapshot(request, subject)
    if snapshot is None:
        raise Http404(_("There is no profile you can see yet."))
    if permissions.judge_first_pending(request.user, subject, snapshot):
        return redirect(f"{reverse('profile', args=[subject.pk])}?snapshot={snapshot.pk}")
    audit.log_many(
        request.user,
        [
            (audit.VIEW_PROFILE, subject, f"full report of snapshot {snapshot.pk}"),
            (audit.VIEW_EVIDENCE, subject, f"evidence of snapshot {snapshot.pk}"),
        ],
    )
    return render(
        request,
        "spiegel_web/report.html",
        {
            "subject": subject,
            "snapshot": snapshot,
            "report_html": mark_safe(
                _report_html(
                    snapshot,
                    lang(),
                    masked=not permissions.is_self(request.user, subject),
                    snapshots=snapshots,
                )
            ),
        },
    )


def _conversation_document(
    request: HttpRequest, person_id: int
) -> tuple[Person, ProfileSnapshot, dict[str, Any]]:
    """The subject, the snapshot and the arguments of the gespreksverslag renderers
    (:mod:`spiegel.report.conversation`) for whoever may see the profile: the profile (third
    parties pseudonymised for managers and HR) with its trend over the stored earlier periods
    and the 360 comparison, the employee's notes and contests, the manager's judgements."""
    from spiegel.web.third_parties import mask_profile
    from spiegel.web.views.assess import results

    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_view_person(request.user, subject))
    snapshot, snapshots = _snapshot(request, subject)
    if snapshot is None:
        raise Http404(_("There is no profile you can see yet."))
    if permissions.judge_first_pending(request.user, subject, snapshot):
        raise _Redirect(f"{reverse('profile', args=[subject.pk])}?snapshot={snapshot.pk}")
    own = permissions.is_self(request.user, subject)
    profile = dict(snapshot.profile if own else mask_profile(snapshot.profile))
    trend = trend_of(snapshot, snapshots)
    if trend is not None:
        profile["trend"] = trend
    # the 360 comparison only for whoever may see the 360 page (the employee and their manager)
    compared = results(subject, request.user) if permissions.can_view_360(request.user, subject) else None
    if compared and any(r["self"] is not None or r["others"] is not None for r in compared["rows"]):
        profile["assessment"] = {
            "min_others": compared["min_raters"],
            "self_n": 1,
            "others_n": compared["other_raters"],
            "competencies": {
                r["id"]: {
                    "measured": r["measured"],
                    "self": r["self"],
                    "others": r["others"],
                    "others_n": compared["other_raters"],
                    "flags": [r["flag"]] if r["flag"] else [],
                }
                for r in compared["rows"]
            },
        }
    notes = [
        {
            "kind": n.kind,
            "competency": n.competency_id,
            "indicator": n.indicator_id,
            "post_id": n.post_id,
            "text": n.text,
            "review_status": n.review_status,
            "review_note": n.review_note,
        }
        for n in snapshot.annotations.order_by("created_at")
    ]
    latest: dict[str, ManagerJudgement] = {}
    for j in snapshot.judgements.select_related("by", "by__person").order_by("at"):
        latest[j.competency_id] = j
    judgements = [
        {
            "competency": j.competency_id,
            "level": j.level,
            "measured_level": j.measured_level,
            "reason": j.reason,
            "by": _name_of(j.by),
            "at": j.at.isoformat(),
        }
        for j in latest.values()
    ]
    audit.log_many(
        request.user,
        [
            (audit.VIEW_PROFILE, subject, f"gespreksverslag of snapshot {snapshot.pk}"),
            (audit.VIEW_EVIDENCE, subject, f"evidence in the gespreksverslag of snapshot {snapshot.pk}"),
        ],
    )
    return subject, snapshot, {"profile": profile, "notes": notes, "judgements": judgements}


def _name_of(user: Any) -> str:
    person = permissions.person_of(user)
    return person.name if person else (user.get_username() if user else "")


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


@login_required
def conversation(request: HttpRequest, person_id: int) -> HttpResponse:
    """The gespreksverslag as a print view (the browser prints it without the page around it)."""
    from spiegel.report.conversation import render_conversation_html

    try:
        subject, snapshot, doc = _conversation_document(request, person_id)
    except _Redirect as go:
        return redirect(go.url)
    html = render_conversation_html(
        doc["profile"], lang(), notes=doc["notes"], judgements=doc["judgements"], standalone=False
    )
    return render(
        request,
        "spiegel_web/conversation.html",
        {"subject": subject, "snapshot": snapshot, "document": mark_safe(html)},
    )


@login_required
def conversation_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """The gespreksverslag as an A4 PDF (one or two pages) for the appraisal file."""
    from spiegel.report.conversation import render_conversation_pdf

    try:
        subject, snapshot, doc = _conversation_document(request, person_id)
    except _Redirect as go:
        return redirect(go.url)
    pdf = render_conversation_pdf(doc["profile"], lang(), notes=doc["notes"], judgements=doc["judgements"])
    response = HttpResponse(pdf, content_type="application/pdf")
    day = snapshot.created_at.date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="gespreksverslag-{subject.pk}-{day}.pdf"'
    return response
