"""Coverage-guided fuzzing of every importer and API mapping (issue #10); not run in CI.

One fuzz target per importer of the registry and per API client's JSON mapping, from
``tests/fuzz_targets.py`` (table-driven: a new importer needs one entry in its ``SEEDS``). The
seeds are the test fixtures' members with every list cut to three entries; an input is one
member (its first byte picks which) and the importer reads it from memory, alone.
The property: records that satisfy the record model's invariants, or spiegel's documented error
(``InputError`` naming the file and a fix; ``RemoteError`` for API payloads). Anything else is a
crash: counted, its input saved under ``--crashes``, and the fuzzing goes on.

Engine: atheris (libFuzzer, coverage-guided, spiegel's modules instrumented) when it is
installed, else a mutation fuzzer seeded from the same files (``--engine mutate``). Each target
runs in its own process (libFuzzer runs once per process) until ``--runs`` inputs or
``--seconds``.

Prints a table (importer, inputs tried, distinct input errors, crashes, seconds) and writes the
numbers into docs/robustness.md. Run: ``nice python benchmarks/fuzz.py`` (all targets, 100,000
inputs each), ``--targets x_archive,generic --runs 5000`` for a quick look.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))  # this checkout, not an installed spiegel
from _common import machine, table  # noqa: E402

DOC = ROOT / "docs" / "robustness.md"
START, END = "<!-- fuzz:start -->", "<!-- fuzz:end -->"


# -- the child: one target ------------------------------------------------------------------------
class Stats:
    """What one target's run saw; written to *out* as JSON every 1,000 inputs and at the end."""

    def __init__(self, target: str, engine: str, out: Path, crashes: Path) -> None:
        self.target, self.engine, self.out, self.crash_dir = target, engine, out, crashes
        self.inputs = 0
        self.errors: dict[str, int] = {}
        self.crashes: dict[str, dict[str, Any]] = {}
        self.start = time.perf_counter()

    def error(self, exc: BaseException) -> None:
        what = getattr(exc, "what", None) or str(exc)
        key = f"{type(exc).__name__}: " + re.sub(r"'[^']*'|\"[^\"]*\"|\(.*\)|\d+", "…", what)[:90]
        self.errors[key] = self.errors.get(key, 0) + 1

    def crash(self, exc: BaseException, data: bytes) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        own = [f for f in frames if "/spiegel/" in f.filename] or frames
        where = f"{Path(own[-1].filename).name}:{own[-1].lineno}" if own else "?"
        key = f"{type(exc).__name__} at {where}"
        entry = self.crashes.setdefault(key, {"count": 0, "message": str(exc)[:200], "input": ""})
        entry["count"] += 1
        if not entry["input"]:
            self.crash_dir.mkdir(parents=True, exist_ok=True)
            path = self.crash_dir / f"{self.target}-{hashlib.sha1(data).hexdigest()[:12]}"
            path.write_bytes(data)
            entry["input"] = str(path)

    def save(self) -> None:
        self.out.write_text(
            json.dumps(
                {
                    "target": self.target,
                    "engine": self.engine,
                    "inputs": self.inputs,
                    "errors": self.errors,
                    "crashes": self.crashes,
                    "seconds": round(time.perf_counter() - self.start, 1),
                }
            )
        )


def child(args: argparse.Namespace) -> None:
    engine = args.engine
    if engine == "atheris":
        import atheris

        with atheris.instrument_imports(include=["spiegel"]):
            import fuzz_targets

            # the importers are imported when the registry loads: do that here, instrumented
            all_targets = fuzz_targets.targets(small=True)
    else:
        import fuzz_targets

        all_targets = fuzz_targets.targets(small=True)

    target = all_targets[args.child]
    stats = Stats(target.name, engine, Path(args.stats), Path(args.crashes))

    # One run per input: check() returns the documented error, which is counted here.
    def run_input(data: bytes) -> None:
        stats.inputs += 1
        try:
            error = fuzz_targets.check(target, data, alone=True)
        except Exception as exc:
            stats.crash(exc, data)
        else:
            if error is not None:
                stats.error(error)
        if stats.inputs % 1000 == 0 or stats.inputs >= args.runs:
            stats.save()

    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{target.name}-"))
    for i, seed in enumerate(target.seeds):
        (corpus / f"seed{i}").write_bytes(seed)
    tokens = corpus.parent / f"{corpus.name}.dict"
    tokens.write_text(fuzz_dictionary(fuzz_targets, target))
    stats.save()
    if engine == "atheris":
        argv = [
            sys.argv[0],
            f"-dict={tokens}",
            f"-runs={args.runs}",
            f"-max_total_time={args.seconds}",
            "-timeout=20",
            "-rss_limit_mb=3072",
            "-max_len=65536",
            "-print_final_stats=0",
            str(corpus),
        ]
        atheris.Setup(argv, run_input)
        atheris.Fuzz()
    else:
        mutate_loop(target.seeds, run_input, args.runs, args.seconds)
    stats.save()


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, str) and len(value) < 40:
        yield value


