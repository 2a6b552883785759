"""The demo's team overview in headless Chromium: the cards, the levels table and the
response-time chart are laid out, and the page loads nothing from elsewhere.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import Result
from PIL import Image

from browser_support import ARTIFACTS, BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS
from spiegel.demo.people import CAST

pytestmark = BROWSER_MARKS


def test_team_page_in_headless_chromium(run: Result, demo_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert run.exit_code == 0, run.output
    ARTIFACTS.mkdir(exist_ok=True)
    index = demo_dir / "index.html"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(index.as_uri())
            page.screenshot(path=str(ARTIFACTS / "demo-team.png"), full_page=True)
            for card in ("#coverage", "#answered", "#median"):
                box = page.locator(card).bounding_box()
                assert box is not None and box["width"] > 150 and box["height"] > 80, card
            assert page.locator("#levels tr.member").count() == len(CAST)
            svg = page.locator("#response-chart svg")
            box = svg.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 120
            chart = Image.open(io.BytesIO(svg.screenshot())).convert("RGB")
            assert len(chart.getcolors(maxcolors=1_000_000) or []) > 20, "the chart area is nearly blank"
            assert requests == [index.as_uri()], "the team page must not load anything else"
            page.locator("#levels tr.member a").first.click()
            assert page.url.endswith("reports/fleur.html")
        finally:
            browser.close()
