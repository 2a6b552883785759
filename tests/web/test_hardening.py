"""Findings of the outside probe (issue #10) besides login throttling: ids that are no ids give
a clean 400/404 with a Dutch message instead of a server error, no 360 about someone without
consent, no server paths in error messages."""

from __future__ import annotations

import html
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
    # the 400 page (HTML, issue #14) says what to do
    assert "Kies de collega's" in html.unescape(response.content.decode())
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


def _server_paths(settings: Any) -> list[str]:
    import tempfile

    return [str(settings.DATA_DIR), str(settings.UPLOAD_DIR), tempfile.gettempdir() + "/", "/uploads/"]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("mijn archief.zip", b"not a zip at all", "does not recognise"),
        ("berichten.jsonl", b"{bad json\n", "invalid JSON"),
        ("export.csv", b"id,text\n1,hallo\n", "required field"),
        ("kapot.zip", b"PK\x03\x04garbage", "cannot be read"),
    ],
)
def test_an_import_error_names_the_upload_and_no_server_path(
    client: Any, world: World, settings: Any, tmp_path: Any, name: str, content: bytes, says: str
) -> None:
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    from spiegel.web import jobs
    from spiegel.web.models import Job, Source

    settings.UPLOAD_DIR = tmp_path / "uploads"
    emp = world.people["emp"]
    account = ConnectedAccount.objects.get(person=emp)
    _as(client, world, "emp")
    upload = SimpleUploadedFile(name, content)
    client.post(reverse("upload", args=[emp.pk]), {"archive": upload, "account": account.pk})
    jobs.run_job(Job.objects.get(kind="import"))
    source = Source.objects.get(person=emp)
    # the worker stores an input error under the name it was uploaded as (spiegel.web.jobs)
    assert source.status == "failed" and source.path not in source.error
    shown = [client.get(reverse("source_status", args=[source.pk])).json()["error"]]
    page = client.get(reverse("accounts", args=[emp.pk])).content.decode()
    shown += re.findall(r'<td class="utrecht-table__cell source-status">(.*?)</td>', page, re.S)
    assert len(shown) == 2
    for text in shown:
        assert says in text and name.replace("'", "&#x27;") in text.replace("'", "&#x27;"), text
        for path in _server_paths(settings):
            assert path not in text, text


def test_a_failed_stream_job_shows_no_server_path(client: Any, world: World, settings: Any) -> None:
    from spiegel.web.models import Job

    stored = f"{settings.DATA_DIR}/fetched/stream-{world.org.pk}.jsonl, line 3: invalid JSON"
    Job.objects.create(kind="fetch", payload={"stream": world.org.pk}, status="failed", error=stored)
    _as(client, world, "hr")
    page = client.get(reverse("organisation")).content.decode()
    assert f"stream-{world.org.pk}.jsonl, line 3: invalid JSON" in page
    for path in _server_paths(settings):
        assert path not in page


def test_hide_paths_keeps_names_and_urls(settings: Any) -> None:
    from spiegel.web.paths import hide_paths

    settings.DATA_DIR = "/srv/Mijn Data/spiegel"
    assert hide_paths("/srv/Mijn Data/spiegel/uploads/3/ab12.zip: damaged") == "ab12.zip: damaged"
    assert hide_paths("/var/x/ab12.zip: damaged", {"/var/x/ab12.zip": "mijn.zip"}) == "mijn.zip: damaged"
    assert hide_paths(r"C:\Users\hr\export.csv, line 2: bad") == "export.csv, line 2: bad"
    assert (
        hide_paths("file '/opt/spiegel/a.json' (see /etc/spiegel/org.yaml)") == "file 'a.json' (see org.yaml)"
    )
    kept = "see docs/formats.md, https://bsky.social/xrpc/com.atproto.server and 1/2 and/or 3 / 4"
    assert hide_paths(kept) == kept


def _int_routes() -> list[tuple[str, list[str]]]:
    """Every named URL with ``<int:…>`` parts, and those parts' names."""
    from django.urls import URLPattern, get_resolver

    routes = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name and "<int:" in str(pattern.pattern):
            names = [p.split(">")[0] for p in str(pattern.pattern).split("<int:")[1:]]
            routes.append((pattern.name, names))
    return routes


@pytest.mark.parametrize("user", ["emp", "hr"])
def test_no_url_with_a_huge_id_gives_a_server_error(client: Any, world: World, user: str) -> None:
    routes = _int_routes()
    assert len(routes) > 20
    _as(client, world, user)
    huge = 10**30
    for name, params in routes:
        for values in (
            {p: huge for p in params},
            {p: world.people["emp"].pk for p in params} | {params[-1]: huge},
        ):
            url = reverse(name, kwargs=values)
            for method in (client.get, client.post):
                assert method(url).status_code < 500, url


def test_forms_with_a_huge_id_give_no_server_error(client: Any, world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    emp = world.people["emp"]
    _as(client, world, "emp")
    huge = str(10**30)
    upload = SimpleUploadedFile("a.jsonl", b"{}\n")
    assert (
        client.post(reverse("upload", args=[emp.pk]), {"archive": upload, "account": huge}).status_code == 302
    )
    for bad in (huge, "²"):
        assert client.get(reverse("profile", args=[emp.pk]), {"snapshot": bad}).status_code < 500
