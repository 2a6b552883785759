"""Every page of the web app, for every role, on a phone (390 px) and a desktop (1280 px) in
headless Chromium against a live server with the demo organisation (issue #14, item 2):

- the document is never wider than the viewport (wide tables scroll in their own container);
- axe-core (vendored in tests/web/assets, WCAG 2.1 A and AA rules) reports 0 violations;
- the page runs under the strict Content-Security-Policy without a single violation: axe is
  evaluated through the DevTools protocol (Playwright's ``evaluate``), which the page's policy does
  not govern, so no ``bypass_csp`` context is needed and the policy stays on for every check;
- no label of a checkbox or radio button is squeezed to one word per line;
- the visible text holds no raw indicator id, evidence or reason code, audit action, ISO
  timestamp, and on a Dutch page no English word (the rule of what is visible text, and what is
  left out of it — the "technische details", ``<code>``, quoted posts —: ``browser_support.VISIBLE_TEXT``);
- the error pages (400, 403, 404) are in Dutch with a way back.

The static HTML reports of the command line: tests/demo/test_demo_responsive.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import (
    ARTIFACTS,
    BROWSER_MARKS,
    chromium,
    raw_codes,
    text_problems,
    watch_csp,
)

pytestmark = BROWSER_MARKS

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
WIDTHS = (390, 1280)
#: the WCAG 2.1 A and AA rules of axe-core
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']});
  return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
    .map(n => n.target.join(' ')).join(', '));
}"""
#: how far the document reaches beyond the viewport, and the widest elements outside a scroll box
OVERFLOW = """() => {
  const w = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e =>
    e.getBoundingClientRect().right > w + 1 && !e.closest('.spiegel-scroll, .table-scroll'));
  const leaves = wide.filter(e => ![...e.children].some(c => wide.includes(c)));
  return {scroll: document.documentElement.scrollWidth, width: w,
          culprits: leaves.slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.getAttribute('class'))};
}"""
#: labels of checkboxes and radio buttons whose text shows one word per line (2 words or more)
SQUEEZED = """() => [...document.querySelectorAll('label')].filter(label => {
  const words = label.textContent.trim().split(/\\s+/).filter(Boolean).length;
  if (words < 2 || !label.querySelector('input[type=checkbox], input[type=radio]')) return false;
  const lines = new Set();
  const texts = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const range = document.createRange(); range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.width > 0) lines.add(Math.round(r.top));
  }
  return lines.size >= words;
}).map(l => l.textContent.trim())"""


@pytest.fixture
def browser(live_server: Any) -> Iterator[Any]:
    (ARTIFACTS / "web" / "a11y").mkdir(parents=True, exist_ok=True)
    with chromium() as launched:
        yield launched


