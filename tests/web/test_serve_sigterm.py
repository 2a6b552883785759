"""``spiegel serve`` stopped with SIGTERM (``kill``, systemd, ``docker stop``) stops its job
worker processes as Ctrl+C does, instead of leaving them running without their parent."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from .serve_process import free_port, start_serve, wait_for


def _session_members(session: int) -> list[int]:
    """The live processes (not zombies) of the session *session*."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_sigterm_stops_the_worker_processes(tmp_path: Path) -> None:
    port = free_port()
    process, log = start_serve(tmp_path, port, env={"SPIEGEL_WORKER_PROCESSES": "2", "SPIEGEL_HTTPS": "0"})
    try:
        wait_for(f"http://127.0.0.1:{port}/login/", process, log, 240)
        deadline = time.monotonic() + 60
        while len(_session_members(process.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.5)  # the server and its two worker processes
        assert len(_session_members(process.pid)) >= 3, "the worker processes did not start"
        os.kill(process.pid, signal.SIGTERM)  # the server only, as a service manager does
        code = process.wait(timeout=60)
        deadline = time.monotonic() + 15
        while _session_members(process.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _session_members(process.pid) == [], "worker processes left running after SIGTERM"
        assert code == 0, log.read_text(errors="replace")[-2000:]  # a clean stop, not killed
    finally:
        for pid in _session_members(process.pid):
            os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
