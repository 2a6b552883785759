"""The indexed :func:`spiegel.behaviour.topics.stream_pickup` gives exactly what the direct
scan over the whole stream gave (the function as it was before the index, kept here as the
reference), and its cost follows the person's part of the stream, not the stream's size."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from behaviour.scenarios_behaviour import ME, T0, context, org
from spiegel.behaviour import reactions
from spiegel.behaviour.common import MINIMUM, capped, evidence, insufficient
from spiegel.behaviour.context import PersonContext
from spiegel.behaviour.topics import person_topics, stream_pickup, team_of
from spiegel.evidence import Measure
from spiegel.records import Post, normalize_handle


def reference_stream_pickup(ctx: PersonContext) -> Measure:
    """``stream_pickup`` as it was before :class:`~spiegel.behaviour.topics.PickupIndex`: one
    pass over every stream post, ``answer_of`` for each candidate."""
    answer_of = reactions.answer_of

    name = "stream_pickup"
    if ctx.stream is None:
        return insufficient(name, "no_stream")
    if ctx.org is None:
        return insufficient(name, "no_org")
    topics = set(person_topics(ctx))
    team = team_of(ctx)
    others = (team - ctx.handles) | set(ctx.org.official_accounts)
    platforms = {p.platform for p in ctx.own}
    items: list[tuple[Post, bool]] = []
    caught_by_others = 0
    for post in ctx.stream.posts:
        if post.kind == "boost" or post.platform not in platforms or ctx.role(post.author) != "external":
            continue
        addressed = {normalize_handle(post.in_reply_to_author), *map(normalize_handle, post.mentions)}
        on_topic = bool(topics) and not topics.isdisjoint(ctx.stream.topics_by_id.get(post.id, ()))
        if not (on_topic or addressed & team):
            continue
        answer, _how, _ = answer_of(ctx, post)
        first_other = min(
            (c.created_at for c in ctx.stream.children.get(post.id, []) if c.author in others),
            default=None,
        )
        if first_other is not None and (answer is None or first_other < answer.created_at):
            caught_by_others += 1
            continue
        items.append((post, answer is not None))
    details: dict[str, object] = {
        "topics": sorted(topics),
        "platforms": sorted(platforms),
        "team": len(team),
        "stream_posts": len(items),
        "answered": sum(ok for _, ok in items),
        "picked_up_by_others": caught_by_others,
    }
    if len(items) < MINIMUM[name]:
        code = "no_topic_posts" if not topics and not items else "no_stream_in_topics"
        return insufficient(name, code, n=len(items), **details)
    missed = sorted((p for p, ok in items if not ok), key=lambda p: p.created_at, reverse=True)
    ev = capped([evidence(p, "not_picked_up") for p in missed], details)
    outcomes = [1.0 if ok else 0.0 for _, ok in items]
    value = sum(outcomes) / len(items)
    return Measure(name, value, n=len(items), evidence=ev, details=details, outcomes=outcomes)


BERT, COR, DIRK = "bert@social.overheid.nl", "cor@social.overheid.nl", "dirk@social.overheid.nl"
OFFICIAL = "proefstad@social.overheid.nl"
ALIAS = "anne.bsky.social"  # the person under another name (learnt from replies to her posts)
TEXTS = [
    "Wanneer is het fietspad klaar?",
    "De fiets staat weer in de weg",
    "Hoe zit het met de reorganisatie?",
    "Mooi weer vandaag",
    "Het fietspad en de reorganisatie: wat een gedoe",
    "#fietspad ligt open",
]


def _org() -> object:
    return org(
        colleagues=[
            {"handle": ME, "name": "Anne", "department": "Wegen"},
            {"handle": BERT, "name": "Bert", "department": "Wegen"},
            {"handle": COR, "name": "Cor", "department": "Wonen"},
            {"handle": DIRK, "name": "Dirk"},
        ]
    )


def scenario(seed: int, size: int = 400) -> tuple[list[Post], list[Post]]:
    """The person's posts and a stream with every case the measure distinguishes: several
    platforms, outsiders, colleagues in and outside the team, the official account, the person
    under an alias, boosts, replies and mentions, hand-offs, answers before and after a
    colleague's, ids the stream holds twice and posts at the same moment."""
    rng = random.Random(seed)
    citizens = [f"burger{i}@mastodon.nl" for i in range(15)] + ["Burger0@Mastodon.nl", "@kees_x"]
    insiders = [BERT, COR, DIRK, OFFICIAL, ME, ALIAS]
    stream: list[Post] = []
    mine: list[Post] = []
    clock = 0.0

    def make(author: str, **kw: object) -> Post:
        nonlocal clock
        clock += rng.choice([0.0, 0.0, 0.5, 1.0, 3.0])  # ties on purpose
        platform = rng.choice(["mastodon", "mastodon", "x", "bluesky"])
        pid = f"p{len(stream)}" if rng.random() > 0.03 or not stream else rng.choice(stream).id
        return Post(
            platform=kw.pop("platform", platform),  # type: ignore[arg-type]
            id=pid,
            author=author,
            created_at=T0 + timedelta(hours=clock),
            text=rng.choice(TEXTS),
            url=f"https://example.org/{pid}",
            **kw,
        )  # type: ignore[arg-type]

    for _ in range(size):
        roll = rng.random()
        parent = rng.choice(stream) if stream else None
        if roll < 0.55 or parent is None:
            author = rng.choice(citizens)
            mentions = [rng.choice([ME, BERT, COR, DIRK, "x@y.nl"])] if rng.random() < 0.2 else []
            stream.append(make(author, mentions=mentions, kind=rng.choice(["post", "post", "post", "boost"])))
        else:
            author = rng.choice(insiders if roll < 0.85 else citizens)
            mentions = (
                [rng.choice([BERT, COR, OFFICIAL])] if author in (ME, ALIAS) and rng.random() < 0.3 else []
            )
            reply = make(
                author,
                in_reply_to_id=parent.id,
                in_reply_to_author=parent.author,
                mentions=mentions,
                platform=parent.platform,
            )
            stream.append(reply)
            if author == ME:
                mine.append(reply)
    for i in range(8):  # own posts on the topics, some answered under the alias's name
        own = make(ME, platform=rng.choice(["mastodon", "x"]))
        mine.append(own)
        stream.append(own)
        if i % 2:
            stream.append(
                make(
                    rng.choice(citizens),
                    in_reply_to_id=own.id,
                    in_reply_to_author=ALIAS,
                    platform=own.platform,
                )
            )
    stream.sort(key=lambda p: p.created_at)
    return mine, stream


