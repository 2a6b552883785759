"""HR administration of teams and people in the app (issue #14, item 6, first part): only HR of
the organisation, validated like the rest (no duplicate names, no reporting-line loops, no team or
person of another organisation, not one's own role), audited, and the touched teams' figures
queued for a refresh."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spiegel.web.models import AuditLog, Job, Person, Team

from .conftest import World

URL = "/organisation/people/"


def test_only_hr_of_the_organisation(client: Client, world: World) -> None:
    assert reverse("org_people") == URL
    for viewer, status in (("emp", 403), ("mgr", 403), ("hr", 200), ("hr_x", 200)):
        client.force_login(world.users[viewer])
        assert client.get(URL).status_code == status, viewer
    # HR of the other organisation sees only their own teams and people
    body = client.get(URL).content.decode()
    assert "Person outsider" in body and "Person emp" not in body
    # and cannot move someone of this organisation
    response = client.post(URL, {"person-person": world.people["emp"].pk, "person-role": "employee"})
    assert response.status_code == 200
    world.people["emp"].refresh_from_db()
    assert world.people["emp"].team == world.team_a1


def test_hr_adds_a_team_and_moves_a_person(client: Client, world: World) -> None:
    client.force_login(world.users["hr"])
    page = HTMLParser(client.get(URL).content.decode())
    assert [n.text() for n in page.css("#teams tbody th")] == ["A", "A1", "B"]
    response = client.post(
        URL,
        {"team-name": " Wijkteams ", "team-parent": world.team_a.pk, "team-manager": world.people["emp2"].pk},
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Wijkteams")
    assert (
        team.organisation == world.org
        and team.parent == world.team_a
        and team.manager == world.people["emp2"]
    )
    response = client.post(
        URL, {"person-person": world.people["other"].pk, "person-team": team.pk, "person-role": "employee"}
    )
    assert response.status_code == 302
    other = Person.objects.get(pk=world.people["other"].pk)
    assert other.team == team
    # audited, and the figures of the new team, the one above it and the one left are queued
    details = list(AuditLog.objects.filter(action="org_settings").values_list("detail", flat=True))
    assert any(d.startswith(f"team {team.pk} created") for d in details)
    assert any(d == f"team={team.pk} role=employee" for d in details)
    queued = set(Job.objects.filter(kind="team", status="queued").values_list("payload__team", flat=True))
    assert {team.pk, world.team_a.pk, world.team_b.pk} <= queued


def test_team_changes_are_validated(client: Client, world: World) -> None:
    client.force_login(world.users["hr"])
    # a name the organisation already has (case aside)
    response = client.post(URL, {"team-name": "a1"})
    assert response.status_code == 200
    assert "De organisatie heeft al een team met deze naam." in response.content.decode()
    # a loop in the reporting line: A under its own sub-team A1
    response = client.post(
        URL, {"team-team": world.team_a.pk, "team-name": "A", "team-parent": world.team_a1.pk}
    )
    assert "Een team kan geen onderdeel zijn van zichzelf" in response.content.decode()
    world.team_a.refresh_from_db()
    assert world.team_a.parent is None
    # a manager from another organisation is not a choice
    response = client.post(URL, {"team-name": "Nieuw", "team-manager": world.people["outsider"].pk})
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Team.objects.filter(name="Nieuw").exists()


def test_hr_cannot_change_their_own_role(client: Client, world: World) -> None:
    client.force_login(world.users["hr"])
    hr = world.people["hr"]
    response = client.post(URL, {"person-person": hr.pk, "person-role": "employee"})
    assert response.status_code == 200
    assert "Je kunt je eigen rol niet wijzigen" in response.content.decode()
    hr.refresh_from_db()
    assert hr.role == "hr"


def test_organisation_page_links_to_it(client: Client, world: World) -> None:
    client.force_login(world.users["hr"])
    assert f'href="{URL}"' in client.get(reverse("organisation")).content.decode()
