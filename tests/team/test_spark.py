"""`--engine spark` gives the same reports as the local pool, on the demo and on a generated
organisation (issue #15 item 2). Runs Apache Spark with master local[2]; needs spiegel[spark]
(PySpark) and Java 17 (scripts/system-deps.sh installs it)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from spiegel.demo.build import DemoFiles
from spiegel.demo.scale import GeneratedOrg
from spiegel.errors import ConfigError
from spiegel.team.engine import run_team
from spiegel.team.roster import load_roster
from spiegel.team.run import RunSettings
from spiegel.team.spark import partition_of

from .conftest import reports

HAVE_PYSPARK = importlib.util.find_spec("pyspark") is not None
HAVE_JAVA = bool(os.environ.get("JAVA_HOME") or shutil.which("java"))
needs_spark = [
    pytest.mark.skipif(not HAVE_PYSPARK, reason="PySpark is not installed: pip install 'spiegel[spark]'"),
    pytest.mark.skipif(
        not HAVE_JAVA,
        reason="Java is missing: apt-get install openjdk-17-jre-headless (scripts/system-deps.sh)",
    ),
]


def _both(
    roster_path: Path, settings: dict[str, Any], tmp_path: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    roster = load_roster(roster_path)
    local = run_team(roster, RunSettings(out=tmp_path / "local", **settings), jobs=2)
    spark = run_team(
        roster,
        RunSettings(out=tmp_path / "spark", **settings),
        engine="spark",
        spark_master="local[2]",
    )
    assert not local.failed and not spark.failed
    assert spark.summary["engine"] == "spark"
    assert spark.summary["team"] == local.summary["team"]
    return reports(tmp_path / "local"), reports(tmp_path / "spark")


@needs_spark[0]
@needs_spark[1]
def test_spark_and_local_give_identical_reports_on_the_demo(demo: DemoFiles, tmp_path: Path) -> None:
    settings = {"org": demo.org, "stream": (demo.stream,), "since": "2026-09-07", "until": "2026-11-02"}
    local, spark = _both(demo.root / "roster.yaml", settings, tmp_path)
    assert len(local) == len(demo.people)
    assert spark == local


@needs_spark[0]
@needs_spark[1]
def test_spark_and_local_give_identical_reports_on_a_generated_org(
    generated: GeneratedOrg, tmp_path: Path
) -> None:
    settings = {"org": generated.org, "stream": (generated.stream,)}
    local, spark = _both(generated.org, settings, tmp_path)
    assert len(local) == generated.people
    assert spark == local


def test_partition_of_is_stable_and_spreads_people() -> None:
    ids = [f"medewerker{i:05d}" for i in range(400)]
    parts = [partition_of(i, 8) for i in ids]
    assert parts == [partition_of(i, 8) for i in ids]
    assert set(parts) == set(range(8))
    assert partition_of("jan", 8) == 1827504477 % 8  # CRC-32 of "jan": the same in every process


def test_spark_without_pyspark_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from spiegel.team import spark

    real_import = builtins.__import__

    def no_pyspark(name: str, *args: object, **kwargs: object) -> object:
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError("No module named 'pyspark'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    with pytest.raises(ConfigError, match="needs PySpark") as info:
        spark._check_available()
    assert "spiegel[spark]" in (info.value.fix or "")
