"""Issue #14 item 2 without a browser: Dutch (or English) error pages with a way back instead of
bare text or Django's English pages, the accessibility statement linked from every page, the
manager's start page, and NL Design System (Utrecht) classes on every form control, every table
in a scroll container. The browser checks (390/1280 px, axe-core): test_responsive_a11y.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spiegel.web.models import AssessmentInvitation, ProfileSnapshot

from .conftest import World
from .test_permissions import DESTRUCTIVE, PERSON_ENDPOINTS, VIEWERS, rule
from .test_security import OTHER_ENDPOINTS

#: pages × the role that sees them (a fresh world each)
PAGES: list[tuple[str, Callable[[World], str]]] = [
    ("emp", lambda w: reverse("profile", args=[w.people["emp"].pk])),
    ("emp", lambda w: reverse("report", args=[w.people["emp"].pk])),
    ("emp", lambda w: reverse("accounts", args=[w.people["emp"].pk])),
    ("emp", lambda w: reverse("audit", args=[w.people["emp"].pk])),
    ("emp", lambda w: reverse("assess", args=[w.people["emp"].pk])),
    ("mgr", lambda w: reverse("team", args=[w.team_a.pk])),
    ("mgr", lambda w: reverse("profile", args=[w.people["emp"].pk])),
    ("hr", lambda w: reverse("organisation")),
    ("hr", lambda w: reverse("org_retention")),
    ("hr", lambda w: reverse("org_people")),
    ("hr", lambda w: reverse("org_config")),
    ("hr", lambda w: reverse("org_norms")),
    ("hr", lambda w: reverse("org_deployer")),
    ("hr", lambda w: reverse("org_jobs")),
    ("hr", lambda w: reverse("org_oversight")),
    ("hr", lambda w: reverse("org_third_parties") + "?handle=bewoner@stad.example"),
    ("hr", lambda w: reverse("audit", args=[w.people["emp"].pk])),
    ("", lambda w: reverse("login")),
    ("", lambda w: reverse("accessibility")),
    ("", lambda w: reverse("third_party_notice")),
]


def _page(client: Client, world: World, who: str, url: str) -> HTMLParser:
    client.logout()
    if who:
        client.force_login(world.users[who])
    response = client.get(url)
    assert response.status_code == 200, (who, url, response.status_code)
    return HTMLParser(response.content.decode())


@pytest.mark.parametrize("who,url_of", PAGES, ids=lambda v: v if isinstance(v, str) else "")
def test_controls_have_utrecht_classes_and_tables_scroll(
    client: Client, world: World, who: str, url_of: Callable[[World], str]
) -> None:
    tree = _page(client, world, who, url_of(world))
    unstyled = [
        n.html
        for n in tree.css("main input, main select, main textarea")
        if n.attributes.get("type") != "hidden" and "utrecht-" not in (n.attributes.get("class") or "")
    ]
    assert unstyled == []
    for table in tree.css("main table"):
        parent = table.parent
        assert parent is not None
        if "table-scroll" in (parent.attributes.get("class") or ""):
            pass  # the embedded report of the core (spiegel.report), with its own table style
        else:
            assert "utrecht-table" in (table.attributes.get("class") or ""), table.html[:80]
            assert "spiegel-scroll" in (parent.attributes.get("class") or ""), table.html[:80]
        assert parent.attributes.get("tabindex") == "0"  # the keyboard can scroll it
    # the footer links to the accessibility statement
    assert tree.css_first(f"footer a[href='{reverse('accessibility')}']") is not None


def test_help_text_and_errors_are_tied_to_their_control(client: Client, world: World) -> None:
    """A form field's help text is its ``aria-describedby``; a refused field is ``aria-invalid``."""
    client.force_login(world.users["emp"])
    url = reverse("accounts", args=[world.people["emp"].pk])
    tree = HTMLParser(client.get(url).content.decode())
    described = [n for n in tree.css("main [aria-describedby]") if n.tag in ("input", "select", "textarea")]
    assert described, "the connect form has help texts"
    for control in described:
        assert tree.css_first(f"#{control.attributes['aria-describedby']}") is not None
    refused = client.post(url, {"platform": "mastodon", "handle": ""})
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.content.decode()


