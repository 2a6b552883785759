"""Paths the tests share. Import with ``from spiegel_testpaths import FORMATS`` (not from
``conftest``: several test folders have their own conftest.py, so that name is ambiguous)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
FORMATS = DATA / "formats"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