def fuzz_dictionary(fuzz_targets: Any, target: Any) -> str:
    """A libFuzzer dictionary: the keys and short values of the seed members (as JSON strings)
    plus tokens that break parsers (extreme numbers and dates, null, brackets, bad UTF-8)."""
    found: set[bytes] = set(_TOKENS)
    for name in target.order:
        decoded = fuzz_targets.decode_member(name, target.members[name])
        if decoded is not None:
            for text in _walk(decoded[1]):
                if isinstance(text, str):
                    found.add(json.dumps(text).encode())
    lines = []
    for i, token in enumerate(sorted(found)[:2000]):
        escaped = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in token)
        lines.append(f'k{i}="{escaped}"')
    return "\n".join(lines) + "\n"


_TOKENS = [
    b"9999",
    b"-1",
    b"null",
    b"true",
    b"18446744073709551616",
    b"Fri Dec 31 23:59:59 -1000 9999",
    b"9999-12-31T23:59:59-10:00",
    b"0001-01-01T00:00:00+01:00",
    b"[]",
    b"{}",
    b'"',
    b"\xff",
    b"\n",
    b",",
    b"1e999",
    b"\x00",
    b"\xed\xa0\x80",
]


def mutate_loop(seeds: list[bytes], run: Any, runs: int, seconds: float) -> None:
    """A plain mutation fuzzer (when atheris is missing): flips, cuts, splices and tokens."""
    rng = random.Random(1)
    deadline = time.perf_counter() + seconds
    for _ in range(runs):
        if time.perf_counter() > deadline:
            return
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):
            if len(data) < 2:
                data += b"xx"
            at = rng.randrange(1, len(data))
            op = rng.randrange(5)
            if op == 0:
                data[at] ^= 1 << rng.randrange(8)
            elif op == 1:
                del data[at : at + rng.randint(1, 32)]
            elif op == 2:
                data[at:at] = rng.choice(_TOKENS)
            elif op == 3:
                del data[at:]
            else:
                data[at] = rng.randrange(256)
        run(bytes(data))


# -- the parent: every target, the table, the docs -------------------------------------------------
def run_all(args: argparse.Namespace) -> list[dict[str, Any]]:
    import fuzz_targets

    names = args.targets.split(",") if args.targets else list(fuzz_targets.targets(small=True))
    results = []
    for name in names:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            out = Path(tmp.name)
        cmd = [
            sys.executable,
            __file__,
            "--child",
            name,
            "--stats",
            str(out),
            "--crashes",
            args.crashes,
            "--runs",
            str(args.runs),
            "--seconds",
            str(args.seconds),
            "--engine",
            args.engine,
        ]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])}
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        try:
            stats = json.loads(out.read_text())
        except (OSError, ValueError):
            stats = {
                "target": name,
                "engine": args.engine,
                "inputs": 0,
                "errors": {},
                "crashes": {},
                "seconds": 0,
            }
        if proc.returncode not in (0,) and not stats["crashes"]:
            stats["crashes"] = {
                f"fuzzer exited with {proc.returncode}": {"count": 1, "message": proc.stderr[-500:]}
            }
        out.unlink(missing_ok=True)
        results.append(stats)
        print(
            f"{name}: {stats['inputs']:,} inputs, {len(stats['errors'])} distinct input errors, "
            f"{len(stats['crashes'])} crashes, {stats['seconds']} s",
            flush=True,
        )
        for key, crash in stats["crashes"].items():
            print(f"  crash {key} ×{crash['count']}: {crash['message'][:150]} ({crash.get('input', '')})")
    return results


def write_doc(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    rows = [
        (r["target"], f"{r['inputs']:,}", len(r["errors"]), len(r["crashes"]), f"{r['seconds']:.0f}")
        for r in results
    ]
    body = table(["importer", "inputs tried", "distinct input errors", "crashes", "seconds"], rows)
    engines = sorted({r["engine"] for r in results})
    crashes = [
        f"* `{r['target']}`: {key} ×{c['count']}: {c['message'][:160]}"
        for r in results
        for key, c in r["crashes"].items()
    ]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = (
        f"{START}\n{body}\n\n"
        f"Engine: {', '.join(engines)}; up to {args.runs:,} inputs or {args.seconds:,} s per target. "
        f"*Measured {stamp} on {machine()}.*\n\n"
        + ("Crashes of this run:\n\n" + "\n".join(crashes) + "\n" if crashes else "No crashes in this run.\n")
        + f"{END}"
    )
    doc = DOC.read_text() if DOC.exists() else f"# Robustness\n\n{START}\n{END}\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    DOC.write_text(
        pattern.sub(lambda _: text, doc) if pattern.search(doc) else doc.rstrip() + "\n\n" + text + "\n"
    )
    return body


def main() -> None:
    try:
        import atheris  # noqa: F401

        default_engine = "atheris"
    except ImportError:
        default_engine = "mutate"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--targets", default="", help="comma-separated target names (default: all)")
    parser.add_argument("--runs", type=int, default=100_000, help="inputs per target")
    parser.add_argument("--seconds", type=int, default=900, help="time limit per target")
    parser.add_argument("--engine", choices=["atheris", "mutate"], default=default_engine)
    parser.add_argument("--crashes", default=str(Path(tempfile.gettempdir()) / "spiegel-fuzz-crashes"))
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/robustness.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--stats", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    results = run_all(args)
    body = write_doc(results, args) if not args.no_doc else ""
    print(body or "")


if __name__ == "__main__":
    main()
