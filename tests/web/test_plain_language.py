"""Issue #14, item 1, in the browser: the visible Dutch text of the profile, report, audit,
team and 360 pages, the gespreksverslag print view and the 360 reliability page holds no raw
indicator id, evidence or reason code, audit action code or ISO timestamp; those stay behind a
closed "Technische details" disclosure. The profile page has its level chart (server-rendered
SVG with a text alternative) and its trend over the earlier periods. Screenshots at 390 and
1280 px go to test-artifacts/web/plain-language/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import ARTIFACTS, BROWSER_MARKS, chromium, login, raw_codes

pytestmark = BROWSER_MARKS

SHOTS = ARTIFACTS / "web" / "plain-language"
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{2}:\d{2}:\d{2}\b|\d{2}/\d{2}/\d{4}")


def _visible_problems(page: Any, codes: set[str]) -> list[str]:
    text = page.locator("main").inner_text()
    found = [f"raw code {code!r}" for code in sorted(codes) if re.search(rf"\b{re.escape(code)}\b", text)]
    found += [f"ISO or browser-locale date {m.group(0)!r}" for m in ISO.finditer(text)]
    return found


@pytest.fixture
def browser(live_server: Any) -> Iterator[Any]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as launched:
        yield launched


def test_every_page_speaks_plain_dutch(live_server: Any, browser: Any, settings: Any, tmp_path: Path) -> None:
    from spiegel.web.demo import load_demo
    from spiegel.web.models import Organisation, Person

    settings.DATA_DIR = tmp_path
    settings.DEMO = True
    load_demo()
    Organisation.objects.update(judge_first=False)  # the manager sees the measured levels at once
    base = live_server.url
    codes = raw_codes()
    fleur = Person.objects.get(user__username="medewerker")
    colleague = next(
        p for p in Person.objects.filter(team=fleur.team).exclude(pk=fleur.pk) if p.snapshots.exists()
    )
    problems: dict[str, list[str]] = {}
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
        page = context.new_page()
        visits = [
            ("medewerker", f"/people/{fleur.pk}/", "profile"),
            ("medewerker", f"/people/{fleur.pk}/report/", "report"),
            ("medewerker", f"/people/{fleur.pk}/audit/", "audit"),
            ("medewerker", f"/people/{fleur.pk}/360/", "360"),
            ("medewerker", f"/people/{fleur.pk}/gespreksverslag/", "conversation"),
            ("leidinggevende", f"/teams/{fleur.team_id}/", "team"),
            ("leidinggevende", f"/people/{colleague.pk}/", "manager-profile"),
            ("leidinggevende", f"/people/{colleague.pk}/gespreksverslag/", "manager-conversation"),
            ("hr", "/organisation/questionnaire/", "reliability"),
            ("hr", f"/people/{fleur.pk}/gespreksverslag/", "hr-conversation"),
        ]
        user = None
        for username, path, name in visits:
            if username != user:
                context.clear_cookies()
                login(page, base, username)
                user = username
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            assert page.locator("html").get_attribute("lang") == "nl", path
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            found = _visible_problems(page, codes)
            if found:
                problems[f"{name} at {width}px"] = found
            if name == "profile":
                # the change since the earlier periods is in the checked text
                assert page.locator("main #trend").is_visible()
                assert page.locator("main #trend-levels tbody tr").count() == 6
                chart = page.locator("main svg#level-chart")
                assert chart.count() == 1
                assert (
                    chart.locator("title").text_content() and "norm" in chart.locator("desc").text_content()
                )
                # it takes its container's width (no fixed size), up to 40rem
                box, figure = chart.bounding_box(), page.locator("main figure.spiegel-figure").bounding_box()
                assert box is not None and figure is not None and 0 < box["width"] <= figure["width"] <= 640
                assert chart.locator("rect.spiegel-levels__bar").count() == 6
                # the technical details are there, closed: ids in the page, not in its visible text
                details = page.locator("details.spiegel-technical")
                assert details.count() > 6
                assert "addressed_reaction_rate" in page.locator("main").text_content()
                details.first.locator("summary").click()
                assert details.first.locator("code").is_visible()
        context.close()
    assert problems == {}
