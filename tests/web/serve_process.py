"""A real ``spiegel serve`` process for the tests that need one (plain http, SIGTERM): a free
port, an environment without the caller's spiegel/Django settings, the process started in its own
session with its output in a log file, and a wait until it answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_serve(
    tmp_path: Path, port: int, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], Path]:
    """``python -m spiegel serve --port PORT --quiet ARGS`` with ``SPIEGEL_DATA_DIR=tmp_path`` and
    *env* on top of a clean environment; returns the process and its log file."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SPIEGEL_", "DJANGO_", "DATABASE_URL"))
    }
    clean.update({"SPIEGEL_DATA_DIR": str(tmp_path), "PYTHONPATH": os.pathsep.join(sys.path)})
    clean.update(env or {})
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "spiegel", "serve", "--port", str(port), "--quiet", *args],
            env=clean,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, log


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    """Wait until *url* answers; fail with the server's log when it stops or never answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"spiegel serve stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail("spiegel serve did not answer in time")
