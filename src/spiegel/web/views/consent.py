# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Connected accounts and consent, archive uploads, "who viewed my data", export and erasure."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spiegel.web import audit, erasure, jobs, permissions
from spiegel.web.models import PLATFORMS, ConnectedAccount, Job, Person, Source, StoredRecord
from spiegel.web.permissions import require


def purpose_text() -> str:
    """What is collected and why, shown before consent and stored with it."""
    return _(
        "spiegel collects the public posts of this account within the assessment window, the public "
        "messages addressed to it, and its public likes and boosts. They are used only to measure the "
        "competencies of the model for your development conversation. Your manager sees the result "
        "after you do. You can withdraw at any time: collection stops and the data is hidden at once."
    )


class ConnectForm(forms.Form):
    platform = forms.ChoiceField(label=gettext_lazy("Platform"), choices=PLATFORMS)
    handle = forms.CharField(
        label=gettext_lazy("Handle"),
        max_length=200,
        help_text=gettext_lazy("For example name@social.overheid.nl or name.bsky.social"),
    )
    instance = forms.URLField(
        label=gettext_lazy("Mastodon server (only for Mastodon)"), required=False, assume_scheme="https"
    )
    consent = forms.BooleanField(label=gettext_lazy("I have read what is collected and why, and I agree"))

    def clean_instance(self) -> str:
        return clean_server(self.cleaned_data["instance"])


def clean_server(value: str) -> str:
    """A server field (Mastodon server, Bluesky PDS) as ``https://host``; only public servers
    (``spiegel.sources._net``; the address a name resolves to is checked at every fetch)."""
    from spiegel.sources import _net

    if not value:
        return ""
    try:
        return _net.server_url(
            value, allow_private=bool(getattr(settings, "SPIEGEL_ALLOW_PRIVATE_ADDRESSES", False))
        )
    except _net.ServerNotAllowed as exc:
        raise forms.ValidationError(
            _("Server not allowed: enter the public address of the server, e.g. https://social.overheid.nl.")
        ) from exc


