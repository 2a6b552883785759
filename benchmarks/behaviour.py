"""Benchmark of the behaviour stage (``python benchmarks/behaviour.py``).

Two synthetic scenarios, generated in this script (seeded), each at three sizes, each size in its
own child process so that peak memory is that size's alone:

* **person**: one person with N posts, N/2 messages addressed to them and an organisation stream
  of N/10 posts (full size N = 100,000);
* **organisation**: P people with 1,000 posts and 100 inbound messages each, and a stream as
  large as all their posts together (full size P = 1,000: 1,000,000 posts and a 1,000,000-post
  stream); every person is measured with :func:`spiegel.behaviour.measure_person` over one shared
  :class:`~spiegel.behaviour.StreamIndex`, then :func:`team_stream_coverage` runs over the team.

Writes the ``behaviour`` section of docs/benchmarks.md. ``--quick`` runs small sizes and writes
nothing. Other work on the machine shares the CPU; the section says so.

``--threads`` runs the **thread probe** instead and writes the ``behaviour-threads`` section: one
person, one thread of N questions addressed to them and their N answers (N = 1k … 16k), all
twelve measures on it (``measure_person``, the garbage collector paused as in
``build_profile``), CPU seconds per N (median of ``--repeat`` runs, each in a fresh child
process) and the growth exponent of the CPU time over N (target ≤ 1.1). Before the per-thread
indexes (:mod:`spiegel.behaviour.threads`) three measures rescanned the thread per message, and
this probe grew with exponent ≈ 1.9.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Timer, peak_rss_self, table, write_section

from spiegel.behaviour import StreamIndex, measure_person, team_stream_coverage
from spiegel.behaviour.inputs import PersonInputs
from spiegel.org import parse_org
from spiegel.records import Account, Interaction, Post
from spiegel.text.signals import TextSignals

START = datetime(2025, 1, 1, tzinfo=UTC)
YEAR_S = 365 * 86400
WORDS = (
    "vandaag",
    "morgen",
    "gemeente",
    "buurt",
    "plan",
    "vraag",
    "antwoord",
    "straat",
    "park",
    "school",
    "bus",
    "trein",
    "overleg",
    "raad",
    "besluit",
    "nieuws",
    "mooi",
    "lastig",
    "dank",
    "graag",
)
TOPIC_WORDS = ("fietspad", "woningbouw", "reorganisatie", "afval", "parkeren")
TAGS = ("fietsstad", "wonen", "afval", "raad", "buurt")
APPS = ("Mastodon for iOS", "Tusky", "Twitter for Android", "Buffer", "Twitter Web App", "Hootsuite")
BIOS = (
    "Vader van twee en fietser",
    "Webwinkel in fietsonderdelen",
    "Vereniging van huurders",
    "Officieel account van de provincie",
    "Nieuwsredactie van de regio",
    "Student en hardloper",
    "Adviesbureau voor mobiliteit",
    "Stichting voor schone lucht",
    "Verslaggever bij de krant",
)
ORG = parse_org(
    {
        "name": "Gemeente Bench",
        "official_accounts": ["gemeente@bench.example"],
        "colleagues": [{"handle": f"p{i}@bench.example"} for i in range(1000)],
        "goal_topics": [
            {"name": "fiets", "keywords": ["fietspad"]},
            {"name": "wonen", "keywords": ["woningbouw"]},
            {"name": "afval", "keywords": ["afval"]},
        ],
        "sensitive_topics": [{"name": "reorganisatie", "keywords": ["reorganisatie"]}],
    }
)


def _text(rng: random.Random, topical: bool) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 18))
    if topical:
        words.insert(rng.randrange(len(words)), rng.choice(TOPIC_WORDS))
    return " ".join(words)


def _time(rng: random.Random) -> datetime:
    return START + timedelta(seconds=rng.uniform(0, YEAR_S))


def make_stream(n: int, rng: random.Random, prefix: str = "o") -> list[Post]:
    authors = [f"ext{i}@elders.example" for i in range(max(10, n // 20))]
    bios = {a: rng.choice(BIOS) for a in authors}
    out = []
    for i in range(n):
        official = rng.random() < 0.01
        author = "gemeente@bench.example" if official else rng.choice(authors)
        out.append(
            Post(
                platform="mastodon",
                id=f"{prefix}{i}",
                author=author,
                created_at=_time(rng),
                text=_text(rng, rng.random() < 0.3),
                hashtags=[rng.choice(TAGS)] if rng.random() < 0.2 else [],
                author_bio=None if official else bios[author],
                url=f"https://elders.example/{prefix}{i}",
            )
        )
    return out


def make_person(
    idx: int,
    n_posts: int,
    n_inbound: int,
    stream: list[Post],
    rng: random.Random,
    text: dict[str, TextSignals],
) -> PersonInputs:
    me = f"p{idx}@bench.example"
    externals = [f"ext{rng.randrange(50_000)}@elders.example" for _ in range(max(5, n_inbound // 5))]
    inbound = []
    for i in range(n_inbound):
        pid = f"m{idx}_{i}"
        inbound.append(
            Post(
                platform="mastodon",
                id=pid,
                author=rng.choice(externals),
                created_at=_time(rng),
                text=_text(rng, rng.random() < 0.3),
                mentions=[me],
                in_reply_to_author=me,
            )
        )
        roll = rng.random()
        if roll < 0.3:
            text[pid] = TextSignals(id=pid, lang="nl", question=True)
        elif roll < 0.35:
            text[pid] = TextSignals(id=pid, lang="nl", complaint=True)
    posts: list[Post] = []
    likes: list[Interaction] = []
    for i in range(n_posts):
        pid = f"p{idx}_{i}"
        roll = rng.random()
        app = rng.choice(APPS)
        if roll < 0.35 and inbound:
            m = rng.choice(inbound)
            at = m.created_at + timedelta(hours=rng.expovariate(1 / 10))
            posts.append(
                Post(
                    platform="mastodon",
                    id=pid,
                    author=me,
                    created_at=at,
                    text=_text(rng, False),
                    in_reply_to_id=m.id,
                    in_reply_to_author=m.author,
                    source_app=app,
                    mentions=[f"p{rng.randrange(1000)}@bench.example"] if rng.random() < 0.1 else [],
                )
            )
        elif roll < 0.5 and stream:
            o = rng.choice(stream)
            posts.append(
                Post(
                    platform="mastodon",
                    id=pid,
                    author=me,
                    created_at=o.created_at + timedelta(hours=2),
                    text=_text(rng, True),
                    in_reply_to_id=o.id,
                    in_reply_to_author=o.author,
                    source_app=app,
                )
            )
        elif roll < 0.55 and stream:
            o = rng.choice(stream)
            posts.append(
                Post(
                    platform="mastodon",
                    id=pid,
                    author=me,
                    created_at=o.created_at + timedelta(hours=1),
                    text="",
                    kind="boost",
                    boost_of_id=o.id,
                )
            )
        else:
            posts.append(
                Post(
                    platform="mastodon",
                    id=pid,
                    author=me,
                    created_at=_time(rng),
                    text=_text(rng, rng.random() < 0.4),
                    source_app=app,
                    hashtags=[rng.choice(TAGS)] if rng.random() < 0.2 else [],
                )
            )
    for m in inbound[: n_inbound // 10]:
        likes.append(Interaction(platform="mastodon", kind="like", actor=me, target_id=m.id))
    accounts = [Account(platform="mastodon", handle=a, bio=rng.choice(BIOS)) for a in externals[:200]]
    return PersonInputs(
        handles={me},
        posts=posts,
        interactions=likes,
        accounts=accounts,
        inbound=inbound,
        stream=stream,
        org=ORG,
    )


def make_thread(n: int) -> tuple[PersonInputs, dict[str, TextSignals]]:
    """One person and one thread: their opening post, *n* questions from 50 citizens replying to
    it (every tenth also a complaint) and the person's answer to each, a minute after it."""
    me = "p0@bench.example"
    citizens = [f"ext{i}@elders.example" for i in range(50)]
    root = Post(platform="mastodon", id="t0", author=me, created_at=START, text=_text(random.Random(0), True))
    posts, inbound = [root], []
    text: dict[str, TextSignals] = {}
    rng = random.Random(n)
    for i in range(n):
        at = START + timedelta(minutes=2 * i + 1)
        qid, who = f"q{i}", citizens[i % len(citizens)]
        inbound.append(
            Post(
                platform="mastodon",
                id=qid,
                author=who,
                created_at=at,
                text=_text(rng, False) + "?",
                in_reply_to_id="t0",
                in_reply_to_author=me,
                mentions=[me],
                conversation_id="t0",
            )
        )
        text[qid] = TextSignals(id=qid, lang="nl", question=True, question_score=0.9, complaint=i % 10 == 0)
        posts.append(
            Post(
                platform="mastodon",
                id=f"a{i}",
                author=me,
                created_at=at + timedelta(minutes=1),
                text=_text(rng, False),
                in_reply_to_id=qid,
                in_reply_to_author=who,
                conversation_id="t0",
            )
        )
    inputs = PersonInputs(handles={me}, posts=posts, inbound=inbound, stream=[], org=ORG)
    return inputs, text