class Walker:
    """One browser context per role and width; :meth:`check` loads a page and collects every
    problem instead of stopping at the first, so one run lists them all."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser = browser
        self.base = base
        self.axe = AXE.read_text(encoding="utf-8")
        self.problems: list[str] = []
        self.checked = 0
        self.codes = raw_codes()

    def open(self, role: str, width: int) -> Any:
        context = self.browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.csp_problems = watch_csp(page)
        page.csp_seen = 0
        if role != "anonymous":
            page.goto(f"{self.base}/login/")
            page.get_by_label("Gebruikersnaam").fill(role)
            page.get_by_label("Wachtwoord").fill("spiegel-demo")
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_load_state()
        return page

    def check(self, page: Any, where: str, path: str | None = None, status: int = 200) -> None:
        """Load *path* (or take the page as it is) and check it."""
        if path is not None:
            response = page.goto(f"{self.base}{path}")
            got = response.status if response is not None else None
            if got != status:
                self.problems.append(f"{where}: HTTP {got}, expected {status}")
        page.wait_for_load_state("networkidle")
        self.checked += 1
        # the console's errors accumulate over the context's pages: take the new ones; an error
        # page's own status ("Failed to load resource: … 404") is what was asked for
        found = page.csp_problems()
        violations = page.evaluate("window.__cspViolations || []")
        console = found[: len(found) - len(violations)]
        new, page.csp_seen = [*console[page.csp_seen :], *violations], len(console)
        expected = f"the server responded with a status of {status} "
        self.problems += [f"{where}: CSP/console: {p}" for p in new if not (status != 200 and expected in p)]
        size = page.evaluate(OVERFLOW)
        if size["scroll"] > size["width"]:
            self.problems.append(
                f"{where}: document {size['scroll']} px wide in a {size['width']} px viewport "
                f"({', '.join(size['culprits'])})"
            )
        self.problems += [f"{where}: label one word per line: {t!r}" for t in page.evaluate(SQUEEZED)]
        self.problems += [f"{where}: {p}" for p in text_problems(page, self.codes)]
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.axe)
        self.problems += [f"{where}: axe {v}" for v in page.evaluate(AXE_RUN)]
        name = where.replace(" ", "_").replace("/", "-")
        page.screenshot(path=str(ARTIFACTS / "web" / "a11y" / f"{name}.png"), full_page=True)


def _post_blank(page: Any, action: str, fields: dict[str, str]) -> None:
    """Send a form with a blank required field the way a browser without HTML validation would
    (the page's own form refuses to): a form built in the page, with the page's CSRF token."""
    page.evaluate(
        """([action, fields]) => {
          const form = document.createElement('form'); form.method = 'post'; form.action = action;
          const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
          for (const [k, v] of Object.entries({...fields, csrfmiddlewaretoken: token})) {
            const input = document.createElement('input'); input.type = 'hidden';
            input.name = k; input.value = v; form.appendChild(input);
          }
          document.body.appendChild(form); form.submit();
        }""",
        [action, fields],
    )
    page.wait_for_load_state()


#: what a page must hold for the walk to cover it: the profile with its trend over the earlier
#: periods, the 360 page with its self-assessment section, the gespreksverslag, the α table
SECTIONS = {
    "profile": ("#trend", "#trend-levels"),
    "360": ("#self-assessment",),
    "conversation": (".spiegel-conversation", "#conversation-pdf"),
    "reliability": ("#alpha",),
}


def _require_sections(page: Any, walker: Walker, where: str, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        if page.locator(selector).count() == 0:
            walker.problems.append(f"{where}: no {selector} on the page")


def _error_page_has_way_back(page: Any, walker: Walker, where: str, heading: str) -> None:
    headings = [h.strip() for h in page.locator("h1").all_inner_texts()]
    if headings != [heading]:
        walker.problems.append(f"{where}: headings {headings}, expected [{heading!r}]")
    for link in ("Terug naar de vorige pagina", "Naar de startpagina"):
        if page.get_by_role("link", name=link).count() != 1:
            walker.problems.append(f"{where}: no link {link!r}")


def test_every_page_and_role_fits_a_phone_and_passes_axe(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    from django.core.cache import cache
    from django.urls import reverse

    from spiegel.web import invitations
    from spiegel.web.demo import load_demo
    from spiegel.web.models import AssessmentInvitation, Organisation, Person, Team

    settings.DATA_DIR = tmp_path
    settings.DEMO = True
    load_demo()
    cache.clear()
    fleur = Person.objects.get(user__username="medewerker")
    bram = Person.objects.get(user__username="bram")
    karin = Person.objects.get(user__username="leidinggevende")
    dewi = Person.objects.get(user__username="hr")
    team = Team.objects.get(manager=karin)
    snapshot = bram.snapshots.order_by("-created_at").first()
    assert snapshot is not None
    # an open questionnaire for Fleur (about Bram); per width one behind an e-mailed link
    to_answer = AssessmentInvitation.objects.create(subject=bram, rater=fleur.user, kind="other")
    # Bram has not done his self-assessment yet: his 360 page offers it
    AssessmentInvitation.objects.filter(subject=bram, kind="self").delete()
    walker = Walker(browser, live_server.url)

    for width in WIDTHS:
        by_mail = AssessmentInvitation.objects.create(subject=fleur, rater=bram.user, kind="other")
        link = invitations._issue_link(by_mail)
        page = walker.open("anonymous", width)
        for name, path, status in (
            ("login", "/login/", 200),
            ("accessibility", "/accessibility/", 200),
            ("third-party-notice", "/third-parties/", 200),
            ("answer-by-link", reverse("answer_link", args=[link]), 200),
            ("link-invalid", reverse("answer_link", args=["no-such-link"]), 404),
            ("not-found", "/no-such-page/", 404),
        ):
            walker.check(page, f"anonymous {width} {name}", path, status)
        _error_page_has_way_back(page, walker, f"anonymous {width} not-found", "Pagina niet gevonden")
        # the questionnaire answered: the thank-you page
        page.goto(f"{live_server.url}{reverse('answer_link', args=[link])}")
        page.evaluate(
            "() => document.querySelectorAll('input[type=radio][value=\"3\"]').forEach(r => r.checked = true)"
        )
        page.get_by_role("button", name="Versturen").click()
        page.wait_for_load_state()
        walker.check(page, f"anonymous {width} answered")
        by_mail.refresh_from_db()
        if by_mail.answered_at is None:
            walker.problems.append(f"anonymous {width}: the questionnaire was not saved")
        page.context.close()

        page = walker.open("medewerker", width)
        for name, path, status in (
            ("profile", f"/people/{fleur.pk}/", 200),
            ("report", f"/people/{fleur.pk}/report/", 200),
            ("accounts", f"/people/{fleur.pk}/accounts/", 200),
            ("audit", f"/people/{fleur.pk}/audit/", 200),
            ("360", f"/people/{fleur.pk}/360/", 200),
            ("conversation", f"/people/{fleur.pk}/gespreksverslag/", 200),
            ("answer", reverse("answer", args=[to_answer.token]), 200),
            ("forbidden-reliability", "/organisation/questionnaire/", 403),
            ("forbidden", f"/people/{bram.pk}/audit/", 403),
        ):
            walker.check(page, f"employee {width} {name}", path, status)
            _require_sections(page, walker, f"employee {width} {name}", SECTIONS.get(name, ()))
        _error_page_has_way_back(
            page, walker, f"employee {width} forbidden", "Je mag deze pagina niet bekijken"
        )
        # a blank note on a piece of evidence: the 400 page, in Dutch, back to the profile
        page.goto(f"{live_server.url}/people/{fleur.pk}/")
        own = fleur.snapshots.order_by("-created_at").first()
        assert own is not None
        _post_blank(page, reverse("annotate", args=[fleur.pk, own.pk]), {"kind": "note", "text": ""})
        walker.check(page, f"employee {width} bad-request", status=400)
        _error_page_has_way_back(
            page, walker, f"employee {width} bad-request", "Er ontbreekt iets in wat je hebt verstuurd"
        )
        page.context.close()

        # an employee without a self-assessment yet: the 360 page offers it, its questionnaire
        page = walker.open("bram", width)
        walker.check(page, f"employee-without-self {width} 360", f"/people/{bram.pk}/360/")
        _require_sections(page, walker, f"employee-without-self {width} 360", ("#self-assessment",))
        start = page.locator("#self-start, #self-link")
        if start.count() != 1:
            walker.problems.append(f"employee-without-self {width}: no way to start the self-assessment")
        else:
            start.click()
            page.wait_for_load_state()
            walker.check(page, f"employee-without-self {width} self-questionnaire")
            if "/360/" not in page.url or page.locator("input[type=radio]").count() == 0:
                walker.problems.append(f"employee-without-self {width}: {page.url} is not the questionnaire")
        page.context.close()

        # the manager: starts at the team; judge-first first, then the profile with levels
        Organisation.objects.update(judge_first=True)
        page = walker.open("leidinggevende", width)
        if not page.url.endswith(f"/teams/{team.pk}/"):
            walker.problems.append(f"manager {width}: start page {page.url}, expected the team")
        walker.check(page, f"manager {width} team")
        walker.check(page, f"manager {width} judge-first", f"/people/{bram.pk}/")
        Organisation.objects.update(judge_first=False)
        for name, path, status in (
            ("profile", f"/people/{bram.pk}/", 200),
            ("report", f"/people/{bram.pk}/report/", 200),
            ("360", f"/people/{bram.pk}/360/", 200),
            ("conversation", f"/people/{bram.pk}/gespreksverslag/", 200),
            ("own-profile", f"/people/{karin.pk}/", 200),
            ("forbidden-reliability", "/organisation/questionnaire/", 403),
            ("forbidden-audit", f"/people/{bram.pk}/audit/", 403),
        ):
            walker.check(page, f"manager {width} {name}", path, status)
        _error_page_has_way_back(
            page, walker, f"manager {width} forbidden-audit", "Je mag deze pagina niet bekijken"
        )
        # a blank reason with a judgement: the 400 page with a way back to the profile
        page.goto(f"{live_server.url}/people/{bram.pk}/")
        _post_blank(
            page,
            reverse("judge", args=[bram.pk, snapshot.pk]),
            {"competency": "luisteren", "level": "3", "reason": " "},
        )
        walker.check(page, f"manager {width} bad-request", status=400)
        back_link = page.get_by_role("link", name="Terug naar de vorige pagina")
        back = (back_link.get_attribute("href") or "") if back_link.count() == 1 else ""
        if not back.startswith(f"/people/{bram.pk}/"):
            walker.problems.append(f"manager {width} bad-request: back link {back!r} is not the profile")
        page.context.close()

        page = walker.open("hr", width)
        for name, path in (
            ("home", "/"),
            ("own-profile", f"/people/{dewi.pk}/"),
            ("organisation", "/organisation/"),
            ("people", "/organisation/people/"),
            ("org-config", "/organisation/config/"),
            ("org-norms", "/organisation/norms/"),
            ("retention", "/organisation/retention/"),
            ("deployer", "/organisation/deployer/"),
            ("jobs", "/organisation/jobs/"),
            ("reliability", "/organisation/questionnaire/"),
            ("oversight", "/organisation/oversight/"),
            ("third-parties", "/organisation/third-parties/?handle=%40burger%40social.example"),
            ("team", f"/teams/{team.pk}/"),
            ("profile", f"/people/{fleur.pk}/"),
            ("report", f"/people/{fleur.pk}/report/"),
            ("conversation", f"/people/{fleur.pk}/gespreksverslag/"),
            ("audit", f"/people/{fleur.pk}/audit/"),
        ):
            walker.check(page, f"hr {width} {name}", path)
            if name != "profile":  # HR sees only the released period: no trend
                _require_sections(page, walker, f"hr {width} {name}", SECTIONS.get(name, ()))
        # in English too (the language switch is a form in the header)
        page.get_by_label("Taal").select_option("en")
        page.get_by_role("button", name="Wisselen").click()
        page.wait_for_load_state()
        walker.check(page, f"hr {width} audit-english")
        walker.check(page, f"hr {width} not-found-english", "/no-such-page/", 404)
        if page.locator("h1").all_inner_texts() != ["Page not found"]:
            walker.problems.append(f"hr {width}: the English 404 page is not in English")
        page.context.close()

    assert walker.problems == [], "\n".join(walker.problems)
    assert walker.checked >= 2 * 44
