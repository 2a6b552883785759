"""Import benchmark: spiegel's archive importers against the raw JSON parse and twitter-to-sqlite.

Generates an X archive of N tweets (default 200,000; tweet objects shaped like a real archive's:
edit_info, entities with mentions, hashtags and t.co urls, source app, reply fields, retweets) and
a Mastodon archive with an outbox of N activities, then times, each in its own child process
with its peak memory:

* ``spiegel``: every record produced end to end from the zip (``spiegel.sources.read_path``);
* ``raw orjson``: read the same member from the same zip and ``orjson.loads`` it whole — the
  least any importer must do (the limit);
* ``twitter-to-sqlite import``: the peer, on a copy of the archive with the older ``tweet.js``
  naming it reads.

Writes the ``import`` section of docs/benchmarks.md. Run: ``python benchmarks/import.py``
(``--posts 20000`` for a quick look, ``--keep DIR`` to keep the generated archives).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import table, write_section

PEER = Path(sys.executable).parent / "twitter-to-sqlite"
SOURCES = ["Twitter Web App", "Twitter for iPhone", "Twitter for Android", "TweetDeck", "Hootsuite Inc."]
_VOCABULARY = (
    "de het een en van in op is dat met voor niet te zijn aan er ook als bij gemeente vandaag "
    "nieuwe regels bewoners vraag antwoord wijk brug parkeren afval bibliotheek subsidie plan "
    "raad wethouder inspraak avond informatie website loket openingstijden werkzaamheden"
)
WORDS = _VOCABULARY.split()

SPIEGEL_CHILD = """
import sys
from spiegel.sources import read_path
n = sum(1 for _ in read_path(sys.argv[1]))
open(sys.argv[2], "w").write(str(n))
"""
RAW_CHILD = """
import sys, zipfile, orjson
with zipfile.ZipFile(sys.argv[1]) as zf:
    data = zf.read(sys.argv[3])