class UploadForm(forms.Form):
    archive = forms.FileField(label=gettext_lazy("Archive file (zip, tar.gz, CAR, CSV or JSONL)"))
    account = forms.ModelChoiceField(
        label=gettext_lazy("Account it belongs to"), queryset=ConnectedAccount.objects.none()
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = person.active_accounts()


@login_required
def accounts(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_manage_consent(request.user, subject))
    form = ConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        handle = form.cleaned_data["handle"].strip().lstrip("@").lower()
        # an account HR noted (spiegel.web.roster) gets the consent instead of a second row
        noted = ConnectedAccount.objects.filter(
            person=subject,
            platform=form.cleaned_data["platform"],
            handle=handle,
            consent_given_at__isnull=True,
            consent_withdrawn_at__isnull=True,
        ).first()
        account = noted or ConnectedAccount(
            person=subject, platform=form.cleaned_data["platform"], handle=handle
        )
        account.instance = form.cleaned_data["instance"] or account.instance or ""
        account.purpose = purpose_text()
        account.consent_given_at = timezone.now()
        account.save()
        audit.log(request.user, audit.CONSENT_GIVEN, subject, form.cleaned_data["handle"])
        messages.success(
            request, _("The account is connected. Collection starts with the next scheduled fetch.")
        )
        return redirect("accounts", person_id=subject.pk)
    return render(
        request,
        "spiegel_web/accounts.html",
        {
            "subject": subject,
            "accounts": subject.accounts.order_by("platform", "handle"),
            "form": form,
            "upload_form": UploadForm(person=subject),
            "sources": subject.sources.order_by("-created_at")[:20],
            "purpose": purpose_text(),
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, person_id: int, account_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_manage_consent(request.user, subject))
    account = get_object_or_404(ConnectedAccount, pk=account_id, person=subject)
    if account.consent_withdrawn_at is None:
        account.consent_withdrawn_at = timezone.now()
        account.save(update_fields=["consent_withdrawn_at"])
        Job.objects.filter(kind="fetch", status="queued", payload__account=account.pk).delete()
        jobs.enqueue_team_refresh(subject)
        audit.log(request.user, audit.CONSENT_WITHDRAWN, subject, str(account))
    messages.success(
        request, _("Consent withdrawn: collection has stopped and the data of this account is hidden.")
    )
    return redirect("accounts", person_id=subject.pk)


@login_required
@require_POST
def declare_public(request: HttpRequest, person_id: int, account_id: int) -> HttpResponse:
    """The employee declares a Facebook/Instagram/Threads account public (``public=yes`` with the
    confirmation box ticked), or takes that back (``public=no``). Until declared, the account's
    items count in no measure: the export does not say who could see them."""
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_manage_consent(request.user, subject))
    account = get_object_or_404(ConnectedAccount, pk=account_id, person=subject)
    if not account.needs_public_confirmation:
        messages.error(request, _("This platform records visibility itself; nothing to confirm."))
        return redirect("accounts", person_id=subject.pk)
    if request.POST.get("public") == "no":
        account.declared_public_at = None
        detail = f"{account} not public"
        messages.success(request, _("Taken back: the items of this account no longer count."))
    elif request.POST.get("confirm") == "yes":
        account.declared_public_at = timezone.now()
        detail = f"{account} public"
        messages.success(request, _("Confirmed: the items of this account count from the next profile."))
    else:
        messages.error(request, _("Tick the box to confirm that everyone can see this account's posts."))
        return redirect("accounts", person_id=subject.pk)
    account.save(update_fields=["declared_public_at"])
    jobs.enqueue_team_refresh(subject)
    audit.log(request.user, audit.DECLARED_PUBLIC, subject, detail)
    return redirect("accounts", person_id=subject.pk)


@login_required
@require_POST
def erase_account(request: HttpRequest, person_id: int, account_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_manage_consent(request.user, subject))
    account = get_object_or_404(ConnectedAccount, pk=account_id, person=subject)
    with transaction.atomic():
        erasure.forget_text_signals(StoredRecord.objects.filter(account=account))
        StoredRecord.objects.filter(account=account).delete()
        for source in Source.objects.filter(account=account):
            _remove_file(source)
        erasure.remove_account_files(account)
        label = str(account)
        account.delete()
    erasure.forget_cached_pages()
    audit.log(request.user, audit.ERASE, subject, f"account {label}")
    messages.success(request, _("The account and everything collected from it were erased."))
    return redirect("accounts", person_id=subject.pk)


def _remove_file(source: Source) -> None:
    erasure.remove_source_file(source)


@login_required
@require_POST
def upload(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_manage_consent(request.user, subject))
    form = UploadForm(request.POST, request.FILES, person=subject)
    if not form.is_valid():
        messages.error(request, _("Choose an archive file and the connected account it belongs to."))
        return redirect("accounts", person_id=subject.pk)
    upload_file = form.cleaned_data["archive"]
    folder = settings.UPLOAD_DIR / str(subject.pk)
    folder.mkdir(parents=True, exist_ok=True)
    # keep the extension (format detection may use it), never the user's file name as a path
    suffix = "".join(c for c in "".join(Path(upload_file.name).suffixes)[-12:] if c.isalnum() or c == ".")
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload_file.chunks():
            out.write(chunk)
    source = Source.objects.create(
        organisation=subject.organisation,
        person=subject,
        account=form.cleaned_data["account"],
        path=str(path),
        original_name=upload_file.name[:300],
    )
    jobs.enqueue("import", source=source)
    messages.success(request, _("The archive was received; it is processed in the background."))
    return redirect("accounts", person_id=subject.pk)


@login_required
def source_status(request: HttpRequest, source_id: int) -> JsonResponse:
    source = get_object_or_404(Source, pk=source_id)
    require(source.person is not None and permissions.can_manage_consent(request.user, source.person))
    return JsonResponse(
        {
            "status": source.status,
            "label": str(source.get_status_display()),
            "processed": source.processed,
            "imported": source.imported,
            "error": source.shown_error,
            "dropped": source.dropped,
            "file_removed": source.file_removed_at is not None,
        }
    )


@login_required
def audit_page(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_view_audit(request.user, subject))
    entries = audit.views_of(subject)[:500]
    audit.log(request.user, audit.VIEW_AUDIT, subject)
    return render(request, "spiegel_web/audit.html", {"subject": subject, "entries": entries})


def person_export(subject: Person) -> dict[str, Any]:
    """Everything spiegel holds about *subject*, as JSON (GDPR art. 15/20)."""
    return {
        "schema": "spiegel.person-export.v1",
        "person": {
            "id": subject.pk,
            "name": subject.name,
            "team": subject.team.name if subject.team else None,
            "role": subject.role,
        },
        "accounts": [
            {
                "platform": a.platform,
                "handle": a.handle,
                "instance": a.instance,
                "purpose": a.purpose,
                "consent_given_at": a.consent_given_at,
                "consent_withdrawn_at": a.consent_withdrawn_at,
                "declared_public_at": a.declared_public_at,
            }
            for a in subject.accounts.all()
        ],
        "records": [
            {
                "direction": r.direction,
                "type": r.record_type,
                "platform": r.platform,
                "id": r.record_id,
                "data": r.data,
            }
            for r in StoredRecord.objects.filter(person=subject).order_by("id")
        ],
        "profiles": [
            {
                "created_at": s.created_at,
                "released_at": s.released_at,
                "profile": s.profile,
                "annotations": [
                    {
                        "competency": n.competency_id,
                        "indicator": n.indicator_id,
                        "post_id": n.post_id,
                        "kind": n.kind,
                        "text": n.text,
                        "at": n.created_at,
                    }
                    for n in s.annotations.all()
                ],
                "judgements": [
                    {
                        "competency": j.competency_id,
                        "level": j.level,
                        "measured_level": j.measured_level,
                        "reason": j.reason,
                        "at": j.at,
                    }
                    for j in s.judgements.all()
                ],
            }
            for s in subject.snapshots.all()
        ],
        "views": [
            {"at": e.at, "by": e.actor_label, "action": e.action, "detail": e.detail}
            for e in audit.views_of(subject)
        ],
    }


@login_required
def export(request: HttpRequest, person_id: int) -> JsonResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_export(request.user, subject))
    audit.log(request.user, audit.EXPORT, subject)
    response = JsonResponse(person_export(subject), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="spiegel-export-{subject.pk}.json"'
    return response


def erase_person(subject: Person) -> None:
    """Remove the person's data: records, profiles, 360, accounts, and the person; on disk their
    uploads (and the person's upload folder) and the files of their accounts' fetches."""
    with transaction.atomic():
        erasure.forget_text_signals(StoredRecord.objects.filter(person=subject))
        for source in subject.sources.all():
            _remove_file(source)
        for account in subject.accounts.all():
            erasure.remove_account_files(account)
        erasure.remove_person_folder(subject)
        user = subject.user
        subject.delete()
        if user is not None:
            user.is_active = False
            user.set_unusable_password()
            user.save()
    erasure.forget_cached_pages()


@login_required
@require_POST
def erase(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person, pk=person_id)
    require(permissions.can_erase(request.user, subject))
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the confirmation box to erase all data."))
        return (
            redirect("accounts", person_id=subject.pk)
            if permissions.is_self(request.user, subject)
            else redirect("home")
        )
    own = permissions.is_self(request.user, subject)
    audit.log(request.user, audit.ERASE, subject, "all data")
    erase_person(subject)
    if own:
        logout(request)
        return redirect("login")
    messages.success(request, _("All data of this person was erased."))
    return redirect("home")
