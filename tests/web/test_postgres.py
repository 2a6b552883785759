"""The web tests again, against a real PostgreSQL server started here with pytest-postgresql
and the machine's pg_ctl (``.ci/run`` puts Debian's PostgreSQL bin folder on PATH; run the
suite with ``-m "not postgres"`` on a machine without PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from spiegel.web.pgtest import postgres_server

HERE = Path(__file__).resolve().parent
SUITES = [
    "test_permissions.py",
    "test_flows.py",
    "test_store.py",
    "test_retention.py",
    "test_retention_settings.py",
    "test_invitations.py",
    "test_dashboard.py",
    "test_deployer.py",
    "test_concurrency.py",
    "test_hardening.py",
    "test_login_throttle.py",
]


@pytest.mark.postgres
def test_web_suite_on_postgresql(tmp_path: Path) -> None:
    with postgres_server() as url:
        env = {**os.environ, "DATABASE_URL": url, "SPIEGEL_DATA_DIR": str(tmp_path)}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-x",
                *[str(HERE / name) for name in SUITES],
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            cwd=HERE.parents[1],
        )
    tail = (result.stdout + result.stderr)[-4000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and "postgresql" in _backend(url), tail


def _backend(url: str) -> str:
    return url.split(":", 1)[0]


def test_suite_really_uses_postgresql_when_asked() -> None:
    """The settings pick PostgreSQL from DATABASE_URL (checked in a fresh process)."""
    code = "import django; django.setup(); from django.db import connection; print(connection.vendor)"
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://u@127.0.0.1:1/x",
        "DJANGO_SETTINGS_MODULE": "spiegel.web.settings",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "postgresql", out.stderr[-2000:]
