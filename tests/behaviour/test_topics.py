from __future__ import annotations

import pytest

from behaviour.scenarios_behaviour import ME, context, org, post
from spiegel.behaviour.topics import (
    goal_alignment,
    not_ahead_of_organisation,
    org_stream_engagement,
    stream_pickup,
    topicality,
)
from spiegel.records import Post

OFFICIAL = "proefstad@social.overheid.nl"
CITIZEN = "kees@mastodon.nl"


def test_post_on_sensitive_topic_the_day_before_the_official_announcement() -> None:
    mine = post("p1", ME, 0, "Hoor net dat er een reorganisatie aankomt...")
    later = post("p2", ME, 48, "Zoals gisteren gemeld: de reorganisatie gaat door.")
    official = post("o1", OFFICIAL, 24, "Vandaag maken wij bekend: reorganisatie van de afdeling Wegen.")
    m = not_ahead_of_organisation(context([mine, later], stream=[official], config=org()))
    assert m.ok and m.value == 1.0 and m.n == 2
    ev = m.evidence[0]
    assert ev.post_id == "p1" and ev.note == "ahead_of_org"
    assert ev.data == {
        "topic": "reorganisatie",
        "sensitive": True,
        "hours_before_org": 24.0,
        "org_post_id": "o1",
    }


def test_a_subject_already_public_in_the_stream_is_not_ahead() -> None:
    """Issue #12: the organisation's statements before the window are not in the data; a post on
    a subject residents already discuss in the stream runs ahead of no one."""
    public = post("c1", CITIZEN, 0, "Wordt er al gepraat over een reorganisatie bij de gemeente?")
    mine = post("p1", ME, 5, "Over de reorganisatie: daar hoor je binnenkort meer over.")
    official = post("o1", OFFICIAL, 24, "Vandaag maken wij bekend: reorganisatie van de afdeling Wegen.")
    m = not_ahead_of_organisation(context([mine], stream=[public, official], config=org()))
    assert m.ok and m.value == 0.0 and m.evidence == []
    alone = not_ahead_of_organisation(context([mine], stream=[official], config=org()))
    assert alone.value == 1.0


def test_after_the_announcement_is_fine_and_missing_inputs_are_insufficient() -> None:
    official = post("o1", OFFICIAL, 0, "Reorganisatie aangekondigd.")
    ok = not_ahead_of_organisation(
        context([post("p", ME, 5, "Over de reorganisatie")], stream=[official], config=org())
    )
    assert ok.value == 0.0 and ok.evidence == []
    assert (
        not_ahead_of_organisation(context([], stream=None, config=org())).details["reason_code"]
        == "no_stream"
    )
    assert not_ahead_of_organisation(context([], stream=[], config=None)).details["reason_code"] == "no_org"
    other = [post("x", CITIZEN, 0, "reorganisatie?")]
    assert (
        not_ahead_of_organisation(context([], stream=other, config=org())).details["reason_code"]
        == "no_official_posts"
    )


def test_topicality_active_topic_reply_and_off_topic() -> None:
    stream = [post(f"o{i}", CITIZEN, 10 + i, "Het nieuwe fietspad is te smal") for i in range(3)]
    posts = [
        post("p1", ME, 0, "Werken aan het fietspad, kom kijken"),  # active: O within 72 h
        post("p2", ME, 400, "Nog even over de fiets-plannen"),  # no O near: not topical
        post("p3", ME, 401, "Over dat fietspad: klopt", in_reply_to_id="zzz", in_reply_to_author=CITIZEN),
        post("p4", ME, 402, "Lekker gegeten vanavond"),  # not a work post, not counted
    ]
    posts += [post(f"q{i}", ME, 20 + i, "Het fietspad gaat vandaag open") for i in range(7)]  # active
    m = topicality(context(posts, stream=stream, config=org()))
    assert m.n == 10 and m.value == pytest.approx(9 / 10)
    assert [e.post_id for e in m.evidence] == ["p2"]


