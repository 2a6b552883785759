"""The permission matrix: every role × every page and API endpoint × own / own team / other
team / other organisation, asserting allowed or denied. The expectations are written from the
rules in DESIGN §5 and issue 6, not from the permissions module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from spiegel.web.models import AssessmentInvitation, ConnectedAccount, Organisation, Person, ProfileSnapshot

from .conftest import World

VIEWERS = ("emp", "emp2", "other", "mgr", "mgr_b", "hr", "hr_x", "rater", "outsider")
SUBJECTS = ("emp", "emp2", "other", "outsider")
#: manager → the people below them (team A manages sub-team A1 through the reporting line)
MANAGES = {"mgr": {"emp", "emp2"}, "mgr_b": {"other"}}
#: HR → the people of their organisation
HR_OF = {"hr": {"emp", "emp2", "other"}, "hr_x": {"outsider"}}


def rule(kind: str, viewer: str, subject: str) -> bool:
    own = viewer == subject
    manager = subject in MANAGES.get(viewer, set())
    hr = subject in HR_OF.get(viewer, set())
    return {
        "view": own or manager or hr,
        "self": own,
        "self_or_hr": own or hr,
        "self_or_manager": own or manager,
        "manager": manager,
        "manager_or_hr": manager or hr,
    }[kind]


def snap(w: World, s: str) -> int:
    return ProfileSnapshot.objects.filter(person=w.people[s]).first().pk  # type: ignore[union-attr]


def contest(w: World, s: str) -> int:
    """A contest of the subject's newest snapshot, with its review open."""
    from spiegel.web.models import EvidenceAnnotation

    note, _ = EvidenceAnnotation.objects.get_or_create(
        snapshot_id=snap(w, s),
        kind="contest",
        defaults={
            "competency_id": "luisteren",
            "indicator_id": "addressed_reaction_rate",
            "post_id": "post-luisteren-1",
            "text": "klopt niet",
            "review_status": "open",
        },
    )
    return note.pk


def acct(w: World, s: str) -> int:
    return ConnectedAccount.objects.filter(person=w.people[s]).first().pk  # type: ignore[union-attr]


# (name, kind, method, url(world, subject), POST data)
PERSON_ENDPOINTS: list[tuple[str, str, str, Callable[[World, str], str], dict[str, Any]]] = [
    ("profile", "view", "get", lambda w, s: reverse("profile", args=[w.people[s].pk]), {}),
    ("report", "view", "get", lambda w, s: reverse("report", args=[w.people[s].pk]), {}),
    ("api_profile", "view", "get", lambda w, s: reverse("api_profile", args=[w.people[s].pk]), {}),
    ("accounts", "self", "get", lambda w, s: reverse("accounts", args=[w.people[s].pk]), {}),
    ("audit", "self_or_hr", "get", lambda w, s: reverse("audit", args=[w.people[s].pk]), {}),
    ("api_audit", "self_or_hr", "get", lambda w, s: reverse("api_audit", args=[w.people[s].pk]), {}),
    ("export", "self_or_hr", "get", lambda w, s: reverse("export", args=[w.people[s].pk]), {}),
    ("api_export", "self_or_hr", "get", lambda w, s: reverse("api_export", args=[w.people[s].pk]), {}),
    ("assess", "self_or_manager", "get", lambda w, s: reverse("assess", args=[w.people[s].pk]), {}),
    ("invite", "self_or_manager", "post", lambda w, s: reverse("invite", args=[w.people[s].pk]), {}),
    (
        "invite_remind",
        "self_or_manager",
        "post",
        lambda w, s: reverse("invite_remind", args=[w.people[s].pk]),
        {},
    ),
    ("self_assessment", "self", "post", lambda w, s: reverse("self_assessment", args=[w.people[s].pk]), {}),
    ("conversation", "view", "get", lambda w, s: reverse("conversation", args=[w.people[s].pk]), {}),
    ("conversation_pdf", "view", "get", lambda w, s: reverse("conversation_pdf", args=[w.people[s].pk]), {}),
    (
        "annotate",
        "self",
        "post",
        lambda w, s: reverse("annotate", args=[w.people[s].pk, snap(w, s)]),
        {
            "competency": "luisteren",
            "indicator": "addressed_reaction_rate",
            "post_id": "post-luisteren-1",
            "kind": "contest",
            "text": "klopt niet",
        },
    ),
    ("release", "self", "post", lambda w, s: reverse("release", args=[w.people[s].pk, snap(w, s)]), {}),
    (
        "judge",
        "manager",
        "post",
        lambda w, s: reverse("judge", args=[w.people[s].pk, snap(w, s)]),
        {"competency": "luisteren", "level": "3", "reason": "gesprek"},
    ),
    (
        "review_contest",
        "manager_or_hr",
        "post",
        lambda w, s: reverse("review_contest", args=[w.people[s].pk, snap(w, s), contest(w, s)]),
        {"note": "besproken"},
    ),
    ("withdraw", "self", "post", lambda w, s: reverse("withdraw", args=[w.people[s].pk, acct(w, s)]), {}),
    (
        "erase_account",
        "self",
        "post",
        lambda w, s: reverse("erase_account", args=[w.people[s].pk, acct(w, s)]),
        {},
    ),
    ("upload", "self", "post", lambda w, s: reverse("upload", args=[w.people[s].pk]), {}),
    (
        "declare_public",
        "self",
        "post",
        lambda w, s: reverse("declare_public", args=[w.people[s].pk, acct(w, s)]),
        {"public": "no"},
    ),
    ("erase", "self_or_hr", "post", lambda w, s: reverse("erase", args=[w.people[s].pk]), {"confirm": "yes"}),
]
#: endpoints that change or remove data: each allowed viewer gets a fresh world
DESTRUCTIVE = {"withdraw", "erase_account", "erase"}

