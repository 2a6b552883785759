"""What the headless-Chromium tests share: Debian's browser, its launch flags, the markers that
skip a browser test where the browser is absent, the folder screenshots are kept in, a
recorder of Content-Security-Policy violations, a launcher and the demo login, and the check of
a page's visible text. Import with
``from browser_support import BROWSER_MARKS, CHROMIUM_ARGS, CHROMIUM, ARTIFACTS, watch_csp``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from spiegel_testpaths import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]

#: records the Content-Security-Policy violations of every page (an init script runs before the
#: page's own and is not itself subject to its policy)
_CSP_WATCH = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')
  + ' at ' + e.sourceFile + ':' + e.lineNumber));"""


def watch_csp(page: Any) -> Callable[[], list[str]]:
    """Start recording *page*'s console errors and CSP violations; the function returned gives
    the console errors so far plus the current document's violations (call it after each load)."""
    errors: list[str] = []

    def console(message: Any) -> None:
        # the browser's own favicon request may 404 (the app has no favicon)
        if message.type == "error" and not str(message.location.get("url", "")).endswith("/favicon.ico"):
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.add_init_script(_CSP_WATCH)

    def problems() -> list[str]:
        return [*errors, *page.evaluate("window.__cspViolations || []")]

    return problems


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched headless through Playwright, for a test against Django's
    ``live_server`` (Playwright's event loop runs in the test's thread, so Django's async-safety
    check is lifted while it runs)."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def login(page: Any, base: str, username: str, password: str = "spiegel-demo") -> None:
    """Log in on the Dutch login page (the demo's password by default)."""
    page.goto(f"{base}/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


# --- visible text: no raw id, no ISO timestamp, no English leftover on a Dutch page -------------

#: The rule of what counts as a page's visible text (issue #14's acceptance: "no raw id or ISO
#: timestamp in visible Dutch text"). Every rendered text node of ``<body>`` counts, except
#: - attributes and whatever is not rendered (a closed ``<details>``, ``hidden``, ``display:
#:   none``): the text must be *seen* to count;
#: - the "technische details" disclosure (``.spiegel-technical``), where ids are meant to be, even
#:   when it is open;
#: - ``<code>``, ``<kbd>``, ``<samp>`` and ``<pre>``: a key, a command or a file name written as such
#:   (the accessibility statement's, the model's norms table);
#: - quoted posts and people's own words (``<blockquote>``, ``<q>``, ``.spiegel-own-words``), which
#:   are what they are, in whatever language they were written;
#: - parts marked as another language (``lang`` other than the page's), e.g. the language switch.
VISIBLE_TEXT = """() => {
  const skip = 'code, kbd, samp, pre, blockquote, q, .spiegel-technical, .spiegel-own-words, script, style';
  const pageLang = document.documentElement.lang;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest(skip)) continue;
    const lang = el.closest('[lang]');
    if (lang && lang.lang !== pageLang) continue;
    if (!el.checkVisibility({checkOpacity: false, checkVisibilityCSS: true})) continue;
    if (el.closest('details:not([open]) > :not(summary)')) continue;
    out.push(node.textContent);
  }
  return out.join(' ');
}"""

#: ISO dates and times, and the browser-locale dates the app must not show
ISO_TIMESTAMP = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?|\b\d{2}:\d{2}:\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b"
)
#: English words that are no Dutch word: one of them on a Dutch page is an untranslated text
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "your",
        "you",
        "please",
        "which",
        "this",
        "that",
        "from",
        "none",
        "true",
        "false",
        "error",
        "forbidden",
        "submit",
        "cancel",
        "should",
        "would",
        "could",
        "there",
        "their",
        "when",
        "what",
        "where",
        "why",
        "how",
        "not",
        "for",
        "are",
        "will",
        "points",
        "hours",
        "changed",
        "approved",
        "messages",
        "words",
    ]
)


def raw_codes() -> set[str]:
    """Every code a page must put into words: indicator ids, evidence notes (the keys of
    ``spiegel.i18n.NOTES``), reason codes, audit actions, statuses — the ``snake_case`` ones,
    which cannot be ordinary words. Needs Django set up (the audit actions)."""
    from spiegel.competencies.registry import registry
    from spiegel.i18n import NOTES, REASONS
    from spiegel.web import audit

    codes = set(registry()) | set(NOTES) | set(REASONS) | {"insufficient_evidence"}
    codes |= {value for name, value in vars(audit).items() if name.isupper() and isinstance(value, str)}
    return {code for code in codes if "_" in code}


def text_problems(page: Any, codes: set[str]) -> list[str]:
    """What is wrong with the visible text of *page* (see :data:`VISIBLE_TEXT` for the rule):
    raw codes and ISO timestamps in any language, English words on a Dutch page."""
    text = page.evaluate(VISIBLE_TEXT)
    found = [f"raw code {code!r}" for code in sorted(codes) if re.search(rf"\b{re.escape(code)}\b", text)]
    found += [f"ISO or browser-locale date {m.group(0)!r}" for m in ISO_TIMESTAMP.finditer(text)]
    if page.evaluate("document.documentElement.lang") == "nl":
        words = {w.lower() for w in re.findall(r"[A-Za-z_]+", text)} & ENGLISH_WORDS
        found += [f"English word {w!r}" for w in sorted(words)]
    return found
