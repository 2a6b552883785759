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
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, peak_rss_self, run_measured, table, write_section

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


def one(n: int) -> dict[str, float]:
    """Time one size in this process (called in a child); return the stage timings."""
    from spiegel.competencies import IndicatorContext, default_model, score_person
    from spiegel.pipeline import analyze_text, build_profile, load_inputs
    from spiegel.report import render_html, render_json, render_pdf

    with tempfile.TemporaryDirectory() as tmp:
        warm_own, warm_in = write_person(Path(tmp), 100, seed=1)
        render_html(build_profile(load_inputs([warm_own], inbound=[warm_in])))
        own, inbound = write_person(Path(tmp), n)
        with Timer() as t_load:
            inputs = load_inputs([own], inbound=[inbound])
        with Timer() as t_text:
            signals, _, with_clf = analyze_text(inputs)
        with Timer() as t_ind:
            ctx = IndicatorContext(inputs=inputs, signals=signals, classifiers_available=with_clf)
            score_person(default_model(), ctx)
        with Timer() as t_total:
            profile = build_profile(load_inputs([own], inbound=[inbound]))
            html = render_html(profile)
            render_json(profile)
        with Timer() as t_html:
            render_html(profile)
        with Timer() as t_pdf:
            pdf = render_pdf(profile)
    return {
        "posts": n,
        "load": t_load.seconds,
        "text": t_text.seconds,
        "indicators": t_ind.seconds,
        "html": t_html.seconds,
        "total": t_total.seconds,
        "pdf": t_pdf.seconds,
        "pdf_kb": len(pdf) / 1024,
        "html_kb": len(html) / 1024,
        "classifiers": with_clf,
        "peak_mb": peak_rss_self() / 2**20,
    }


def cold_cli(n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        own, inbound = write_person(Path(tmp), n)
        out = Path(tmp) / "me.html"
        seconds, _ = run_measured(
            [
                sys.executable,
                "-m",
                "spiegel",
                "report",
                str(own),
                "--inbound",
                str(inbound),
                "-o",
                str(out),
                "--quiet",
            ]
        )
    return seconds


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
    for n in (int(x) for x in args.sizes.split(",")):
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True, env=env
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(
            f"{n:>7} posts: total {r['total']:.2f} s (text {r['text']:.2f} s), pdf {r['pdf']:.2f} s",
            flush=True,
        )
    cold = cold_cli(10_000)
    headers = [
        "own posts",
        "read (s)",
        "text analysis (s)",
        "indicators + scoring (s)",
        "HTML (s)",
        "report total, warm (s)",
        "PDF alone (s)",
        "peak RSS (MB)",
    ]
    body = table(
        headers,
        [
            [
                f"{r['posts']:,}",
                f"{r['load']:.2f}",
                f"{r['text']:.2f}",
                f"{r['indicators']:.2f}",
                f"{r['html']:.2f}",
                f"{r['total']:.2f}",
                f"{r['pdf']:.2f}",
                f"{r['peak_mb']:.0f}",
            ]
            for r in rows
        ],
    )
    clf = "with" if all(r["classifiers"] for r in rows) else "WITHOUT (model files not installed)"
    text = (
        "## report\n\n`benchmarks/report.py`: one person's report from generic JSONL exports (own posts plus "
        "one inbound question per ten posts), synthetic Dutch text from the 20,000 most frequent `wordfreq` "
        f'words. Text analysis ran {clf} the trained classifiers. "Report total" = read + text analysis + '
        "indicators + scoring + HTML + JSON in a warm process; PDF is timed on its own. Target: < 1 s at "
        "10,000 posts, excluding PDF.\n\n"
        f"{body}\n\nCold `spiegel report` CLI run at 10,000 posts (new process, imports included): "
        f"{cold:.2f} s.\n"
    )
    print(text)
    if not args.no_write:
        write_section("report", text)


if __name__ == "__main__":
    main()
