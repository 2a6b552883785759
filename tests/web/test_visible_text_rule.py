"""The rule of what counts as a page's visible text (``browser_support.VISIBLE_TEXT``), which
the browser walk of every page × role applies (test_responsive_a11y.py): checked here on small
pages, so the walk's "no problem found" means something."""

from __future__ import annotations

from typing import Any

from browser_support import BROWSER_MARKS, chromium, text_problems

pytestmark = BROWSER_MARKS

CODES = {"addressed_reaction_rate", "not_engaged"}
ALLOWED = """
<p hidden>addressed_reaction_rate 2026-11-09T16:04</p>
<div style="display:none">not_engaged</div>
<details class="spiegel-technical" open><summary>Technische details</summary>
  <code>addressed_reaction_rate</code> 2026-11-09 16:04:00 the model</details>
<details><summary>Meer</summary><p>not_engaged on 2026-11-09</p></details>
<p>Toets <code>spiegel org validate</code> en <kbd>Enter</kbd>; <pre>answer_within_hours: 24</pre></p>
<blockquote><p>Thank you for the answer, this is what I needed</p></blockquote>
<p lang="en">English</p>
<p>Reactie op berichten aan jou: 9 nov 2026 16:04, 80%.</p>
"""


def _problems(page: Any, body: str, lang: str = "nl") -> list[str]:
    page.set_content(f'<!DOCTYPE html><html lang="{lang}"><body><main>{body}</main></body></html>')
    return text_problems(page, CODES)


def test_the_visible_text_rule() -> None:
    with chromium() as browser:
        page = browser.new_page()
        assert _problems(page, ALLOWED) == []
        assert _problems(page, "<p>Score addressed_reaction_rate: 2</p>") == [
            "raw code 'addressed_reaction_rate'"
        ]
        assert _problems(page, "<p>2026-11-09T16:04</p><p>2026-11-09 16:04:00</p>") == [
            "ISO or browser-locale date '2026-11-09T16:04'",
            "ISO or browser-locale date '2026-11-09 16:04'",
        ]
        assert _problems(page, "<p>09/11/2026 4:04 p.m.</p>") == ["ISO or browser-locale date '09/11/2026'"]
        assert _problems(page, "<p>Bewaard. Submit the form</p>") == [
            "English word 'submit'",
            "English word 'the'",
        ]
        assert _problems(page, "<p>-21 percentage points (minder goed)</p>") == ["English word 'points'"]
        # an English page may be English; ids and ISO times are still not shown
        assert _problems(page, "<p>Submit the form</p>", lang="en") == []
        assert _problems(page, "<p>the note not_engaged</p>", lang="en") == ["raw code 'not_engaged'"]
        # a closed disclosure that is not the technical one still hides its text; opened, it counts
        assert _problems(page, "<details open><summary>Meer</summary>not_engaged</details>") == [
            "raw code 'not_engaged'"
        ]
