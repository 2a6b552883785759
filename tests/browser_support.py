"""What the headless-Chromium tests share: Debian's browser, its launch flags, the markers that
skip a browser test where the browser is absent, the folder screenshots are kept in, and a
recorder of Content-Security-Policy violations. Import with
``from browser_support import BROWSER_MARKS, CHROMIUM_ARGS, CHROMIUM, ARTIFACTS, watch_csp``."""

from __future__ import annotations

from collections.abc import Callable
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
