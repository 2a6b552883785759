"""The offline questionnaire in headless Chromium: answer, download CSV and JSON, read them back."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from browser_support import BROWSER_MARKS, CHROMIUM, CHROMIUM_ARGS, watch_csp
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


def test_form_runs_under_its_csp_and_neutralises_formulas(tmp_path: Path) -> None:
    """The form keeps its script inline (it is a file, never served by the web app) and allows
    exactly that script by hash; a rater or person name that looks like a formula is written
    with a leading ' and read back without it."""
    from playwright.sync_api import sync_playwright

    model = default_model()
    person = '=HYPERLINK("http://x","y")'
    html = render_form(model, person, "other", "nl")
    assert 'http-equiv="Content-Security-Policy"' in html and "script-src 'sha256-" in html
    form = tmp_path / "form.html"
    form.write_text(html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True)
            problems = watch_csp(page)
            page.goto(form.as_uri())
            page.fill("#rater", "@r7")
            page.check("input[name=luisteren_1][value='4']")
            with page.expect_download() as info:
                page.click("#download-csv")
            target = tmp_path / "answers.csv"
            info.value.save_as(str(target))
            assert problems() == []
        finally:
            browser.close()
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {r["person"] for r in rows} == {"'" + person} and {r["rater"] for r in rows} == {"'@r7"}
    doc = collect([target], model)
    assert doc["person"] == person
    (resp,) = doc["responses"]
    assert resp["rater"] == "@r7" and resp["answers"] == {"luisteren_1": 4}
