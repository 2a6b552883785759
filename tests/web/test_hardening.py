"""Findings of the outside probe (issue #10) besides login throttling: ids that are no ids give
a clean 400/404 with a Dutch message instead of a server error, no 360 about someone without
consent, no server paths in error messages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from spiegel.web.models import AssessmentInvitation, ConnectedAccount

from .conftest import World

#: ids a form or query string may carry that are not database ids
BAD_IDS = [str(10**30), str(2**63), "²", "٣", "abc", "-1", "0", "1e3", " 1", ""]


def _as(client: Any, world: World, key: str) -> Any:
    client.logout()
    client.force_login(world.users[key])
    return client


@pytest.mark.parametrize("bad", BAD_IDS)
def test_an_invite_with_a_rater_id_that_is_no_id_is_a_clean_400(client: Any, world: World, bad: str) -> None:
    _as(client, world, "mgr")
    good = str(world.users["emp2"].pk)
    response = client.post(reverse("invite", args=[world.people["emp"].pk]), {"raters": [good, bad]})
    assert response.status_code == 400
    assert "Kies de collega's" in response.content.decode()
    assert not AssessmentInvitation.objects.exists()  # nothing half-done


def test_huge_ids_in_360_urls_are_not_found(client: Any, world: World) -> None:
    _as(client, world, "emp")
    emp = world.people["emp"].pk
    huge = 10**30
    assert client.get(reverse("assess", args=[huge])).status_code == 404
    assert client.post(reverse("invite", args=[huge]), {"raters": ["1"]}).status_code == 404
    assert client.post(reverse("invite_resend", args=[emp, huge])).status_code == 404
    assert client.post(reverse("invite_revoke", args=[emp, huge])).status_code == 404
    assert client.post(reverse("invite_revoke", args=[huge, 1])).status_code == 404
    assert client.get(reverse("answer", args=[str(huge)])).status_code == 404
    assert client.get(reverse("answer_link", args=[str(huge)])).status_code == 404


@pytest.mark.parametrize("bad", ["²", "abc", str(10**30)])
def test_a_snapshot_choice_that_is_no_id_is_refused_cleanly(client: Any, world: World, bad: str) -> None:
    _as(client, world, "emp")
    response = client.get(reverse("profile", args=[world.people["emp"].pk]), {"snapshot": bad})
    assert response.status_code in (403, 404)


def test_a_manager_cannot_invite_raters_about_someone_without_consent(client: Any, world: World) -> None:
    emp = world.people["emp"]
    ConnectedAccount.objects.filter(person=emp).update(consent_withdrawn_at="2026-01-01T00:00:00Z")
    _as(client, world, "mgr")
    response = client.post(reverse("invite", args=[emp.pk]), {"raters": [str(world.users["emp2"].pk)]})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Person emp heeft geen toestemming gegeven" in text
    assert not AssessmentInvitation.objects.filter(subject=emp).exists()


def test_a_manager_cannot_resend_an_invitation_after_consent_is_withdrawn(client: Any, world: World) -> None:
    emp = world.people["emp"]
    _as(client, world, "mgr")
    client.post(reverse("invite", args=[emp.pk]), {"raters": [str(world.users["emp2"].pk)]})
    invitation = AssessmentInvitation.objects.get(subject=emp)
    ConnectedAccount.objects.filter(person=emp).update(consent_withdrawn_at="2026-01-01T00:00:00Z")
    response = client.post(reverse("invite_resend", args=[emp.pk, invitation.pk]))
    assert response.status_code == 403
    # withdrawing what is still open remains possible
    assert client.post(reverse("invite_revoke", args=[emp.pk, invitation.pk])).status_code == 302


def test_the_employee_may_still_invite_raters_about_themselves(client: Any, world: World) -> None:
    emp = world.people["emp"]
    ConnectedAccount.objects.filter(person=emp).delete()
    _as(client, world, "emp")
    response = client.post(reverse("invite", args=[emp.pk]), {"raters": [str(world.users["emp2"].pk)]})
    assert response.status_code == 302
    assert AssessmentInvitation.objects.filter(subject=emp, kind="other").count() == 1
