from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from behaviour.scenarios_behaviour import ME, context, org, post
from spiegel.behaviour.conversations import build_conversations
from spiegel.behaviour.inputs import PersonInputs
from spiegel.behaviour.reactions import reaction_delays
from spiegel.records import Post
from spiegel_testpaths import DATA, needs_data

IBM = DATA / "ibm_twitter_customer_care_conversations"
TWITTER_EPOCH_MS = 1288834974657


def test_threads_link_replies_quotes_and_conversation_ids_across_platforms() -> None:
    a = "a@x.nl"
    posts = [
        post("1", a, 0, "Start"),
        post("2", ME, 1, "Reactie", in_reply_to_id="1", in_reply_to_author=a),
        post("3", "bert@social.overheid.nl", 2, "Aanvulling", in_reply_to_id="2", in_reply_to_author=ME),
        post("4", a, 3, "Citaat", quote_of_id="3"),
        Post(
            platform="bluesky",
            id="1",
            author="z.bsky.social",
            created_at=post("x", a, 0).created_at,
            text="zelfde id, ander platform",
        ),
        post("5", a, 4, "Los", conversation_id="c9"),
        post("6", ME, 5, "Ook los", conversation_id="c9"),
    ]
    convs = build_conversations(posts, org(), {ME})
    by_first = {c.posts[0].id + c.posts[0].platform: c for c in convs}
    assert len(convs) == 3
    main = by_first["1mastodon"]
    assert [p.id for p in main.posts] == ["1", "2", "3", "4"]
    assert main.started_by == a and main.turns == 4
    assert main.participants == {a: "external", ME: "person", "bert@social.overheid.nl": "colleague"}
    assert main.answered_by == [ME, "bert@social.overheid.nl"]
    assert not main.two_way({ME})  # ME answered a, but nobody outside addressed ME
    assert by_first["5mastodon"].id == "c9"


def test_missing_opening_post_still_names_the_starter() -> None:
    (conv,) = build_conversations(
        [post("2", ME, 1, in_reply_to_id="gone", in_reply_to_author="a@x.nl")], None, {ME}
    )
    assert conv.started_by == "a@x.nl" and conv.turns == 2


def _snowflake_time(tweet_id: str) -> datetime:
    return datetime.fromtimestamp(((int(tweet_id) >> 22) + TWITTER_EPOCH_MS) / 1000, UTC)


def _duration(text: str) -> timedelta:
    h, m, s = text.rstrip(".").split(":")
    return timedelta(hours=int(h), minutes=int(m), seconds=float(s or 0))


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@needs_data("ibm_twitter_customer_care_conversations")
@pytest.mark.parametrize("split", ["dev", "test"])
def test_latencies_on_ibm_customer_care_dialogues_match_the_file(split: str) -> None:
    """The company is the 'person', client messages are M, agent tweets are P (each replying to
    the client message before it). Two checks against the file:

    * one client message, then the agent's answer (``agentURL``): the agent tweet's time comes
      from its id (a Twitter snowflake), independent of the header; the computed delay must equal
      the header's ``duration``, which the file writes as a clock time that drops whole days
      (a 71.7 h answer reads "23:43:44"), so the check is modulo 24 h; about 5% of the headers
      are broken (negative durations such as "-08:31:51." or a different clock), so at least
      90% must match;
    * dialogues with agent turns inside ``dialogContent``: the delay to each client message that
      an agent turn follows must equal the difference of the two ``datetime`` fields.
    """
    dialogs = json.loads((IBM / f"{split}.json").read_text(encoding="utf-8"))
    single = multi = days_dropped = matched = 0
    for d in dialogs:
        company = d["dialogHeader"]["company"].lower()
        turns = d["dialogContent"]
        inbound: list[Post] = []
        posts: list[Post] = []
        expected: dict[str, float] = {}
        wrapped: dict[str, float] = {}
        last: Post | None = None
        for t in turns:
            who = "agent" if "agent" in t else "client"
            author = (
                company if who == "agent" else (t.get("client") or t["client1"]).lower()
            )  # a second client
            p = Post(
                platform="x",
                id=t["tweet_ID"],
                author=author,
                created_at=_time(t["datetime"]),
                text=t["message"],
                in_reply_to_id=last.id if who == "agent" and last else None,
                in_reply_to_author=last.author if who == "agent" and last else None,
                mentions=[company] if who == "client" else [],
            )
            if who == "agent" and last is not None and last.author != company and last.id not in expected:
                expected[last.id] = (p.created_at - last.created_at).total_seconds() / 3600
            (posts if who == "agent" else inbound).append(p)
            last = p
        if len(turns) == 1 and last is not None:
            agent = d["agentURL"]
            posts.append(
                Post(
                    platform="x",
                    id=agent["tweet_ID"],
                    author=company,
                    created_at=_snowflake_time(agent["tweet_ID"]),
                    text=agent["url_utterance"],
                    in_reply_to_id=last.id,
                    in_reply_to_author=last.author,
                )
            )
            assert last.created_at == _time(d["dialogHeader"]["conversationDateTime"])
            wrapped[last.id] = _duration(d["dialogHeader"]["duration"]).total_seconds() / 3600
            single += 1
        elif expected:
            multi += 1
        else:
            continue
        ctx = context_for(PersonInputs(handles={company}, posts=posts, inbound=inbound))
        delays = {m.id: h for m, h in reaction_delays(ctx)}
        for message_id, hours in expected.items():
            assert delays[message_id] == pytest.approx(hours, abs=1 / 3600), d["dialogHeader"]["sessionID"]
        for message_id, hours in wrapped.items():
            off = (delays[message_id] - hours) % 24
            if min(off, 24 - off) < 1 / 3600:
                matched += 1
                days_dropped += delays[message_id] >= 24
        if posts and inbound:
            conv = ctx.conversation_of[posts[0].id]
            assert conv.participants[company] == "person"
    assert single > 400 and multi > 20 and days_dropped > 0
    assert matched / single >= 0.9


def context_for(inputs: PersonInputs):  # type: ignore[no-untyped-def]
    from spiegel.behaviour.context import PersonContext

    return PersonContext.build(inputs)


def test_context_helper_is_used() -> None:
    assert context([post("p", ME, 0)]).own[0].id == "p"


def test_replies_to_own_posts_teach_the_persons_other_handle() -> None:
    """A Bluesky export names its owner by DID; others reply to the domain handle."""
    did, handle = "did:plc:abc", "anne.bsky.social"
    mine = Post(
        platform="bluesky",
        id="at://did:plc:abc/p/1",
        author=did,
        created_at=post("x", ME, 0).created_at,
        text="Informatieavond vanavond",
    )
    reply = Post(
        platform="bluesky",
        id="at://other/p/2",
        author="kees.bsky.social",
        created_at=post("x", ME, 1).created_at,
        text="Komt u ook?",
        in_reply_to_id=mine.id,
        in_reply_to_author=handle,
    )
    ctx = context_for(PersonInputs(handles={did}, posts=[mine], inbound=[reply]))
    assert ctx.handles == {did, handle}
    assert ctx.conversations[0].participants == {
        did: "person",
        "kees.bsky.social": "external",
        handle: "person",
    }
