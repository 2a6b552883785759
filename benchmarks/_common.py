"""Shared helpers for the benchmark scripts: timing, peak memory, and writing one section of
``docs/benchmarks.md`` (each script owns the section between its markers, so the scripts can be
run in any order without overwriting each other)."""

from __future__ import annotations

import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Each section is written by the script named in it (`benchmarks/*.py`); numbers are measured on the\n"
    "machine named in the section, in one run, with every comparison made in that same run.\n"
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    return f"{cpu}, Python {sys.version.split()[0]}, {platform.system()}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def write_section(name: str, body: str) -> None:
    """Replace (or add) the section ``name`` of docs/benchmarks.md with *body*."""
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text() if DOC.exists() else HEADER
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = f"{start}\n{body.rstrip()}\n\n*Measured {stamp} on {machine()}.*\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text)


def run_measured(cmd: Sequence[str], **kw: object) -> tuple[float, int]:
    """Run *cmd* in a child process; return (wall seconds, peak RSS in bytes of that child)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.call(sys.argv[1:])\n"
        "dt = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
        "print(f'{dt} {peak} {rc}')\n"
    )
    out = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True, **kw
    )
    dt, peak, rc = out.stdout.strip().splitlines()[-1].split()
    if int(rc) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed with exit code {rc}: {out.stderr[-2000:]}")
    return float(dt), int(peak)


def peak_rss_self() -> int:
    """Peak RSS of this process so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.start
