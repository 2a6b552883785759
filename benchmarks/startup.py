"""Start-up benchmark: wall time of ``spiegel --help`` and ``spiegel report --help`` (issue #15
item 4, target < 0.3 s), and which heavy libraries each one imports.

Each command runs ``--runs`` times in a fresh child process (``python -m spiegel ...`` with this
checkout's ``src`` first on the path); the table gives the median and the fastest run. With
``--baseline SRC`` (another checkout's ``src`` folder, e.g. a worktree of an older commit) the
same commands run against it in the same session, interleaved, for a before/after comparison.

Writes the ``startup`` section of docs/benchmarks.md. Run: ``python benchmarks/startup.py``
(``--baseline /path/to/old/src``, ``--runs 20``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table, write_section

HEAVY = ("numpy", "polars", "sklearn", "scipy", "django", "matplotlib", "weasyprint", "atproto", "mastodon")
COMMANDS: tuple[tuple[str, ...], ...] = ((), ("--help",), ("report", "--help"), ("team", "report", "--help"))
TARGET_S = 0.3

_PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['spiegel', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('spiegel', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    "found = sorted({m.split('.')[0] for m in sys.modules} & set(HEAVY_MODULES))\n"
    "print('HEAVY=' + ','.join(found), file=sys.stderr)\n"
).replace("HEAVY_MODULES", repr(HEAVY))


def _env(src: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(src))


def time_once(src: Path, args: tuple[str, ...]) -> tuple[float, float]:
    """(wall s, CPU s) of one fresh process; ``()`` times a bare ``python -c pass`` (the floor)."""
    cmd = [sys.executable, "-m", "spiegel", *args] if args else [sys.executable, "-c", "pass"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, env=_env(src), check=False, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def heavy_imports(src: Path, args: tuple[str, ...]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], env=_env(src), check=False, capture_output=True, text=True
    )
    line = next((x for x in done.stderr.splitlines() if x.startswith("HEAVY=")), "HEAVY=?")
    return line.split("=", 1)[1] or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline", type=Path, help="another checkout's src folder to compare with")
    args = parser.parse_args()
    trees = [("this checkout", ROOT / "src")]
    if args.baseline:
        trees.append(("baseline", args.baseline.resolve()))
    rows = []
    for command in COMMANDS:
        times: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in trees}
        for _ in range(args.runs):  # interleaved, so a busy moment hits both trees alike
            for label, src in trees:
                times[label].append(time_once(src, command))
        for label, src in trees:
            if not command and label != trees[0][0]:
                continue  # the bare interpreter is the same for both trees
            wall = [w for w, _ in times[label]]
            cpu = [c for _, c in times[label]]
            rows.append(
                [
                    f"`spiegel {' '.join(command)}`" if command else "`python -c pass` (the floor)",
                    label if command else "—",
                    f"{statistics.median(wall):.3f}",
                    f"{min(wall):.3f}",
                    f"{statistics.median(cpu):.3f}",
                    ("yes" if statistics.median(wall) < TARGET_S else "no") if command else "—",
                    heavy_imports(src, command) if command else "—",
                ]
            )
            print(rows[-1], flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    body = (
        "## Start-up (`benchmarks/startup.py`)\n\n"
        f"Wall time of a fresh `python -m spiegel …` process, {args.runs} runs each"
        + (", interleaved with the baseline checkout" if args.baseline else "")
        + f"; target < {TARGET_S} s (issue #15). The last column lists the heavy libraries the "
        "command imported (the heavy modules are imported inside the commands that need them, "
        "and the packages spiegel.text, spiegel.report and spiegel.competencies load their "
        "heavy submodules on first use).\n\n"
        + table(
            [
                "command",
                "tree",
                "median wall s",
                "fastest wall s",
                "median CPU s",
                f"< {TARGET_S} s",
                "heavy imports",
            ],
            rows,
        )
        + f"\n\nLoad average during the run: {load} (1/5/15 min) on {os.cpu_count()} cores; other work "
        "shared the machine, so wall times are upper bounds (the CPU column is less sensitive to it)."
    )
    write_section("startup", body)


if __name__ == "__main__":
    main()
