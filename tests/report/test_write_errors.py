"""A report that cannot be written (disk full) stops with a clear message naming the file, the
full disk and the fix; the ``.part`` file is removed and a report already at the target stays."""

from __future__ import annotations

import errno
import pathlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.errors import ConfigError
from spiegel.report.output import write_report

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OLD = b"the report of last week"


def _own(path: Path, n: int = 12) -> Path:
    rows = [
        {
            "id": f"https://social.example/@anna/{i}",
            "platform": "mastodon",
            "author": "anna@social.example",
            "created_at": (T0 + timedelta(hours=9 * i)).isoformat(),
            "text": f"Ik fietste vandaag langs de nieuwe stoep in de wijk, stukje {i}. Wat vind jij?",
        }
        for i in range(n)
    ]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


class _FullDisk:
    """A file opened for writing whose writes stop half-way with ENOSPC, like a full disk."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, data: Any) -> int:
        self._real.write(bytes(data)[: max(len(data) // 2, 1)])
        self._real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``.part`` file opened for writing runs out of space."""
    real_open = pathlib.Path.open

    def fake_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        return _FullDisk(handle) if self.name.endswith(".part") and "w" in mode else handle

    monkeypatch.setattr(pathlib.Path, "open", fake_open)


@pytest.mark.usefixtures("full_disk")
@pytest.mark.parametrize("fmt", ["html", "json", "pdf"])
def test_disk_full_while_writing_a_report(tmp_path: Path, fmt: str) -> None:
    own = _own(tmp_path / "own.jsonl")
    out = tmp_path / f"anna.{fmt}"
    out.write_bytes(OLD)
    result = CliRunner().invoke(
        main, ["report", str(own), "--format", fmt, "-o", str(out), "--quiet", "--lang", "en", "--no-cache"]
    )
    assert result.exit_code == 2, result.output
    assert str(out) in result.output and "the disk is full" in result.output
    assert "Free up space on the disk" in result.output and "left as it was" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)
    assert out.read_bytes() == OLD  # the existing report is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["own.jsonl", out.name])  # no .part


@pytest.mark.usefixtures("full_disk")
def test_disk_full_message_in_dutch_and_without_an_old_report(tmp_path: Path) -> None:
    out = tmp_path / "nieuw" / "rapport.html"
    with pytest.raises(ConfigError) as err:
        write_report(out, b"<html>" * 1000, "nl")
    assert err.value.what.startswith("de schijf is vol") and err.value.path == str(out)
    assert (
        err.value.fix is not None
        and "Maak ruimte vrij" in err.value.fix
        and "ongewijzigd" not in err.value.fix
    )
    assert list(out.parent.iterdir()) == []


def test_a_folder_in_the_way(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.mkdir()
    with pytest.raises(ConfigError) as err:
        write_report(out, b"<html></html>", "en")
    assert "a folder is in the way" in err.value.what
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
