"""Browser tests in headless Chromium against a live server with the demo organisation:
the employee contests evidence and releases the profile, the manager sees the annotation and
records a judgement, the team dashboard renders its charts. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import BROWSER_MARKS, chromium, login

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

pytestmark = BROWSER_MARKS


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        yield context.new_page()
        context.close()


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
  .map(e => e.outerHTML)"""


def _check_accessibility(page: Any) -> None:
    """Basic WCAG checks on the current page: language, landmarks, skip link, one h1,
    every form control labelled, every image/chart with a text alternative."""
    assert page.locator("html").get_attribute("lang") in ("nl", "en")
    for landmark in ("main", "banner", "contentinfo"):
        assert page.get_by_role(landmark).count() >= 1, landmark
    assert page.locator("a.utrecht-skip-link[href='#main']").count() == 1
    assert page.locator("h1").count() == 1
    assert page.evaluate(UNLABELLED) == []
    for svg in page.locator("main svg[role='img']").all():
        assert svg.get_attribute("aria-label") or svg.get_attribute("aria-labelledby")


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_employee_contests_manager_judges_dashboard_charts(
    live_server: Any, page: Any, settings: Any, tmp_path: Path
) -> None:
    from spiegel.web.demo import load_demo
    from spiegel.web.models import EvidenceAnnotation, ManagerJudgement, Person

    settings.DATA_DIR = tmp_path
    settings.DEMO = True
    load_demo()
    base = live_server.url
    fleur = Person.objects.get(user__username="medewerker")

    # the employee sees her profile first and contests a piece of evidence
    login(page, base, "medewerker")
    assert page.url.endswith(f"/people/{fleur.pk}/")
    assert page.get_by_role("heading", name="Mijn profiel").is_visible()
    evidence = page.locator(".spiegel-evidence").first
    evidence.locator("summary").click()
    evidence.get_by_label("Bezwaar: deze onderbouwing klopt niet of is misleidend").check()
    evidence.get_by_label("Je toelichting").fill("Deze vraag heb ik telefonisch beantwoord.")
    evidence.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.get_by_text("Deze vraag heb ik telefonisch beantwoord.").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "1-employee-contested.png"), full_page=True)
    _check_accessibility(page)
    page.locator("#full-report").click()
    page.wait_for_load_state()
    # embedded in the page the chart is an SVG image (the page's CSP allows no inline styles)
    report_chart = page.locator(".spiegel-report #chart img").first
    chart_box = report_chart.bounding_box()
    assert chart_box is not None and chart_box["width"] > 100
    assert report_chart.evaluate("img => img.complete && img.naturalWidth") > 100
    page.screenshot(path=str(ARTIFACTS / "1b-full-report.png"), full_page=True)
    page.go_back()
    page.wait_for_load_state()
    page.get_by_role("button", name="Vrijgeven aan mijn leidinggevende").click()
    page.wait_for_load_state()
    assert EvidenceAnnotation.objects.filter(kind="contest", snapshot__person=fleur).count() == 1
    _logout(page)

    # judge-first: the manager records a judgement with a reason for every competency before
    # the measured levels and the evidence (with the employee's contest) are shown
    login(page, base, "leidinggevende")
    page.goto(f"{base}/people/{fleur.pk}/")
    assert page.locator("#judge-first").is_visible()
    assert page.get_by_text("Deze vraag heb ik telefonisch beantwoord.").count() == 0
    page.screenshot(path=str(ARTIFACTS / "2-manager-judge-first.png"), full_page=True)
    _check_accessibility(page)
    for _ in range(12):
        if not page.locator("#judge-first").count():
            break
        section = page.locator("section.spiegel-competency").first
        section.get_by_label("Niveau", exact=True).select_option("4")
        section.get_by_label("Reden (verplicht)").fill("Telefonische afhandeling telt in ons team mee.")
        section.get_by_role("button", name="Oordeel vastleggen").click()
        page.wait_for_load_state()
    assert page.get_by_text("Deze vraag heb ik telefonisch beantwoord.").first.is_visible()
    assert page.locator(".annotate-form").count() == 0
    assert page.get_by_text("Telefonische afhandeling telt in ons team mee.").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "2-manager-judgement.png"), full_page=True)
    judgements = list(ManagerJudgement.objects.all())
    assert len(judgements) >= 6  # one per competency of the model
    assert all(j.level == 4 and j.by.username == "leidinggevende" for j in judgements)

    # the team dashboard renders its charts
    page.get_by_role("link", name="Team Communicatie en dienstverlening").click()
    page.wait_for_load_state()
    chart = page.locator("#response-chart")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100
    heights = [
        float(h)
        for h in chart.locator("rect.bar").evaluate_all("els => els.map(e => e.getAttribute('height'))")
    ]
    assert len(heights) >= 8 and max(heights) > 0
    assert page.locator("#coverage-chart").count() == 1
    assert page.locator("#levels tbody tr").count() >= 6
    page.screenshot(path=str(ARTIFACTS / "3-team-dashboard.png"), full_page=True)
    _check_accessibility(page)

    # the employee sees that her manager viewed her profile
    _logout(page)
    login(page, base, "medewerker")
    page.get_by_role("link", name="Wie heeft mijn gegevens bekeken").click()
    assert page.locator("#audit").get_by_text("Karin Smit (leidinggevende)").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "4-who-viewed.png"), full_page=True)
    _check_accessibility(page)
    page.get_by_role("link", name="Accounts en toestemming").click()
    page.wait_for_load_state()
    _check_accessibility(page)

    # English is complete: switch and see the same page in English
    page.get_by_label("Taal").select_option("en")
    page.get_by_role("button", name="Wisselen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Accounts and consent").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(ARTIFACTS / "5-accounts-english.png"), full_page=True)