def test_topicality_on_a_few_posts_is_insufficient_evidence() -> None:
    """Issue #12: a thin-data person gets no timing level from three topical posts."""
    stream = [post(f"o{i}", CITIZEN, 10 + i, "Het nieuwe fietspad is te smal") for i in range(3)]
    posts = [post(f"p{i}", ME, i, "Werken aan het fietspad, kom kijken") for i in range(3)]
    m = topicality(context(posts, stream=stream, config=org()))
    assert not m.ok and m.details["reason_code"] == "too_few_posts" and m.n == 3


def test_org_stream_engagement_share_of_topic_stream() -> None:
    stream = [post(f"o{i}", CITIZEN, i, "Gevaarlijk fietspad hier") for i in range(5)]
    stream.append(post("o_other", CITIZEN, 1, "Iets over parkeren"))
    mine = [
        post("p1", ME, 0.5, "Fietspad wordt verbreed"),
        post("r1", ME, 2, "Dank voor de melding", in_reply_to_id="o0", in_reply_to_author=CITIZEN),
        post("b1", ME, 3, "", kind="boost", boost_of_id="o1"),
    ]
    m = org_stream_engagement(context(mine, stream=stream, config=org()))
    assert m.n == 5 and m.value == pytest.approx(2 / 5)
    assert {e.post_id for e in m.evidence} == {"o2", "o3", "o4"}
    none = org_stream_engagement(context(mine, stream=None, config=org()))
    assert none.details["reason_code"] == "no_stream"


def test_goal_alignment_counts_external_engagement_only() -> None:
    mine = [post(f"p{i}", ME, i, f"Nieuws over de fiets nummer {i}") for i in range(10)]
    inbound = [
        post("m1", CITIZEN, 5, "Goed plan", in_reply_to_id="p0", in_reply_to_author=ME),
        post("m2", "bert@social.overheid.nl", 5, "Mooi!", in_reply_to_id="p1", in_reply_to_author=ME),
        post("m3", "x@y.z", 6, "", kind="boost", boost_of_id="p2"),
    ]
    m = goal_alignment(context(mine, inbound, config=org()))
    assert m.n == 10 and m.value == pytest.approx(0.2)
    silent = {e.post_id for e in m.evidence if e.note == "no_external_engagement"}
    assert silent == {f"p{i}" for i in range(10)} - {"p0", "p2"}
    assert goal_alignment(context(mine, None, config=org())).details["reason_code"] == "no_inbound"


def test_goal_alignment_on_a_few_posts_is_insufficient_evidence() -> None:
    """Issue #12: four goal posts without replies say too little to score networking low."""
    mine = [post(f"p{i}", ME, i, f"Nieuws over de fiets nummer {i}") for i in range(4)]
    m = goal_alignment(context(mine, [], config=org()))
    assert not m.ok and m.details["reason_code"] == "too_few_posts" and m.n == 4


def test_topic_bursts_find_the_busy_day() -> None:
    from spiegel.behaviour.context import StreamIndex
    from spiegel.behaviour.topics import topic_bursts

    quiet = [post(f"q{d}", CITIZEN, d * 24, "Het fietspad", hashtags=["fietsstad"]) for d in range(10)]
    busy = [post(f"b{i}", CITIZEN, 4 * 24 + i * 0.1, "Weer dat fietspad") for i in range(8)]
    bursts = topic_bursts(StreamIndex.build(quiet + busy, org()))
    assert [(b.term, b.count, b.baseline) for b in bursts] == [("fietsbeleid", 9, 1.0)]
    assert bursts[0].day.isoformat() == "2026-03-06"


def test_a_post_on_two_topics_counts_once() -> None:
    official = post("o1", OFFICIAL, 24, "Reorganisatie en het nieuwe fietspad")
    mine = post("p1", ME, 0, "Reorganisatie raakt ook het fietspad")
    m = not_ahead_of_organisation(context([mine], stream=[official], config=org()))
    assert m.n == 1 and m.value == 1.0 and len(m.evidence) == 1


def _team_org() -> object:
    return org(
        colleagues=[
            {"handle": ME, "name": "Anne", "department": "Wegen"},
            {"handle": "bert@social.overheid.nl", "name": "Bert", "department": "Wegen"},
            {"handle": "cor@social.overheid.nl", "name": "Cor", "department": "Wonen"},
        ]
    )


