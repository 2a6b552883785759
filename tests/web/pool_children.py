"""Worker-process loops for tests/web/test_pool.py, imported by the pool's spawned processes."""

from __future__ import annotations

import os
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event
from pathlib import Path

from spiegel.web.pool import child_main


def crash_once(stop: Event, current: Synchronized[int], interval: float) -> None:
    """The first process to get here claims a job and dies in the middle of it (as a process
    killed by the kernel for memory would); every later process runs the real loop."""
    marker = Path(os.environ["SPIEGEL_TEST_CRASH_MARKER"])
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        child_main(stop, current, interval)
        return
    os.close(fd)
    import django

    django.setup()
    from spiegel.web import jobs

    job = jobs.claim_next()
    assert job is not None
    current.value = job.pk
    jobs.Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
    os._exit(9)
