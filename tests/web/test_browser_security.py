"""Issue #10 in headless Chromium against a live server with the demo organisation: the main
pages run under the strict Content-Security-Policy without a single violation while their
scripts and charts still work, and a stored snapshot whose evidence holds ``javascript:`` URLs
gives no such link on the profile or report page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import ARTIFACTS, BROWSER_MARKS, chromium, login, watch_csp
from hostile_urls import HOSTILE_URLS, SAFE_URL

pytestmark = BROWSER_MARKS

#: every link target on the page (resolved by the browser), and where a click would go
LINKS = """() => [...document.querySelectorAll('a[href], area[href], [cite], form[action]')]
  .map(e => e.href || e.cite || e.action)"""


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    (ARTIFACTS / "web").mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        yield context.new_page()
        context.close()


def _poison_snapshots(person: Any) -> None:
    """Give every snapshot of the person evidence with every hostile URL (and one good one), as
    snapshots stored before the record model refused them would hold."""
    for snap in person.snapshots.all():
        profile = snap.profile
        urls = [*HOSTILE_URLS, SAFE_URL]
        quoted = [
            indicator["evidence"]
            for competency in profile["competencies"]
            for indicator in competency["indicators"]
            if indicator.get("evidence")
        ]
        assert quoted, "the demo profile quotes no posts for the test"
        # one URL per quoted post; when the profile quotes fewer posts than there are URLs, the
        # rest go on copies of a quoted post, spread over the indicators
        for n, url in enumerate(urls):
            evidence = quoted[n % len(quoted)]
            slot = n // len(quoted)
            if slot >= len(evidence):
                evidence.append(dict(evidence[0]))
            evidence[slot]["url"] = url
        snap.profile = profile
        snap.save()


def test_main_pages_have_no_csp_violations_and_no_script_links(
    live_server: Any, page: Any, settings: Any, tmp_path: Path
) -> None:
    from django.core.cache import cache

    from spiegel.web.demo import load_demo
    from spiegel.web.models import Person, Team

    settings.DATA_DIR = tmp_path
    settings.DEMO = True
    load_demo()
    base = live_server.url
    fleur = Person.objects.get(user__username="medewerker")
    _poison_snapshots(fleur)
    cache.clear()
    team = Team.objects.filter(manager__isnull=False).first()
    assert team is not None
    problems = watch_csp(page)

    def visit(path: str, name: str) -> None:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.screenshot(path=str(ARTIFACTS / "web" / f"csp-{name}.png"), full_page=True)
        assert problems() == [], path

    page.goto(f"{base}/login/")
    assert problems() == []
    login(page, base, "hr")
    pages = {
        "home": "/",
        "profile": f"/people/{fleur.pk}/",
        "report": f"/people/{fleur.pk}/report/",
        "audit": f"/people/{fleur.pk}/audit/",
        "team": f"/teams/{team.pk}/",
        "organisation": "/organisation/",
        "retention": "/organisation/retention/",
        "deployer": "/organisation/deployer/",
        "jobs": "/organisation/jobs/",
    }
    for name, path in pages.items():
        visit(path, name)
        if name in ("profile", "report"):
            links = page.evaluate(LINKS)
            assert SAFE_URL in links, name
            bad = [u for u in links if not u.startswith((base, "https://", "http://"))]
            assert bad == [], (name, bad)
            assert page.locator("[href*='script:' i], [href^='data:' i]").count() == 0
        if name == "report":
            # the chart (an SVG image) is drawn
            chart = page.locator(".spiegel-report #chart img")
            assert chart.evaluate("img => img.complete && img.naturalWidth") > 100
            box = chart.bounding_box()
            assert box is not None and box["width"] > 300
        if name == "team":
            chart = page.locator("#response-chart")
            box = chart.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 100
            # the stylesheet (not an inline style) colours the bars
            fill = chart.locator("rect.bar").first.evaluate("e => getComputedStyle(e).fill")
            assert fill not in ("", "none", "rgb(0, 0, 0)"), fill

    # the employee's pages, the 360 page and the language switch (a form post)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    login(page, base, "medewerker")
    for name, path in {
        "own-profile": f"/people/{fleur.pk}/",
        "accounts": f"/people/{fleur.pk}/accounts/",
        "assess": f"/people/{fleur.pk}/360/",
    }.items():
        visit(path, name)
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wisselen").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert problems() == []


def test_accounts_page_script_runs_under_the_csp(live_server: Any, page: Any, settings: Any) -> None:
    """progress.js (a static file) polls the import status and writes it into the page."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from spiegel.web.models import ConnectedAccount, Organisation, Person, Source

    org = Organisation.objects.create(name="Gemeente")
    user = User.objects.create_user("anna", password="spiegel-demo")
    person = Person.objects.create(organisation=org, user=user, name="Anna")
    account = ConnectedAccount.objects.create(
        person=person,
        platform="mastodon",
        handle="anna@social.example",
        purpose="test",
        consent_given_at=timezone.now(),
    )
    source = Source.objects.create(
        organisation=org,
        person=person,
        account=account,
        path="/nowhere/outbox.zip",
        original_name="outbox.zip",
        status="running",
        processed=12,
    )
    problems = watch_csp(page)
    login(page, live_server.url, "anna")
    page.goto(f"{live_server.url}/people/{person.pk}/accounts/")
    page.wait_for_load_state("networkidle")
    # the import goes on; the script fetches the new count and writes it into the page
    Source.objects.filter(pk=source.pk).update(processed=5678)
    page.wait_for_function(
        "() => /5[.,]?678/.test(document.querySelector('.source-progress').textContent)",
        timeout=15_000,
    )
    assert problems() == []


def test_admin_runs_under_the_csp(live_server: Any, page: Any) -> None:
    """Django's admin (people, teams, sources) and the API opened in a browser have no inline
    script or style either."""
    from django.contrib.auth.models import User

    from spiegel.web.models import Organisation, Person, Team

    org = Organisation.objects.create(name="Gemeente")
    team = Team.objects.create(organisation=org, name="Communicatie")
    admin = User.objects.create_superuser("beheer", password="spiegel-demo")
    person = Person.objects.create(organisation=org, user=admin, team=team, name="Beheer")
    problems = watch_csp(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "beheer")
    page.fill("#id_password", "spiegel-demo")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    for path in (
        "/admin/",
        "/admin/spiegel_web/person/",
        f"/admin/spiegel_web/person/{person.pk}/change/",
        "/api/me/",  # JSON only: DRF's browsable pages would need inline styles
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert problems() == [], path