data = data[data.index(b"=") + 1:] if data.startswith(b"window.") else data
doc = orjson.loads(data)
items = doc if isinstance(doc, list) else doc["orderedItems"]
open(sys.argv[2], "w").write(str(len(items)))
"""


# -- generators -----------------------------------------------------------------------------
def _text(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def _tweets(n: int, seed: int = 7) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    start = datetime(2018, 1, 1, tzinfo=UTC)
    for i in range(n):
        tid = str(1_000_000_000_000_000_000 + i * 7919)
        when = start + timedelta(seconds=i * 97 + rng.randint(0, 90))
        mentions = [f"inwoner_{rng.randint(1, 5000)}" for _ in range(rng.choice((0, 0, 1, 1, 2)))]
        tags = [rng.choice(WORDS) for _ in range(rng.choice((0, 0, 0, 1, 2)))]
        short = f"https://t.co/{rng.randint(10**9, 10**10)}"
        has_url = rng.random() < 0.4
        retweet = rng.random() < 0.15
        text = f"RT @collega_{rng.randint(1, 300)}: " if retweet else ""
        text += " ".join(f"@{m}" for m in mentions) + (" " if mentions else "") + _text(rng, 6, 40)
        text += " " + " ".join(f"#{t}" for t in tags) if tags else ""
        text += f" {short}" if has_url else ""
        if rng.random() < 0.1:
            text += " &amp; meer"
        tweet: dict[str, object] = {
            "edit_info": {
                "initial": {
                    "editTweetIds": [tid],
                    "editableUntil": when.isoformat(),
                    "editsRemaining": "5",
                    "isEditEligible": False,
                }
            },
            "retweeted": False,
            "source": f'<a href="https://mobile.twitter.com" rel="nofollow">{rng.choice(SOURCES)}</a>',
            "entities": {
                "hashtags": [{"text": t, "indices": ["10", "20"]} for t in tags],
                "symbols": [],
                "user_mentions": [
                    {
                        "name": m.title(),
                        "screen_name": m,
                        "indices": ["0", "12"],
                        "id_str": str(4000 + k),
                        "id": str(4000 + k),
                    }
                    for k, m in enumerate(mentions)
                ],
                "urls": [
                    {
                        "url": short,
                        "expanded_url": f"https://gemeente.example/nieuws/{i}",
                        "display_url": f"gemeente.example/nieuws/{i}",
                        "indices": ["40", "63"],
                    }
                ]
                if has_url
                else [],
            },
            "display_text_range": ["0", str(len(text))],
            "favorite_count": str(rng.randint(0, 50)),
            "id_str": tid,
            "truncated": False,
            "retweet_count": str(rng.randint(0, 10)),
            "id": tid,
            "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
            "favorited": False,
            "full_text": text,
            "lang": rng.choice(("nl", "nl", "nl", "en", "und")),
        }
        if mentions and not retweet and rng.random() < 0.5:
            tweet.update(
                {
                    "in_reply_to_status_id_str": str(int(tid) - 13),
                    "in_reply_to_status_id": str(int(tid) - 13),
                    "in_reply_to_screen_name": mentions[0],
                    "in_reply_to_user_id_str": "4000",
                    "in_reply_to_user_id": "4000",
                }
            )
        yield {"tweet": tweet}


def write_x_archives(n: int, new_zip: Path, old_zip: Path, work: Path) -> None:
    """The same tweets as ``data/tweets.js`` (new naming) and ``data/tweet.js`` (old naming)."""
    body = work / "tweets.body"
    with body.open("wb") as out:
        out.write(b"[\n")
        for i, item in enumerate(_tweets(n)):
            if i:
                out.write(b",\n")
            out.write(b"  " + orjson.dumps(item, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  "))
        out.write(b"\n]")
    account = [
        {
            "account": {
                "username": "Bench_Ambtenaar",
                "accountId": "123456",
                "createdAt": "2017-01-01T00:00:00.000Z",
                "accountDisplayName": "Bench",
            }
        }
    ]
    for target, name in ((new_zip, "tweets"), (old_zip, "tweet")):
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr("data/account.js", b"window.YTD.account.part0 = " + orjson.dumps(account))
            with zf.open(f"data/{name}.js", "w", force_zip64=True) as dst, body.open("rb") as src:
                dst.write(f"window.YTD.{name}.part0 = ".encode())
                shutil.copyfileobj(src, dst, 4 * 1024 * 1024)
    body.unlink()


def write_mastodon_archive(n: int, target: Path, seed: int = 11) -> None:
    rng = random.Random(seed)
    me = "https://overheid.example/users/bench"
    pub = "https://www.w3.org/ns/activitystreams#Public"
    start = datetime(2022, 11, 1, tzinfo=UTC)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(
            "actor.json",
            orjson.dumps(
                {
                    "id": me,
                    "type": "Person",
                    "preferredUsername": "bench",
                    "name": "Bench",
                    "summary": "<p>Ambtenaar</p>",
                    "url": "https://overheid.example/@bench",
                }
            ),
        )
        with zf.open("outbox.json", "w", force_zip64=True) as out:
            out.write(
                b'{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json",'
                b'"type":"OrderedCollection","totalItems":%d,"orderedItems":[' % n
            )
            for i in range(n):
                when = (start + timedelta(seconds=i * 113)).strftime("%Y-%m-%dT%H:%M:%SZ")
                sid = f"{me}/statuses/{109000000000000000 + i}"
                if rng.random() < 0.2:
                    act = {
                        "id": f"{sid}/activity",
                        "type": "Announce",
                        "actor": me,
                        "published": when,
                        "to": [pub],
                        "cc": [f"{me}/followers"],
                        "object": f"https://stad.example/users/b{rng.randint(1, 999)}/statuses/{i}",
                    }
                else:
                    other = f"https://stad.example/users/b{rng.randint(1, 999)}"
                    reply = rng.random() < 0.3
                    mention = (
                        (
                            f'<span class="h-card"><a href="{other}" class="u-url mention">@<span>'
                            f"{other.rsplit('/', 1)[1]}</span></a></span> "
                        )
                        if reply
                        else ""
                    )
                    html = (
                        f'<p>{mention}{_text(rng, 6, 40)}</p><p><a href="https://gemeente.example/{i}" '
                        f'rel="nofollow"><span class="invisible">https://</span>gemeente.example/{i}</a></p>'
                    )
                    obj = {
                        "id": sid,
                        "type": "Note",
                        "summary": None,
                        "inReplyTo": f"{other}/statuses/{i}" if reply else None,
                        "published": when,
                        "url": f"https://overheid.example/@bench/{i}",
                        "attributedTo": me,
                        "to": [pub],
                        "cc": [f"{me}/followers"],
                        "sensitive": False,
                        "conversation": f"tag:overheid.example,2022:objectId={i}:objectType=Conversation",
                        "content": html,
                        "contentMap": {"nl": html},
                        "attachment": [],
                        "tag": [
                            {
                                "type": "Mention",
                                "href": other,
                                "name": f"@{other.rsplit('/', 1)[1]}@stad.example",
                            }
                        ]
                        if reply
                        else [],
                    }
                    act = {
                        "id": f"{sid}/activity",
                        "type": "Create",
                        "actor": me,
                        "published": when,
                        "to": [pub],
                        "cc": [f"{me}/followers"],
                        "object": obj,
                    }
                out.write((b"," if i else b"") + orjson.dumps(act))
            out.write(b"]}")


# -- measuring ------------------------------------------------------------------------------
#: Runs a command as a child and reports its wall time, CPU time (user + system) and peak RSS.
#: CPU time is what the comparisons use: on a shared machine it varies far less than wall time.
MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, rc)
"""


