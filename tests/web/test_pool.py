"""The web app's background jobs run in a pool of worker processes that survives a worker's
crash (issue #15 item 5): the dead process is replaced and its job is taken up again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_SCRIPT = """
import json, sys, time
from spiegel.web.setup import configure
configure(sys.argv[1], sys.argv[2])
from spiegel.web import jobs
from spiegel.web.pool import WorkerPool
queued = [jobs.enqueue("retention") for _ in range(3)]
pool = WorkerPool(processes=int(sys.argv[4]), interval=0.2, child=sys.argv[3])
pool.start()
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    states = [jobs.Job.objects.get(pk=j.pk) for j in queued]
    if all(s.status in ("done", "failed") for s in states):
        break
    time.sleep(0.3)
pool.stop()
print(json.dumps({
    "jobs": [[s.status, s.attempts, s.error] for s in states],
    "restarts": pool.restarts,
    "pids": len(set(pool.pids)),
}))
"""


def _run(tmp_path: Path, child: str, processes: int) -> dict[str, object]:
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]),
        SPIEGEL_TEST_CRASH_MARKER=str(tmp_path / "crashed"),
        SPIEGEL_JOB_LEASE_SECONDS="600",  # recovery must not wait for the lease to run out
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    db = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, db, str(tmp_path / "data"), child, str(processes)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_jobs_run_in_worker_processes(tmp_path: Path) -> None:
    result = _run(tmp_path, "spiegel.web.pool:child_main", 2)
    assert result["jobs"] == [["done", 1, ""]] * 3
    assert result["restarts"] == 0
    assert result["pids"] == 2


def test_a_crashed_worker_is_replaced_and_its_job_runs_again(tmp_path: Path) -> None:
    # one process, so that it is the one that crashes (with two, the other could finish every
    # job before the crashing one claims its job)
    result = _run(tmp_path, "pool_children:crash_once", 1)
    assert (tmp_path / "crashed").exists()  # one process really died in the middle of a job
    assert result["restarts"] == 1
    statuses = result["jobs"]
    assert isinstance(statuses, list)
    assert [s[0] for s in statuses] == ["done"] * 3
    assert sorted(s[1] for s in statuses) == [1, 1, 2]  # the crashed job ran a second time


def test_worker_processes_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from spiegel.errors import ConfigError
    from spiegel.web.pool import default_processes

    monkeypatch.setenv("SPIEGEL_WORKER_PROCESSES", "3")
    assert default_processes() == 3
    monkeypatch.setenv("SPIEGEL_WORKER_PROCESSES", "many")
    with pytest.raises(ConfigError, match="SPIEGEL_WORKER_PROCESSES"):
        default_processes()
    monkeypatch.delenv("SPIEGEL_WORKER_PROCESSES")
    assert 1 <= default_processes() <= 4