def thread_child(n: int) -> dict[str, float]:
    import time

    from spiegel.text_cache import gc_paused

    inputs, text = make_thread(n)
    measure_person(*make_thread(10))  # imports and the bio model out of the timing
    with gc_paused():  # as build_profile runs the measures
        started = time.process_time()
        result = measure_person(inputs, text)
        cpu = time.process_time() - started
    answered = result["questions_answered_within_day"]
    if answered.value != 1.0 or answered.n != n:
        raise RuntimeError(f"thread probe: expected {n} questions all answered, got {answered}")
    return {"cpu_s": cpu, "posts": len(inputs.posts) + len(inputs.inbound or [])}


def exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(y) over log(x)."""
    import math

    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def thread_probe(sizes: tuple[int, ...], repeat: int, write: bool) -> None:
    import statistics

    rows, points = [], []
    for n in sizes:
        runs = [run_child("thread", n)["cpu_s"] for _ in range(repeat)]
        cpu = statistics.median(runs)
        points.append((n, cpu))
        rows.append([f"{n:,}", f"{2 * n + 1:,}", f"{cpu:.3f}", f"{cpu / n * 1e6:.1f}"])
        print(" | ".join(rows[-1]), flush=True)
    slope = exponent(points)
    body = (
        "## behaviour: thread probe\n\n`benchmarks/behaviour.py --threads`: one person and one thread of N "
        "questions addressed to them (from 50 citizens, every tenth also a complaint) and their N answers; "
        "all twelve behaviour measures (`measure_person`) on it with the cyclic garbage collector paused, as "
        "`build_profile` runs them; CPU time of the measuring alone, median of "
        f"{repeat} runs each in a fresh process. The machine's 2 cores were shared with other work.\n\n"
        + table(["N questions", "posts in the thread", "CPU s", "CPU µs per question"], rows)
        + f"\n\nGrowth exponent of the CPU time over N: **{slope:.2f}** (target ≤ 1.1). Before the "
        "per-thread indexes (`spiegel.behaviour.threads`) three measures rescanned the thread per message: "
        "this probe on that code (commit 09e7e7f, one run each, same machine, 2026-12-07) took "
        "0.120 / 0.416 / 1.562 / 6.261 CPU s at N = 1k / 2k / 4k / 8k (exponent 1.90)."
    )
    print(body)
    if write:
        write_section("behaviour-threads", body)


def child(scenario: str, size: int) -> dict[str, float]:
    if scenario == "thread":
        return thread_child(size)
    rng = random.Random(size)
    text: dict[str, TextSignals] = {}
    with Timer() as gen:
        if scenario == "person":
            stream = make_stream(size // 10, rng)
            persons = [make_person(0, size, size // 2, stream, rng, text)]
        else:
            stream = make_stream(size * 1000, rng)
            persons = [make_person(i, 1000, 100, stream, rng, text) for i in range(size)]
    with Timer() as run:
        index = StreamIndex.build(stream, ORG)
        measured = 0
        for person in persons:
            result = measure_person(person, text, index)
            measured += sum(1 for m in result.values() if m.ok)
        coverage = team_stream_coverage(persons, index, ORG)
    posts = sum(len(p.posts) for p in persons)
    return {
        "generate_s": gen.seconds,
        "analyse_s": run.seconds,
        "peak_rss": peak_rss_self(),
        "posts": posts,
        "inbound": sum(len(p.inbound or []) for p in persons),
        "stream": len(stream),
        "ok_measures": measured,
        "coverage": coverage.value or 0.0,
    }


def run_child(scenario: str, size: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", scenario, str(size)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{scenario} {size} failed: {out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, print only")
    parser.add_argument("--threads", action="store_true", help="the thread probe (see the docstring)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size of the thread probe")
    parser.add_argument("--child", nargs=2, metavar=("SCENARIO", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return 0
    if args.threads:
        sizes = (500, 1_000, 2_000) if args.quick else (1_000, 2_000, 4_000, 8_000, 16_000)
        thread_probe(sizes, args.repeat, write=not args.quick)
        return 0
    sizes = (
        {"person": (2_000, 5_000, 10_000), "organisation": (10, 20, 40)}
        if args.quick
        else {"person": (10_000, 30_000, 100_000), "organisation": (100, 300, 1_000)}
    )
    rows = []
    for scenario, scale in sizes.items():
        for size in scale:
            r = run_child(scenario, size)
            label = f"1 person, {size:,} posts" if scenario == "person" else f"{size:,} people"
            rows.append(
                [
                    label,
                    f"{int(r['posts']):,}",
                    f"{int(r['inbound']):,}",
                    f"{int(r['stream']):,}",
                    f"{r['generate_s']:.1f}",
                    f"{r['analyse_s']:.1f}",
                    f"{(r['posts'] + r['inbound'] + r['stream']) / r['analyse_s']:,.0f}",
                    f"{r['peak_rss'] / 2**20:,.0f}",
                ]
            )
            print(" | ".join(rows[-1]), flush=True)
    body = (
        "## behaviour\n\n`benchmarks/behaviour.py`: all twelve behaviour measures per person\n"
        "(`measure_person`) over a shared stream index, plus the team's stream coverage. Synthetic, seeded\n"
        "data generated in the script; *generate* is building the records, *analyse* is the behaviour stage\n"
        "alone, including the one-off import of scikit-learn and loading the bio model; peak memory is the\n"
        "whole child process (records included). Other helpers' work shared the 2 CPU cores during the run\n"
        "(load average between 5 and 11), so the times are upper bounds.\n\n"
        + table(
            [
                "scenario",
                "posts (P)",
                "inbound (M)",
                "stream (O)",
                "generate s",
                "analyse s",
                "records/s",
                "peak MiB",
            ],
            rows,
        )
        + "\n\nTargets: the organisation of 1,000 people (1,000,000 posts, 1,000,000-post stream) in under\n"
        "5 minutes with peak memory under 4 GB; time growing linearly with the number of posts."
    )
    if not args.quick:
        write_section("behaviour", body)
    else:
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
