"""``spiegel serve`` on a port that is taken stops with a message (which port, how to choose
another) and exit code 2, before it says it runs."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from spiegel.cli import main
from spiegel.web import commands


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_serve_on_a_busy_port_says_so_and_exits_2(
    busy_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    monkeypatch.setattr("spiegel.web.setup.configure", lambda *a, **k: started.append("configure"))
    result = CliRunner().invoke(
        main, ["serve", "--port", str(busy_port), "--no-worker", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert f"port {busy_port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {busy_port + 1}" in result.output
    assert "running" not in result.output and "Traceback" not in result.output
    assert started == []  # nothing loaded or migrated


def test_the_bind_itself_failing_is_reported_too(busy_port: int) -> None:
    error = commands._port_error("127.0.0.1", busy_port, OSError(98, "Address already in use"))
    assert error.exit_code == 2 and "already in use" in error.what and error.field == "--port"
    with pytest.raises(commands.ConfigError):
        commands.check_port("127.0.0.1", busy_port)
    commands.check_port("127.0.0.1", 0)  # a free port passes
