"""The per-thread indexes (spiegel.behaviour.threads) give exactly what a scan of the whole thread
per message gave: the slow reference implementations below are the code the indexes replaced
(kept here, not in src), compared message by message on random threads and on the demo."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from behaviour.scenarios_behaviour import ME, context, org, post
from spiegel.behaviour.context import PersonContext, Reaction
from spiegel.behaviour.network import dialogue
from spiegel.behaviour.reactions import answer_of
from spiegel.records import Post

BERT = "bert@social.overheid.nl"
OFFICIAL = "proefstad@social.overheid.nl"
CITIZENS = [f"burger{i}@mastodon.nl" for i in range(4)]


# --- the reference: one scan of the thread per message -------------------------------------------


def _reference_handoff(ctx: PersonContext, p: Post) -> list[str]:
    if ctx.org is None:
        return []
    return [h for h in p.mentions if ctx.org.is_insider(h) and h not in ctx.handles]


def reference_answer_of(ctx: PersonContext, message: Post) -> tuple[Post | None, str, list[str]]:
    conv = ctx.conversation_of.get(message.id)
    posts = conv.posts if conv is not None else []
    brought_in: list[str] = []
    for p in posts:
        if p.created_at <= message.created_at:
            continue
        if p.author in ctx.handles:
            handed = _reference_handoff(ctx, p)
            if handed:
                brought_in += [h for h in handed if h not in brought_in]
            elif (
                p.in_reply_to_id == message.id
                or p.in_reply_to_author == message.author
                or message.author in p.mentions
            ):
                return p, "person", brought_in
        elif p.author in brought_in:
            return p, "handed_off", brought_in
    return None, "unanswered", brought_in


def reference_first_reaction(ctx: PersonContext, message: Post) -> Reaction | None:
    found = list(ctx.reactions.get(message.id, []))
    conv = ctx.conversation_of.get(message.id)
    if conv is not None:
        for p in ctx.mine_in(conv):
            if p.created_at > message.created_at and (
                p.in_reply_to_author == message.author or message.author in p.mentions
            ):
                found.append(Reaction("reply", p.created_at, p))
                break
    timed = [r for r in found if r.at is not None and r.at >= message.created_at]
    if timed:
        return min(timed, key=lambda r: r.at)  # type: ignore[arg-type,return-value]
    untimed = [r for r in found if r.at is None]
    return untimed[0] if untimed else None


def reference_turns_per_conversation(ctx: PersonContext) -> dict[str, int]:
    convs: dict[str, int] = {}
    for p in ctx.own:
        conv = ctx.conversation_of.get(p.id)
        if p.is_reply and conv is not None and conv.has_role("external"):
            convs[conv.id] = conv.turns
    return convs


# --- comparison ---------------------------------------------------------------------------------


def _ids(found: tuple[Post | None, str, list[str]]) -> tuple[str | None, str, list[str]]:
    answer, how, brought = found
    return (answer.id if answer is not None else None, how, brought)


def _reaction(r: Reaction | None) -> tuple[str, object, str | None] | None:
    return None if r is None else (r.kind, r.at, r.post.id if r.post is not None else None)


def assert_same_as_reference(ctx: PersonContext) -> int:
    """Compare answer_of and first_reaction with the references for every post of every
    conversation that is not the person's own; return how many messages were compared."""
    compared = 0
    for conv in ctx.conversations:
        for message in conv.posts:
            if message.author in ctx.handles:
                continue
            assert _ids(answer_of(ctx, message)) == _ids(reference_answer_of(ctx, message)), message.id
            assert _reaction(ctx.first_reaction(message)) == _reaction(
                reference_first_reaction(ctx, message)
            ), message.id
            compared += 1
    for message in ctx.inbound or []:  # also the messages outside any conversation
        assert _ids(answer_of(ctx, message)) == _ids(reference_answer_of(ctx, message))
        assert _reaction(ctx.first_reaction(message)) == _reaction(reference_first_reaction(ctx, message))
    m = dialogue(ctx)
    if m.ok:
        expected = reference_turns_per_conversation(ctx)
        assert m.details["conversations"] == len(expected)
        mean = sum(expected.values()) / len(expected) if expected else None
        assert m.details["turns_per_conversation"] == pytest.approx(mean)
    return compared


def random_thread(rng: random.Random, n: int) -> tuple[list[Post], list[Post], list[Post]]:
    """One thread of *n* posts by the person, citizens, a colleague and the official account,
    replying to random earlier posts, with mentions (hand-offs among them) and tied times."""
    own: list[Post] = []
    inbound: list[Post] = []
    stream: list[Post] = []
    posted: list[Post] = []
    for i in range(n):
        author = rng.choice([ME, ME, BERT, OFFICIAL, *CITIZENS])
        hours = rng.randint(0, n // 2)  # many posts share a time
        kw: dict[str, object] = {}
        if posted and rng.random() < 0.9:
            parent = rng.choice(posted)
            kw = {"in_reply_to_id": parent.id, "in_reply_to_author": parent.author}
        elif posted:
            kw = {"conversation_id": "t1"}
        if i == 0:
            kw = {"conversation_id": "t1"}
        else:
            kw.setdefault("conversation_id", "t1")
        mentions = rng.sample([ME, BERT, OFFICIAL, *CITIZENS], k=rng.choice([0, 0, 1, 2]))
        if rng.random() < 0.1 and mentions:
            mentions.append(mentions[0])  # a handle mentioned twice
        p = post(f"p{i}", author, hours, mentions=mentions, **kw)
        posted.append(p)
        if author == ME:
            own.append(p)
        elif ME in mentions or kw.get("in_reply_to_author") == ME or rng.random() < 0.3:
            inbound.append(p)
        else:
            stream.append(p)
    return own, inbound, stream


@pytest.mark.parametrize("seed", range(40))
def test_random_threads_match_the_thread_scan(seed: int) -> None:
    rng = random.Random(seed)
    own, inbound, stream = random_thread(rng, rng.choice([5, 20, 60, 150]))
    config = org() if seed % 4 else None  # without an org nothing is a hand-off
    ctx = context(own, inbound, stream=stream, config=config)
    assert assert_same_as_reference(ctx) > 0


def test_hand_offs_of_the_random_threads_are_exercised() -> None:
    """The random threads contain answered hand-offs, unanswered ones and person answers (so
    the comparison above covers every branch)."""
    seen: set[str] = set()
    brought = 0
    for seed in range(40):
        rng = random.Random(seed)
        own, inbound, stream = random_thread(rng, rng.choice([5, 20, 60, 150]))
        ctx = context(own, inbound, stream=stream, config=org())
        for conv in ctx.conversations:
            for message in conv.posts:
                if message.author != ME:
                    answer, how, handed = answer_of(ctx, message)
                    seen.add(how)
                    brought += bool(handed) and answer is None
    assert seen == {"person", "handed_off", "unanswered"} and brought > 0


def test_the_demo_matches_the_thread_scan(tmp_path: Path) -> None:
    from spiegel.demo.build import write_demo
    from spiegel.org import load_org
    from spiegel.pipeline import load_inputs

    files = write_demo(tmp_path / "demo", seed=7)
    config = load_org(files.org)
    compared = 0
    for pf in files.people:
        inputs = load_inputs(
            pf.sources,
            inbound=[pf.inbound] if pf.inbound else [],
            stream=[files.stream],
            org=config,
            since=files.world.start,
            until=files.world.end,
            handles=pf.handles,
        )
        compared += assert_same_as_reference(PersonContext.build(inputs))
    assert compared > 100
