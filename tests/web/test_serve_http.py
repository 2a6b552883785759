"""``spiegel serve --demo`` over plain http on 127.0.0.1 (issue #10): outside demo mode the
cookies are Secure, but the demo must keep working without TLS. A real server process and a
real cookie jar (which, like a browser, keeps Secure cookies off plain http)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .serve_process import free_port, start_serve, wait_for


@pytest.mark.slow
def test_demo_login_over_plain_http(tmp_path: Path) -> None:
    port = free_port()
    process, log = start_serve(tmp_path, port, "--demo", "--no-worker")
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/login/", process, log, 240)
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
