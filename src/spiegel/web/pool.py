"""A pool of worker processes for the background jobs (``spiegel serve`` and ``spiegel worker``).

:class:`WorkerPool` starts ``SPIEGEL_WORKER_PROCESSES`` processes (default: the cores of the
machine, at most :data:`MAX_DEFAULT_PROCESSES`); each runs the job loop of
:mod:`spiegel.web.jobs` (claim the oldest queued job under a lease, run it, repeat). A supervisor
thread checks the processes every second: one that died (killed, out of memory, a crash in a
native library) is replaced, and the job it was running gets its lease ended at once, so that the
next claim queues it again (or fails it after its last attempt, see
:func:`spiegel.web.jobs.recover_stale`) instead of waiting for the lease to run out.

The processes are started with ``spawn`` (a fresh interpreter: no copied database connections or
threads); they read the same settings through the environment that
:func:`spiegel.web.setup.configure` set. ``SPIEGEL_WORKER_PROCESSES=0`` runs the jobs in a thread
of the calling process instead (the earlier behaviour).
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from datetime import timedelta
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event
from typing import Any

log = logging.getLogger("spiegel.web.pool")

#: at most this many processes unless SPIEGEL_WORKER_PROCESSES asks for more
MAX_DEFAULT_PROCESSES = 4
ENV_PROCESSES = "SPIEGEL_WORKER_PROCESSES"

#: the function a worker process runs: (stop event, current job id, interval)
Child = Callable[[Event, "Synchronized[int]", float], None]


def default_processes() -> int:
    """``SPIEGEL_WORKER_PROCESSES``, else the usable cores (at most 4)."""
    value = os.environ.get(ENV_PROCESSES, "").strip()
    if value:
        try:
            return max(0, int(value))
        except ValueError:
            from spiegel.errors import ConfigError

            raise ConfigError(
                f"{ENV_PROCESSES} is not a whole number: {value!r}",
                field=ENV_PROCESSES,
                fix="set it to the number of worker processes (0: run jobs in a thread)",
            ) from None
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_PROCESSES))


def child_main(stop: Event, current: Synchronized[int], interval: float) -> None:
    """The loop of one worker process: schedule the periodic jobs, claim and run queued jobs,
    and publish the id of the running job in *current* (0 while idle) for the supervisor."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spiegel.web.settings")
    django.setup()
    from django.db import close_old_connections

    from spiegel.web import jobs

    while not stop.is_set():
        try:
            close_old_connections()
            jobs.schedule_periodic()
            for _ in range(10):
                if stop.is_set():
                    break
                job = jobs.claim_next()
                if job is None:
                    break
                current.value = job.pk
                try:
                    jobs.run_job(job)
                finally:
                    current.value = 0
        except Exception:
            log.exception("a round of worker process %s failed; trying again in %ss", os.getpid(), interval)
        finally:
            close_old_connections()
        stop.wait(interval)


class WorkerPool:
    """Keeps *processes* worker processes running until :meth:`stop`; see the module docstring."""

    def __init__(
        self, processes: int | None = None, interval: float = 2.0, child: str = "spiegel.web.pool:child_main"
    ) -> None:
        self.processes = default_processes() if processes is None else processes
        self.interval = interval
        #: "module:function" of the loop each process runs (tests swap in a crashing one)
        self.child = child
        self._context = multiprocessing.get_context("spawn")
        self._stop = self._context.Event()
        self._stopped = threading.Event()
        self._slots: list[tuple[Any, Synchronized[int]]] = []
        self._thread: threading.Thread | None = None
        self._in_thread: Any = None
        #: how many dead processes were replaced
        self.restarts = 0

    @property
    def pids(self) -> list[int]:
        return [p.pid for p, _ in self._slots if p.pid is not None]

    def _spawn(self) -> tuple[Any, Synchronized[int]]:
        current: Synchronized[int] = self._context.Value("q", 0)
        process = self._context.Process(
            target=_run_child, args=(self.child, self._stop, current, self.interval), daemon=True
        )
        process.start()
        return process, current

    def start(self) -> None:
        if self.processes == 0:
            from spiegel.web.jobs import Worker

            self._in_thread = Worker(self.interval)
            self._in_thread.start()
            return
        self._slots = [self._spawn() for _ in range(self.processes)]
        self._thread = threading.Thread(target=self._supervise, name="spiegel-worker-pool", daemon=True)
        self._thread.start()

    def _supervise(self) -> None:
        while not self._stopped.wait(1.0):
            for i, (process, current) in enumerate(self._slots):
                if process.is_alive() or self._stopped.is_set():
                    continue
                job_id = current.value
                log.warning(
                    "worker process %s stopped (exit code %s) while running job %s; starting a new one",
                    process.pid,
                    process.exitcode,
                    job_id or "none",
                )
                if job_id:
                    release_job(job_id)
                self._slots[i] = self._spawn()
                self.restarts += 1

    def stop(self, timeout: float = 10.0) -> None:
        """Ask every process to finish its job and stop; kill those that do not within *timeout*."""
        if self._in_thread is not None:
            self._in_thread.stop()
            return
        self._stopped.set()
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        for process, _ in self._slots:
            process.join(timeout)
            if process.is_alive():
                process.terminate()
                process.join(5)

    def join(self) -> None:
        """Wait until the pool is stopped (from another thread, or by Ctrl+C)."""
        if self._in_thread is not None:
            self._in_thread.join()
        elif self._thread is not None:
            self._thread.join()


def _run_child(child: str, stop: Event, current: Synchronized[int], interval: float) -> None:
    import signal

    # Ctrl+C reaches the whole process group: the parent stops the pool through *stop*, so that
    # a job is never cut off half-way by the interrupt
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    module, _, name = child.partition(":")
    function: Child = getattr(importlib.import_module(module), name)
    function(stop, current, interval)


def release_job(job_id: int) -> int:
    """End the lease of a running job whose process died, so that the next claim takes it up
    again (or fails it after its last attempt). Returns 1 when the job was still running."""
    from django.utils import timezone

    from spiegel.web.models import Job

    expired = timezone.now() - timedelta(seconds=1)
    return int(Job.objects.filter(pk=job_id, status="running").update(lease_until=expired))
