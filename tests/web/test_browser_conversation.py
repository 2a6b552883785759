"""The pages of issue #14 items 3–5 in headless Chromium, on a phone (390 px) and a desktop
(1280 px): the profile's trend, the 360 page with the self-assessment, the gespreksverslag's
print view and HR's reliability page. Their content fits the width (wide tables scroll in
their own box), the charts are drawn, no Content-Security-Policy violation; screenshots go to
test-artifacts/web/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import ARTIFACTS, BROWSER_MARKS, chromium, login, watch_csp

pytestmark = BROWSER_MARKS

#: the elements of a section that reach beyond its right edge, leaving out those inside a
#: scroll container (a wide table scrolls inside its own box); the section itself is as wide as
#: the page's main column (whether the page layout fits 390 px is tested for every page apart)
OVERFLOW = """(sel) => {
  const root = document.querySelector(sel);
  if (!root) return ['no ' + sel];
  const scrolls = e => { for (let p = e.parentElement; p && p !== root.parentElement; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; }
    return false; };
  const edge = Math.min(root.getBoundingClientRect().right, root.parentElement.getBoundingClientRect().right);
  return [...root.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > edge + 1 && !scrolls(e))
    .map(e => e.tagName + '.' + e.className);
}"""


@pytest.fixture
def browser(live_server: Any) -> Iterator[Any]:
    (ARTIFACTS / "web").mkdir(parents=True, exist_ok=True)
    with chromium() as launched:
        yield launched


def test_conversation_trend_and_360_pages_on_phone_and_desktop(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    from spiegel.web.demo import load_demo
    from spiegel.web.models import Person

    settings.DATA_DIR = tmp_path
    settings.DEMO = True
    load_demo()
    base = live_server.url
    fleur = Person.objects.get(user__username="medewerker")
    pages = {
        "medewerker": {
            "profile-trend": (f"/people/{fleur.pk}/", "#trend"),
            "360": (f"/people/{fleur.pk}/360/", "#main"),
            "gespreksverslag": (f"/people/{fleur.pk}/gespreksverslag/", ".spiegel-conversation"),
        },
        "hr": {"reliability": ("/organisation/questionnaire/", "#main")},
    }
    for width in (390, 1280):
        for user, visits in pages.items():
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
            page = context.new_page()
            problems = watch_csp(page)
            login(page, base, user)
            for name, (path, section) in visits.items():
                response = page.goto(f"{base}{path}")
                assert response is not None and response.status == 200, path
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(ARTIFACTS / "web" / f"c-{name}-{width}.png"), full_page=True)
                assert problems() == [], (name, width)
                over = page.evaluate(OVERFLOW, section)
                assert over == [], (name, width, over)
                for img in page.locator(f"{section} img").all():
                    assert img.evaluate("i => i.complete && i.naturalWidth") > 100, (name, width)
                    box, room = img.bounding_box(), page.locator(section).bounding_box()
                    assert box is not None and room is not None and 0 < box["width"] <= room["width"], (
                        name,
                        width,
                    )
            if user == "medewerker":
                page.goto(f"{base}/people/{fleur.pk}/")
                page.locator("#conversation-link").click()
                page.wait_for_load_state()
                assert page.get_by_role("heading", name="Gespreksverslag: Fleur Bakker").is_visible()
                # printed, only the record: no page header or the links around it
                page.emulate_media(media="print")
                assert not page.locator(".utrecht-page-header").is_visible()
                assert not page.locator("#conversation-actions").is_visible()
                assert page.locator("#verslag-overview").is_visible()
            context.close()
