"""A generated organisation of any size, for the scale benchmark (benchmarks/organisation.py) and the
engine tests: seeded, in the real export formats (X archive zips and Mastodon archives written by
:mod:`spiegel.demo.exports`), with messages addressed to every person (generic JSONL), one
organisation stream (generic JSONL), an ``org.yaml`` and a roster CSV that both ``spiegel org
validate`` and ``spiegel team report`` read.

Synthetic text from a small Dutch vocabulary; every person answers part of the questions put to
them (some late), reacts to part of the stream and writes posts on the organisation's topics.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from spiegel.demo.exports import write_mastodon_archive, write_x_archive
from spiegel.demo.ids import mastodon_id, x_snowflake
from spiegel.records import Post
from spiegel.sources.generic import write_jsonl

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
DAYS = 180
HOST = "social.gemeente.example"
OFFICIAL = "gemeente_groot"
WORDS = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "met",
    "voor",
    "over",
    "naar",
    "bij",
    "dat",
    "dit",
    "wij",
    "jullie",
    "we",
    "zijn",
    "is",
    "wordt",
    "worden",
    "gemeente",
    "wijk",
    "straat",
    "buurt",
    "bewoners",
    "plan",
    "plannen",
    "besluit",
    "raad",
    "college",
    "afval",
    "container",
    "parkeren",
    "vergunning",
    "fiets",
    "fietspad",
    "weg",
    "werkzaamheden",
    "afsluiting",
    "omleiding",
    "informatie",
    "avond",
    "bijeenkomst",
    "inloop",
    "vragen",
    "reactie",
    "melding",
    "overlast",
    "groen",
    "park",
    "bomen",
    "speeltuin",
    "school",
    "verkeer",
    "veilig",
    "onderhoud",
    "subsidie",
    "aanvraag",
    "loket",
    "website",
    "telefoon",
    "week",
    "maand",
    "dag",
    "morgen",
    "vandaag",
    "graag",
    "dank",
    "goed",
    "mooi",
    "snel",
    "later",
    "binnenkort",
    "samen",
    "mee",
    "nieuw",
    "oude",
    "centrum",
    "noord",
    "zuid",
    "oost",
    "west",
    "project",
]
TOPICS = {"fietsbeleid": ["fiets", "fietspad"], "afval": ["afval", "container"]}


@dataclass(slots=True)
class GeneratedOrg:
    root: Path
    org: Path
    roster: Path
    stream: Path
    people: int
    posts: int
    inbound: int
    stream_posts: int
    since: str
    until: str


def _text(rng: random.Random, question: bool = False) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 22))
    if rng.random() < 0.15:
        words.append(rng.choice(TOPICS["fietsbeleid"]))
    if rng.random() < 0.05:
        words.append("#" + rng.choice(list(TOPICS)))
    sentence = " ".join(words)
    return sentence[0].upper() + sentence[1:] + ("?" if question else ".")


def _when(rng: random.Random) -> datetime:
    return START + timedelta(seconds=rng.randrange(DAYS * 86400 - 30 * 86400))


class _Maker:
    def __init__(self) -> None:
        self.seq = 0

    def post(
        self, platform: str, author: str, when: datetime, text: str, reply_to: Post | None = None
    ) -> Post:
        self.seq += 1
        if platform == "x":
            pid = x_snowflake(when, self.seq)
            url = f"https://x.com/{author}/status/{pid}"
        else:
            user, _, host = author.partition("@")
            sid = mastodon_id(when, self.seq)
            pid = f"https://{host}/users/{user}/statuses/{sid}"
            url = f"https://{host}/@{user}/{sid}"
        post = Post(
            platform=platform,
            id=pid,
            author=author,
            created_at=when,
            text=text,
            url=url,
            lang="nl",
            visibility="public",
            conversation_id=pid,
        )
        if reply_to is not None:
            post.in_reply_to_id = reply_to.id
            post.in_reply_to_author = reply_to.author
            post.conversation_id = reply_to.conversation_id or reply_to.id
            post.mentions = [reply_to.author]
        return post


def _handle(i: int) -> tuple[str, str]:
    """(platform, handle) of person *i*: even people on X, odd ones on Mastodon."""
    return ("x", f"medewerker{i:05d}") if i % 2 == 0 else ("mastodon", f"medewerker{i:05d}@{HOST}")


def generate_org(
    out: Path,
    people: int,
    posts: int = 1000,
    stream: int | None = None,
    inbound: int | None = None,
    seed: int = 7,
) -> GeneratedOrg:
    """Write an organisation of *people* people with *posts* posts each, *inbound* messages to
    each (default posts/10) and a stream of *stream* posts (default people × posts) under *out*."""
    stream = people * posts if stream is None else stream
    inbound = posts // 10 if inbound is None else inbound
    rng = random.Random(seed)
    make = _Maker()
    out.mkdir(parents=True, exist_ok=True)
    handles = [_handle(i) for i in range(people)]
    # the stream: citizens about the organisation; part of it addressed to a person (mention)
    sample: list[Post] = []
    keep_every = max(1, stream // max(1, people * 20))

    def stream_posts() -> Iterator[Post]:
        for k in range(stream):
            who = f"inwoner{rng.randrange(max(10, stream // 20)):06d}"
            text = _text(rng, question=rng.random() < 0.2)
            if rng.random() < 0.1 and people:
                text = f"@{handles[rng.randrange(people)][1].split('@')[0]} " + text
            post = make.post("x", who, _when(rng), text)
            if k % keep_every == 0:
                sample.append(post)
            yield post
        for _ in range(max(1, stream // 1000)):
            yield make.post("x", OFFICIAL, _when(rng), _text(rng))

    stream_path = out / "stream.jsonl"
    n_stream = write_jsonl(stream_posts(), stream_path)
    rows = []
    for i, (platform, handle) in enumerate(handles):
        folder = out / "people" / f"{i:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        questions = [
            make.post(
                "x",
                f"inwoner{rng.randrange(10_000):06d}",
                _when(rng),
                f"@{handle.split('@')[0]} " + _text(rng, rng.random() < 0.6),
            )
            for _ in range(inbound)
        ]
        for q in questions:
            q.mentions = [handle]
        own: list[Post] = []
        for _ in range(posts):
            roll = rng.random()
            if roll < 0.08 and questions:
                q = rng.choice(questions)
                delay = timedelta(minutes=rng.choice([20, 90, 300, 1500, 4000]))
                own.append(make.post(platform, handle, q.created_at + delay, _text(rng), reply_to=q))
            elif roll < 0.2 and sample:
                o = rng.choice(sample)
                own.append(
                    make.post(platform, handle, o.created_at + timedelta(hours=2), _text(rng), reply_to=o)
                )
            else:
                own.append(make.post(platform, handle, _when(rng), _text(rng, rng.random() < 0.05)))
        own.sort(key=lambda p: p.created_at)
        name = f"Medewerker {i:05d}"
        bio = "Medewerker van de gemeente"
        if platform == "x":
            export = write_x_archive(folder / "x-archive.zip", handle, name, bio, own, [], {})
        else:
            export = write_mastodon_archive(folder / "mastodon-archive.tar.gz", handle, name, bio, own, [])
        inbound_path = folder / "inbound.jsonl"
        write_jsonl(sorted(questions, key=lambda p: p.created_at), inbound_path)
        rows.append(
            {
                "handle": handle.split("@")[0] if platform == "x" else handle,
                "name": name,
                "department": f"Team {i % 10}",
                "exports": str(export.relative_to(out)),
                "inbound": str(inbound_path.relative_to(out)),
            }
        )
    roster = out / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["handle", "name", "department", "exports", "inbound"])
        writer.writeheader()
        writer.writerows(rows)
    org = out / "org.yaml"
    config = {
        "name": "Gemeente Groot (gegenereerd)",
        "official_accounts": [OFFICIAL],
        "roster": roster.name,
        "goal_topics": [{"name": "fietsbeleid", "keywords": TOPICS["fietsbeleid"]}],
        "sensitive_topics": [{"name": "afval", "keywords": TOPICS["afval"]}],
        "answer_within_hours": 24,
    }
    org.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    until = START + timedelta(days=DAYS)
    return GeneratedOrg(
        out,
        org,
        roster,
        stream_path,
        people,
        posts,
        inbound,
        n_stream,
        START.date().isoformat(),
        until.date().isoformat(),
    )
