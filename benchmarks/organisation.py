"""Organisation benchmark: ``spiegel team report`` end to end for a generated organisation of
100 / 300 / 1,000 people (issue #15 acceptance).

For each size the script generates the organisation with :func:`spiegel.demo.scale.generate_org`
(seeded; X archive zips and Mastodon archives in their real formats, inbound messages and the
organisation stream as generic JSONL, an org.yaml with a roster CSV; 1,000 posts and 100 inbound
messages per person, a stream of 1,000 posts per person), then times, in a child process with an
empty text-signal cache, ``spiegel team report org.yaml --stream stream.jsonl -o DIR``: import of
every export, text signals, behaviour measures, scoring, JSON and HTML reports and the team
overview. Memory is the peak of the summed PSS (proportional set size: pages shared between the
pool's processes counted once) of the whole process tree, sampled every 0.2 s.

Both engines can be measured: ``--engines local spark`` (Spark needs ``spiegel[spark]`` and Java).
Results accumulate in ``--results`` (JSON), so sizes and engines can be measured in separate runs;
every run rewrites the ``org`` section of docs/benchmarks.md from all stored results.

Run: ``nice python benchmarks/organisation.py --people 100 300 1000 --jobs 2``. Keep the name:
a module named ``org`` beside the benchmark scripts shadows the standard library's Jython probe
in ``copy.py`` (``from org.python.core import …``) for every script here.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, table, write_section

sys.path.insert(0, str(ROOT / "src"))
from spiegel.demo.scale import DAYS, START, generate_org

TARGET_S = 300.0
#: the sizes of the issue's acceptance (the section says which of them were not measured)
SIZES = (100, 300, 1000)
TARGET_GIB = 4.0


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_report(gen_root: Path, out: Path, engine: str, jobs: int, since: str, until: str) -> dict[str, float]:
    cache = Path(tempfile.mkdtemp(prefix="spiegel-org-cache-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), SPIEGEL_CACHE_DIR=str(cache))
    env.setdefault("SPARK_MASTER", f"local[{jobs}]")
    cmd = [
        sys.executable, "-m", "spiegel", "team", "report", str(gen_root / "org.yaml"),
        "--stream", str(gen_root / "stream.jsonl"), "-o", str(out), "--since", since, "--until", until,
        "--engine", engine, "--jobs", str(jobs), "--quiet", "--force",
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_pss_kib(p) for p in _tree(proc.pid)))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(cache, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"spiegel team report failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    summary = orjson.loads((out / "summary.json").read_bytes())
    if summary["counts"]["failed"]:
        raise SystemExit(f"{summary['counts']['failed']} people failed: {summary['people'][:3]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "peak_mib": peak / 1024, "ok": summary["counts"]["ok"]}


def _exponent(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 2:
        return None
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else None


def render(results: dict[str, dict[str, float]], jobs: int, load: str) -> str:
    rows = []
    by_engine: dict[str, list[tuple[float, float]]] = {}
    for key in sorted(results, key=lambda k: (k.split(":")[0], int(k.split(":")[1]))):
        engine, people = key.split(":")
        r = results[key]
        n = int(people)
        by_engine.setdefault(engine, []).append((n, r["wall_s"]))
        rows.append(
            [
                engine,
                f"{n:,}",
                f"{int(r['posts']):,}",
                f"{int(r['stream']):,}",
                f"{r['generate_s']:.0f}",
                f"{r['wall_s']:.1f}",
                f"{r['cpu_s']:.0f}" if engine == "local" else "n/a",
                f"{n / r['wall_s']:.2f}",
                f"{r['peak_mib']:,.0f}",
            ]
        )
    lines = []
    for engine, points in by_engine.items():
        exp = _exponent(points)
        cpu_exp = _exponent([(n, results[f"{engine}:{int(n)}"]["cpu_s"]) for n, _ in points])
        if cpu_exp is not None and engine == "local":
            lines.append(
                f"- {engine}: growth exponent of the CPU time over the number of people **{cpu_exp:.2f}**"
            )
        biggest = max(points)
        lines.append(
            f"- {engine}: growth exponent of the wall time over the number of people "
            + (f"**{exp:.2f}**" if exp is not None else "n/a (one size)")
            + f" (target ≤ 1.1); {biggest[0]:,} people in {biggest[1]:.0f} s"
            + (
                f" ({'meets' if biggest[1] < TARGET_S else 'misses'} the < {TARGET_S / 60:.0f} min target)"
                if biggest[0] >= 1000
                else ""
            )
        )
    for engine in sorted({*by_engine, "local", "spark"}):
        measured = {int(n) for n, _ in by_engine.get(engine, [])}
        missing = [f"{n:,}" for n in SIZES if n not in measured]
        if missing:
            lines.append(f"- {engine}: **not measured** for {', '.join(missing)} people.")
    if "local" in by_engine and "spark" in by_engine:
        local = dict(by_engine["local"])
        for n, wall in by_engine["spark"]:
            if n in local:
                lines.append(
                    f"- Spark at {n:,} people: {wall:.0f} s against {local[n]:.0f} s locally, an overhead of "
                    f"{wall - local[n]:+.0f} s ({(wall / local[n] - 1) * 100:+.0f} %)."
                )
    return (
        "## Organisation (`benchmarks/organisation.py`)\n\n"
        "`spiegel team report` end to end on a generated organisation (`spiegel.demo.scale`, seeded): per "
        "person an X archive zip or a Mastodon archive with 1,000 posts and 100 inbound messages, plus "
        "one organisation stream of 1,000 posts per person. Timed from the start of the command to its "
        "end: import of every export, text signals (empty text-signal cache), behaviour measures, "
        "scoring, the JSON and HTML report per person, the team overview and summary.json. "
        f"`--jobs {jobs}` on 2 cores; *peak MiB* is the peak of the summed PSS of the process tree "
        "(pages the workers share counted once); *generate s* is writing the exports (not part of the "
        "run).\n\n"
        + table(
            [
                "engine",
                "people",
                "own posts",
                "stream",
                "generate s",
                "run wall s",
                "run CPU s",
                "people/s",
                "peak MiB",
            ],
            rows,
        )
        + "\n\n"
        + "\n".join(lines)
        + f"\n\nTargets: 1,000 people in < {TARGET_S / 60:.0f} minutes and < {TARGET_GIB:.0f} GB on 2 cores, "
        "growth exponent ≤ 1.1. Load average during the last run: " + load + "."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--engines", nargs="+", default=["local"], choices=["local", "spark"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--results", type=Path, default=Path(tempfile.gettempdir()) / "spiegel-org-bench.json"
    )
    parser.add_argument("--keep", type=Path, help="keep the generated organisations here")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    parser.add_argument("--render-only", action="store_true", help="write the section from --results")
    parser.add_argument(
        "--note", default="", help="a paragraph added to the section (conditions of the runs)"
    )
    args = parser.parse_args()
    if args.render_only:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        body = render(orjson.loads(args.results.read_bytes()), args.jobs, load + " (1/5/15 min)")
        write_section("org", body + ("\n\n" + args.note if args.note else ""))
        return
    results: dict[str, dict[str, float]] = {}
    if args.results.exists():
        results = orjson.loads(args.results.read_bytes())
    work = args.keep or Path(tempfile.mkdtemp(prefix="spiegel-org-"))
    for people in args.people:
        root = work / f"org-{people}"
        started = time.perf_counter()
        since, until = START.date().isoformat(), (START + timedelta(days=DAYS)).date().isoformat()
        if (root / "roster.csv").exists():  # kept from an earlier run (--keep)
            gen_s = results.get(f"local:{people}", {}).get("generate_s", 0.0)
            with (root / "stream.jsonl").open("rb") as fh:
                stream_n = sum(1 for _ in fh)
        else:
            gen = generate_org(root, people, args.posts, seed=7)
            gen_s = time.perf_counter() - started
            stream_n = gen.stream_posts
        print(f"{people} people generated in {gen_s:.0f} s", flush=True)
        for engine in args.engines:
            out = root / f"out-{engine}"
            r = run_report(root, out, engine, args.jobs, since, until)
            r.update(generate_s=gen_s, posts=people * args.posts, stream=stream_n)
            results[f"{engine}:{people}"] = r
            print(engine, people, {k: round(v, 1) for k, v in r.items()}, flush=True)
            args.results.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    if not args.no_write:
        body = render(results, args.jobs, f"{load} (1/5/15 min)")
        write_section("org", body + ("\n\n" + args.note if args.note else ""))


if __name__ == "__main__":
    main()
