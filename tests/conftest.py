from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from spiegel_testpaths import FIXTURES, FORMATS, REPO, SHARED  # noqa: F401  (re-exported for fixtures)


@pytest.fixture
def make_zip(tmp_path: Path) -> Callable[[dict[str, bytes | str], str], Path]:
    """Zip a dict of {member name: content} at test time (fixtures stay readable files)."""

    def _make(members: dict[str, bytes | str], name: str = "archive.zip") -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for member, content in members.items():
                zf.writestr(member, content)
        return path

    return _make