def test_stream_pickup_counts_what_the_person_owns_and_credits_handoffs() -> None:
    """Issue #12 item 5: of the outsiders' stream posts on the person's topics or addressed to
    their team, those nobody else in the team picked up first, the share the person answered
    (a hand-off to a colleague who answers counts; a like does not)."""
    bert, cor = "bert@social.overheid.nl", "cor@social.overheid.nl"
    mine = [post(f"m{i}", ME, i, "Het nieuwe fietspad is bijna klaar.") for i in range(3)]
    stream = [post(f"s{i}", CITIZEN, 10 + i, f"Wanneer is het fietspad klaar? ({i})") for i in range(6)]
    stream.append(post("t1", CITIZEN, 17, f"@{bert} hoe zit het met de bomen?", mentions=[bert]))
    stream.append(post("w1", CITIZEN, 18, f"@{cor} hoe zit het met huren?", mentions=[cor]))  # not my team
    stream.append(post("x1", CITIZEN, 19, "Mooi weer vandaag"))  # not on my topics
    # s0: Bert (team) answered first: his catch, not counted
    stream.append(post("b0", bert, 10.5, "Over twee weken.", in_reply_to_id="s0", in_reply_to_author=CITIZEN))
    answers = [
        post("a1", ME, 12, "Volgende maand.", in_reply_to_id="s1", in_reply_to_author=CITIZEN),
        post("a2", ME, 13, f"@{bert} weet jij dit?", in_reply_to_id="s2", mentions=[bert]),
        post("a7", ME, 18, "Dat zoek ik uit.", in_reply_to_id="t1", in_reply_to_author=CITIZEN),
    ]
    stream.append(post("b2", bert, 14, "Eind mei.", in_reply_to_id="a2", in_reply_to_author=ME))
    m = stream_pickup(context(mine + answers, stream=stream, config=_team_org()))
    assert m.ok and m.n == 6  # s1..s5 and t1; s0 was Bert's; w1 and x1 are not mine
    assert m.value == pytest.approx(3 / 6)  # s1 (own), s2 (hand-off), t1 (addressed to the team)
    assert m.details["picked_up_by_others"] == 1
    assert {e.post_id for e in m.evidence} == {"s3", "s4", "s5"}
    assert sorted(m.outcomes) == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]


def test_stream_pickup_counts_only_the_platforms_the_person_posts_on() -> None:
    """A post on a platform where the person has no account cannot be answered by them, so it is
    not theirs to own (the demo's listeners on Mastodon scored 7% and 0% when the X and Bluesky
    copies of the same citizen posts counted as left lying)."""
    mine = [post(f"m{i}", ME, i, "Het nieuwe fietspad is bijna klaar.") for i in range(3)]
    here = [post(f"s{i}", CITIZEN, 10 + i, f"Wanneer is het fietspad klaar? ({i})") for i in range(5)]
    elsewhere = [
        Post(
            platform="x",
            id=f"x{i}",
            author="kees_x",
            created_at=here[i].created_at,
            text=here[i].text,
            url=f"https://x.com/kees_x/status/{i}",
        )
        for i in range(5)
    ]
    answers = [
        post(f"a{i}", ME, 11 + i, "Volgende maand.", in_reply_to_id=f"s{i}", in_reply_to_author=CITIZEN)
        for i in range(5)
    ]
    m = stream_pickup(context(mine + answers, stream=here + elsewhere, config=org()))
    assert m.ok and m.n == 5 and m.value == 1.0
    assert m.details["platforms"] == ["mastodon"]


def test_stream_pickup_without_stream_or_items_is_insufficient_not_low() -> None:
    mine = [post("m0", ME, 0, "Het nieuwe fietspad is bijna klaar.")]
    assert stream_pickup(context(mine, stream=None, config=org())).details["reason_code"] == "no_stream"
    assert stream_pickup(context(mine, stream=[], config=None)).details["reason_code"] == "no_org"
    few = [post("s0", CITIZEN, 1, "fietspad?"), post("s1", CITIZEN, 2, "fietspad!")]
    m = stream_pickup(context(mine, stream=few, config=org()))
    assert m.value is None and m.details["reason_code"] == "no_stream_in_topics" and m.n == 2
