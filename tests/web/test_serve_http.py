"""``spiegel serve --demo`` over plain http on 127.0.0.1 (issue #10): outside demo mode the
cookies are Secure, but the demo must keep working without TLS. A real server process and a
real cookie jar (which, like a browser, keeps Secure cookies off plain http)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
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


@pytest.mark.slow
def test_demo_login_over_plain_http(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SPIEGEL_", "DJANGO_", "DATABASE_URL"))
    }
    env.update({"SPIEGEL_DATA_DIR": str(tmp_path), "PYTHONPATH": os.pathsep.join(sys.path)})
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "spiegel",
                "serve",
                "--demo",
                "--port",
                str(port),
                "--no-worker",
                "--quiet",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/login/", process, log, 240)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{base}/login/") as response:
            page = response.read().decode()
            assert "Strict-Transport-Security" not in response.headers
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        assert [c.secure for c in jar] == [False]  # the CSRF cookie
        form = {"csrfmiddlewaretoken": token.group(1), "username": "medewerker", "password": "spiegel-demo"}
        with opener.open(f"{base}/login/", data=urllib.parse.urlencode(form).encode()) as response:
            assert response.status == 200
            assert re.search(r"/people/\d+/$", response.url), response.url
            assert "Mijn profiel" in response.read().decode()
        assert {c.name for c in jar} == {"csrftoken", "sessionid"}
        assert not any(c.secure for c in jar)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
