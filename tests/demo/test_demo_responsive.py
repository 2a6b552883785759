"""The static HTML reports ``spiegel demo`` writes (the team overview and the person reports) fit
a 390 px phone in headless Chromium: the document is never wider than the viewport (wide tables
scroll in their own container), and axe-core's WCAG 2.1 A and AA rules find no violation."""

from __future__ import annotations

from pathlib import Path

from click.testing import Result

from browser_support import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS

pytestmark = BROWSER_MARKS

AXE = Path(__file__).resolve().parents[1] / "web" / "assets" / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document, {runOnly: {type: 'tag',
  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}))
  .violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
OVERFLOW = """() => {
  const w = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e =>
    e.getBoundingClientRect().right > w + 1 && !e.closest('.table-scroll'));
  return {scroll: document.documentElement.scrollWidth, width: w,
          culprits: wide.filter(e => ![...e.children].some(c => wide.includes(c))).slice(0, 5)
            .map(e => e.tagName.toLowerCase() + '.' + e.getAttribute('class'))};
}"""


def test_static_reports_fit_a_phone_and_pass_axe(run: Result, demo_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert run.exit_code == 0, run.output
    reports = sorted((demo_dir / "reports").glob("*.html"))
    files = [demo_dir / "index.html", *reports]
    assert len(reports) >= 7
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 900})
        axe = AXE.read_text(encoding="utf-8")
        for file in files:
            page.goto(file.as_uri())
            size = page.evaluate(OVERFLOW)
            if size["scroll"] > size["width"]:
                problems.append(f"{file.name}: {size['scroll']} px wide ({', '.join(size['culprits'])})")
            page.evaluate(axe)
            problems += [f"{file.name}: axe {v}" for v in page.evaluate(AXE_RUN)]
        browser.close()
    assert problems == [], "\n".join(problems)
