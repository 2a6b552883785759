"""``training/second_annotator.py``: bad set names stop with a clear message, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "second_annotator.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("name", ["../../etc/passwd", "blind1/../test", "a b"])
def test_a_set_name_with_a_path_is_refused(name: str) -> None:
    res = _run("--texts", "nl", "--set", name)
    assert res.returncode == 1
    assert "not a set name" in res.stderr and "Traceback" not in res.stderr
    assert res.stdout == ""


def test_a_missing_set_names_the_file_and_the_fix() -> None:
    res = _run("--agreement", "--set", "no_such_set", "--no-doc")
    assert res.returncode == 1
    assert "no_such_set.jsonl: no such file" in res.stderr and "check --set" in res.stderr
    assert "Traceback" not in res.stderr
