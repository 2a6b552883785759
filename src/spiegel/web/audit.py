# mypy: disable-error-code="no-any-return"
"""The audit log: every view of a person's profile or evidence, every export, erasure, consent
change and judgement is written here (who, when, what), and the person can read it. Login
lockouts and unlocks (spiegel.web.lockout) are written here too, and so is every login, failed
login and logout (:func:`connect`), every contest and the review it opens (issue 16)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from spiegel.web.models import AuditLog, Person

VIEW_PROFILE = "view_profile"
VIEW_EVIDENCE = "view_evidence"
VIEW_360 = "view_360"
VIEW_AUDIT = "view_audit"
EXPORT = "export"
ERASE = "erase"
CONSENT_GIVEN = "consent_given"
CONSENT_WITHDRAWN = "consent_withdrawn"
JUDGEMENT = "judgement"
RELEASE = "release"
TEAM_VIEW = "view_team"
INVITE_360 = "invite_360"
REVOKE_360 = "revoke_360"
REMIND_360 = "remind_360"
ORG_SETTINGS = "org_settings"
RETENTION_CHANGED = "retention_changed"
LOGIN_LOCKED = "login_locked"
LOGIN_UNLOCKED = "login_unlocked"
DECLARED_PUBLIC = "declared_public"
LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOGOUT = "logout"
CONTEST = "contest"
REVIEW_OPENED = "review_opened"
REVIEW_CLOSED = "review_closed"
RECOMPUTE = "recompute"
THIRD_PARTY_SEARCH = "third_party_search"
THIRD_PARTY_EXPORT = "third_party_export"
THIRD_PARTY_ERASE = "third_party_erase"
THIRD_PARTY_OBJECTION = "third_party_objection"
#: the deployer set-up (spiegel.web.deployer): DPIA and consent recorded, configuration approved,
#: the configuration in force found to differ from the approved one
DEPLOYER_SETUP = "deployer_setup"
CONFIG_APPROVED = "config_approved"
CONFIG_CHANGED = "config_changed"

#: what each action is in words (the "What" column of the audit page; the code stays in the log)
ACTION_LABELS = {
    VIEW_PROFILE: gettext_lazy("viewed the profile"),
    VIEW_EVIDENCE: gettext_lazy("viewed the evidence"),
    VIEW_360: gettext_lazy("viewed the 360 feedback"),
    VIEW_AUDIT: gettext_lazy("viewed who viewed the data"),
    EXPORT: gettext_lazy("downloaded the data"),
    ERASE: gettext_lazy("erased data"),
    CONSENT_GIVEN: gettext_lazy("gave consent"),
    CONSENT_WITHDRAWN: gettext_lazy("withdrew consent"),
    JUDGEMENT: gettext_lazy("recorded a judgement"),
    RELEASE: gettext_lazy("released the profile to the manager"),
    TEAM_VIEW: gettext_lazy("viewed the team overview"),
    INVITE_360: gettext_lazy("invited someone for 360 feedback"),
    REVOKE_360: gettext_lazy("withdrew a 360 invitation"),
    ORG_SETTINGS: gettext_lazy("changed the organisation settings"),
    RETENTION_CHANGED: gettext_lazy("changed the retention terms"),
    LOGIN_LOCKED: gettext_lazy("login blocked after failed attempts"),
    LOGIN_UNLOCKED: gettext_lazy("lifted a login block"),
    DECLARED_PUBLIC: gettext_lazy("declared an account public"),
    LOGIN: gettext_lazy("logged in"),
    LOGIN_FAILED: gettext_lazy("failed to log in"),
    LOGOUT: gettext_lazy("logged out"),
    CONTEST: gettext_lazy("contested evidence"),
    REVIEW_OPENED: gettext_lazy("opened a review of contested evidence"),
    REVIEW_CLOSED: gettext_lazy("closed a review of contested evidence"),
    RECOMPUTE: gettext_lazy("had the profile built again"),
    THIRD_PARTY_SEARCH: gettext_lazy("searched the posts of a third party"),
    THIRD_PARTY_EXPORT: gettext_lazy("exported the posts of a third party"),
    THIRD_PARTY_ERASE: gettext_lazy("erased the posts of a third party"),
    THIRD_PARTY_OBJECTION: gettext_lazy("recorded a third party's objection"),
    DEPLOYER_SETUP: gettext_lazy("recorded the DPIA and the works council's consent"),
    CONFIG_APPROVED: gettext_lazy("approved the configuration"),
    CONFIG_CHANGED: gettext_lazy("the configuration differs from the approved one"),
}


def action_label(action: str) -> str:
    """The action in the reader's language; an action this version does not know as itself."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action.replace("_", " ")


#: actions that are "someone looked at my data" (shown on the "who viewed my data" page)
VIEW_ACTIONS = (VIEW_PROFILE, VIEW_EVIDENCE, VIEW_360, VIEW_AUDIT, EXPORT, TEAM_VIEW)


def label(user: Any) -> str:
    """How the audit log names *user* (a label that survives the user's erasure)."""
    return _label(user)


def _label(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    person = getattr(user, "person", None)
    return f"{person.name} ({user.get_username()})" if person else user.get_username()


def log(user: Any, action: str, subject: Person | None = None, detail: str = "") -> AuditLog:
    return AuditLog.objects.create(
        actor=user if user is not None and getattr(user, "is_authenticated", False) else None,
        actor_label=_label(user),
        action=action,
        subject_person_id=subject.pk if subject is not None else None,
        subject_label=subject.name if subject is not None else "",
        detail=detail[:500],
    )


def log_many(user: Any, entries: list[tuple[str, Person | None, str]]) -> None:
    """Several entries in one insert (a profile view is also a view of its evidence)."""
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    label = _label(user)
    AuditLog.objects.bulk_create(
        AuditLog(
            actor=actor,
            actor_label=label,
            action=action,
            subject_person_id=s.pk if s else None,
            subject_label=s.name if s else "",
            detail=detail[:500],
        )
        for action, s, detail in entries
    )


def views_of(subject: Person) -> list[AuditLog]:
    return list(AuditLog.objects.filter(subject_person_id=subject.pk, action__in=VIEW_ACTIONS))


def _logged_in(sender: Any, request: Any, user: Any, **_kwargs: Any) -> None:
    log(user, LOGIN, getattr(user, "person", None) if _has_person(user) else None, _address(request))


def _logged_out(sender: Any, request: Any, user: Any, **_kwargs: Any) -> None:
    if user is not None:
        log(user, LOGOUT, None, _address(request))


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **_kwargs: Any) -> None:
    """A failed login: the name tried (never the password) and the address."""
    name = str((credentials or {}).get("username") or "")[:150]
    AuditLog.objects.create(
        actor=None,
        actor_label=name or "unknown",
        action=LOGIN_FAILED,
        detail=_address(request)[:500],
    )


def _has_person(user: Any) -> bool:
    try:
        return user.person is not None
    except Person.DoesNotExist:
        return False


def _address(request: Any) -> str:
    if request is None:
        return ""
    address = getattr(request, "axes_ip_address", None) or getattr(request, "META", {}).get("REMOTE_ADDR")
    return f"from {address}" if address else ""


def connect() -> None:
    """Write logins, failed logins and logouts to the audit log (called by the app config)."""
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(_logged_in, dispatch_uid="spiegel_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="spiegel_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="spiegel_audit_login_failed")
