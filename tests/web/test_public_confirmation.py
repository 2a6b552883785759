"""Issue #13: Facebook/Instagram/Threads items count only once the employee declares the account
public on the accounts page (Django test client)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.urls import reverse

from spiegel.web.models import AuditLog, ConnectedAccount, Source
from spiegel.web.store import import_source, person_inputs

from .conftest import World

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _facebook(world: World, tmp_path: Path) -> ConnectedAccount:
    emp = world.people["emp"]
    account = ConnectedAccount.objects.create(
        person=emp,
        platform="facebook",
        handle="anouk.vandam",
        purpose="test",
        consent_given_at=emp.accounts.first().consent_given_at,
    )
    # the fixture's posts are from 2019-2020: widen the assessment window so intake keeps them
    world.org.window_days = 20 * 365
    world.org.save(update_fields=["window_days"])
    folder = tmp_path / "fb"
    shutil.copytree(FIXTURES / "facebook_2020", folder)
    source = Source.objects.create(
        organisation=world.org, person=emp, account=account, path=str(folder), original_name="facebook.zip"
    )
    assert import_source(source) > 0
    return account


def test_items_count_only_after_the_declaration(
    client: Any, login: Any, world: World, tmp_path: Path
) -> None:
    account = _facebook(world, tmp_path)
    emp = world.people["emp"]
    assert [p for p in person_inputs(emp).posts if p.platform == "facebook"] == []
    assert [i for i in person_inputs(emp).interactions if i.platform == "facebook"] == []

    login("emp")
    page = client.get(reverse("accounts", args=[emp.pk])).content.decode()
    assert page.count('class="public-confirmation"') == 1  # the Facebook account, not the Mastodon one
    url = reverse("declare_public", args=[emp.pk, account.pk])
    client.post(url, {})  # the box not ticked: nothing declared
    account.refresh_from_db()
    assert account.declared_public_at is None

    client.post(url, {"confirm": "yes"})
    account.refresh_from_db()
    assert account.declared_public_at is not None
    assert AuditLog.objects.filter(action="declared_public", detail__endswith="public").exists()
    inputs = person_inputs(emp)
    assert len([p for p in inputs.posts if p.platform == "facebook"]) == 10
    assert len([i for i in inputs.interactions if i.platform == "facebook"]) == 2
    assert "public-status" in client.get(reverse("accounts", args=[emp.pk])).content.decode()
    exported = client.get(reverse("export", args=[emp.pk])).json()["accounts"]
    assert [a["declared_public_at"] is not None for a in exported if a["platform"] == "facebook"] == [True]

    client.post(url, {"public": "no"})
    account.refresh_from_db()
    assert account.declared_public_at is None
    assert [p for p in person_inputs(emp).posts if p.platform == "facebook"] == []


def test_another_employee_cannot_declare(client: Any, login: Any, world: World, tmp_path: Path) -> None:
    account = _facebook(world, tmp_path)
    login("other")
    response = client.post(
        reverse("declare_public", args=[world.people["emp"].pk, account.pk]), {"confirm": "yes"}
    )
    assert response.status_code in (403, 404)
    account.refresh_from_db()
    assert account.declared_public_at is None


def test_platforms_that_record_visibility_need_no_declaration(client: Any, login: Any, world: World) -> None:
    emp = world.people["emp"]
    mastodon = emp.accounts.get(platform="mastodon")
    login("emp")
    client.post(reverse("declare_public", args=[emp.pk, mastodon.pk]), {"confirm": "yes"})
    mastodon.refresh_from_db()
    assert mastodon.declared_public_at is None


def test_an_import_keeps_and_shows_its_notices(client: Any, login: Any, world: World, tmp_path: Path) -> None:
    """Rows an importer dropped are listed with the upload, under the name the person uploaded."""
    _facebook(world, tmp_path)
    source = Source.objects.get(original_name="facebook.zip")
    assert source.notice_messages("en") == [
        "facebook.zip/posts/your_posts_1.json: 2 items without text or date skipped"
    ]
    assert any("2 items zonder tekst of datum overgeslagen" in m for m in source.notice_messages("nl"))
    login("emp")
    page = client.get(reverse("accounts", args=[world.people["emp"].pk])).content.decode()
    assert "zonder tekst of datum overgeslagen" in page and str(source.path) not in page
