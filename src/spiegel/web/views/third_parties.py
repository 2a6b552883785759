# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Third parties (issue 16): the public notice for people whose posts may appear as evidence,
and HR's page to find, export and erase stored posts by author handle and record an objection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spiegel.records import normalize_handle
from spiegel.web import audit, third_parties
from spiegel.web.models import ThirdPartyObjection
from spiegel.web.views.errors import error_page
from spiegel.web.views.organisation import _organisation


def notice(request: HttpRequest) -> HttpResponse:
    """The notice for people whose public posts may appear in spiegel (no login needed)."""
    return render(request, "spiegel_web/third_party_notice.html")


def _handle(request: HttpRequest) -> str:
    return normalize_handle((request.GET.get("handle") or request.POST.get("handle") or "").strip()) or ""


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """HR: what is stored of an author handle, with export, erasure and objection."""
    org = _organisation(request)
    handle = _handle(request)
    posts = []
    if handle:
        posts = list(third_parties.records_by(org, handle).order_by("-created_at")[:200])
        audit.log(request.user, audit.THIRD_PARTY_SEARCH, None, f"author {handle}: {len(posts)} posts")
    return render(
        request,
        "spiegel_web/third_parties.html",
        {
            "organisation": org,
            "handle": handle,
            "posts": posts,
            "objections": ThirdPartyObjection.objects.filter(organisation=org).order_by("-recorded_at")[:100],
        },
    )


@login_required
def export(request: HttpRequest) -> JsonResponse:
    org = _organisation(request)
    handle = _handle(request)
    if not handle:
        return JsonResponse({"error": _("Enter the author's handle.")}, status=400)
    data = third_parties.export_by(org, handle)
    audit.log(request.user, audit.THIRD_PARTY_EXPORT, None, f"author {handle}: {len(data['posts'])} posts")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="spiegel-third-party.json"'
    return response


@login_required
@require_POST
def act(request: HttpRequest) -> HttpResponse:
    """Erase an author's stored posts, or record their objection (which erases them too)."""
    org = _organisation(request)
    handle = _handle(request)
    action = request.POST.get("action")
    if not handle or action not in ("erase", "object"):
        return error_page(
            request, 400, _("Enter the author's handle and choose what to do."), reverse("org_third_parties")
        )
    if action == "erase":
        erased = third_parties.erase_by(org, handle)
        audit.log(request.user, audit.THIRD_PARTY_ERASE, None, f"author {handle}: {erased} posts erased")
        messages.success(request, _("%(n)d stored posts of this author were erased.") % {"n": erased})
    else:
        erased, _created = third_parties.record_objection(
            org, handle, request.POST.get("note", ""), request.user
        )
        messages.success(
            request,
            _(
                "The objection was recorded; %(n)d stored posts were erased and later imports "
                "leave this author out."
            )
            % {"n": erased},
        )
    return redirect(f"{reverse('org_third_parties')}?{urlencode({'handle': handle})}")
