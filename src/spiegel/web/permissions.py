# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""Who may see and do what: the ONE module the pages and the JSON API both ask.

Roles (DESIGN §5, issue 6):

- **employee**: sees and annotates their own profile first, releases it, manages their consent,
  sees who viewed their data, exports and erases it, invites raters;
- **manager** (the manager of a team, and through reporting lines of every team below it):
  sees the profiles of consenting team members once released (or after the auto-release term),
  records judgements, sees the team dashboard;
- **HR / administrator**: everything a manager may see, for every team, plus the audit log,
  export and erasure of anyone; no judgements (those belong to the manager);
- **rater**: answers the 360 invitations addressed to them, nothing else (an e-mailed link
  opens one questionnaire without logging in: the link is the permission).

Organisation settings (the stream's Bluesky login, retention terms) belong to the HR
administrators of the organisation.

Nobody but the person sees a profile when the person has no active consent.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from spiegel.web.models import ROLE_HR, AssessmentInvitation, Organisation, Person, ProfileSnapshot, Team

User = Any  # a django.contrib.auth user or AnonymousUser


def person_of(user: User) -> Person | None:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_hr(user: User) -> bool:
    if user is None or not user.is_authenticated:
        return False
    person = person_of(user)
    return bool(user.is_superuser or (person is not None and person.role == ROLE_HR))


def managed_team_ids(user: User) -> set[int]:
    """Ids of the teams *user* manages, directly or through reporting lines (worked out once
    per request: the user object of a request lives as long as the request)."""
    cached: set[int] | None = getattr(user, "_spiegel_managed_team_ids", None)
    if cached is not None:
        return cached
    person = person_of(user)
    if person is None:
        return set()
    found = set(Team.objects.filter(manager=person).values_list("id", flat=True))
    frontier = set(found)
    while frontier:
        children = set(Team.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= children
        frontier = children
    user._spiegel_managed_team_ids = found
    return found


def is_self(user: User, subject: Person) -> bool:
    person = person_of(user)
    return person is not None and person.pk == subject.pk


def manages(user: User, subject: Person) -> bool:
    return (
        subject.team_id is not None
        and subject.team_id in managed_team_ids(user)
        and not is_self(user, subject)
    )


def _same_org(user: User, subject: Person) -> bool:
    person = person_of(user)
    return user.is_superuser or (person is not None and person.organisation_id == subject.organisation_id)


def can_view_person(user: User, subject: Person) -> bool:
    """May *user* open *subject*'s profile page at all (own, manager of, HR; consent given)?"""
    if is_self(user, subject):
        return True
    if not subject.has_consent():
        return False
    return manages(user, subject) or (is_hr(user) and _same_org(user, subject))


def visible_snapshots(user: User, subject: Person) -> list[ProfileSnapshot]:
    """The snapshots of *subject* that *user* may read, newest first."""
    if not can_view_person(user, subject):
        return []
    # the profile JSON is read only for the snapshot that is shown (see ProfileSnapshot.summary)
    snapshots = list(subject.snapshots.defer("profile"))
    if is_self(user, subject):
        return snapshots
    return [s for s in snapshots if s.visible_to_manager()]


def can_annotate(user: User, subject: Person) -> bool:
    return is_self(user, subject)


def can_release(user: User, subject: Person) -> bool:
    return is_self(user, subject)


def can_judge(user: User, subject: Person) -> bool:
    return manages(user, subject) and subject.has_consent()


def unjudged(snapshot: ProfileSnapshot) -> list[str]:
    """Ids of the competencies of *snapshot* that no manager has judged yet."""
    judged = set(snapshot.judgements.values_list("competency_id", flat=True))
    return [cid for cid in snapshot.summary_levels() if cid not in judged]


def judge_first_pending(user: User, subject: Person, snapshot: ProfileSnapshot) -> bool:
    """Judge-first (``Organisation.judge_first``, on by default): *user*, a manager of
    *subject*, records their own judgement of every competency before the measured levels and
    evidence of *snapshot* are shown to them (against automation bias). The employee and HR are
    not held back."""
    return (
        subject.organisation.judge_first
        and manages(user, subject)
        and not is_hr(user)
        and bool(unjudged(snapshot))
    )


def can_review_contest(user: User, subject: Person) -> bool:
    """Closing the review a contest opened: the employee's manager or HR (not the employee)."""
    if is_self(user, subject) or not subject.has_consent():
        return False
    return manages(user, subject) or (is_hr(user) and _same_org(user, subject))


def can_manage_consent(user: User, subject: Person) -> bool:
    return is_self(user, subject)


def can_view_audit(user: User, subject: Person) -> bool:
    return is_self(user, subject) or (is_hr(user) and _same_org(user, subject))


def can_export(user: User, subject: Person) -> bool:
    return is_self(user, subject) or (is_hr(user) and _same_org(user, subject))


def can_erase(user: User, subject: Person) -> bool:
    return can_export(user, subject)


def can_invite_raters(user: User, subject: Person) -> bool:
    return is_self(user, subject) or manages(user, subject)


def can_view_360(user: User, subject: Person) -> bool:
    return is_self(user, subject) or (manages(user, subject) and subject.has_consent())


def can_answer(user: User, invitation: AssessmentInvitation) -> bool:
    return user is not None and user.is_authenticated and invitation.rater_id == user.pk


def can_view_team(user: User, team: Team) -> bool:
    if team.pk in managed_team_ids(user):
        return True
    person = person_of(user)
    return is_hr(user) and (
        user.is_superuser or (person is not None and person.organisation_id == team.organisation_id)
    )


def visible_teams(user: User) -> list[Team]:
    if is_hr(user):
        person = person_of(user)
        teams = (
            Team.objects.all() if person is None else Team.objects.filter(organisation=person.organisation)
        )
        return list(teams.order_by("name"))
    return list(Team.objects.filter(pk__in=managed_team_ids(user)).order_by("name"))


def can_manage_organisation(user: User, org: Organisation) -> bool:
    """Organisation settings (the stream's Bluesky login, retention terms): the HR
    administrators of that organisation (a superuser without a person uses the admin)."""
    person = person_of(user)
    return is_hr(user) and person is not None and person.organisation_id == org.pk


def require(allowed: bool) -> None:
    """Raise Django's PermissionDenied (a 403 page / API answer) unless *allowed*."""
    if not allowed:
        raise PermissionDenied
