"""Benchmark of one person's report: exports → profile → HTML/JSON, at 1,000 / 10,000 / 100,000
own posts (plus one inbound message per ten posts), and PDF rendering timed on its own.

Each size runs in a fresh child process (so peak memory is per size). The person's posts are
synthetic Dutch texts with a realistic vocabulary (the 20,000 most frequent Dutch words of
``wordfreq``, seeded), written as spiegel's generic JSONL, so the timing includes reading them.
Stages: ``load_inputs`` (read + window), text analysis (``spiegel.text.analyze``, all signals
the installed models give), indicators + scoring (behaviour measures included), HTML and JSON
rendering. The first report in a process pays one-off imports (matplotlib, Jinja2 templates);
the table shows a warm run (after a 100-post warm-up) and, separately, a cold ``spiegel report``
CLI run at 10,000 posts.

Usage: ``python benchmarks/report.py [--sizes 1000,10000,100000] [--no-write]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import peak_rss_self, run_measured, table, write_section

SEED = 11
VOCAB = 20_000
ME = "anna@social.example"
T0 = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)


def write_person(folder: Path, n: int, seed: int = SEED) -> tuple[Path, Path]:
    """Write *n* own posts and n/10 inbound questions as generic JSONL; return both paths."""
    import orjson
    import wordfreq

    words = wordfreq.top_n_list("nl", VOCAB)
    weights = [wordfreq.word_frequency(w, "nl") for w in words]
    rng = random.Random(seed)
    own, inbound = folder / "own.jsonl", folder / "inbound.jsonl"
    step = timedelta(minutes=max(1, 365 * 24 * 60 // n))
    with own.open("wb") as f:
        for i in range(n):
            sentences = [
                " ".join(rng.choices(words, weights, k=rng.randint(4, 16))).capitalize() + "."
                for _ in range(rng.choice((1, 1, 2, 3)))
            ]
            reply = i % 3 == 0
            row = {
                "id": f"p{i}",
                "platform": "mastodon",
                "author": ME,
                "created_at": (T0 + step * i + timedelta(seconds=rng.randint(0, 3000))).isoformat(),
                "text": " ".join(sentences),
                "url": f"https://social.example/@anna/{i}",
                "in_reply_to_id": f"m{i // 10}" if reply else None,
                "in_reply_to_author": "bert@social.example" if reply else None,
            }
            f.write(orjson.dumps(row) + b"\n")
    with inbound.open("wb") as f:
        for j in range(n // 10):
            row = {
                "id": f"m{j}",
                "platform": "mastodon",
                "author": f"burger{j % 50}@social.example",
                "created_at": (T0 + step * (10 * j) - timedelta(minutes=30)).isoformat(),
                "text": "@anna " + " ".join(rng.choices(words, weights, k=8)) + "?",
                "mentions": [ME],
                "in_reply_to_author": ME,
            }
            f.write(orjson.dumps(row) + b"\n")
    return own, inbound


class Clock:
    """Wall-clock and CPU seconds of this process for a block (CPU time is stable on a shared
    machine; the wall time is what a user waits when the machine is free)."""

    def __enter__(self) -> Clock:
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def one(n: int) -> dict[str, Any]:
    """Time one size in this process (called in a child); return the stage timings."""
    from spiegel.competencies import IndicatorContext, default_model, score_person
    from spiegel.pipeline import analyze_text, build_profile, load_inputs
    from spiegel.report import render_html, render_json, render_pdf

    with tempfile.TemporaryDirectory() as tmp:
        warm_own, warm_in = write_person(Path(tmp), 100, seed=1)
        render_html(build_profile(load_inputs([warm_own], inbound=[warm_in])))
        own, inbound = write_person(Path(tmp), n)
        with Clock() as total:
            profile = build_profile(load_inputs([own], inbound=[inbound]))
            render_html(profile)
            render_json(profile)
        # the stage breakdown runs second, on the same posts (word caches are warm by then)
        with Clock() as load:
            inputs = load_inputs([own], inbound=[inbound])
        with Clock() as text:
            signals, _, with_clf = analyze_text(inputs)
        with Clock() as ind:
            score_person(default_model(), IndicatorContext(inputs, signals, classifiers_available=with_clf))
        with Clock() as html:
            render_html(profile)
        with Clock() as pdf:
            render_pdf(profile)
    clocks = {"total": total, "load": load, "text": text, "indicators": ind, "html": html, "pdf": pdf}
    out: dict[str, Any] = {"posts": n, "classifiers": with_clf, "peak_mb": peak_rss_self() / 2**20}
    for key, clock in clocks.items():
        out[key], out[f"{key}_cpu"] = clock.wall, clock.cpu
    return out


def cold_cli(n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        own, inbound = write_person(Path(tmp), n)
        out = Path(tmp) / "me.html"
        cmd = [sys.executable, "-m", "spiegel", "report", str(own), "--inbound", str(inbound), "-o", str(out)]
        seconds, _ = run_measured([*cmd, "--quiet"])
    return seconds


def _cell(r: dict[str, Any], key: str) -> str:
    return f"{r[key + '_cpu']:.2f} ({r[key]:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    rows = []
    load_before = os.getloadavg()[0]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    for n in (int(x) for x in args.sizes.split(",")):
        cmd = [sys.executable, __file__, "--one", str(n)]
        r = json.loads(
            subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout.split("\n")[-2]
        )
        rows.append(r)
        print(
            f"{n:>7} posts: total {_cell(r, 'total')} s, text {_cell(r, 'text')} s, pdf {_cell(r, 'pdf')} s"
        )
    cold = cold_cli(10_000)
    load_after = os.getloadavg()[0]
    headers = [
        "own posts",
        "read",
        "text analysis",
        "indicators + scoring",
        "HTML",
        "report total (warm)",
        "PDF alone",
        "peak RSS (MB)",
    ]
    body = table(
        headers,
        [
            [
                f"{r['posts']:,}",
                *(_cell(r, k) for k in ("load", "text", "indicators", "html", "total", "pdf")),
                f"{r['peak_mb']:.0f}",
            ]
            for r in rows
        ],
    )
    clf = "with" if all(r["classifiers"] for r in rows) else "WITHOUT (model files not installed)"
    text = (
        "## report\n\n`benchmarks/report.py`: one person's report from generic JSONL exports (own posts plus "
        "one inbound question per ten posts; synthetic Dutch text from the 20,000 most frequent `wordfreq` "
        f"words). Text analysis ran {clf} the trained classifiers. Cells are **CPU seconds** of the process, "
        'wall-clock seconds in brackets. "Report total" = read + text analysis + behaviour measures + '
        "indicators + scoring + HTML + JSON in a warm process (imports done), measured first; the stage "
        "columns are measured afterwards on the same posts (word caches warm), so they need not add up to "
        "the total. PDF is timed on its own. Target: < 1 s at 10,000 posts, excluding PDF.\n\n"
        f"{body}\n\nCold `spiegel report` CLI run at 10,000 posts (new process, imports included, wall "
        f"clock): {cold:.2f} s. The machine was shared with other work during the run (1-minute load "
        f"average {load_before:.1f} at the start, {load_after:.1f} at the end, on {os.cpu_count()} cores), "
        "so wall-clock times are upper bounds.\n"
    )
    print(text)
    if not args.no_write:
        write_section("report", text)


if __name__ == "__main__":
    main()
