"""A throwaway PostgreSQL server for the tests and the server benchmark, started with the
machine's ``pg_ctl`` through pytest-postgresql's executor.

PostgreSQL refuses to run as root; when the tests run as root (containers, CI), ``pg_ctl`` is
called through a small wrapper that drops to the ``postgres`` user.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from spiegel.errors import ConfigError


def find_pg_ctl() -> str:
    found = shutil.which("pg_ctl")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return str(candidates[-1])
    raise ConfigError(
        "PostgreSQL's pg_ctl was not found",
        fix="Install PostgreSQL (Debian: apt-get install postgresql, see scripts/system-deps.sh) "
        "or put its bin folder on PATH.",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def postgres_server(dbname: str = "spiegel") -> Iterator[str]:
    """Start a PostgreSQL server in a temporary folder; yield its ``postgresql://`` URL."""
    from pytest_postgresql.executors import PostgreSQLExecutor

    pg_ctl = find_pg_ctl()
    base = Path(tempfile.mkdtemp(prefix="spiegel-pg-"))
    as_root = os.geteuid() == 0
    if as_root:
        wrapper = base / "pg_ctl"
        wrapper.write_text(
            "#!/bin/sh\n# PostgreSQL refuses root: run pg_ctl as the unprivileged postgres user\n"
            f'exec setpriv --reuid=postgres --regid=postgres --init-groups "{pg_ctl}" "$@"\n'
        )
        wrapper.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        pg_ctl = str(wrapper)
        shutil.chown(base, user="postgres", group="postgres")
        base.chmod(0o755)
    port = _free_port()
    executor = PostgreSQLExecutor(
        executable=pg_ctl,
        host="127.0.0.1",
        port=port,
        datadir=str(base / "data"),
        unixsocketdir=str(base),
        logfile=str(base / "postgresql.log"),
        startparams="-w",
        dbname=dbname,
        user="postgres" if as_root else getpass.getuser(),
        postgres_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
    )
    executor.start()
    try:
        executor.wait_for_postgres()
        import psycopg

        # pg_ctl -w returns when the server accepts connections, but under load it may still
        # answer "the database system is starting up" for a moment
        deadline = time.monotonic() + 60
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=port, user=executor.user, dbname="postgres", autocommit=True
                ) as conn:
                    conn.execute(f'CREATE DATABASE "{dbname}"')
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield f"postgresql://{executor.user}@127.0.0.1:{port}/{dbname}"
    finally:
        executor.stop()
        shutil.rmtree(base, ignore_errors=True)
