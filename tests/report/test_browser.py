"""Open the HTML report in headless Chromium and check what a reader sees: the chart is drawn
(non-zero size, many colours) and every section is laid out. Screenshots go to test-artifacts/."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from browser_support import ARTIFACTS, BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, watch_csp
from spiegel.pipeline import Profile
from spiegel.report import render_html

pytestmark = BROWSER_MARKS


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_in_headless_chromium(profile: Profile, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    page_file = ARTIFACTS / f"report-{lang}.html"
    page_file.write_text(render_html(profile, lang), encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            problems = watch_csp(page)
            page.goto(page_file.as_uri())
            page.screenshot(path=str(ARTIFACTS / f"report-{lang}.png"), full_page=True)
            svg = page.locator("#chart svg")
            box = svg.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 150
            chart = Image.open(io.BytesIO(svg.screenshot())).convert("RGB")
            colours = chart.getcolors(maxcolors=1_000_000) or []
            assert len(colours) > 20, "the chart area is nearly blank"
            for selector in ("#header", "#notice", "#overview", "#method"):
                b = page.locator(selector).bounding_box()
                assert b is not None and b["height"] > 20, selector
            sections = page.locator("section.competency")
            assert sections.count() == 6
            for i in range(6):
                b = sections.nth(i).bounding_box()
                assert b is not None and b["height"] > 100
            heading = "Competentieprofiel" if lang == "nl" else "Competency profile"
            assert page.locator("h1").inner_text() == heading
            assert requests == [page_file.as_uri()], "the report must not load anything else"
            # the report's own CSP <meta> (no scripts, nothing loaded) blocks nothing it needs
            assert 'http-equiv="Content-Security-Policy"' in page_file.read_text(encoding="utf-8")
            assert problems() == []
        finally:
            browser.close()