class Run(NamedTuple):
    wall: float
    cpu: float
    peak: int
    count: int


def measure(cmd: list[str]) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True)
    wall, cpu, peak, rc = out.stdout.split()
    if rc != "0":
        raise RuntimeError(f"{' '.join(cmd)} failed with exit code {rc}: {out.stderr[-2000:]}")
    return float(wall), float(cpu), int(peak)


def _child(code: str, *args: str, work: Path, src: Path | None = None) -> Run:
    result = work / "count.txt"
    cmd = [sys.executable, "-c", code, args[0], str(result), *args[1:]]
    if src is not None:  # spiegel from another source tree (--base-src)
        cmd = ["env", f"PYTHONPATH={src}", *cmd]
    wall, cpu, peak = measure(cmd)
    return Run(wall, cpu, peak, int(result.read_text()))


def _median(runs: list[Run]) -> Run:
    """The run with the median CPU time (of an odd number of runs; the lower middle otherwise)."""
    return sorted(runs, key=lambda r: r.cpu)[(len(runs) - 1) // 2]


def _peer(zip_path: Path, work: Path) -> Run:
    db = work / "peer.db"
    db.unlink(missing_ok=True)
    wall, cpu, peak = measure([str(PEER), "import", str(db), str(zip_path)])
    with sqlite3.connect(db) as conn:
        count = conn.execute("select count(*) from archive_tweet").fetchone()[0]
    return Run(wall, cpu, peak, int(count))


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, default=None, help="write the archives here and keep them")
    parser.add_argument("--no-peer", action="store_true", help="skip twitter-to-sqlite")
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not update docs/benchmarks.md"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time every reader this many times, interleaved; report the median",
    )
    parser.add_argument(
        "--base-src",
        type=Path,
        help="also time spiegel from this source tree (e.g. an older commit's src/), interleaved",
    )
    parser.add_argument("--base-label", default="", help="how the section names the base tree")
    args = parser.parse_args(argv)
    args.base_src_label = args.base_label or str(args.base_src)
    n = args.posts
    work = args.keep or Path(tempfile.mkdtemp(prefix="spiegel-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        x_new, x_old, masto = work / "x-archive.zip", work / "x-archive-tweet-js.zip", work / "mastodon.zip"
        print(f"Generating {n:,} tweets and {n:,} Mastodon activities in {work} …", flush=True)
        write_x_archives(n, x_new, x_old, work)
        write_mastodon_archive(n, masto)
        with zipfile.ZipFile(x_new) as zf:
            x_bytes = zf.getinfo("data/tweets.js").file_size
        with zipfile.ZipFile(masto) as zf:
            m_bytes = zf.getinfo("outbox.json").file_size

        readers: list[tuple[str, str, Any]] = [
            ("X", "spiegel import", lambda: _child(SPIEGEL_CHILD, str(x_new), work=work)),
            (
                "X",
                "raw orjson.loads (limit)",
                lambda: _child(RAW_CHILD, str(x_new), "data/tweets.js", work=work),
            ),
        ]
        if not args.no_peer:
            readers.append(("X", "twitter-to-sqlite import (peer)", lambda: _peer(x_old, work)))
        readers += [
            ("Mastodon", "spiegel import", lambda: _child(SPIEGEL_CHILD, str(masto), work=work)),
            (
                "Mastodon",
                "raw orjson.loads (limit)",
                lambda: _child(RAW_CHILD, str(masto), "outbox.json", work=work),
            ),
        ]
        if args.base_src is not None:
            base = args.base_src.resolve()
            readers[1:1] = [
                ("X", "spiegel import, base", lambda: _child(SPIEGEL_CHILD, str(x_new), work=work, src=base))
            ]
            readers.insert(
                -1,
                (
                    "Mastodon",
                    "spiegel import, base",
                    lambda: _child(SPIEGEL_CHILD, str(masto), work=work, src=base),
                ),
            )
        timed: dict[tuple[str, str], list[Run]] = {(src, what): [] for src, what, _ in readers}
        for round_ in range(args.repeat):
            for src, what, run in readers:
                print(f"Timing {what} ({src}), round {round_ + 1} of {args.repeat} …", flush=True)
                timed[(src, what)].append(run())
        runs: list[tuple[str, str, Run]] = [
            (src, what, _median(timed[(src, what)])) for src, what, _ in readers
        ]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    load = os.getloadavg()
    rows = [
        (src, what, f"{r.count:,}", f"{r.wall:.1f} s", f"{r.cpu:.1f} s", f"{n / r.cpu:,.0f}", _mib(r.peak))
        for src, what, r in runs
    ]
    result = table(
        ["archive", "reader", "items out", "wall time", "CPU time", "posts per CPU s", "peak memory"], rows
    )
    by = {(src, what.split(" (")[0]): r for src, what, r in runs}
    lines = []
    for src in ("X", "Mastodon"):
        sp, raw = by[(src, "spiegel import")], by[(src, "raw orjson.loads")]
        lines.append(
            f"- {src}: spiegel reaches {raw.cpu / sp.cpu:.0%} of the raw-parse rate (target ≥ 60%; "
            f"by wall time {raw.wall / sp.wall:.0%}), with {sp.peak / raw.peak:.0%} of its peak memory."
        )
        base = by.get((src, "spiegel import, base"))
        if base is not None:
            lines.append(
                f"- {src}, the base source tree ({args.base_src_label}): {raw.cpu / base.cpu:.0%} of the "
                f"raw-parse rate; this code takes {sp.cpu / base.cpu:.1%} of its CPU time."
            )
    if ("X", "twitter-to-sqlite import") in by:
        peer, sp = by[("X", "twitter-to-sqlite import")], by[("X", "spiegel import")]
        lines.append(
            f"- X vs twitter-to-sqlite: {peer.cpu / sp.cpu:.1f}× its posts per CPU second (target ≥ 3×; "
            f"by wall time {peer.wall / sp.wall:.1f}×), peak memory {sp.peak / peer.peak:.0%} of its peak "
            "(target ≤ 25%)."
        )
    body = (
        "## Import (`benchmarks/import.py`)\n\n"
        f"A generated X archive of {n:,} tweets (`data/tweets.js`: {_mib(x_bytes)} of JSON, zipped) and a "
        f"Mastodon archive of {n:,} outbox activities (`outbox.json`: {_mib(m_bytes)}, zipped). Every reader "
        "runs in its own process, end to end from the zip; `items out` is what each produced (spiegel: all "
        "records, including the owner account; twitter-to-sqlite: rows in `archive_tweet`). Rates are posts "
        "per second of CPU time (user + system) of that process"
        + (
            f"; every reader ran {args.repeat} times, interleaved, and the run with the median CPU time "
            "is shown"
            if args.repeat > 1
            else ""
        )
        + ".\n\n"
        f"{result}\n\n" + "\n".join(lines) + "\n\n"
        f"The machine was shared while measuring (load average {load[0]:.1f} / {load[1]:.1f} over 1 / 5 "
        "minutes): wall times are slower than on an idle machine and vary from run to run, so the "
        "comparisons use CPU time.\n"
    )
    print()
    print(body)
    if not args.no_write:
        write_section("import", body)


if __name__ == "__main__":
    main()
