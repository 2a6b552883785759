"""The Apache Spark engine of ``spiegel team report --engine spark`` (docs/scale.md).

The same :func:`~spiegel.team.run.run_person` as the local engine runs on Spark's executors:
people are partitioned by person id (a stable CRC-32 of the id, so a rerun puts everyone in the
same partition), and what everyone shares (org config, model, the stream's posts) is sent once as
a broadcast variable; each executor's Python worker builds the stream index once and keeps it
for every person it measures. Executors write the reports and each person's state file into the
output folder, which on a cluster must be storage every executor and the driver can reach (as the
exports must be).
"""

from __future__ import annotations

import os
import shutil
import sys
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from spiegel.errors import ConfigError
from spiegel.team.roster import RosterPerson
from spiegel.team.run import Shared, run_person

if TYPE_CHECKING:
    from pyspark import Broadcast

#: partitions per core of the cluster, so that a slow person does not hold up a whole share
PARTITIONS_PER_CORE = 4

#: per executor Python worker: the broadcast's shared data, unpickled and indexed once
_WORKER_SHARED: dict[int, Shared] = {}


def partition_of(person_id: str, partitions: int) -> int:
    """The partition of a person: stable across runs and Python processes (no str hash)."""
    return zlib.crc32(person_id.encode("utf-8")) % partitions


def _shared_on_worker(broadcast: Broadcast[Shared]) -> Shared:
    bid = int(getattr(broadcast, "_bid", 0) or id(broadcast))
    shared = _WORKER_SHARED.get(bid)
    if shared is None:
        from spiegel.behaviour.context import StreamIndex

        shared = broadcast.value
        if shared.stream is not None and shared.index is None:
            shared.index = StreamIndex.shared(shared.stream, shared.org)
        _WORKER_SHARED.clear()  # one run at a time per worker
        _WORKER_SHARED[bid] = shared
    return shared


def _task(broadcast: Broadcast[Shared], item: tuple[str, tuple[RosterPerson, str]]) -> dict[str, Any]:
    from spiegel.team.engine import write_state

    person, key = item[1]
    shared = _shared_on_worker(broadcast)
    result = run_person(person, shared)
    write_state(shared.settings.out, key, result)  # resumable even when the driver is stopped
    return result


def _check_available() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            "--engine spark needs PySpark, which is not installed",
            field="--engine",
            fix="install spiegel[spark] (pip install 'spiegel[spark]') and Java 17, or use --engine local",
        ) from exc
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise ConfigError(
            "--engine spark needs Java, which was not found (no JAVA_HOME, no java on PATH)",
            field="--engine",
            fix="install Java 17 (Debian: apt-get install openjdk-17-jre-headless) or use --engine local",
        )


def run_spark(
    people: Sequence[RosterPerson],
    shared: Shared,
    keys: dict[str, str],
    on_result: Callable[[dict[str, Any]], None],
    master: str | None = None,
) -> None:
    """Run every person on Spark (*master*, default ``$SPARK_MASTER`` or ``local[*]``)."""
    _check_available()
    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("spiegel team report")
    conf.setMaster(master or os.environ.get("SPARK_MASTER") or "local[*]")
    conf.setIfMissing("spark.ui.enabled", "false")
    conf.setIfMissing("spark.ui.showConsoleProgress", "false")
    conf.setIfMissing("spark.driver.memory", "2g")
    conf.setIfMissing("spark.pyspark.python", sys.executable)
    conf.setIfMissing("spark.pyspark.driver.python", sys.executable)
    # the executors import spiegel from where the driver does (an installed package, or src/)
    conf.setExecutorEnv("PYTHONPATH", os.pathsep.join(p for p in sys.path if p))
    context = SparkContext.getOrCreate(conf)
    context.setLogLevel("ERROR")
    try:
        partitions = max(1, min(len(people), context.defaultParallelism * PARTITIONS_PER_CORE))
        broadcast = context.broadcast(shared)
        items = [(p.id, (p, keys[p.id])) for p in people]
        rdd = context.parallelize(items, partitions).partitionBy(
            partitions, lambda pid: partition_of(pid, partitions)
        )
        for result in rdd.map(lambda item: _task(broadcast, item)).collect():
            on_result(result)
        broadcast.destroy()
    finally:
        context.stop()
