# mypy: disable-error-code="untyped-decorator,misc,no-any-return"
# (Django and DRF ship no type information here: their classes and decorators are Any)
"""``spiegel serve`` (the web application), ``spiegel worker`` (background jobs on their own) and
``spiegel manage`` (Django's management commands, e.g. ``createsuperuser``)."""

from __future__ import annotations

import errno
import os
import signal
import socket
from typing import Any

import click

from spiegel.errors import ConfigError

_db_option = click.option(
    "--database-url",
    envvar="DATABASE_URL",
    help="PostgreSQL database, e.g. postgresql://spiegel:secret@localhost/spiegel "
    "(default: SQLite in the data dir).",
)
_data_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    envvar="SPIEGEL_DATA_DIR",
    help="Folder for the SQLite database, uploads and the secret key (default ~/.local/share/spiegel).",
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@_db_option
@_data_option
@click.option(
    "--demo",
    is_flag=True,
    help="Load the demo organisation with its demo users (passwords in docs/server.md).",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Worker threads of the web server.",
)
@click.option(
    "--no-worker", is_flag=True, help="Do not run background jobs in this process (run `spiegel worker`)."
)
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def serve(
    host: str,
    port: int,
    database_url: str | None,
    data_dir: str | None,
    demo: bool,
    threads: int,
    no_worker: bool,
    quiet: bool,
) -> None:
    """Run the web application for organisations (accounts, consent, profiles, 360, dashboards).

    Uses the waitress WSGI server; background jobs (imports, fetches, retention) run in a
    thread unless --no-worker is given. A port in use stops it with a message (exit code 2).
    """
    from spiegel.web.setup import configure

    check_port(host, port)  # before anything is loaded or said
    if demo:
        # the demo accounts are made up: never try to collect them from real servers
        os.environ["SPIEGEL_FETCH"] = "0"
    configure(database_url, data_dir, demo=demo)
    try:
        import waitress
    except ImportError as exc:  # pragma: no cover - part of the server extra
        raise ConfigError(
            "the web server package 'waitress' is not installed",
            fix="Install the server extra: pip install 'spiegel[server]'.",
        ) from exc
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    try:  # binds the port now: "running" is only said once it listens
        server = waitress.create_server(
            StaticFilesHandler(get_wsgi_application()), host=host, port=port, threads=threads, ident="spiegel"
        )
    except OSError as exc:
        raise _port_error(host, port, exc) from exc
    if demo:
        from spiegel.web.demo import load_demo

        summary = load_demo(progress=None if quiet else click.echo)
        if not quiet:
            click.echo(summary)
    worker = None
    previous = _stop_on_sigterm()
    try:
        if not no_worker:
            from spiegel.web.pool import WorkerPool

            worker = WorkerPool()
            worker.start()
        _announce(host, port, quiet)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if worker is not None:
            worker.stop()
        signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm() -> Any:
    """Make SIGTERM (``kill``, systemd, docker stop) stop the server the way Ctrl+C does, so that
    the worker processes are asked to finish and stopped instead of being left running. Returns
    the handler it replaced."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _announce(host: str, port: int, quiet: bool) -> None:
    if not quiet:
        click.echo(f"spiegel is running at http://{host}:{port}/ (stop with Ctrl+C)")
        from django.conf import settings

        if settings.SPIEGEL_HTTPS:
            click.echo(
                "Cookies are Secure: open spiegel through your HTTPS proxy (set SPIEGEL_PROXY_SSL_HEADER), "
                "or set SPIEGEL_HTTPS=0 for a plain-http trial. See docs/server.md."
            )


def _port_error(host: str, port: int, exc: OSError) -> ConfigError:
    """A clear message for a port that cannot be listened on."""
    if exc.errno == errno.EADDRINUSE:
        what = f"port {port} on {host} is already in use by another program"
    elif exc.errno == errno.EACCES:
        what = f"no permission to listen on port {port} (ports below 1024 need administrator rights)"
    elif exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        what = f"{host} is not an address of this machine"
    else:
        what = f"cannot listen on {host} port {port} ({exc.strerror or exc})"
    other = port + 1 if port < 65535 else 8000
    return ConfigError(
        what,
        field="--port",
        fix=f"Stop the other program, or choose another port, e.g. spiegel serve --port {other}.",
    )


def check_port(host: str, port: int) -> None:
    """Raise a :class:`ConfigError` when nothing could listen on *host*:*port* now."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise _port_error(host, port, exc) from exc
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress does
        try:
            probe.bind(address)
        except OSError as exc:
            raise _port_error(host, port, exc) from exc


@click.command()
@_db_option
@_data_option
@click.option("--once", is_flag=True, help="Run the jobs that are due now, then stop.")
@click.option(
    "--retry-failed", is_flag=True, help="Queue failed jobs again first (a re-run completes an import)."
)
@click.option(
    "--status",
    "show_status",
    is_flag=True,
    help="Show the job queue (jobs per status, oldest queued, abandoned running jobs, last failures) "
    "and stop.",
)
def worker(
    database_url: str | None, data_dir: str | None, once: bool, retry_failed: bool, show_status: bool
) -> None:
    """Run background jobs: archive imports, scheduled fetches, profile builds and retention."""
    from spiegel.web.setup import configure

    configure(database_url, data_dir)
    from spiegel.web import jobs

    if show_status:
        click.echo(format_health(jobs.health()))
        return
    if retry_failed:
        click.echo(f"Queued {jobs.requeue_failed()} failed jobs again.")
    if once:
        jobs.schedule_periodic()
        ran = jobs.run_pending(limit=10_000)
        click.echo(f"Ran {ran} background job{'' if ran == 1 else 's'}.")
        return
    from spiegel.web.pool import WorkerPool

    runner = WorkerPool()
    previous = _stop_on_sigterm()
    try:
        runner.start()
        click.echo("The spiegel worker is running (stop with Ctrl+C).")
        runner.join()
    except KeyboardInterrupt:
        runner.stop()
    finally:
        signal.signal(signal.SIGTERM, previous)


def format_health(health: dict[str, Any]) -> str:
    """:func:`spiegel.web.jobs.health` as lines of text."""
    counts = health["counts"]
    lines = ["Background jobs: " + ", ".join(f"{counts[s]} {s}" for s in counts)]
    if health["oldest_queued"] is None:
        lines.append("Oldest queued job: none")
    else:
        minutes = int(health["oldest_queued_age_s"] // 60)
        lines.append(f"Oldest queued job: {health['oldest_queued']:%Y-%m-%d %H:%M} UTC ({minutes} min ago)")
    lines.append(
        f"Running jobs whose worker stopped (lease ran out): {health['stale_running']}"
        + (" (the next worker round queues them again)" if health["stale_running"] else "")
    )
    if health["last_failures"]:
        lines.append("Last failures:")
        for failure in health["last_failures"]:
            first = (failure["error"] or "").splitlines()[0] if failure["error"] else ""
            lines.append(
                f"  job {failure['id']} ({failure['kind']}, {failure['at']:%Y-%m-%d %H:%M}): {first}"
            )
    else:
        lines.append("Last failures: none")
    return "\n".join(lines)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@_db_option
@_data_option
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(database_url: str | None, data_dir: str | None, args: tuple[str, ...]) -> None:
    """Run a Django management command on the server's database, e.g. `spiegel manage createsuperuser`."""
    from spiegel.web.setup import configure

    configure(database_url, data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["spiegel manage", *args])


COMMANDS = [serve, worker, manage]
