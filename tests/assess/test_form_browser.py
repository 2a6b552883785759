"""The offline questionnaire in headless Chromium: answer, download CSV and JSON, read them back."""

from __future__ import annotations

from pathlib import Path

from browser_support import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS
from spiegel.assess import collect, render_form
from spiegel.competencies import default_model

pytestmark = BROWSER_MARKS


def test_form_downloads_answers_that_collect_reads(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    model = default_model()
    form = tmp_path / "form.html"
    form.write_text(render_form(model, "Anna", "other", "nl"), encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True)
            page.goto(form.as_uri())
            page.fill("#rater", "r7")
            page.check("input[name=luisteren_1][value='4']")
            page.check("input[name=timing_2][value='2']")
            page.check("input[name=rolvast_3][value='0']")
            files = []
            for button in ("#download-csv", "#download-json"):
                with page.expect_download() as info:
                    page.click(button)
                target = tmp_path / info.value.suggested_filename
                info.value.save_as(str(target))
                files.append(target)
        finally:
            browser.close()
    assert [f.name for f in files] == ["answers-r7.csv", "answers-r7.json"]
    for path in files:
        (resp,) = collect([path], model)["responses"]
        assert resp == {"variant": "other", "rater": "r7", "answers": {"luisteren_1": 4, "timing_2": 2}}