def test_not_found_is_dutch_with_a_way_back(client: Client, world: World) -> None:
    client.force_login(world.users["emp"])
    response = client.get("/no/such/page/", HTTP_REFERER="http://testserver/people/1/")
    assert response.status_code == 404
    tree = HTMLParser(response.content.decode())
    assert tree.css_first("h1").text() == "Pagina niet gevonden"
    links = {a.text(): a.attributes["href"] for a in tree.css("main a")}
    assert links["Terug naar de vorige pagina"] == "http://testserver/people/1/"
    assert links["Naar de startpagina"] == reverse("home")
    assert tree.css_first("html").attributes["lang"] == "nl"


def test_a_foreign_referer_is_not_the_way_back(client: Client, world: World) -> None:
    response = client.get("/no/such/page/", HTTP_REFERER="https://evil.example/phish")
    tree = HTMLParser(response.content.decode())
    assert tree.css_first("#error-back").attributes["href"] == reverse("home")


def test_manager_opening_an_employees_audit_log_gets_the_dutch_403(client: Client, world: World) -> None:
    client.force_login(world.users["mgr"])
    response = client.get(reverse("audit", args=[world.people["emp"].pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Forbidden" not in body
    tree = HTMLParser(body)
    assert tree.css_first("h1").text() == "Je mag deze pagina niet bekijken"
    assert tree.css_first("#error-back") is not None
    # in the site's layout: the menu, the footer with the accessibility statement
    assert tree.css_first("nav") is not None and tree.css_first("footer") is not None


def test_error_pages_follow_the_chosen_language(client: Client, world: World) -> None:
    client.force_login(world.users["mgr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("audit", args=[world.people["emp"].pk]))
    tree = HTMLParser(response.content.decode())
    assert response.status_code == 403
    assert tree.css_first("h1").text() == "You may not see this page"
    assert tree.css_first("#error-back").text() == "Back to the previous page"


def test_blank_judgement_reason_gives_the_400_page_back_to_the_profile(client: Client, world: World) -> None:
    world.org.judge_first = False
    world.org.save()
    snap = ProfileSnapshot.objects.filter(person=world.people["emp"]).first()
    assert snap is not None
    client.force_login(world.users["mgr"])
    response = client.post(
        reverse("judge", args=[world.people["emp"].pk, snap.pk]),
        {"competency": "luisteren", "level": "3", "reason": "   "},
    )
    assert response.status_code == 400
    tree = HTMLParser(response.content.decode())
    assert tree.css_first("h1").text() == "Er ontbreekt iets in wat je hebt verstuurd"
    assert "Kies een competentie" in tree.css_first("#error-message").text()
    back = tree.css_first("#error-back").attributes["href"]
    assert back == f"{reverse('profile', args=[world.people['emp'].pk])}?snapshot={snap.pk}"
    assert not snap.judgements.exists()


def test_blank_note_gives_the_400_page(client: Client, world: World) -> None:
    snap = ProfileSnapshot.objects.filter(person=world.people["emp"]).first()
    assert snap is not None
    client.force_login(world.users["emp"])
    response = client.post(
        reverse("annotate", args=[world.people["emp"].pk, snap.pk]),
        {"competency": "luisteren", "indicator": "addressed_reaction_rate", "post_id": "x", "text": ""},
    )
    assert response.status_code == 400
    assert HTMLParser(response.content.decode()).css_first("#error-back") is not None


def test_csrf_failure_is_the_sites_own_page(world: World) -> None:
    """Django's own CSRF page is English and has an inline style the CSP blocks."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["emp"])
    response = client.post(reverse("release", args=[world.people["emp"].pk, 1]))
    assert response.status_code == 403
    tree = HTMLParser(response.content.decode())
    assert tree.css_first("h1").text() == "Je mag deze pagina niet bekijken"
    assert "cookie" in tree.css_first("#error-message").text()
    assert tree.css("style") == [] and tree.css("[style]") == []


def test_server_error_page(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth.models import AnonymousUser

    from spiegel.web.views import errors

    request = RequestFactory().get("/people/1/")
    request.user = AnonymousUser()
    response = errors.server_error(request)
    assert response.status_code == 500
    tree = HTMLParser(response.content.decode())
    assert tree.css_first("h1").text() == "Er ging bij ons iets mis"
    assert tree.css_first("#error-back") is not None

    # when even the layout fails (the database is down), a plain page in the same words
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("database is down")

    monkeypatch.setattr(errors, "render", broken)
    plain = errors.server_error(request)
    assert plain.status_code == 500
    assert "Er ging bij ons iets mis" in plain.content.decode()


def test_accessibility_statement(client: Client, world: World) -> None:
    response = client.get(reverse("accessibility"))  # no login needed
    assert response.status_code == 200
    text = HTMLParser(response.content.decode()).css_first("main").text()
    for words in ("WCAG 2.1", "390", "1280", "axe-core", "voldoet gedeeltelijk", "Een probleem melden"):
        assert words in text, words


def test_manager_starts_at_the_team(client: Client, world: World) -> None:
    client.force_login(world.users["mgr"])
    assert client.get(reverse("home"))["Location"] == reverse("team", args=[world.team_a.pk])
    # HR without a profile of their own starts at the first team, not at an empty page
    client.force_login(world.users["hr"])
    assert client.get(reverse("home"))["Location"] == reverse("team", args=[world.team_a.pk])
    # an employee still starts at their own profile
    client.force_login(world.users["emp"])
    assert client.get(reverse("home"))["Location"] == reverse("profile", args=[world.people["emp"].pk])


def _bare_error(response: Any) -> str | None:
    """Why *response* is a bare error (not the site's own error page), or None."""
    if response.status_code < 400 or response.status_code >= 500:
        return None
    if "text/html" not in response.get("Content-Type", ""):
        return f"{response.status_code} as {response.get('Content-Type')!r}"
    tree = HTMLParser(response.content.decode())
    links = {a.text().strip() for a in tree.css("main a")}
    if tree.css_first("main h1") is None or not links & {"Naar de startpagina", "Go to the start page"}:
        return f"{response.status_code} without the site's error page: {response.content.decode()[:80]!r}"
    return None


@pytest.mark.parametrize("name", sorted(OTHER_ENDPOINTS))
def test_no_bare_error_page_on_other_pages(client: Client, world: World, name: str) -> None:
    """Issue #14's acceptance: no bare-text 400/403 (or 404/405) page anywhere — every page,
    every role, as linked (GET or POST) and with the wrong method or an empty form."""
    world.invitation = AssessmentInvitation.objects.create(  # type: ignore[attr-defined]
        subject=world.people["emp"], rater=world.users["rater"]
    )
    url = OTHER_ENDPOINTS[name][1](world)
    if url.startswith("/api/") or name in ("logout", "set_language", "api_token", "admin"):
        return  # the API answers JSON; logging out and the language switch only redirect
    bare = []
    for viewer in (*VIEWERS, None):
        client.logout()
        if viewer is not None:
            client.force_login(world.users[viewer])
        for response in (client.get(url), client.post(url, {})):
            problem = _bare_error(response)
            if problem:
                bare.append(f"{viewer} {response.request['REQUEST_METHOD']} {url}: {problem}")
    assert bare == []


@pytest.mark.parametrize(
    "endpoint", [e for e in PERSON_ENDPOINTS if not e[0].startswith("api_")], ids=lambda e: e[0]
)
def test_no_bare_error_page_on_person_pages(client: Client, world: World, endpoint: Any) -> None:
    name, kind, _method, url_of, _data = endpoint
    bare = []
    for viewer in (*VIEWERS, None):
        if name in DESTRUCTIVE and viewer is not None and rule(kind, viewer, "emp"):
            continue  # allowed it would erase the subject; the refusals are what is checked here
        client.logout()
        if viewer is not None:
            client.force_login(world.users[viewer])
        url = url_of(world, "emp")
        for response in (client.get(url), client.post(url, {})):
            problem = _bare_error(response)
            if problem:
                bare.append(f"{viewer} {response.request['REQUEST_METHOD']} {name}: {problem}")
    assert bare == []
