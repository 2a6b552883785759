from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
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


@pytest.fixture(autouse=True, scope="session")
def _temp_text_signal_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the text-signal cache (spiegel.text_cache) of the whole suite out of ~/.cache."""
    patch = pytest.MonkeyPatch()
    patch.setenv("SPIEGEL_CACHE_DIR", str(tmp_path_factory.mktemp("spiegel-cache")))
    yield
    patch.undo()


@pytest.fixture
def allow_private_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the command line's API clients reach the local stand-in servers on 127.0.0.1
    (spiegel.sources._net refuses loopback and private addresses unless asked; the web app has
    its own setting, SPIEGEL_ALLOW_PRIVATE_ADDRESSES)."""
    monkeypatch.setenv("SPIEGEL_ALLOW_PRIVATE_ADDRESSES", "1")
