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
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table, write_section

HEAVY = ("numpy", "polars", "sklearn", "scipy", "django", "matplotlib", "weasyprint", "atproto", "mastodon")
COMMANDS = (("--help",), ("report", "--help"), ("team", "report", "--help"))
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


def time_once(src: Path, args: tuple[str, ...]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "spiegel", *args], env=_env(src), check=False, capture_output=True)
    return time.perf_counter() - started


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
        times: dict[str, list[float]] = {label: [] for label, _ in trees}
        for _ in range(args.runs):  # interleaved, so a busy moment hits both trees alike
            for label, src in trees:
                times[label].append(time_once(src, command))
        for label, src in trees:
            t = times[label]
            rows.append(
                [
                    f"`spiegel {' '.join(command)}`",
                    label,
                    f"{statistics.median(t):.3f}",
                    f"{min(t):.3f}",
                    "yes" if statistics.median(t) < TARGET_S else "no",
                    heavy_imports(src, command),
                ]
            )
            print(rows[-1], flush=True)
    body = (
        "## Start-up (`benchmarks/startup.py`)\n\n"
        f"Wall time of a fresh `python -m spiegel …` process, {args.runs} runs each"
        + (", interleaved with the baseline checkout" if args.baseline else "")
        + f"; target < {TARGET_S} s (issue #15). The last column lists the heavy libraries the "
        "command imported (the heavy modules are imported inside the commands that need them, "
        "and the packages spiegel.text, spiegel.report and spiegel.competencies load their "
        "heavy submodules on first use).\n\n"
        + table(["command", "tree", "median s", "fastest s", f"< {TARGET_S} s", "heavy imports"], rows)
    )
    write_section("startup", body)


if __name__ == "__main__":
    main()
