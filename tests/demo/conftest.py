"""One run of ``spiegel demo`` shared by the demo tests (it writes every report)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner, Result

from spiegel.cli import main


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "out"


@pytest.fixture(scope="session")
def run(demo_dir: Path) -> Result:
    return CliRunner().invoke(main, ["demo", "-o", str(demo_dir)])


@pytest.fixture(scope="session")
def load_report(run: Result, demo_dir: Path) -> Callable[[str], dict[str, Any]]:
    """Read the JSON report of a demo person (after the demo ran)."""

    def _load(key: str) -> dict[str, Any]:
        report: dict[str, Any] = orjson.loads((demo_dir / "reports" / f"{key}.json").read_bytes())
        return report

    return _load
