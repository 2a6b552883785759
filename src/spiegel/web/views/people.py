# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""HR administration of teams and people (issue #14, item 6, first part): the organisation's
teams with their reporting lines and managers, and each person's team and role, changed in the
app instead of Django's admin (which HR administrators cannot open). Every change is written to
the audit log, and the figures of the teams it touches are queued for a refresh."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spiegel.errors import InputError
from spiegel.web import audit, jobs, roster
from spiegel.web.models import PLATFORMS, ROLE_HR, ROLES, Job, Organisation, Person, Team
from spiegel.web.views.organisation import _organisation


def _below(team: Team) -> set[int]:
    """The ids of *team* and every team below it (its reporting line downwards)."""
    found = {team.pk}
    frontier = [team.pk]
    while frontier:
        frontier = list(
            Team.objects.filter(parent_id__in=frontier).exclude(pk__in=found).values_list("pk", flat=True)
        )
        found.update(frontier)
    return found


class TeamForm(forms.Form):
    """Add a team, or change one (its name, the team it is part of, its manager)."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=gettext_lazy("Team to change"),
        empty_label=gettext_lazy("A new team"),
    )
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    parent = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=gettext_lazy("Part of"),
        empty_label=gettext_lazy("no team above it"),
        help_text=gettext_lazy("The manager of the team above also manages this team."),
    )
    manager = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=gettext_lazy("Manager"),
        empty_label=gettext_lazy("no manager yet"),
    )

    def __init__(self, org: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="team", **kwargs)
        self.org = org
        teams = Team.objects.filter(organisation=org).order_by("name")
        self.fields["team"].queryset = teams
        self.fields["parent"].queryset = teams
        self.fields["manager"].queryset = Person.objects.filter(organisation=org).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        team, parent, name = data.get("team"), data.get("parent"), (data.get("name") or "").strip()
        if name:
            same = Team.objects.filter(organisation=self.org, name__iexact=name)
            if team is not None:
                same = same.exclude(pk=team.pk)
            if same.exists():
                self.add_error("name", _("The organisation already has a team with this name."))
        if team is not None and parent is not None and parent.pk in _below(team):
            self.add_error("parent", _("A team cannot be part of itself or of a team below it."))
        data["name"] = name
        return data


class PersonForm(forms.Form):
    """Move a person to another team, or change their role."""

    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=gettext_lazy("Person"))
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=gettext_lazy("Team"),
        empty_label=gettext_lazy("no team"),
    )
    role = forms.ChoiceField(choices=ROLES, label=gettext_lazy("Role"))

    def __init__(self, org: Organisation, me: Person, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="person", **kwargs)
        self.me = me
        self.fields["person"].queryset = Person.objects.filter(organisation=org).order_by("name")
        self.fields["team"].queryset = Team.objects.filter(organisation=org).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = data.get("person")
        if person is not None and person.pk == self.me.pk and data.get("role") != person.role:
            # an HR administrator who made themselves an employee could not undo it
            self.add_error("role", _("You cannot change your own role; ask another HR administrator."))
        return data


class NewPersonForm(forms.Form):
    """Add one person, with a login and their accounts (checked by :func:`roster.check_row`,
    the same rules as a roster row)."""

    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    username = forms.CharField(
        max_length=150,
        required=False,
        label=gettext_lazy("Login name"),
        help_text=gettext_lazy(
            "Empty: no login. The password comes from single sign-on or the system administrator."
        ),
    )
    email = forms.CharField(max_length=254, required=False, label=gettext_lazy("E-mail address"))
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=gettext_lazy("Team"),
        empty_label=gettext_lazy("no team"),
    )
    role = forms.ChoiceField(choices=ROLES, label=gettext_lazy("Role"))

    def __init__(self, org: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="new", **kwargs)
        self.org = org
        self.fields["team"].queryset = Team.objects.filter(organisation=org).order_by("name")
        for platform, label in PLATFORMS:
            self.fields[platform] = forms.CharField(
                max_length=200,
                required=False,
                label=_("Handle on %(platform)s") % {"platform": label},
                help_text=_("e.g. name@social.overheid.nl") if platform == "mastodon" else None,
            )
        self.row: roster.Row | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = {
            k: ("" if v is None else (v.name if isinstance(v, Team) else str(v))) for k, v in data.items()
        }
        self.row, problems = roster.check_row(values, self.org, None)
        for problem in problems:
            if problem.field in self.fields:
                self.add_error(problem.field, f"{problem.what} {problem.fix or ''}".strip())
            else:
                self.add_error(None, problem.what)
        return data


class RosterForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster (CSV)"),
        help_text=gettext_lazy(
            "A header line with the columns name,username,email,team,role and a column per platform "
            "(mastodon, bluesky, x, linkedin, facebook, instagram, threads) holding the handle. Only "
            "name is required. Either every person is added or, when a line has a problem, none."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="roster", **kwargs)


def _refresh(*teams: Team | None) -> None:
    """Queue a figures refresh of the teams a change touched and the teams above them."""
    from spiegel.web.team_measures import teams_above

    ids: set[int] = set()
    for team in teams:
        if team is not None:
            ids.update(teams_above(team.pk))
    for team_id in sorted(ids):
        if not Job.objects.filter(kind="team", status="queued", payload__team=team_id).exists():
            jobs.enqueue("team", team=team_id)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """HR: the organisation's teams and people; add or change a team, move a person."""
    org = _organisation(request)
    me = Person.objects.get(user=request.user)
    team_form = TeamForm(org, request.POST if "team-name" in request.POST else None)
    person_form = PersonForm(org, me, request.POST if "person-person" in request.POST else None)
    new_form = NewPersonForm(org, request.POST if "new-name" in request.POST else None)
    roster_form = RosterForm(
        request.POST if request.FILES.get("roster-file") else None, request.FILES or None
    )
    roster_problems: list[InputError] = []
    if request.method == "POST" and new_form.is_bound and new_form.is_valid() and new_form.row is not None:
        made = roster.import_rows([new_form.row], org, request.user, "form")
        _refresh(made[0].team)
        messages.success(request, _("%(name)s was added.") % {"name": made[0].name})
        return redirect("org_people")
    if request.method == "POST" and roster_form.is_bound and roster_form.is_valid():
        upload = roster_form.cleaned_data["file"]
        try:
            if upload.size > 5 * 1024 * 1024:
                raise roster.RosterError(
                    [
                        InputError(
                            _("The file is larger than 5 MB."), fix=_("Split the roster into smaller files.")
                        )
                    ]
                )
            rows = roster.parse_roster(upload.read(), org)
        except roster.RosterError as exc:
            roster_problems = exc.problems
        else:
            made = roster.import_rows(rows, org, request.user, f"roster {upload.name}")
            _refresh(*{p.team for p in made})
            messages.success(request, _("%(n)d people were added from the roster.") % {"n": len(made)})
            return redirect("org_people")
    if request.method == "POST" and team_form.is_bound and team_form.is_valid():
        data = team_form.cleaned_data
        with transaction.atomic():
            team = data["team"] or Team(organisation=org)
            new = team.pk is None
            before = team.parent
            team.name, team.parent, team.manager = data["name"], data["parent"], data["manager"]
            team.save()
            audit.log(
                request.user,
                audit.ORG_SETTINGS,
                None,
                f"team {team.pk} {'created' if new else 'changed'}: parent={team.parent_id} "
                f"manager={team.manager_id}",
            )
            _refresh(team, before)
        messages.success(request, _("The team was saved."))
        return redirect("org_people")
    if request.method == "POST" and person_form.is_bound and person_form.is_valid():
        data = person_form.cleaned_data
        person: Person = data["person"]
        with transaction.atomic():
            before = person.team
            person.team, person.role = data["team"], data["role"]
            person.save(update_fields=["team", "role"])
            audit.log(
                request.user,
                audit.ORG_SETTINGS,
                person,
                f"team={person.team_id} role={person.role}",
            )
            _refresh(person.team, before)
        messages.success(request, _("The change was saved."))
        return redirect("org_people")
    teams = (
        Team.objects.filter(organisation=org)
        .select_related("parent", "manager")
        .annotate(size=Count("members"))
        .order_by("name")
    )
    people_list = Person.objects.filter(organisation=org).select_related("team", "user").order_by("name")
    return render(
        request,
        "spiegel_web/people.html",
        {
            "organisation": org,
            "teams": teams,
            "people": people_list,
            "team_form": team_form,
            "person_form": person_form,
            "new_form": new_form,
            "roster_form": roster_form,
            "roster_problems": roster_problems,
            "hr_role": ROLE_HR,
        },
    )
