"""A 360 link is used once, also when several requests redeem it at the same moment: the
database decides (a conditional UPDATE in the answers' transaction), not a check in Python.

Needs real concurrent transactions: it runs on PostgreSQL (``test_postgres.py`` runs this file
against a server it starts) and is skipped on SQLite, which writes one at a time anyway.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from spiegel.web import invitations
from spiegel.web.models import AssessmentInvitation, AssessmentResponse
from spiegel.web.views.assess import statements

from .conftest import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (see test_postgres.py)"),
]

RACERS = 6


@pytest.fixture(autouse=True)
def _mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SPIEGEL_MAIL_ENABLED = True
    settings.SPIEGEL_BASE_URL = ""


def _race(monkeypatch: Any, post: Any) -> list[int]:
    """Run *post* in RACERS threads; every thread has loaded the open invitation before any of
    them writes (so a check in Python alone cannot tell them apart). Returns the statuses."""
    barrier = threading.Barrier(RACERS, timeout=30)
    loaded = invitations.by_link

    def by_link_then_wait(token: str) -> Any:
        invitation = loaded(token)
        barrier.wait()
        return invitation

    monkeypatch.setattr(invitations, "by_link", by_link_then_wait)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            statuses.append(post().status_code)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return statuses


def test_exactly_one_of_several_simultaneous_answers_through_a_link_wins(
    world: World, monkeypatch: Any
) -> None:
    assert connection.vendor == "postgresql"
    inviter = Client()
    inviter.force_login(world.users["emp"])
    inviter.post(reverse("invite", args=[world.people["emp"].pk]), {"raters": [world.users["emp2"].pk]})
    link = re.search(r"http://testserver(/invitation/[\w-]+/)", mail.outbox[0].body)
    assert link
    answers = {s["id"]: "3" for s in statements()}
    statuses = _race(monkeypatch, lambda: Client().post(link.group(1), answers))
    assert sorted(statuses) == [200] + [404] * (RACERS - 1)
    invitation = AssessmentInvitation.objects.get(subject=world.people["emp"], kind="other")
    assert invitation.answered_at is not None and invitation.link_token_hash == ""
    assert AssessmentResponse.objects.filter(invitation=invitation).count() == len(statements())


def test_redeem_lets_one_of_several_simultaneous_transactions_through(world: World) -> None:
    from django.db import transaction

    invitation = AssessmentInvitation.objects.create(subject=world.people["emp"], rater=world.users["emp2"])
    barrier = threading.Barrier(RACERS, timeout=30)
    results: list[bool] = []

    def run() -> None:
        try:
            mine = AssessmentInvitation.objects.get(pk=invitation.pk)
            barrier.wait()
            with transaction.atomic():
                results.append(invitations.redeem(mine))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [False] * (RACERS - 1) + [True]