def _same(a: Measure, b: Measure) -> None:
    assert (a.name, a.status, a.reason, a.value, a.n) == (b.name, b.status, b.reason, b.value, b.n)
    assert list(a.details.items()) == list(b.details.items())  # same keys in the same order
    assert a.evidence == b.evidence
    assert sorted(a.outcomes or []) == sorted(b.outcomes or [])


@pytest.mark.parametrize("seed", range(40))
def test_indexed_stream_pickup_equals_the_direct_scan(seed: int) -> None:
    mine, stream = scenario(seed)
    ctx = context(mine, stream=stream, config=_org())
    new, old = stream_pickup(ctx), reference_stream_pickup(ctx)
    _same(new, old)
    assert old.n > 0  # the scenario is not empty


def test_indexed_stream_pickup_equals_the_direct_scan_with_many_answers() -> None:
    """The person answers most of the stream: the evidence walk must skip the answered posts."""
    mine, stream = scenario(3, size=300)
    extra = [
        Post(
            platform=p.platform,
            id=f"ans-{p.id}-{i}",
            author=ME,
            created_at=p.created_at + timedelta(minutes=1),
            text="Dat zoek ik uit.",
            url=f"https://example.org/ans{i}",
            in_reply_to_id=p.id,
            in_reply_to_author=p.author,
        )
        for i, p in enumerate(stream)
        if p.author.startswith("burger") and i % 5
    ]
    ctx = context(mine + extra, stream=sorted(stream + extra, key=lambda p: p.created_at), config=_org())
    _same(stream_pickup(ctx), reference_stream_pickup(ctx))


def test_stream_pickup_looks_only_at_the_posts_the_person_could_have_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cost of a person's measure follows their own part of the stream: 5,000 outsiders'
    posts on the person's topic are counted, not read one by one (the direct scan called
    ``answer_of`` 5,000 times per person, so a team run grew with people × stream)."""
    calls = 0
    real = reactions.answer_of

    def counting(ctx: PersonContext, message: Post) -> object:
        nonlocal calls
        calls += 1
        return real(ctx, message)

    monkeypatch.setattr(reactions, "answer_of", counting)
    citizen = "kees@mastodon.nl"
    stream = [
        Post(
            platform="mastodon",
            id=f"s{i}",
            author=citizen,
            created_at=T0 + timedelta(minutes=i),
            text="Wanneer is het fietspad klaar?",
            url=f"https://example.org/s{i}",
        )
        for i in range(5000)
    ]
    answers = [
        Post(
            platform="mastodon",
            id=f"a{i}",
            author=ME,
            created_at=T0 + timedelta(minutes=i, seconds=30),
            text="Volgende maand.",
            url=f"https://example.org/a{i}",
            in_reply_to_id=f"s{i}",
            in_reply_to_author=citizen,
        )
        for i in (10, 20, 30)
    ]
    own = Post(
        platform="mastodon",
        id="m0",
        author=ME,
        created_at=T0,
        text="Het nieuwe fietspad is bijna klaar.",
        url="https://example.org/m0",
    )
    ctx = context([own, *answers], stream=stream + answers, config=_org())
    m = stream_pickup(ctx)
    assert m.ok and m.n == 5000 and m.details["answered"] == 3
    assert [e.post_id for e in m.evidence[:2]] == ["s4999", "s4998"]
    assert calls <= 10, f"answer_of ran {calls} times for 5,000 stream posts"
