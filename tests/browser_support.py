"""What the headless-Chromium tests share: Debian's browser, its launch flags, the markers that
skip a browser test where the browser is absent, and the folder screenshots are kept in. Import
with ``from browser_support import BROWSER_MARKS, CHROMIUM_ARGS, CHROMIUM, ARTIFACTS``."""

from __future__ import annotations

from pathlib import Path

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