TEAMS = {"A": {"mgr", "hr"}, "A1": {"mgr", "hr"}, "B": {"mgr_b", "hr"}, "X": {"hr_x"}}
TEAM_ENDPOINTS = ("team", "team_csv", "team_json", "api_team")


def _call(client: Any, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data) if method == "post" else client.get(url)


def _allowed_status(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return False
    assert response.status_code in (200, 302, 400), (response.status_code, response.content[:300])
    return True


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("endpoint", PERSON_ENDPOINTS, ids=lambda e: e[0])
def test_person_endpoint_matrix(client: Any, world: World, endpoint: Any, subject: str) -> None:
    name, kind, method, url_of, data = endpoint
    viewers = [v for v in VIEWERS if not rule(kind, v, subject)] if name in DESTRUCTIVE else list(VIEWERS)
    for viewer in viewers:
        client.logout()
        client.force_login(world.users[viewer])
        url = url_of(world, subject)
        response = _call(client, method, url, data)
        expected = rule(kind, viewer, subject)
        assert _allowed_status(response) == expected, (
            f"{viewer} → {name} of {subject}: {response.status_code}"
        )
    # nothing was erased or withdrawn by someone who may not
    assert Person.objects.filter(pk=world.people[subject].pk).exists()


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("endpoint", [e for e in PERSON_ENDPOINTS if e[0] in DESTRUCTIVE], ids=lambda e: e[0])
def test_destructive_endpoints_allowed(client: Any, db: None, endpoint: Any, subject: str) -> None:
    name, kind, method, url_of, data = endpoint
    for viewer in VIEWERS:
        if not rule(kind, viewer, subject):
            continue
        Organisation.objects.all().delete()
        User.objects.all().delete()
        w = World()
        client.force_login(w.users[viewer])
        response = _call(client, method, url_of(w, subject), data)
        assert response.status_code == 302, f"{viewer} → {name} of {subject}"


@pytest.mark.parametrize("team", sorted(TEAMS))
@pytest.mark.parametrize("endpoint", TEAM_ENDPOINTS)
def test_team_endpoint_matrix(client: Any, world: World, endpoint: str, team: str) -> None:
    team_obj = {"A": world.team_a, "A1": world.team_a1, "B": world.team_b, "X": world.team_x}[team]
    for viewer in VIEWERS:
        client.logout()
        client.force_login(world.users[viewer])
        response = client.get(reverse(endpoint, args=[team_obj.pk]))
        assert _allowed_status(response) == (viewer in TEAMS[team]), f"{viewer} → {endpoint} of {team}"


def test_answer_form_only_for_the_invited_rater(client: Any, world: World) -> None:
    invitation = AssessmentInvitation.objects.create(subject=world.people["emp"], rater=world.users["rater"])
    for viewer in VIEWERS:
        client.force_login(world.users[viewer])
        response = client.get(reverse("answer", args=[invitation.token]))
        assert _allowed_status(response) == (viewer == "rater"), viewer


@pytest.mark.parametrize("name", ["profile", "accounts", "audit", "export", "assess", "team"])
def test_anonymous_is_sent_to_login(client: Any, world: World, name: str) -> None:
    arg = world.team_a.pk if name == "team" else world.people["emp"].pk
    response = client.get(reverse(name, args=[arg]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["api_profile", "api_export", "api_audit", "api_me"])
def test_anonymous_api_is_refused(client: Any, world: World, name: str) -> None:
    args = [] if name == "api_me" else [world.people["emp"].pk]
    assert client.get(reverse(name, args=args)).status_code in (401, 403)


def test_token_auth_gets_the_same_permissions(client: Any, world: World) -> None:
    world.org.judge_first = False  # the measured levels at once (judge-first: tests/web/test_lawful.py)
    world.org.save()
    client.logout()
    token = client.post(
        reverse("api_token"), {"username": "mgr_b", "password": "correct horse battery staple"}
    )
    assert token.status_code == 200
    auth = {"HTTP_AUTHORIZATION": f"Token {token.json()['token']}"}
    own_team = client.get(reverse("api_profile", args=[world.people["other"].pk]), **auth)
    assert own_team.status_code == 200
    assert own_team.json()["snapshots"][0]["profile"]["person"]["name"] == "Person other"
    assert client.get(reverse("api_profile", args=[world.people["emp"].pk]), **auth).status_code == 403
    assert client.get(reverse("api_team", args=[world.team_a.pk]), **auth).status_code == 403
    assert client.get(reverse("api_team", args=[world.team_b.pk]), **auth).status_code == 200
